"""Posting laws measured on the rendered PDFs (the rules of compliance.py, as printed).

Page size, the smallest type (the body), the required numbers' own type size
where the law sets one, the numbers themselves (in digits, or as the law spells
them), bold type, and the law's prescribed words in the page's language, read
from the PDF's text (wording.py). A language passes when one of the location's
materials that can be the notice meets every rule; only then are the others'
failures left unsaid.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import phonenumbers

from ..errors import Problem
from ..kit.laws import Contact, Law
from ..kit.load import Kit
from ..render.measure import Printed
from .compliance import Document, candidates, laws_of, suggestion, toll_free
from .sources import location_loc, locations_source
from .wording import missing, normal, quoted

_WEBSITE = re.compile(r"(?<![\w@])(?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
Failure = tuple[Any, str, str]
"""(rule, what is wrong, severity)."""


def _spans(item: Contact, printed: Printed, numbers: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Where the page prints what `item` asks for."""
    if item.tel:
        return [(s, e) for s, e, n in numbers if n == item.tel]
    if item.toll_free:
        return [(s, e) for s, e, n in numbers if toll_free(n)]
    if item.sms:
        code = r"[ .\-‐]?".join(item.sms)  # 233733 or 233-733
        return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\d){code}(?!\d)", printed.text)]
    return [(m.start(), m.end()) for m in _WEBSITE.finditer(printed.text)]


def _spelled(item: Contact, printed: Printed) -> bool:
    """The number as the law spells it (1-855-FLA-SAFE) is on the page."""
    page = normal(printed.text)
    return any(normal(form) in page for form in (item.spelled or "").split(" or ") if normal(form))


def _numbers(law: Law, printed: Printed, numbers: list[tuple[int, int, str]]) -> list[Failure]:
    failures: list[Failure] = []
    for item in law.contacts:
        spans = _spans(item, printed, numbers)
        if not spans and not _spelled(item, printed):
            failures.append((item, f"it does not print {item.what}", item.severity))
            continue
        if law.bold_numbers and item.tel and spans:
            if not any(all(printed.bold[i] for i in range(s, e) if printed.sizes[i]) for s, e in spans):
                failures.append((law.bold_numbers, f"it prints {item.what} but not in bold type", "error"))
        if law.number_type_pt and (item.tel or item.sms) and spans:
            size = min(printed.sizes[i] for s, e in spans for i in range(s, e) if printed.text[i].isdigit())
            if size + 0.05 < law.number_type_pt.pt:
                text = f"it prints {item.what} at {size:g} pt; the law asks {law.number_type_pt.pt:g}-point numbers"
                failures.append((law.number_type_pt, text, "error"))
    return failures


def printed_failures(law: Law, printed: Printed, locale: str, notice: str = "") -> list[Failure]:
    """The rules of `law` one rendered material in `locale` does not meet; `notice` names a format that can."""
    failures: list[Failure] = []
    if any(not law.fits(w, h) for w, h in printed.pages):
        failures.append(
            (law.min_size, f"its pages measure {printed.pages[0][0]:g} × {printed.pages[0][1]:g} pt", "error")
        )
    if law.min_type_pt:
        size, run = printed.smallest()
        if size + 0.05 < law.min_type_pt.pt:
            text = f"its smallest type measures {size:g} pt ({run!r}); the law asks {law.min_type_pt.pt:g}-point type"
            failures.append((law.min_type_pt, text, "error"))
    numbers = [
        (m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
        for m in phonenumbers.PhoneNumberMatcher(printed.text, law.region)
    ]
    failures += _numbers(law, printed, numbers)
    if law.bold_text:
        plain = [i for i, size in enumerate(printed.sizes) if size and not printed.bold[i]]
        if plain:
            run = printed.text[plain[0] : plain[0] + 40].split("\n")[0]
            failures.append((law.bold_text, f"not all of it is in bold type ({run!r} is not)", "error"))
    words = law.statement.text.get(locale) if law.statement else None
    if words:
        gaps = missing(words, printed.text)
        if gaps:
            text = f"it does not print the law's words in {locale} (missing {quoted(gaps)})"
            failures.append((law.statement, text + (f"; {notice} prints them" if notice else ""), "error"))
    return failures


def check_printed(kit: Kit, documents: Sequence[Document], measured: Callable[[bytes], Printed]) -> list[Problem]:
    """The rules measured on the rendered PDFs, for every location whose notices were all built."""
    built = {(d.job.location.id, d.job.format.name, d.job.locale): d for d in documents}
    problems = []
    for location in kit.locations:
        for law in laws_of(kit, location):
            if law.issuer:
                continue  # never met by what outreach prints: `check` says so
            keys = [
                (location.id, f.name, locale)
                for f in candidates(kit, location, law)
                for locale in kit.location_locales(location)
            ]
            if not keys or any(key not in built for key in keys):
                continue  # a narrowed build: the location's notices are judged when all of them are built
            notice = suggestion(kit, law)
            found: dict[str, list[list[tuple[str, str]]]] = defaultdict(list)
            for _, name, locale in keys:
                failures = printed_failures(law, measured(built[location.id, name, locale].pdf), locale, notice)
                found[locale].append(
                    [(f"{law.cite(rule)}: {name}.{locale}: {text}", severity) for rule, text, severity in failures]
                )
            for materials in found.values():
                passing = [m for m in materials if not any(severity == "error" for _, severity in m)]
                for material in passing[:1] or materials:
                    problems += [
                        locations_source(kit).problem(location_loc(kit, location), f"{location.id}: {text}", severity)
                        for text, severity in material
                    ]
    return problems
