"""The posting laws, read from assets/compliance.yaml: a new state is a new entry, not code.

Every profile says where it was read and when (`sources`, `checked`), and every
rule carries the citation it comes from; unknown keys are errors, so a typo in a
new entry is reported rather than silently ignored. Each required number is
validated with phonenumbers, and the form the law spells it in (`spelled`, e.g.
1-855-FLA-SAFE) must dial the same number.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache
from typing import Literal

import phonenumbers
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import OutreachError
from ..paths import assets_dir
from .formats import points
from .yamlsource import load_yaml

DATA_FILE = "compliance.yaml"
STALE_AFTER = timedelta(days=365)
"""A profile not checked against its sources for longer than this is reported."""
Severity = Literal["error", "warning"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Data):
    url: str = Field(pattern=r"^https?://")
    kind: Literal["official", "mirror", "secondary", "news", "vendor"]
    """official: a legislature's, agency's or government's page; mirror: a third-party copy of the text."""
    note: str = ""


class Cite(_Data):
    cite: str


class Where(_Data):
    text: str
    cite: str


class Size(_Data):
    width: str
    height: str
    cite: str

    @field_validator("width", "height")
    @classmethod
    def _length(cls, value: str) -> str:
        points(value)
        return value


class TypeSize(_Data):
    pt: float = Field(gt=0)
    cite: str


class Languages(_Data):
    all: list[str]
    """Every one of these is required."""
    more: int = 0
    """How many other languages are required as well."""
    more_severity: Severity = "error"
    """warning where the law asks for more only "as applicable"."""
    conditional: str = ""
    """The law's words for the languages it asks only in some places (not checked; reported by `outreach laws`)."""
    cite: str


class Contact(_Data):
    """A number or address the notice must print: exactly one of tel, sms, toll_free, website."""

    tel: str | None = None
    """E.164, e.g. +18883737888."""
    sms: str | None = None
    """A short code, e.g. 233733."""
    toll_free: bool = False
    website: bool = False
    spelled: str | None = None
    """The number as the law spells it ("1-855-FLA-SAFE"); several forms joined by " or "."""
    what: str
    cite: str
    severity: Severity = "error"
    """warning where the sources disagree on the number."""

    @model_validator(mode="after")
    def _one(self) -> Contact:
        if sum([self.tel is not None, self.sms is not None, self.toll_free, self.website]) != 1:
            raise ValueError("give exactly one of tel, sms, toll_free: true, website: true")
        if self.tel is not None:
            parsed = phonenumbers.parse(self.tel)
            if not phonenumbers.is_valid_number(parsed) or self.tel != _e164(parsed):
                raise ValueError(f"tel {self.tel!r} is not a valid number in E.164 form (e.g. +18883737888)")
        if self.sms is not None and not re.fullmatch(r"\d{3,8}", self.sms):
            raise ValueError(f"sms {self.sms!r} is not a short code (3 to 8 digits)")
        return self

    def check_spelling(self, region: str) -> None:
        """Every form in `spelled` dials this contact's number (letters as on a phone's keypad)."""
        for form in (self.spelled or "").split(" or "):
            if not form:
                continue
            if self.tel:
                bare = re.sub(r"\([A-Za-z]+\)", "", form)  # 1-888-KEY-2-FRE(EDOM): the letters past the number
                try:
                    dialled = _e164(phonenumbers.parse(bare, region))
                except phonenumbers.NumberParseException:
                    dialled = ""
                if dialled != self.tel:
                    raise ValueError(f"{form!r} does not dial {self.tel} ({self.what})")
            elif self.sms and re.sub(r"\D", "", form) != self.sms:
                raise ValueError(f"{form!r} is not the short code {self.sms} ({self.what})")


class Statement(_Data):
    """The notice's prescribed words, verbatim, in each language the law or its agency gives them."""

    text: dict[str, str] = Field(min_length=1)
    """Language code → the words, line by line as the law sets them out."""
    cite: str
    copied_from: str
    """Which source in `sources` the words were copied from."""
    substantially: bool = False
    """The law accepts substantially the same words; outreach asks for these exact words (a reworded notice
    fails here though it may comply)."""
    elsewhere: str = ""
    """Where the words in the law's other languages are published (outreach has no verbatim copy)."""
    not_found: dict[str, str] = Field(default_factory=dict)
    """Language → why outreach has no verbatim copy of the law's or its agency's words in it: where they are
    published, where they were looked for and when. Every required language without words has one."""


class Issuer(_Data):
    """Only materials made by one of these bodies meet the law: nothing outreach prints can."""

    who: list[str] = Field(min_length=1)
    cite: str


class Law(_Data):
    code: str
    statute: str
    title: str
    mandate: bool = True
    """False: no duty to post on the places outreach prints for; the profile checks only its numbers."""
    checked: date
    """When the profile was last read against its sources."""
    sources: list[Source] = Field(min_length=1)
    confidence: str
    who: list[str] = Field(default_factory=list)
    """Who must post, in the law's words (empty when no one must)."""
    where: Where | None = None
    region: str = "US"
    """The country the law's numbers are dialled in."""
    min_size: Size | None = None
    min_type_pt: TypeSize | None = None
    """The smallest type anywhere on the notice (the body text, where the law sizes numbers apart)."""
    number_type_pt: TypeSize | None = None
    """The required numbers' type size, where the law sets one of their own."""
    languages: Languages | None = None
    contacts: list[Contact] = Field(default_factory=list)
    bold_numbers: Cite | None = None
    """The required phone numbers are printed in bold type."""
    bold_text: Cite | None = None
    """The whole notice is printed in bold type."""
    statement: Statement | None = None
    issuer: Issuer | None = None
    local_lines: bool = False
    """The built-in notice may add the kit's own lines below the law's words."""
    penalty: str = ""
    not_checked: list[str] = Field(default_factory=list)
    """What the law asks that outreach cannot check; reported as a reminder."""
    unsure: list[str] = Field(default_factory=list)
    """Where this entry may be wrong or out of date."""

    @model_validator(mode="after")
    def _consistent(self) -> Law:
        if self.region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"region {self.region!r} is not a country code such as US or GB")
        for contact in self.contacts:
            contact.check_spelling(self.region)
        if self.mandate and not self.who:
            raise ValueError("a law that makes someone post a notice says who (`who`)")
        if self.statement and self.languages:
            unsaid = [code for code in self.languages.all if code not in self.statement.text]
            unsaid = [code for code in unsaid if code not in self.statement.not_found]
            if unsaid:
                raise ValueError(
                    f"the law requires {', '.join(unsaid)} but its words are not given in it: add them to "
                    "statement.text, or say in statement.not_found where they are published and why outreach "
                    "has no verbatim copy"
                )
        return self

    def cite(self, rule: Size | TypeSize | Languages | Contact | Cite | Statement | Issuer | Where | None) -> str:
        return f"{self.code}, {rule.cite if rule else self.statute}"

    def fits(self, width: float, height: float) -> bool:
        """Large enough in either orientation (half a point of rounding allowed)."""
        if self.min_size is None:
            return True
        small, large = sorted((points(self.min_size.width), points(self.min_size.height)))
        return min(width, height) + 0.5 >= small and max(width, height) + 0.5 >= large

    def stale(self, today: date) -> bool:
        return today - self.checked > STALE_AFTER


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@cache
def laws() -> dict[str, Law]:
    path = assets_dir() / DATA_FILE
    located, problems = load_yaml(path, str(path))
    if problems or not isinstance(located.data, dict):
        raise OutreachError(f"the posting laws in {path} are broken: {problems[0] if problems else 'not a mapping'}")
    try:
        return {code: Law(code=code, **entry) for code, entry in located.data.items()}
    except (ValidationError, TypeError) as exc:
        raise OutreachError(f"the posting laws in {path} are broken: {exc}") from None
