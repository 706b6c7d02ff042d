"""Words that shame: a per-locale list of terms to avoid, run over everything printed.

The built-in lists are `assets/lint/<language>.yaml`; a kit adds terms and
allows one (with a reason) under `wording:` in outreach.yaml. Findings are
warnings, errors with --strict.

Two passes: every printed kit text (names, summaries, hours, organisation,
regions) in each language it prints in, pointing at its YAML line; then the
words of every material as the templates and translations make them, so copy
from a catalogue or a template is caught too, pointing at that file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from ..errors import OutreachError, Problem, relative
from ..i18n.catalogues import msgid_of, read_catalogue, strings_of
from ..kit.load import Kit
from ..kit.yamlsource import load_yaml
from ..paths import assets_dir, builtin_root, locales_dir, templates_dir
from .materials import Material
from .sources import location_loc, locations_source, settings_source, text_fields

T = TypeVar("T")


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so match positions stay put."""
    return "".join(unicodedata.normalize("NFD", ch)[0].lower()[:1] or ch for ch in text)


@dataclass(frozen=True)
class Term:
    forms: tuple[str, ...]
    instead: tuple[str, ...]
    why: str
    headline: bool = False
    origin: str = ""
    pattern: re.Pattern[str] = field(compare=False, default=re.compile(r"(?!)"))
    """What finds the term in folded text (see make); the default finds nothing."""

    @staticmethod
    def make(
        forms: Iterable[str], instead: Iterable[str] = (), why: str = "", headline: bool = False, origin: str = ""
    ) -> Term:
        words = sorted({" ".join(fold(f).split()) for f in forms}, key=len, reverse=True)
        alternatives = "|".join(r"[\s\-‐]+".join(map(re.escape, w.split())) for w in words if w)
        pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        return Term(tuple(forms), tuple(instead), why, headline, origin, pattern)


@dataclass(frozen=True)
class Hit:
    term: Term
    text: str
    """The words as written."""


def find(text: str, terms: list[Term], heading: bool) -> list[Hit]:
    """Terms in `text`; where two overlap (child prostitute, prostitute) the longer wins."""
    folded = fold(text)
    spans = []
    for term in terms:
        if term.headline and not heading:
            continue
        spans += [(m.start(), m.end(), term) for m in term.pattern.finditer(folded)]
    taken: list[tuple[int, int]] = []
    hits = []
    for start, end, term in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
            hits.append(Hit(term, text[start:end]))
    return hits


def language(locale: str) -> str:
    return re.split(r"[-_]", locale)[0].lower()


def builtin_list(folder: str, lang: str, what: str, make: Callable[[int, Any], T]) -> tuple[T, ...]:
    """The `terms:` of a built-in word list (assets/<folder>/<lang>.yaml), each made by `make(index, entry)`; none for a
    language without one. A broken list is an OutreachError naming the file (`what` it is)."""
    path = assets_dir() / folder / f"{lang}.yaml"
    if not path.is_file():
        return ()
    located, problems = load_yaml(path, str(path))
    try:
        if problems:
            raise ValueError(problems[0])
        entries = located.data["terms"]
        if not isinstance(entries, list):
            raise TypeError("terms: is not a list")
        return tuple(make(index, entry) for index, entry in enumerate(entries))
    except (KeyError, TypeError, ValueError) as exc:
        raise OutreachError(f"{what} {path} is broken: {exc}") from None


@cache
def builtin_terms(lang: str) -> tuple[Term, ...]:
    def make(_: int, e: Any) -> Term:
        return Term.make(
            e["avoid"], e.get("instead", ()), e.get("why", ""), e.get("headline", False), f"built-in {lang} list"
        )

    return builtin_list("lint", lang, "the built-in word list", make)


class Wording:
    """The terms a kit checks in each language, and the ones it allows."""

    def __init__(self, kit: Kit) -> None:
        self.kit = kit
        wording = kit.settings.wording
        self.extra = [
            (a.locale, Term.make(a.terms, a.instead, a.why, a.headline, f"wording.avoid[{i}]"))
            for i, a in enumerate(wording.avoid)
        ]
        self.allow = list(wording.allow)
        self.used: set[int] = set()

    def terms(self, locale: str) -> list[Term]:
        return [*builtin_terms(language(locale)), *(t for code, t in self.extra if code in (None, locale))]

    def allowed(self, hit: Hit, locale: str) -> bool:
        said = " ".join(fold(hit.text).split())
        for index, allow in enumerate(self.allow):
            if allow.locale in (None, locale) and " ".join(fold(allow.term).split()) in (said, fold(hit.term.forms[0])):
                self.used.add(index)
                return True
        return False


def message(hit: Hit) -> str:
    where = "in a headline " if hit.term.headline else ""
    instead = "; ".join(hit.term.instead)
    return (
        f"{' '.join(hit.text.split())!r} {where}hurts: {hit.term.why}. Say instead: {instead}. "
        f"(To keep it, allow it under wording.allow in outreach.yaml with a reason.)"
    )


def _printed_locales(kit: Kit) -> list[str]:
    found = dict.fromkeys(kit.settings.locales)
    for location in kit.locations:
        found.update(dict.fromkeys(kit.location_locales(location)))
    return list(found)


def _catalogues(kit: Kit, locale: str) -> list[tuple[Path, str]]:
    candidates = [
        (kit.root / "locales" / locale / "messages.po", kit.root),
        (locales_dir() / locale / "messages.po", builtin_root()),
    ]
    return [(path, _display(path, root, kit)) for path, root in candidates if path.is_file()]


def _display(path: Path, root: Path, kit: Kit) -> str:
    return relative(path, root) if root == kit.root else f"<built-in>/{relative(path, root)}"


def _templates(kit: Kit) -> list[tuple[Path, str]]:
    kit_templates = kit.root / "templates"
    found = sorted(kit_templates.rglob("*.html")) if kit_templates.is_dir() else []
    return [(p, relative(p, kit.root)) for p in found] + [
        (p, _display(p, builtin_root(), kit)) for p in sorted(templates_dir().rglob("*.html"))
    ]


def _attribute(kit: Kit, material: Material, hit: Hit) -> list[tuple[str, int, str]]:
    """Where a word found on a material was written: a catalogue, a template, or (unknown) the location."""
    found = []
    for path, display in _catalogues(kit, material.locale):
        for msg in read_catalogue(path, display, material.locale):
            if msg.id and any(s and hit.term.pattern.search(fold(s)) for s in strings_of(msg)):
                found.append((display, msg.lineno or 0, f"msgstr of {msgid_of(msg)!r}"))
        if found:
            return found
    for path, display in _templates(kit):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if hit.term.pattern.search(fold(line)):
                found.append((display, number, ""))
        if found:
            return found
    loc = location_loc(kit, material.location)
    return [(locations_source(kit).file, locations_source(kit).line_of(loc), f"locations[{loc[1]}] {material.label}")]


def check(kit: Kit, materials: list[Material], strict: bool = False) -> list[Problem]:
    severity = "error" if strict else "warning"
    wording = Wording(kit)
    locales = _printed_locales(kit)
    problems: set[Problem] = set()
    printed = [f for f in text_fields(kit) if f.printed]
    for text in printed:
        for locale in [text.locale] if text.locale else locales:
            for hit in find(text.text, wording.terms(locale), text.headline):
                if not wording.allowed(hit, locale):
                    problems.add(text.source.problem(text.loc, message(hit), severity))
    flagged: dict[tuple, list[Hit]] = {}  # the same words print at many locations: looked at once
    for material in materials:
        if material.format.notice:
            continue  # a posting law's own words, printed as the law sets them (templates/notice.html)
        for segment in material.segments:
            key = (segment.text, material.locale, segment.heading)
            if key not in flagged:
                flagged[key] = [
                    hit
                    for hit in find(segment.text, wording.terms(material.locale), segment.heading)
                    if not wording.allowed(hit, material.locale)
                ]
            for hit in flagged[key]:
                if any(hit.term.pattern.search(fold(t.text)) for t in printed):
                    continue  # reported above, at the kit text it comes from
                for file, line, where in _attribute(kit, material, hit):
                    problems.add(Problem(file, line, where, message(hit), severity))
    settings = settings_source(kit)
    for index, allow in enumerate(wording.allow):
        if index not in wording.used:
            problems.add(
                settings.problem(
                    ("wording", "allow", index),
                    (f"{allow.term!r} is allowed but nothing printed uses it; remove the entry"),
                    "warning",
                )
            )
    return sorted(problems)
