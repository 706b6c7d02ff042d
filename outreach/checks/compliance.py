"""Posting laws: each location's materials against the rules in assets/compliance.yaml (see laws.py).

`check` runs before rendering (trim sizes, languages, the numbers a location's
services have); `check_printed` runs on the rendered PDFs (measured type size,
page size, the numbers actually printed, bold type). A material can be the
posted notice when it is at least the law's size and not a sheet to be cut
into cards; a location meets a law when, for every language it prints, one such
material meets every rule. Each finding names the location and the statute.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import phonenumbers

from ..errors import Problem
from ..kit.formats import Format
from ..kit.load import Kit
from ..kit.model import Location
from ..pages.views import services_for
from ..render.measure import Printed
from .laws import Contact, Law, laws
from .sources import location_loc, locations_source, settings_source

_WEBSITE = re.compile(r"(?<![\w@])(?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b", re.IGNORECASE)


class Document(Protocol):
    """A rendered document, as the build makes them (outreach.planning.documents)."""

    @property
    def pdf(self) -> bytes: ...

    @property
    def smallest_pt(self) -> float: ...

    @property
    def job(self) -> Any: ...


def _laws_of(kit: Kit, location: Location) -> list[Law]:
    codes = location.compliance if location.compliance is not None else kit.settings.compliance
    return [laws()[code] for code in codes if code in laws()]


def _candidates(kit: Kit, location: Location, law: Law) -> list[Format]:
    """The location's materials that can be the posted notice."""
    found = [kit.formats[n] for n in kit.location_formats(location)]
    return [f for f in found if not f.sheet and law.fits(f.width_pt, f.height_pt)]


def _toll_free(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164)) == phonenumbers.PhoneNumberType.TOLL_FREE


def _has_contact(kit: Kit, location: Location, want: Contact) -> bool:
    found = [kit.contacts[sid] for sid in services_for(kit, location)]
    if want.tel:
        return any(c.get("tel") and c["tel"].number == want.tel for c in found)
    if want.sms:
        return any(c.get("sms") and c["sms"].number == want.sms for c in found)
    if want.toll_free:
        return any(c.get("tel") and _toll_free(c["tel"].number) for c in found)
    return any(c.get("url") for c in found)


def _unknown_codes(kit: Kit) -> list[Problem]:
    known = ", ".join(laws())
    where = [(settings_source(kit), ("compliance",), kit.settings.compliance)] + [
        (locations_source(kit), location_loc(kit, loc) + ("compliance",), loc.compliance or []) for loc in kit.locations
    ]
    return [
        source.problem(loc + (index,), f"unknown posting law {code!r}; known: {known}")
        for source, loc, codes in where
        for index, code in enumerate(codes)
        if code not in laws()
    ]


def _static(kit: Kit, location: Location, law: Law) -> list[tuple[Any, str, str]]:
    """(rule, what is wrong, severity) for one location and law, before rendering."""
    candidates = _candidates(kit, location, law)
    if not candidates:
        size = law.min_size
        have = ", ".join(f"{n} {kit.formats[n].size_label()}" for n in kit.location_formats(location))
        if size is None:  # only card sheets, which are cut up, never posted whole
            lacking = f"no material here can be posted as the notice (it gets {have}); add a poster"
        else:
            lacking = (
                f"no material here is at least {size.width} × {size.height} (it gets {have}); add a large enough format"
            )
        return [(size, f"{lacking}, e.g. poster-letter, to the location's formats", "error")]
    found: list[tuple[Any, str, str]] = []
    locales, rule = kit.location_locales(location), law.languages
    if rule:
        missing = [code for code in rule.all if code not in locales]
        if missing:
            found.append(
                (
                    rule,
                    f"the notice must be printed in {', '.join(rule.all)}; add {', '.join(missing)} "
                    "to the location's locales",
                    "error",
                )
            )
        if len([code for code in locales if code not in rule.all]) < rule.more:
            found.append(
                (
                    rule,
                    f"it may also need {rule.more} more language(s) than {', '.join(rule.all)}; add the one "
                    "your county needs to the location's locales",
                    rule.more_severity,
                )
            )
    for item in law.contacts:
        if not _has_contact(kit, location, item):
            found.append(
                (
                    item,
                    f"no service shown here has {item.what}; add it to a service that serves region "
                    f"{location.region!r}",
                    "error",
                )
            )
    return found


def check(kit: Kit) -> list[Problem]:
    """What can be known before rendering: sizes, languages, the numbers the services have."""
    problems = _unknown_codes(kit)
    in_use: set[str] = set()
    source = locations_source(kit)
    for location in kit.locations:
        for law in _laws_of(kit, location):
            in_use.add(law.code)
            for rule, text, severity in _static(kit, location, law):
                problems.append(
                    source.problem(location_loc(kit, location), f"{location.id}: {law.cite(rule)}: {text}", severity)
                )
    for code in sorted(in_use):
        law = laws()[code]
        problems.append(
            settings_source(kit).problem(
                ("compliance",),
                (f"{code} ({law.statute}): outreach cannot check: {'; '.join(law.not_checked)}"),
                "warning",
            )
        )
    return problems


def _printed_contact(item: Contact, printed: Printed, numbers: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Where the page prints what `item` asks for."""
    if item.tel:
        return [(s, e) for s, e, n in numbers if n == item.tel]
    if item.toll_free:
        return [(s, e) for s, e, n in numbers if _toll_free(n)]
    if item.sms:
        code = r"[ .\-‐]?".join(item.sms)  # 233733 or 233-733
        return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\d){code}(?!\d)", printed.text)]
    return [(m.start(), m.end()) for m in _WEBSITE.finditer(printed.text)]


def printed_failures(law: Law, printed: Printed, region: str) -> list[tuple[Any, str]]:
    """The rules of `law` one rendered material does not meet: (rule, what is wrong)."""
    failures: list[tuple[Any, str]] = []
    if any(not law.fits(w, h) for w, h in printed.pages):
        failures.append((law.min_size, f"its pages measure {printed.pages[0][0]:g} × {printed.pages[0][1]:g} pt"))
    if law.min_type_pt:
        size, run = printed.smallest()
        if size + 0.05 < law.min_type_pt.pt:
            failures.append(
                (
                    law.min_type_pt,
                    f"its smallest type measures {size:g} pt ({run!r}); the law asks {law.min_type_pt.pt:g}-point type",
                )
            )
    numbers = [
        (m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
        for m in phonenumbers.PhoneNumberMatcher(printed.text, region)
    ]
    for item in law.contacts:
        spans = _printed_contact(item, printed, numbers)
        if not spans:
            failures.append((item, f"it does not print {item.what}"))
        elif (
            law.bold_numbers
            and item.tel
            and not any(all(printed.bold[i] for i in range(s, e) if printed.sizes[i]) for s, e in spans)
        ):
            failures.append((law.bold_numbers, f"it prints {item.what} but not in bold type"))
    return failures


def check_printed(kit: Kit, documents: Sequence[Document], measured: Callable[[bytes], Printed]) -> list[Problem]:
    """The rules measured on the rendered PDFs, for every location whose notices were all built."""
    built = {(d.job.location.id, d.job.format.name, d.job.locale): d for d in documents}
    problems = []
    for location in kit.locations:
        for law in _laws_of(kit, location):
            keys = [
                (location.id, f.name, locale)
                for f in _candidates(kit, location, law)
                for locale in kit.location_locales(location)
            ]
            if not keys or any(key not in built for key in keys):
                continue  # a narrowed build: the location's notices are judged when all of them are built
            failing: dict[str, list[str]] = defaultdict(list)
            passing: set[str] = set()  # languages with one material that meets every rule: the notice
            for _, name, locale in keys:
                failures = printed_failures(
                    law, measured(built[location.id, name, locale].pdf), kit.settings.phone_region
                )
                failing[locale] += [f"{law.cite(rule)}: {name}.{locale}: {text}" for rule, text in failures]
                if not failures:
                    passing.add(locale)
            for locale, texts in failing.items():
                if locale not in passing:
                    problems += [
                        locations_source(kit).problem(location_loc(kit, location), f"{location.id}: {text}")
                        for text in texts
                    ]
    return problems
