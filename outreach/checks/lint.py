"""Words that shame: a per-locale list of terms to avoid, run over everything printed.

The built-in lists are `assets/lint/<language>.yaml` (each term with why it hurts, what to say instead and its
sources); a kit adds terms and allows one (with a reason) under `wording:` in outreach.yaml. Findings are
warnings, errors with --strict. A language without a built-in list (`linted_languages`) is checked only for
the kit's own terms, and `outreach -v` says so. Two passes: every printed kit text (names, summaries, hours,
organisation, regions) in each language it prints in, pointing at its YAML line; then the words of every
material as the templates and translations make them, pointing at the catalogue or template they come from.
Matching is outreach.checks.terms.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
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
from .terms import Hit, Term, find

T = TypeVar("T")
log = logging.getLogger(__name__)
WHAT = "the built-in word list"


def language(locale: str) -> str:
    return re.split(r"[-_]", locale)[0].lower()


def builtin_data(folder: str, lang: str, what: str) -> dict[str, Any] | None:
    """The whole of a built-in list (assets/<folder>/<lang>.yaml); None for a language without one. A broken
    file is an OutreachError naming it (`what` it is)."""
    path = assets_dir() / folder / f"{lang}.yaml"
    if not path.is_file():
        return None
    located, problems = load_yaml(path, str(path))
    if problems or not isinstance(located.data, dict):
        raise OutreachError(f"{what} {path} is broken: {problems[0] if problems else 'not a mapping'}")
    return located.data


def builtin_list(folder: str, lang: str, what: str, make: Callable[[int, Any], T]) -> tuple[T, ...]:
    """The `terms:` of a built-in word list (assets/<folder>/<lang>.yaml), each made by `make(index, entry)`; none for a
    language without one. A broken list is an OutreachError naming the file (`what` it is)."""
    data = builtin_data(folder, lang, what)
    if data is None:
        return ()
    try:
        entries = data["terms"]
        if not isinstance(entries, list):
            raise TypeError("terms: is not a list")
        return tuple(make(index, entry) for index, entry in enumerate(entries))
    except (KeyError, TypeError, ValueError) as exc:
        raise OutreachError(f"{what} {assets_dir() / folder / f'{lang}.yaml'} is broken: {exc}") from None


@cache
def _accents(locale: str | None) -> bool:
    """Whether the locale's built-in list says accents tell its words apart (`accents: significant`)."""
    data = (builtin_data("lint", language(locale), WHAT) if locale else None) or {}
    return data.get("accents") == "significant"


def _cited(source: dict[str, Any]) -> str:
    """A source as a finding names it: its title, and where to read it."""
    title = " ".join(str(source["title"]).split())
    return f"{title}, {source['url']}" if source.get("url") else title


@cache
def builtin_terms(lang: str) -> tuple[Term, ...]:
    data = builtin_data("lint", lang, WHAT) or {}
    sources = data.get("sources") or {}
    accents = _accents(lang)

    def make(index: int, e: Any) -> Term:
        cited = e.get("source") or []
        if not isinstance(cited, list) or not cited:
            raise ValueError(f"terms[{index}] names no source: (a list of keys of sources:)")
        if missing := [key for key in cited if not (sources.get(key) or {}).get("title")]:
            raise ValueError(f"terms[{index}] cites {missing[0]!r}, which sources: does not give a title")
        source = tuple(_cited(sources[key]) for key in cited)
        origin = f"built-in {lang} list"
        return Term.make(
            e["avoid"], e.get("instead", ()), e.get("why", ""), e.get("headline", False), origin, source, accents
        )

    return builtin_list("lint", lang, WHAT, make)


def linted_languages() -> tuple[str, ...]:
    """The languages with a built-in word list."""
    return tuple(sorted(path.stem for path in (assets_dir() / "lint").glob("*.yaml")))


class Wording:
    """The terms a kit checks in each language, and the ones it allows."""

    def __init__(self, kit: Kit) -> None:
        self.kit = kit
        wording = kit.settings.wording
        self.extra = [
            (a.locale, Term.make(a.terms, a.instead, a.why, a.headline, f"wording.avoid[{i}]", (), _accents(a.locale)))
            for i, a in enumerate(wording.avoid)
        ]
        self.allow = list(wording.allow)
        self.used: set[int] = set()

    def terms(self, locale: str) -> list[Term]:
        return [*builtin_terms(language(locale)), *(t for code, t in self.extra if code in (None, locale))]

    def allowed(self, hit: Hit, locale: str) -> bool:
        term = hit.term
        said = term.normal(hit.text)
        for index, allow in enumerate(self.allow):
            if allow.locale in (None, locale) and term.normal(allow.term) in (said, term.normal(term.forms[0])):
                self.used.add(index)
                return True
        return False


def message(hit: Hit) -> str:
    where = "in a headline " if hit.term.headline else ""
    instead = "; ".join(hit.term.instead)
    cited = hit.term.source
    source = f" {'Sources' if len(cited) > 1 else 'Source'}: {'; '.join(cited)}." if cited else ""
    return (
        f"{' '.join(hit.text.split())!r} {where}hurts: {hit.term.why}. Say instead: {instead}.{source} "
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
            if msg.id and any(s and hit.term.search(s) for s in strings_of(msg)):
                found.append((display, msg.lineno or 0, f"msgstr of {msgid_of(msg)!r}"))
        if found:
            return found
    for path, display in _templates(kit):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if hit.term.search(line):
                found.append((display, number, ""))
        if found:
            return found
    loc = location_loc(kit, material.location)
    return [(locations_source(kit).file, locations_source(kit).line_of(loc), f"locations[{loc[1]}] {material.label}")]


def check(kit: Kit, materials: list[Material], strict: bool = False) -> list[Problem]:
    severity = "error" if strict else "warning"
    wording = Wording(kit)
    locales = _printed_locales(kit)
    linted = linted_languages()
    for lang in dict.fromkeys(map(language, locales)):
        if lang not in linted:
            log.info("no built-in word list for %r: only wording.avoid in outreach.yaml is checked in it", lang)
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
                if any(hit.term.search(t.text) for t in printed):
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
