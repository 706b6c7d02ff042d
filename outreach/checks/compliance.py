"""Posting laws: each location's materials against the profiles in assets/compliance.yaml (kit/laws.py).

`check` runs before rendering: trim sizes, languages, the numbers a location's
services have, and the law's prescribed words in the materials' text;
`posted.check_printed` runs the measured rules on the rendered PDFs. A material
can be the posted notice when it is at least the law's size, is not a sheet to
be cut into cards, and is not a discreet piece (a discreet location's, or one
carried away), which by design never says what it is for; a location meets a
law when, for every language it prints, one such material meets every rule.
Each finding names the location, the rule and its citation, and the format
that can be the notice: the law's built-in notice (`notice-<law>`) where there is one.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

import phonenumbers

from ..errors import Problem
from ..kit.formats import Format
from ..kit.laws import Contact, Law, laws
from ..kit.load import Kit
from ..kit.model import Location
from ..pages.views import services_for
from .materials import Material
from .sources import location_loc, locations_source, settings_source
from .wording import missing, quoted


class Document(Protocol):
    """A rendered document, as the build makes them (outreach.planning.documents)."""

    @property
    def pdf(self) -> bytes: ...

    @property
    def smallest_pt(self) -> float: ...

    @property
    def job(self) -> Any: ...


def laws_of(kit: Kit, location: Location) -> list[Law]:
    codes = location.compliance if location.compliance is not None else kit.settings.compliance
    return [laws()[code] for code in codes if code in laws()]


def discreet(location: Location, fmt: Format) -> bool:
    """A discreet piece never says what it is for (checks/discreet.py): it cannot be a law's notice."""
    return location.variant == "discreet" or fmt.carried


def candidates(kit: Kit, location: Location, law: Law) -> list[Format]:
    """The location's materials that can be the posted notice (for a law without a duty to post: any
    material that is not a card sheet, since only its numbers are checked)."""
    found = [kit.formats[n] for n in kit.location_formats(location)]
    return [
        f
        for f in found
        if not f.sheet and law.fits(f.width_pt, f.height_pt) and not (law.mandate and discreet(location, f))
    ]


def suggestion(kit: Kit, law: Law) -> str:
    """A format that can be the notice: the law's own notice, else the smallest poster large enough."""
    notices = [name for name, f in kit.formats.items() if f.notice == law.code]
    posters = sorted(
        (f.width_pt * f.height_pt, name)
        for name, f in kit.formats.items()
        if name.startswith("poster-") and not f.sheet and not f.carried and law.fits(f.width_pt, f.height_pt)
    )
    return (notices or [name for _, name in posters] or ["a poster"])[0]


def toll_free(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164)) == phonenumbers.PhoneNumberType.TOLL_FREE


def _has_contact(kit: Kit, location: Location, want: Contact) -> bool:
    found = [kit.contacts[sid] for sid in services_for(kit, location)]
    if want.tel:
        return any(c.get("tel") and c["tel"].number == want.tel for c in found)
    if want.sms:
        return any(c.get("sms") and c["sms"].number == want.sms for c in found)
    if want.toll_free:
        return any(c.get("tel") and toll_free(c["tel"].number) for c in found)
    return any(c.get("url") for c in found)


def _unknown_codes(kit: Kit) -> list[Problem]:
    known = ", ".join(laws())
    where = [(settings_source(kit), ("compliance",), kit.settings.compliance)] + [
        (locations_source(kit), location_loc(kit, loc) + ("compliance",), loc.compliance or []) for loc in kit.locations
    ]
    found = [
        source.problem(loc + (index,), f"unknown posting law {code!r}; known: {known}")
        for source, loc, codes in where
        for index, code in enumerate(codes)
        if code not in laws()
    ]
    with_words = ", ".join(code for code, law in laws().items() if law.statement)
    return found + [
        settings_source(kit).problem(
            ("formats", name, "notice"),
            f"format {name} prints the notice of {fmt.notice!r}, which is not a posting law with prescribed words; "
            f"known: {with_words}",
        )
        for name, fmt in kit.formats.items()
        if fmt.notice and (fmt.notice not in laws() or laws()[fmt.notice].statement is None)
    ]


def _no_notice(kit: Kit, location: Location, law: Law) -> tuple[Any, str, str]:
    names = kit.location_formats(location)
    have = ", ".join(f"{n} {kit.formats[n].size_label()}" for n in names)
    hidden = [
        n
        for n in names
        if discreet(location, f := kit.formats[n]) and not f.sheet and law.fits(f.width_pt, f.height_pt)
    ]
    quiet = f"; {', '.join(hidden)}: discreet, never saying what they are for" if hidden else ""
    size = law.min_size
    if size is None:  # only card sheets, which are cut up, never posted whole
        lacking = f"no material here can be posted as the notice (it gets {have}{quiet}); add a poster"
    else:
        lacking = (
            f"no material here is at least {size.width} × {size.height} (it gets {have}{quiet}); "
            "add a large enough format"
        )
    return size, f"{lacking}, e.g. {suggestion(kit, law)}, to the location's formats", "error"


def _discreet_location(kit: Kit, law: Law) -> tuple[Any, str, str]:
    return (
        law.statement or law.min_size,
        "this location is `variant: discreet`: a discreet piece never says what it is for, so it can never be the "
        f"notice {law.statute} asks for; post {suggestion(kit, law)} from an entry without `variant: discreet` "
        "(the same place may have two entries)",
        "error",
    )


def _static(kit: Kit, location: Location, law: Law, texts: dict[tuple, str]) -> list[tuple[Any, str, str]]:
    """(rule, what is wrong, severity) for one location and law, before rendering."""
    if law.issuer:
        return [
            (
                law.issuer,
                f"only cards or signs made by {' or '.join(law.issuer.who)} meet this law; nothing outreach "
                "prints can, so this location does not comply with what outreach prints: post theirs",
                "warning",
            )
        ]
    if law.mandate and location.variant == "discreet":
        return [_discreet_location(kit, law)]
    posted = candidates(kit, location, law)
    if not posted and law.mandate:
        return [_no_notice(kit, location, law)]
    found: list[tuple[Any, str, str]] = []
    locales, rule = kit.location_locales(location), law.languages
    if rule:
        absent = [code for code in rule.all if code not in locales]
        if absent:
            text = f"the notice must be printed in {', '.join(rule.all)}; add {', '.join(absent)} "
            text += "to the location's locales"
            found.append((rule, text, "error"))
        if len([code for code in locales if code not in rule.all]) < rule.more:
            text = (
                f"it may also need {rule.more} more language(s) than {', '.join(rule.all)}; add the one "
                "your county needs to the location's locales"
            )
            found.append((rule, text, rule.more_severity))
    for item in law.contacts:
        if not _has_contact(kit, location, item):
            text = f"no service shown here has {item.what}; add it to a service that serves region {location.region!r}"
            found.append((item, text, item.severity))
    words = law.statement.text if law.statement else {}
    for locale in locales:
        if law.statement and locale not in words and rule and locale in rule.all:
            text = (
                f"outreach has no verbatim {locale} words for this notice, so its {locale} materials are not checked "
                f"for them (the built-in notice prints the words it has, in {', '.join(words)}): "
                f"{law.statement.not_found.get(locale) or law.statement.elsewhere}"
            )
            found.append((law.statement, text, "warning"))
        if locale not in words:
            continue
        gaps = [missing(words[locale], texts.get((location.id, f.name, locale), "")) for f in posted]
        if all(gaps):
            shortest = min(gaps, key=len)
            text = (
                f"no material here prints the law's words in {locale} (missing {quoted(shortest)}); "
                f"add {suggestion(kit, law)} to the location's formats"
            )
            found.append((law.statement, text, "error"))
    return found


def check(kit: Kit, printed: list[Material], today: date) -> list[Problem]:
    """What can be known before rendering: sizes, languages, the numbers the services have, the law's words."""
    problems = _unknown_codes(kit)
    texts = {(m.location.id, m.format.name, m.locale): m.text for m in printed}
    in_use: set[str] = set()
    source = locations_source(kit)
    for location in kit.locations:
        for law in laws_of(kit, location):
            in_use.add(law.code)
            for rule, text, severity in _static(kit, location, law, texts):
                problems.append(
                    source.problem(location_loc(kit, location), f"{location.id}: {law.cite(rule)}: {text}", severity)
                )
    settings = settings_source(kit)
    for code in sorted(in_use):
        law = laws()[code]
        if law.not_checked:
            text = f"{code} ({law.statute}): outreach cannot check: {'; '.join(law.not_checked)}"
            problems.append(settings.problem(("compliance",), text, "warning"))
        if law.stale(today):
            text = (
                f"{code} ({law.statute}) was last checked against its sources on {law.checked}, over a year ago; "
                "laws change: see `outreach laws " + code + "` and check it again"
            )
            problems.append(settings.problem(("compliance",), text, "warning"))
    return problems
