"""How hard a material is to read, in English: a Flesch–Kincaid grade level.

    grade = 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59

(Kincaid, Fishburne, Rogers & Chissom, 1975.) Materials in restrooms and at bus
stops, and formats made only for them (a stall sticker, a bus card), are read in
seconds, often under stress: above grade 6 is a warning.

What is counted: the material's printed words, without the names of services,
the organisation, regions and languages (a reader does not parse a name, and
the coordinator cannot shorten the national hotline's). A sentence ends at . ! ?
or at the end of a block (a heading, a list item, a line of a card). Tokens with
digits (phone numbers, hours) are not words.

Syllables are estimated, not looked up: vowel groups (a e i o u y) after
dropping a silent final e, a silent -ed (not after t or d) and a silent -es
(not after c, g, s, x, z, ch or sh); at least one per word. On common English
words this is right about nine times in ten, and the grade it gives is an
estimate to act on, not a measurement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Problem
from ..i18n.locales import language_name
from ..kit.load import Kit
from ..pages.views import resolve
from .lint import language
from .materials import Material
from .sources import location_loc, locations_source

MAX_GRADE = 6.0
BRIEF_PLACES = ("restroom", "bus_stop")
"""Location kinds whose materials are read at a glance; so are formats made only for them (a bus card)."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if len(word) <= 3:
        return 1
    if word.endswith("ed") and word[-3] not in "td":
        word = word[:-2]
    elif word.endswith("es") and not re.search(r"(?:[cgsxz]|ch|sh)es$", word):
        word = word[:-2]
    elif word.endswith("e") and not re.search(r"[^aeiouy]le$", word):
        word = word[:-1]
    return max(1, len(re.findall(r"[aeiouy]+", word)))


@dataclass(frozen=True)
class Reading:
    grade: float
    words: int
    sentences: int
    hardest: str
    """The sentence that is hardest on its own, among the longest ones (six words or more, if any)."""


def _sentences(blocks: list[str]) -> list[tuple[str, list[str]]]:
    """(sentence as written, its words) for every sentence that has words."""
    found = []
    for block in blocks:
        for sentence in _SENTENCE_END.split(block):
            words = [w for w in _WORD.findall(sentence) if not any(ch.isdigit() for ch in w)]
            if words:
                found.append((" ".join(sentence.split()), words))
    return found


def _grade(words: int, sentences: int, syllable_count: int) -> float:
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59


def reading(blocks: list[str]) -> Reading | None:
    """The grade level of text given as blocks (headings, list items, paragraphs); None if it has no words."""
    sentences = _sentences(blocks)
    words = [w for _, s in sentences for w in s]
    if not words:
        return None
    counts = [sum(syllables(w) for w in s) for _, s in sentences]
    grade = _grade(len(words), len(sentences), sum(counts))
    numbered = [(i, len(s)) for i, (_, s) in enumerate(sentences)]
    long_enough = (
        [n for n in numbered if n[1] >= 6] or [n for n in numbered if n[1] >= 3] or numbered
    )  # a real sentence, not a label such as "Information checked"
    index, _ = max(long_enough, key=lambda item: _grade(item[1], 1, counts[item[0]]))
    return Reading(round(grade, 1), len(words), len(sentences), sentences[index][0])


def _names(kit: Kit, locale: str) -> list[str]:
    fallbacks = [*kit.settings.locales, "en"]
    names = [resolve(s.name, locale, fallbacks) for s in kit.services.values()]
    names.append(resolve(kit.settings.organisation, locale, fallbacks))
    names += [resolve(r, locale, fallbacks) for r in kit.settings.regions.values()]
    names += [language_name(code, locale) for s in kit.services.values() for code in s.languages]
    return sorted(set(filter(None, names)), key=len, reverse=True)


def material_reading(kit: Kit, material: Material, names: list[str] | None = None) -> Reading | None:
    names = _names(kit, material.locale) if names is None else names
    blocks = []
    for segment in material.segments:
        text = " ".join(segment.text.split())  # a no-break space separates words like any other
        for name in names:
            text = text.replace(name, " ")
        blocks.append(text)
    return reading(blocks)


def check(kit: Kit, materials: list[Material]) -> list[Problem]:
    problems = []
    source = locations_source(kit)
    names: dict[str, list[str]] = {}
    readings: dict[tuple, Reading | None] = {}  # the same text prints at many locations: read once
    for material in materials:
        suits = set(material.format.suits)
        brief = material.location.kind in BRIEF_PLACES or (suits and suits <= set(BRIEF_PLACES))
        if language(material.locale) != "en" or not brief or material.format.notice:  # the law's own words
            continue
        key = (material.locale, material.segments)
        if key not in readings:
            if material.locale not in names:
                names[material.locale] = _names(kit, material.locale)
            readings[key] = material_reading(kit, material, names[material.locale])
        found = readings[key]
        if found and found.grade > MAX_GRADE:
            loc = location_loc(kit, material.location)
            problems.append(
                source.problem(
                    loc,
                    (
                        f"{material.label} reads at about grade {found.grade:g} (Flesch–Kincaid); "
                        "restroom and bus materials are read in seconds: aim for grade "
                        f"{MAX_GRADE:g} or lower with shorter sentences and shorter words. "
                        f"Hardest sentence: {found.hardest!r}"
                    ),
                    "warning",
                )
            )
    return problems
