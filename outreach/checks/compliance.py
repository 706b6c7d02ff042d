"""Posting laws: each location's materials against the states' rules in assets/compliance.yaml.

`check` runs before rendering (trim sizes, languages, the numbers a location's
services have); `check_printed` runs on the rendered PDFs (measured type size,
page size, the numbers actually printed, bold type). A location meets a law
when, for every required language, one of its materials at least the law's
size meets every rule. Each finding names the location and the statute.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from collections.abc import Callable
from typing import Any, Protocol

import phonenumbers

from ..errors import OutreachError, Problem
from ..formats import Format, points
from ..kit import Kit
from ..model import Location
from ..paths import assets_dir
from ..views import services_for
from ..yamlsource import load_yaml
from .measure import Printed
from .sources import location_loc, locations_source, settings_source

DATA_FILE = "compliance.yaml"


@dataclass(frozen=True)
class Law:
    code: str
    statute: str
    data: dict[str, Any]

    @property
    def min_size(self) -> tuple[float, float] | None:
        size = self.data.get("min_size")
        return (points(size["width"]), points(size["height"])) if size else None

    @property
    def min_type(self) -> float | None:
        return self.data["min_type_pt"]["pt"] if "min_type_pt" in self.data else None

    def cite(self, rule: str, item: dict | None = None) -> str:
        return f"{self.code}, {(item or self.data.get(rule) or {}).get('cite') or self.statute}"

    def fits(self, width: float, height: float) -> bool:
        need = self.min_size
        if need is None:
            return True
        small, large = sorted(need)
        return min(width, height) + 0.5 >= small and max(width, height) + 0.5 >= large


@cache
def laws() -> dict[str, Law]:
    path = assets_dir() / DATA_FILE
    located, problems = load_yaml(path, str(path))
    if problems or not isinstance(located.data, dict):
        raise OutreachError(f"the built-in posting laws are broken: {problems[0] if problems else path}")
    return {code: Law(code, entry["statute"], entry) for code, entry in located.data.items()}


def _laws_of(kit: Kit, location: Location) -> list[Law]:
    codes = location.compliance if location.compliance is not None else kit.settings.compliance
    return [laws()[code] for code in codes if code in laws()]


def _candidates(kit: Kit, location: Location, law: Law) -> list[Format]:
    """The location's materials that can be the posted notice: large enough, and not a sheet to be cut into cards."""
    found = [kit.formats[n] for n in kit.location_formats(location)]
    return [f for f in found if not f.sheet and law.fits(f.width_pt, f.height_pt)]


def _unknown_codes(kit: Kit) -> list[Problem]:
    known = ", ".join(laws())
    problems = []
    for index, code in enumerate(kit.settings.compliance):
        if code not in laws():
            problems.append(settings_source(kit).problem(("compliance", index), f"unknown posting law {code!r}; known: {known}"))
    for location in kit.locations:
        for index, code in enumerate(location.compliance or []):
            if code not in laws():
                problems.append(locations_source(kit).problem(location_loc(kit, location) + ("compliance", index),
                                                              f"unknown posting law {code!r}; known: {known}"))
    return problems


def _where(kit: Kit, location: Location) -> tuple[Any, tuple]:
    return locations_source(kit), location_loc(kit, location)


def _has_contact(kit: Kit, location: Location, want: dict) -> bool:
    found = [kit.contacts[sid] for sid in services_for(kit, location)]
    if "tel" in want:
        return any(c.get("tel") and c["tel"].uri == f"tel:{want['tel']}" for c in found)
    if "sms" in want:
        return any(c.get("sms") and c["sms"].uri in (f"sms:{want['sms']}", f"sms:+{want['sms']}") for c in found)
    if want.get("toll_free"):
        return any(c.get("tel") and _toll_free(c["tel"].uri[4:]) for c in found)
    return any(c.get("url") for c in found)


def _toll_free(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164)) == phonenumbers.PhoneNumberType.TOLL_FREE


def check(kit: Kit) -> list[Problem]:
    """What can be known before rendering: sizes, languages, the numbers the services have."""
    problems = _unknown_codes(kit)
    reminded: set[str] = set()
    for location in kit.locations:
        source, loc = _where(kit, location)

        def say(law: Law, rule: str, text: str, severity: str = "error", item: dict | None = None) -> None:
            problems.append(source.problem(loc, f"{location.id}: {law.cite(rule, item)}: {text}", severity))

        for law in _laws_of(kit, location):
            reminded.add(law.code)
            candidates = _candidates(kit, location, law)
            if not candidates:
                size = law.data["min_size"]
                have = ", ".join(f"{n} {kit.formats[n].size_label()}" for n in kit.location_formats(location))
                say(law, "min_size", f"no material here is at least {size['width']} × {size['height']} (it gets {have}); "
                    "add a large enough format, e.g. poster-letter, to the location's formats")
                continue
            locales = kit.location_locales(location)
            rule = law.data.get("languages", {})
            missing = [code for code in rule.get("all", []) if code not in locales]
            if missing:
                say(law, "languages", f"the notice must be printed in {', '.join(rule['all'])}; add {', '.join(missing)} "
                    "to the location's locales")
            more = [code for code in locales if code not in rule.get("all", [])]
            if len(more) < rule.get("more", 0):
                say(law, "languages", f"it may also need {rule['more']} more language(s) than {', '.join(rule['all'])}; "
                    "add the one your county needs to the location's locales", rule.get("more_severity", "error"))
            for item in law.data.get("contacts", []):
                if not _has_contact(kit, location, item):
                    say(law, "contacts", f"no service shown here has {item['what']}; add it to a service that serves "
                        f"region {location.region!r}", item=item)
    settings = settings_source(kit)
    for code in sorted(reminded):
        law = laws()[code]
        unchecked = "; ".join(law.data.get("not_checked", []))
        problems.append(settings.problem(("compliance",), f"{code} ({law.statute}): outreach cannot check: {unchecked}", "warning"))
    return problems


class Document(Protocol):
    """A rendered document, as the build makes them."""

    pdf: bytes

    @property
    def job(self) -> Any: ...


def printed_failures(law: Law, printed: Printed, region: str) -> list[tuple[str, str, dict | None]]:
    """The rules of `law` one rendered material does not meet: (rule, what is wrong, contact item)."""
    failures: list[tuple[str, str, dict | None]] = []
    if any(not law.fits(w, h) for w, h in printed.pages):
        failures.append(("min_size", f"its pages measure {printed.pages[0][0]:g} × {printed.pages[0][1]:g} pt", None))
    if law.min_type is not None:
        size, run = printed.smallest()
        if size + 0.05 < law.min_type:
            failures.append(("min_type_pt", f"its smallest type measures {size:g} pt ({run!r}); the law asks {law.min_type:g}-point type", None))
    numbers = [(m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
               for m in phonenumbers.PhoneNumberMatcher(printed.text, region)]
    for item in law.data.get("contacts", []):
        if "tel" in item:
            spans = [(s, e) for s, e, n in numbers if n == item["tel"]]
        elif "sms" in item:
            code = r"[ .\-‐]?".join(item["sms"])  # 233733 or 233-733
            spans = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\d){code}(?!\d)", printed.text)]
        elif item.get("toll_free"):
            spans = [(s, e) for s, e, n in numbers if _toll_free(n)]
        else:
            spans = [(0, 0)] if re.search(r"(?<![\w@])(?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b", printed.text, re.I) else []
        if not spans:
            failures.append(("contacts", f"it does not print {item['what']}", item))
        elif "bold_numbers" in law.data and "tel" in item and not any(all(printed.bold[i] for i in range(s, e) if printed.sizes[i]) for s, e in spans):
            failures.append(("bold_numbers", f"it prints {item['what']} but not in bold type", None))
    return failures


def check_printed(kit: Kit, documents: list[Document], measured: Callable[[bytes], Printed]) -> list[Problem]:
    """The rules measured on the rendered PDFs, for every location whose notices were all built."""
    built: dict[tuple[str, str, str], Document] = {}
    for doc in documents:
        built[(doc.job.location.id, doc.job.format.name, doc.job.locale)] = doc
    problems = []
    for location in kit.locations:
        source, loc = _where(kit, location)
        for law in _laws_of(kit, location):
            candidates = _candidates(kit, location, law)
            keys = [(location.id, f.name, locale) for f in candidates for locale in kit.location_locales(location)]
            if not candidates or any(key not in built for key in keys):
                continue  # not all of this location's notices were built (a narrowed build): judged on a full build
            failing: dict[str, list[tuple[str, str, str, dict | None]]] = defaultdict(list)
            passing: set[str] = set()
            for key in keys:
                failures = printed_failures(law, measured(built[key].pdf), kit.settings.phone_region)
                if failures:
                    failing[key[2]] += [(f"{key[1]}.{key[2]}", rule, text, item) for rule, text, item in failures]
                else:
                    passing.add(key[2])
            for locale, found in failing.items():
                if locale in passing:
                    continue
                for label, rule, text, item in found:
                    problems.append(source.problem(loc, f"{location.id}: {law.cite(rule, item)}: {label}: {text}"))
    return problems
