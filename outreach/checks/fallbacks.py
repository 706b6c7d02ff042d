"""Pages that print kit text in another language than their own, named page by page.

A service's name, summary or hours, a region's name or the organisation, given
as a mapping of locale to text without the page's locale, prints in the language
pages fall back to (outreach.pages.views.resolve). That is found on each
material's printed text (outreach.checks.materials): a field counts only when its
fallback text is on the page, so a card that prints no summary is not blamed for
one. Plain text (not a mapping) is the same in every language by choice, such as
a proper name, and is never reported.

Locations whose pages fall back the same way share one warning, so a statewide
kit with one untranslated summary says it once, with the locations it affects.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem
from ..i18n.locales import is_known_locale, locale_info
from ..kit.load import Kit
from ..kit.model import Location
from ..pages.views import services_for
from .materials import Material

Untranslated = dict[tuple[str, str, str], tuple[str, ...]]
"""(location id, format, locale) → the kit texts that page prints in another language, e.g. "hotline summary"."""
SHOWN = 5
"""Locations named in one warning; the rest are counted."""
FIELDS = ("name", "discreet_name", "summary", "hours")
INVISIBLE = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u00ad"))


def _flat(text: str) -> str:
    return " ".join(text.translate(INVISIBLE).split())


def _fallback(text: dict[str, str], locale: str, order: list[str]) -> tuple[str, str] | None:
    """(language, text) a page in `locale` prints instead, or None when the text has `locale`."""
    if locale in text:
        return None
    code = next((code for code in order if code in text), next(iter(text)))
    return code, text[code]


def _fields(kit: Kit, location: Location, locale: str) -> Iterator[tuple[str, str, str]]:
    """(what it is, the language it falls back to, the text printed instead) of each kit text without `locale`."""
    order = [*kit.settings.locales, "en"]
    texts: list[tuple[str, object]] = [
        ("organisation", kit.settings.organisation),
        (f"region {location.region}", kit.settings.regions.get(location.region)),
    ]
    for sid in services_for(kit, location):
        service = kit.services[sid]
        texts += [
            (f"{sid} {field}", getattr(service, field)) for field in ("name", "discreet_name", "summary", "hours")
        ]
    for label, text in texts:
        if isinstance(text, dict) and (found := _fallback(text, locale, order)):
            yield label, found[0], found[1]


def untranslated(kit: Kit, printed: list[Material]) -> Untranslated:
    """Every page that prints kit text in another language, with the texts it prints so."""
    found: Untranslated = {}
    for material in printed:
        page = _flat(material.text)
        fields = tuple(
            label
            for label, _code, text in _fields(kit, material.location, material.locale)
            if _flat(text) and _flat(text) in page
        )
        if fields:
            found[(material.location.id, material.format.name, material.locale)] = fields
    return found


def _language(code: str) -> str:
    return f"{locale_info(code).english} ({code})" if is_known_locale(code) else code


def check(kit: Kit, pages: Untranslated) -> list[Problem]:
    """One warning per locale and way of falling back, naming the locations, formats and texts."""
    groups: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[str]] = {}
    by_location: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
    for (location, fmt, locale), fields in pages.items():
        by_location.setdefault((location, locale), {})[fmt] = fields
    for (location, locale), found in by_location.items():
        fields = tuple(sorted({f for texts in found.values() for f in texts}))
        groups.setdefault((locale, tuple(sorted(found)), fields), []).append(location)
    index = {location.id: i for i, location in enumerate(kit.locations)}
    languages = {code: _language(code) for code in kit.settings.locales + ["en"]}
    problems = []
    for (locale, formats, fields), locations in sorted(groups.items()):
        locations.sort(key=index.__getitem__)
        named = ", ".join(locations[:SHOWN]) + (f" and {len(locations) - SHOWN} more" if len(locations) > SHOWN else "")
        first = kit.locations[index[locations[0]]]
        fallback = sorted({code for label, code, _text in _fields(kit, first, locale) if label in fields})
        where = kit.sources.locations if kit.sources else None
        message = (
            f"{named}: {_language(locale)} pages ({', '.join(formats)}) print "
            f"{' and '.join(languages.get(c, c) for c in fallback)} text for: {', '.join(fields)}; translate it in "
            f"locales/{locale}/kit.po (`outreach i18n extract --kit KIT`, then `outreach i18n update --kit KIT`) "
            f"or add `{locale}: ...` to the YAML"
        )
        if where:
            problems.append(where.problem(("locations", index[locations[0]], "locales"), message, "warning"))
        else:
            problems.append(Problem("locations.yaml", 0, "", message, "warning"))
    return problems
