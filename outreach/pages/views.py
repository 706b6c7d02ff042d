"""What a template sees: a location's services resolved into one locale.

Nothing that must stay secret enters these views: a confidential address is
replaced by a flag before any template can see it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from markupsafe import Markup

from ..i18n.catalogues import is_reviewed
from ..i18n.locales import isolate, isolate_fallback, language_name, locale_info, month_year
from ..kit import channels
from ..kit.channels import QR_CHANNEL, in_order
from ..kit.contacts import Contact
from ..kit.formats import Format
from ..kit.load import Kit
from ..kit.model import SERVICE_KINDS, Location, Service
from .notice import notice_view
from .qr import QUIET_ZONE, make_qr

INK_ALLOWANCE = "1.2mm"
"""Glyphs reach past their line (Arabic marks above it, descenders below): templates keep a page's first
and last lines this far inside the safe margin, so that their ink stays inside it too."""
LINE_KINDS = ("hotline", "text_line")
"""Services someone can reach any time: shown large, side by side."""


def resolve(text: str | dict[str, str] | None, locale: str, fallbacks: list[str]) -> str:
    """Kit text in `locale`, else in the first fallback that has it.

    On a right-to-left page, text that falls back to another language is isolated
    so that its own direction holds ("24 hours, every day" never reorders).
    """
    if text is None or isinstance(text, str):
        return text or ""
    for code in [locale, *fallbacks]:
        if code in text:
            return text[code] if code == locale else isolate_fallback(text[code], locale)
    return isolate_fallback(next(iter(text.values())), locale)


@dataclass(frozen=True)
class ReachView:
    """One way to reach a service, as a page in one language prints it."""

    channel: str
    """call, text, tty or web."""
    contact: Contact
    languages: list[str]
    """The languages it answers in, named in the page's language."""
    answers: bool
    """It answers in the page's language (interpreters count, for calls)."""
    interpreters: bool


@dataclass(frozen=True)
class ServiceView:
    id: str
    name: str
    discreet_name: str
    """The neutral name discreet pieces print; empty: they say what kind of service it is."""
    summary: str
    kind: str
    hours: str
    languages: list[str]
    phone: Contact | None
    text: Contact | None
    tty: Contact | None
    url: Contact | None
    keyword: str
    """The word to text first (e.g. HELP), or empty."""
    interpreters: bool
    reaches: list[ReachView]
    """Every way to reach it, those that answer in the page's language first."""
    address: str | None
    """The printable address; None when there is none or it is confidential."""
    address_withheld: bool
    national: bool
    verified: date

    @property
    def answers(self) -> bool:
        """Some way of reaching it answers in the page's language."""
        return any(reach.answers for reach in self.reaches)


def services_for(kit: Kit, location: Location) -> list[str]:
    """Ids of the services serving the location's region, lines first, local before national."""
    serving = [sid for sid, s in kit.services.items() if s.regions == "all" or location.region in s.regions]
    return sorted(
        serving,
        key=lambda sid: (SERVICE_KINDS.index(kit.services[sid].kind), kit.services[sid].regions == "all", sid),
    )


def _address(service: Service) -> str | None:
    address = service.address
    if address is None or address.confidential:
        return None
    return ", ".join(
        part for part in (address.street, address.city, f"{address.state} {address.postal_code}".strip()) if part
    )


def _ltr(contact: Contact, locale: str) -> Contact:
    """Numbers and addresses keep their left-to-right order on right-to-left pages."""
    return replace(contact, display=isolate(contact.display, locale))


def service_view(kit: Kit, sid: str, locale: str, preference: tuple[str, ...] = ("call", "text", "web")) -> ServiceView:
    """A service in one locale; its ways of reaching it in the order a page in that locale prints them."""
    service = kit.services[sid]
    fallbacks = [*kit.settings.locales, "en"]
    found = {channel: _ltr(contact, locale) for channel, contact in kit.contacts[sid].items()}
    reaches = [
        ReachView(
            reach.channel,
            _ltr(reach.contact, locale),
            [language_name(code, locale) for code in reach.languages],
            reach.answers_in(locale),
            reach.interpreters,
        )
        for reach in in_order(channels.reaches(service, kit.contacts[sid]), locale, preference)
    ]
    return ServiceView(
        id=sid,
        name=resolve(service.name, locale, fallbacks),
        discreet_name=resolve(service.discreet_name, locale, fallbacks),
        summary=resolve(service.summary, locale, fallbacks),
        kind=service.kind,
        hours=resolve(service.hours, locale, fallbacks),
        languages=[language_name(code, locale) for code in service.languages],
        phone=found.get("tel"),
        text=found.get("sms"),
        tty=found.get("tty"),
        url=found.get("url"),
        keyword=service.text_keyword or "",
        interpreters=service.interpreters,
        reaches=reaches,
        address=isolate(_address(service) or "", locale) or None,
        address_withheld=bool(service.address and service.address.confidential),
        national=service.regions == "all",
        verified=service.verified,
    )


@dataclass(frozen=True)
class QrView:
    svg: Markup
    contact: Contact
    service: ServiceView
    reach: ReachView
    symbol_mm: float
    """The symbol's side, without its quiet zone: the format's `qr_mm`."""
    size_mm: float
    """The side drawn, quiet zone included."""


def pick_qr(services: list[ServiceView], fmt: Format) -> QrView | None:
    """The format's preferred channel that answers in the page's language, lines first.

    Only when no line answers in it (`outreach check` says so) does it fall back to the first of any.
    """
    ordered = [s for s in services if s.kind in LINE_KINDS] + [s for s in services if s.kind not in LINE_KINDS]
    for must_answer in (True, False):
        for wanted in fmt.qr:
            for service in ordered:
                for reach in service.reaches:
                    if QR_CHANNEL[wanted] == reach.channel and (reach.answers or not must_answer):
                        code = make_qr(reach.contact.uri)
                        outer = fmt.qr_mm * code.modules / (code.modules - 2 * QUIET_ZONE)
                        return QrView(Markup(code.svg), reach.contact, service, reach, fmt.qr_mm, round(outer, 3))
    return None


def page_context(kit: Kit, location: Location, fmt: Format, locale: str, print_shop: bool = False) -> dict[str, Any]:
    """Everything a format's template may use, in one locale."""
    info = locale_info(locale)
    fallbacks = [*kit.settings.locales, "en"]
    card = kit.formats[fmt.sheet.card] if fmt.sheet else fmt
    preference = tuple(dict.fromkeys(QR_CHANNEL[channel] for channel in card.qr))
    services = [service_view(kit, sid, locale, preference) for sid in services_for(kit, location)]
    lines = [s for s in services if s.kind in LINE_KINDS]
    oldest = min(s.verified for s in services)
    return {
        "locale": info,
        "format": fmt,
        "card": card,
        "sample": kit.settings.sample,
        "organisation": resolve(kit.settings.organisation, locale, fallbacks),
        "region": resolve(kit.settings.regions[location.region], locale, fallbacks),
        "location": location,
        "brand": kit.settings.brand,
        "lines": [s for s in lines if s.answers] + [s for s in lines if not s.answers],
        "discreet": location.variant == "discreet" or card.carried,
        "allow_organisation": kit.settings.discreet.allow_organisation,
        "others": [s for s in services if s.kind not in LINE_KINDS],
        "services": services,
        "qr": pick_qr(services, card),
        "checked": month_year(oldest, locale),
        "draft": not is_reviewed(locale, kit.root, kit.settings.reviewed_translations),
        "print_shop": print_shop,
        "bleed": fmt.bleed if print_shop else "0in",
        "ink": INK_ALLOWANCE,
        "notice": notice_view(fmt, locale),
    }
