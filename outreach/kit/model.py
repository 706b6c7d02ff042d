"""The kit's schema: what `outreach.yaml`, `services/*.yaml` and `locations.yaml` may hold.

Every field has a sentence saying what it is for. Unknown keys are errors, so a
typo never turns into a silently ignored setting.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
KEYWORD = re.compile(r"[A-Za-z0-9]{1,20}")
PLACEMENT_CHARS = 200
"""The longest `placement` of a location: a cell of the run sheet."""

LocationKind = Literal["restroom", "bus_stop", "shelter", "clinic", "other"]
LOCATION_KINDS: tuple[str, ...] = get_args(LocationKind)
ServiceKind = Literal["hotline", "text_line", "navigator", "shelter", "housing", "clinic", "legal", "other"]
SERVICE_KINDS: tuple[str, ...] = get_args(ServiceKind)
"""Services are listed in this order: lines someone can reach any time come first."""


def _text(value: Any) -> Any:
    """Translatable text: a plain string, or a mapping of locale code to string."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()
    if isinstance(value, dict) and value:
        out = {}
        for code, text in value.items():
            if not isinstance(code, str) or not isinstance(text, str) or not text.strip():
                raise ValueError(f"the {code!r} text must be non-empty text")
            out[code] = text.strip()
        return out
    raise ValueError("must be text, or a mapping of locale to text (en: ..., es: ...)")


Text = Annotated[str | dict[str, str], BeforeValidator(_text)]


def _regions(value: Any) -> Any:
    # An empty list is allowed (an import may not know the regions yet); the kit warns about it.
    if value == "all" or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    raise ValueError("must be `all` or a list of region ids, e.g. [north, south]")


def _digits(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Regions = Annotated[list[str] | Literal["all"], BeforeValidator(_regions)]
Digits = Annotated[str, BeforeValidator(_digits)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Brand(Strict):
    """Colours and logo used by the built-in templates."""

    primary: str = "#1d3557"
    """Headline bands and rules; white text sits on it, so keep it dark."""
    accent: str = "#a4161a"
    """The call-to-action numbers."""
    ink: str = "#111111"
    """Body text."""
    muted: str = "#444444"
    """Small print: the organisation, the date information was checked."""
    paper: str = "#ffffff"
    """The page."""
    on_primary: str = "#ffffff"
    """Text on primary-coloured bands."""
    logo: str | None = None
    """A file in the kit's assets/ folder, e.g. logo.png; printed small in a corner."""

    @field_validator("primary", "accent", "ink", "muted", "paper", "on_primary", mode="before")
    @classmethod
    def _commented_out(cls, value: Any) -> Any:
        if value is None:
            raise ValueError('is empty: a # starts a comment in YAML, so put a colour in quotes, e.g. "#1d3557"')
        return value

    @field_validator("primary", "accent", "ink", "muted", "paper", "on_primary")
    @classmethod
    def _colour(cls, value: str) -> str:
        if not HEX_COLOUR.match(value):
            raise ValueError(f"{value!r} is not a colour; write it as #rrggbb, e.g. #1d3557")
        return value.lower()


class AvoidTerm(Strict):
    """A word or phrase this kit's materials must not use, on top of the built-in lists."""

    terms: list[str] = Field(min_length=1)
    """The word and its forms, e.g. [illegals, illegal alien]."""
    instead: list[str] = Field(default_factory=list)
    """What to say instead."""
    why: str = ""
    """Why it hurts, shown with every finding."""
    locale: str | None = None
    """The language it belongs to; leave out for every language."""
    headline: bool = False
    """True: only a problem in headlines and names."""


def a_sentence(reason: str, why: str) -> str:
    """A reason a reviewer can read: at least a few words, not 'ok'."""
    if len(reason.split()) < 3:
        raise ValueError(f"say in a sentence why {why}, for whoever reviews the kit (got {reason!r})")
    return reason


class AllowTerm(Strict):
    """A listed word this kit may print anyway, with the reason a reviewer agreed to."""

    term: str
    reason: str
    """Why it is right here, e.g. 'the legal name of our partner, Lakeside Rescue Mission'."""
    locale: str | None = None

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        return a_sentence(value, "this word is right here")


class AllowedUrl(Strict):
    """A web address outreach would refuse as one that could mislead (punycode, a forwarding parameter…), that a
    reviewer checked goes where it seems to."""

    url: str
    reason: str
    """Why it is right, e.g. 'the agency's own domain in Vietnamese, checked with their IT staff'."""

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        return a_sentence(value, "this address is right")


class Wording(Strict):
    """The kit's additions to the language lint (see assets/lint/<locale>.yaml)."""

    avoid: list[AvoidTerm] = Field(default_factory=list)
    allow: list[AllowTerm] = Field(default_factory=list)


class Discreet(Strict):
    """What discreet pieces (a discreet location's materials, and cards, labels and tear-off tabs everywhere)
    must never print, on top of the built-in lists of revealing words (assets/discreet/<language>.yaml)."""

    revealing: dict[str, list[str]] = Field(default_factory=dict)
    """Locale code (or `all`) → more words that would reveal what a piece is for, e.g. {all: [Safe Harbor]}."""
    allow_organisation: bool = False
    """True: discreet pieces may print the organisation's name (leave false when the name says what you do)."""


class Settings(Strict):
    """outreach.yaml: who prints, in which languages, for which regions."""

    organisation: Text
    """The agency's name, printed small on every page."""
    locales: list[str] = Field(default_factory=lambda: ["en"], min_length=1)
    """Default languages of every location; the first is the fallback for untranslated text."""
    phone_region: str = "US"
    """Two-letter country whose numbering plan local phone numbers follow."""
    regions: dict[str, Text] = Field(min_length=1)
    """Region id → display name; services and locations refer to these ids."""
    brand: Brand = Brand()
    stale_after_days: int = Field(default=365, ge=1, le=3650)
    """A service verified longer ago than this needs checking again."""
    reviewed_translations: list[str] = Field(default_factory=list)
    """Locales whose translations a fluent speaker has reviewed for you.

    Their pages carry no "draft translation" mark."""
    sample: bool = False
    """True marks every page SAMPLE: for demonstration kits, never for real posting."""
    formats: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Formats to add to the built-in catalogue, or fields to change in a built-in one (see assets/formats.yaml)."""
    compliance: list[str] = Field(default_factory=list)
    """Posting laws every location's materials are checked against, e.g. [us-ca]; see assets/compliance.yaml."""
    wording: Wording = Wording()
    """Words to avoid or allow on top of the built-in language lint."""
    discreet: Discreet = Discreet()
    """Words discreet pieces must never print, on top of the built-in lists."""
    allow_urls: list[AllowedUrl] = Field(default_factory=list)
    """Web addresses to print although they look as if they could mislead, each with its reason."""

    @property
    def allowed_urls(self) -> frozenset[str]:
        """The addresses of allow_urls, as `contacts.web` takes them."""
        return frozenset(a.url.strip() for a in self.allow_urls)

    @field_validator("phone_region")
    @classmethod
    def _region(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise ValueError(f"{value!r} is not a two-letter country code such as US")
        return value.upper()

    @field_validator("regions")
    @classmethod
    def _region_ids(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key in value:
            if not isinstance(key, str) or not SLUG.match(key):
                raise ValueError(f"region id {key!r} must be lower-case letters, digits and dashes")
        return value

    @field_validator("formats")
    @classmethod
    def _format_names(cls, value: dict[str, Any]) -> dict[str, Any]:
        # a format's name becomes part of file names and CSV cells: the same rule as every other id
        for key in value:
            if not isinstance(key, str) or not SLUG.match(key):
                raise ValueError(
                    f"format name {key!r} must be lower-case letters, digits and dashes, e.g. poster-legal"
                )
        return value


class Address(Strict):
    street: str
    city: str
    state: str = ""
    postal_code: str = ""
    confidential: bool
    """True: the address is never printed, in any language or format. Required, so it is never forgotten."""

    @field_validator("postal_code", mode="before")
    @classmethod
    def _code_as_text(cls, value: Any) -> Any:
        if isinstance(value, int):
            raise ValueError('was read as a number, which loses a leading zero: put it in quotes, e.g. "01234"')
        return value


class Service(Strict):
    """One service, from services/<id>.yaml."""

    name: Text
    summary: Text
    """One or two sentences a person in the situation would understand."""
    kind: ServiceKind
    phone: Digits | None = None
    """A number to call, as written locally, e.g. 612-555-0123 or 1-888-373-7888."""
    text: Digits | None = None
    """A number or short code that takes text messages, e.g. 233733."""
    text_keyword: str | None = None
    """A word to send as the first text, e.g. HELP: printed "Text HELP to 233733", and the QR code's message."""
    tty: Digits | None = None
    """A TTY number, or 711 for the relay service: printed "TTY/relay: 711"."""
    url: str | None = None
    """An https:// address."""
    hours: Text | None = None
    """When someone answers, e.g. '24 hours, every day'."""
    languages: list[str] = Field(default_factory=list)
    """Language codes of the languages spoken, e.g. [en, es, so]: on every channel unless one says otherwise."""
    interpreters: bool = False
    """True: calls are answered in other languages too, through interpreters (the national hotline: 200+)."""
    text_languages: list[str] | None = None
    """The languages texts are answered in, when fewer than `languages` (the national hotline: [en, es])."""
    discreet_name: Text | None = None
    """A neutral name that discreet pieces (cards, tear-off tabs, discreet locations) print instead of `name`;
    without one they print what the service is, e.g. "Free helpline"."""
    regions: Regions
    """Region ids this service serves, or `all`."""
    address: Address | None = None
    verified: date
    """The date someone last confirmed these details."""
    notes: str | None = None
    """For the coordinator only; never printed. `outreach import` keeps it."""
    source: str | None = None
    """Where `outreach import` found this service, e.g. `hsds:<id>` or `csv:<id>`; a later import updates this file."""

    @field_validator("text_keyword")
    @classmethod
    def _keyword(cls, value: str | None) -> str | None:
        if value is not None and not KEYWORD.fullmatch(value):
            raise ValueError(f"{value!r} is not a text keyword: one word of letters and digits, e.g. HELP")
        return value

    @model_validator(mode="after")
    def _reachable(self) -> Service:
        if not (self.phone or self.text or self.url):
            raise ValueError("a service needs at least one way to reach it: phone, text or url")
        if (self.text_keyword or self.text_languages) and not self.text:
            raise ValueError("text_keyword and text_languages need a text number (text:)")
        if self.interpreters and not self.phone:
            raise ValueError("interpreters answer calls: give the phone number too")
        return self


class Location(Strict):
    """One place where materials are posted, from locations.yaml."""

    id: str
    """Short, unique, used as the output folder name: lower-case letters, digits and dashes."""
    name: str
    kind: LocationKind
    region: str
    locales: list[str] | None = Field(default=None, min_length=1)
    """Languages for this location; defaults to the kit's locales."""
    formats: list[str] | None = Field(default=None, min_length=1)
    """Formats for this location; defaults to the formats suited to its kind."""
    copies: int = Field(default=1, ge=1, le=100_000)
    """The pieces of each of its materials, in each of its languages, to post or hand out here: 4 means 4 stall
    stickers in English and 4 in Spanish; cards count as cards, however they are printed (one sheet of 10 holds
    them). Sheets, bundles and run sheets derive their counts from it."""
    placement: Text | None = None
    """Where in the place the materials go, for the people who post them, e.g. 'inside each stall door, eye
    level'; printed on the region's run sheet (plain text, or a mapping of locale to text)."""
    variant: Literal["standard", "discreet"] = "standard"
    notes: str | None = None
    """For the coordinator only; never printed."""
    compliance: list[str] | None = None
    """Posting laws this location must meet; defaults to the kit's `compliance` ([] for none)."""

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(f"{value!r} must be lower-case letters, digits and dashes, e.g. central-library")
        return value

    @field_validator("placement")
    @classmethod
    def _short(cls, value: str | dict[str, str] | None) -> str | dict[str, str] | None:
        texts = [value] if isinstance(value, str) else list((value or {}).values())
        if any(len(text) > PLACEMENT_CHARS for text in texts):
            raise ValueError(f"say it in at most {PLACEMENT_CHARS} characters: it is one cell of the run sheet")
        return value


class LocationList(Strict):
    locations: list[Location] = Field(min_length=1)
