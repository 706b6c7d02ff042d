"""Discreet pieces never say what they are for: "cards can be found in a search".

A piece is discreet as a whole when its location's variant is `discreet` or
its format is carried away (`carried: true`: cards, card sheets, labels); the
tear-off tabs of a format with `tabs` are carried away from every location.
None of them may print a revealing word: the built-in list of the page's
language (`assets/discreet/<language>.yaml`) and of the languages kit text
falls back to (a service name without a translation prints in English on every
page), the kit's own words (`discreet.revealing`, per locale code or `all`), and
the organisation's name unless `discreet.allow_organisation`.

`check` reads the materials' text before rendering; `check_printed` reads the
rendered PDFs: whole pages of discreet documents, and the bottom strip of every
page that has tear-off tabs. Matching ignores case, accents and combining marks
(terms.fold); it finds whole words, except in scripts written without spaces
between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar), where a word is
found anywhere. Every finding is an error pointing at the location.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from ..errors import Problem
from ..kit.formats import Format
from ..kit.load import Kit
from ..kit.model import Location
from ..pages.views import resolve
from ..render.measure import page_texts
from .lint import builtin_list, language
from .materials import Material
from .sources import location_loc, locations_source
from .terms import fold

ORGANISATION = "the organisation's name"
_IGNORED = set("\u00ad\u0640\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067")
_IGNORED |= set("\u2068\u2069\ufeff\ufffe")
"""Soft hyphens, tatweel, zero-width and direction controls (resolve() isolates fallback text): not printed."""
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua9e0-\ua9ff\uaa60-\uaa7f\uf900-\ufaff\U00020000-\U0003134f]"
)
"""Scripts written without spaces between words: found anywhere, not as whole words."""


class _Folding(dict[int, str | None]):
    """A character (by code point) → itself folded (terms.fold), or None where normal() drops it; for str.translate,
    each character worked out the first time it is seen."""

    def __missing__(self, code: int) -> str | None:
        char = fold(chr(code))
        self[code] = None if char in _IGNORED or unicodedata.combining(char) else char
        return self[code]


_FOLDING = _Folding()


def normal(text: str) -> tuple[str, Sequence[int]]:
    """`text` folded (terms.fold) without combining marks and unprinted controls, and where each kept character was."""
    kept = text.translate(_FOLDING)
    if len(kept) == len(text):  # fold() is one character for one: nothing dropped
        return kept, range(len(text))
    return kept, [index for index, char in enumerate(text) if _FOLDING[ord(char)] is not None]


@dataclass(frozen=True)
class Term:
    """One revealing word in all its forms."""

    word: str
    """The first form, as its list writes it."""
    origin: str
    """Where it comes from: a built-in list, outreach.yaml's discreet.revealing, or ORGANISATION."""
    pattern: re.Pattern[str]
    """What finds any form in normal() text."""
    needs: tuple[frozenset[str], ...]
    """For each form, what the text's words() hold wherever the pattern finds it (see _needs). A text that holds
    all of them for no form is not searched."""

    def may_be_in(self, words: set[str]) -> bool:
        """Whether the pattern can find anything in a text with these words(): no search."""
        return any(map(words.issuperset, self.needs))


_RUN = re.compile(r"\w+")


def words(folded: str) -> set[str]:
    """Each run of word characters in normal() text, and each character."""
    return {*_RUN.findall(folded), *folded}


def _needs(form: str) -> frozenset[str]:
    """What words() of a text hold wherever _alternative(form) finds something there: the form's characters (in a
    script written without spaces), or each run of word characters in it, which a match has whole (it starts and
    ends at no word character, and the separators between its words are none)."""
    if _UNSPACED.search(form):
        return frozenset(char for char in form if not char.isspace())
    return frozenset(_RUN.findall(form))


def _alternative(form: str) -> str:
    if _UNSPACED.search(form):  # anywhere, even across a line break
        return r"\s*".join(re.escape(char) for char in form if not char.isspace())
    words = r"[\s\-‐]+".join(map(re.escape, form.split()))
    return rf"(?<!\w){words}(?!\w)"


def make_term(forms: Iterable[str], origin: str) -> Term | None:
    """A term finding every form of a word; None when no form has anything left to find."""
    forms = list(forms)
    found = sorted({" ".join(normal(f)[0].split()) for f in forms} - {""}, key=len, reverse=True)
    if not found:
        return None
    pattern = re.compile("|".join(map(_alternative, found)))
    return Term(" ".join(forms[0].split()), origin, pattern, tuple(map(_needs, found)))


@cache
def builtin_terms(lang: str) -> tuple[Term, ...]:
    """The built-in list of a language (assets/discreet/<lang>.yaml); none for a language without one."""

    def make(index: int, forms: Any) -> Term:
        if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
            raise TypeError(f"terms[{index}] is not a list of words")
        term = make_term(forms, f"built-in {lang} list")
        if term is None:
            raise ValueError(f"terms[{index}] finds nothing")
        return term

    return builtin_list("discreet", lang, "the built-in list of revealing words", make)


def terms(kit: Kit, locale: str) -> tuple[Term, ...]:
    """Every word a discreet piece in `locale` must not print."""
    fallbacks = [*kit.settings.locales, "en"]
    langs = dict.fromkeys(map(language, [locale, *fallbacks]))
    found: list[Term | None] = [term for lang in langs for term in builtin_terms(lang)]
    discreet = kit.settings.discreet
    for code in dict.fromkeys([locale, "all"]):
        for word in discreet.revealing.get(code, []):
            found.append(make_term([word], f"discreet.revealing.{code} in outreach.yaml"))
    if not discreet.allow_organisation:
        found.append(make_term([resolve(kit.settings.organisation, locale, fallbacks)], ORGANISATION))
    return tuple(term for term in found if term)


@dataclass(frozen=True)
class Hit:
    term: Term
    text: str
    """The words as printed."""


def find(text: str, found: Sequence[Term]) -> list[Hit]:
    """The terms `text` prints, in order; where two overlap (an organisation's name, a word in it) the longer wins."""
    folded, where = normal(text)
    held = words(folded)
    found = [term for term in found if term.may_be_in(held)]  # most texts hold no term: most are not searched
    spans = [(m.start(), m.end(), term) for term in found for m in term.pattern.finditer(folded) if m.end() > m.start()]
    taken: list[tuple[int, int]] = []
    hits = []
    for start, end, term in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
            hits.append((start, Hit(term, " ".join(text[where[start] : where[end - 1] + 1].split()))))
    return [hit for _, hit in sorted(hits, key=lambda h: h[0])]


class Finder:
    """find() with one list of terms, each distinct text looked at once: the same words print on many pages."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = terms
        self._found: dict[str, list[Hit]] = {}

    def __call__(self, text: str) -> list[Hit]:
        if text not in self._found:
            self._found[text] = find(text, self.terms)
        return self._found[text]


def card_of(kit: Kit, fmt: Format) -> Format:
    """The card a sheet is cut into; the format itself otherwise."""
    return kit.formats.get(fmt.sheet.card, fmt) if fmt.sheet else fmt


def why_discreet(kit: Kit, location: Location, fmt: Format) -> str | None:
    """Why a piece is discreet as a whole, or None when it is not."""
    if location.variant == "discreet":
        return "the location is discreet"
    card = card_of(kit, fmt)
    if fmt.carried or card.carried:
        return f"{card.name} is carried away"
    return None


def _problem(kit: Kit, location: Location, fmt: Format, locale: str, where: str, why: str, hit: Hit) -> Problem:
    if hit.term.origin == ORGANISATION:
        fix = (
            "leave it off discreet pieces, or, if the name says nothing about what you do, set "
            "discreet: {allow_organisation: true} in outreach.yaml"
        )
    else:
        fix = (
            "if a service's name says it, give the service a discreet_name; otherwise change the kit text "
            "(or translation) that prints it"
        )
    said = f"{ORGANISATION} {hit.text!r}" if hit.term.origin == ORGANISATION else f"{hit.text!r} ({hit.term.origin})"
    message = (
        f"location {location.id}, format {fmt.name}, locale {locale}: {where}prints {said}, which says what it is "
        f"for, but {why} and must look ordinary; {fix}"
    )
    return locations_source(kit).problem(location_loc(kit, location), message)


def check(kit: Kit, materials: list[Material]) -> list[Problem]:
    """Revealing words in the printed text of every discreet material, before rendering."""
    finders: dict[str, Finder] = {}  # the same words print at many locations: looked at once in each locale
    problems: set[Problem] = set()
    for material in materials:
        why = why_discreet(kit, material.location, material.format)
        if why is None:
            continue
        locale = material.locale
        if locale not in finders:
            finders[locale] = Finder(terms(kit, locale))
        for segment in material.segments:
            for hit in finders[locale](segment.text):
                problems.add(_problem(kit, material.location, material.format, locale, "", why, hit))
    return sorted(problems)


class Rendered(Protocol):
    """A rendered document (outreach.planning.documents.Document, checks.compliance.Document)."""

    @property
    def pdf(self) -> bytes: ...

    @property
    def job(self) -> Any: ...


_BROKEN = re.compile(r"(?<=\w)[-\u00ad\u2010\ufffe][ \t]*\r?\n[ \t]*(?=\w)|\ufffe")
"""A word hyphenated at a line's end, as pdfium extracts it (traf‐ CR LF ficking), or a U+FFFE it left."""


def _printed(text: str) -> list[str]:
    """PDF text as extracted, and with words hyphenated at a line's end joined (anti-|trafficking reads either way)."""
    joined = _BROKEN.sub("", text)
    return [text, joined] if joined != text else [text]


def check_printed(
    kit: Kit, documents: Sequence[Rendered], pages: Callable[[bytes], Sequence[str]] | None = None
) -> list[Problem]:
    """Revealing words on the rendered pages of discreet documents, and on every page's tear-off tabs.

    `pages` gives a PDF's pages' text as page_texts does, from a reader other checks share; page_texts otherwise.
    """
    read: dict[tuple[bytes, float], list[list[str]]] = {}  # each distinct PDF read once: each page's readings
    finders: dict[str, Finder] = {}  # and each distinct page looked at once in each locale
    problems: set[Problem] = set()
    for doc in documents:
        location, fmt, locale = doc.job.location, doc.job.format, doc.job.locale
        why = why_discreet(kit, location, fmt)
        strip = fmt.tab_height_pt if why is None else 0.0  # a whole page when discreet (strip 0), else its tabs
        if why is None and not strip:
            continue
        pdf = doc.pdf
        if (pdf, strip) not in read:
            texts = (
                pages(pdf)
                if pages and not strip
                else [tabs if strip else whole for whole, tabs in page_texts(pdf, strip)]
            )
            read[pdf, strip] = [_printed(text) for text in texts]
        if locale not in finders:
            finders[locale] = Finder(terms(kit, locale))
        for number, readings in enumerate(read[pdf, strip], start=1):
            where = f"{doc.job.file} page {number}" + ("" if why else " (its tear-off tabs)")
            for hit in (hit for text in readings for hit in finders[locale](text)):
                problems.add(
                    _problem(kit, location, fmt, locale, f"{where} ", why or "tear-off tabs are carried away", hit)
                )
    return sorted(problems)
