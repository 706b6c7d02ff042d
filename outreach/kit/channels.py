"""Which way of reaching a service answers in which language.

A service's `languages` are spoken on every channel, unless a channel says
otherwise (`text_languages`); `interpreters: true` means calls are answered in
other languages too, through interpreters (TTY/relay calls are not: relay
operators work in English and Spanish). A page in a
language leads with a channel that answers in it, and never puts first one that
cannot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .contacts import Contact
from .model import Service

CHANNELS = ("call", "text", "tty", "web")
"""The ways to reach a service, as pages name them."""
QR_CHANNEL = {"tel": "call", "sms": "text", "url": "web"}
"""A format's QR preference (tel, sms, url) as channels."""
_CONTACT = {"call": "tel", "text": "sms", "tty": "tty", "web": "url"}


def base_language(code: str) -> str:
    """The language of a locale code: zh-Hans → zh, en-XA → en."""
    return code.replace("_", "-").split("-")[0].lower()


@dataclass(frozen=True)
class Reach:
    """One way to reach a service, and the languages it answers in."""

    channel: str
    """call, text, tty or web."""
    contact: Contact
    languages: tuple[str, ...]
    """Language codes it is answered in, besides interpreters."""
    interpreters: bool
    """Calls: answered through interpreters in other languages too."""

    def answers_in(self, locale: str) -> bool:
        return self.interpreters or base_language(locale) in {base_language(code) for code in self.languages}


def reaches(service: Service, contacts: dict[str, Contact]) -> list[Reach]:
    """Every way to reach a service, with the languages each answers in."""
    languages = tuple(service.languages)
    found = []
    for channel in CHANNELS:
        contact = contacts.get(_CONTACT[channel])
        if contact is None:
            continue
        spoken = tuple(service.text_languages) if channel == "text" and service.text_languages else languages
        interpreters = service.interpreters and channel == "call"  # relay operators work in English and Spanish
        found.append(Reach(channel, contact, spoken, interpreters))
    return found


def in_order(found: Iterable[Reach], locale: str, preference: Iterable[str] = ("call", "text", "web")) -> list[Reach]:
    """The channels a page in `locale` prints: those that answer in it first, each group in the format's
    order of preference; TTY/relay right after calls."""
    order = [*dict.fromkeys([*preference, "call", "text", "web"])]
    order.insert(order.index("call") + 1, "tty")
    return sorted(found, key=lambda reach: (not reach.answers_in(locale), order.index(reach.channel)))


def answers_in(service: Service, contacts: dict[str, Contact], locale: str) -> bool:
    """Whether some way of reaching the service answers in `locale`."""
    return any(reach.answers_in(locale) for reach in reaches(service, contacts))
