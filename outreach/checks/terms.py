"""Finding a term in printed text, in any script.

Matching (`normal`, `_pattern`) ignores case, accents, soft hyphens, zero-width and direction controls,
and hyphens or spaces between the words of a phrase, and finds whole words, except: in scripts written
without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar, Karen) a term is found anywhere, across line
breaks, but never cut from a syllable; in Arabic script vowel marks and tatweel are ignored, أ إ آ match ا,
ة matches ه and ى matches ي, and words may carry the joined و ف ب ك ل and the article ال (or لل) a list
leaves off; Ethiopic words are separated by spaces or ፡; and a list with `accents: significant`
(Vietnamese, where tone marks tell words apart: đĩ is not đi) matches accents as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so match positions stay put."""
    return "".join(unicodedata.normalize("NFD", ch)[0].lower()[:1] or ch for ch in text)


_UNPRINTED = set("\u00ad\u0640\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066")
_UNPRINTED |= set("\u2067\u2068\u2069\ufeff\ufffe")
"""Soft hyphens, tatweel, zero-width and direction controls: never printed, so never part of a word."""
_ARABIC_MARKS = frozenset(map(chr, [*range(0x610, 0x61B), *range(0x64B, 0x660), 0x670, *range(0x6D6, 0x6EE)]))
_ACCENTS = frozenset(
    chr(c)
    for a, b in ((0x300, 0x370), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100), (0xFE20, 0xFE30))
    for c in range(a, b)
)
"""Combining accents of Latin, Greek and Cyrillic letters, folded away (or composed, where accents count)."""
_ARABIC_ALIKE = {"ة": "ه", "ى": "ي"}
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_PROCLITICS = "[وف]?(?:لل|[بكل]?(?:ال)?)"
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua9e0-\ua9ff\uaa60-\uaa7f\uf900-\ufaff\U00020000-\U0003134f]"
)
"""Scripts written without spaces between words (as in checks/discreet.py): found anywhere, not as whole words."""
_SYLLABLE_MARKS = "".join(
    re.escape(chr(c))
    for start, end in ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))
    for c in range(start, end + 1)
    if unicodedata.category(chr(c)) in ("Mn", "Mc")
)
"""Vowel signs and other marks of those scripts: a term ending before one would be cut from its syllable."""
_JOIN = r"[\s\-‐፡]+"


@lru_cache(maxsize=4096)  # the same words are looked at for many locations and terms
def normal(text: str, accents: bool = False) -> tuple[str, tuple[int, ...]]:
    """`text` as terms are matched (see the module's docstring), and where in `text` each character was."""
    kept: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char < "\x80":
            letter = char.lower()
        elif char in _UNPRINTED or char in _ARABIC_MARKS:
            continue
        elif char in _ACCENTS:  # a combining accent: kept composed with its letter, or dropped
            if accents and kept and len(merged := unicodedata.normalize("NFC", kept[-1] + char)) == 1:
                kept[-1] = merged
            continue
        else:
            decomposed = unicodedata.normalize("NFD", char)  # accents off, not the parts of a Hangul syllable or kana
            plain = not accents and all(c in _ACCENTS or c in _ARABIC_MARKS for c in decomposed[1:])
            letter = (decomposed[0] if plain else char).lower()[:1] or char
        kept.append(_ARABIC_ALIKE.get(letter, letter))
        where.append(index)
    return "".join(kept), tuple(where)


def _bare(word: str) -> str:
    """An Arabic word without its article (the pattern allows it back)."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _alternative(text: str) -> tuple[bool, str]:
    """The pattern finding one form of a term in normal() text, and whether it is of whole words."""
    if _UNSPACED.search(text):
        return False, r"\s*".join(re.escape(char) for char in text if not char.isspace())
    words = text.split()
    if _ARABIC.search(text):
        return True, _JOIN.join(
            [_PROCLITICS + re.escape(_bare(words[0]))] + [f"(?:ال)?{re.escape(_bare(w))}" for w in words[1:]]
        )
    return True, _JOIN.join(map(re.escape, words))


def _pattern(forms: Iterable[str], accents: bool) -> re.Pattern[str]:
    """What finds any of `forms` in normal() text: whole words, or (unspaced scripts) never cut from a syllable."""
    texts = sorted({" ".join(normal(f, accents)[0].split()) for f in forms} - {""}, key=len, reverse=True)
    found = [_alternative(text) for text in texts]
    words = "|".join(body for whole, body in found if whole)
    anywhere = "|".join(body for whole, body in found if not whole)
    both = [
        rf"(?<!\w)(?:{words})(?!\w)" if words else "",
        rf"(?<!\u1039)(?:{anywhere})(?![{_SYLLABLE_MARKS}])" if anywhere else "",
    ]
    return re.compile("|".join(filter(None, both)) or r"(?!)")


@dataclass(frozen=True)
class Term:
    forms: tuple[str, ...]
    instead: tuple[str, ...]
    why: str
    headline: bool = False
    origin: str = ""
    source: tuple[str, ...] = ()
    """Where the advice comes from, as the built-in list cites it."""
    accents: bool = False
    """True: accents tell words apart in this term's language, and are matched as written."""
    pattern: re.Pattern[str] = field(compare=False, default=re.compile(r"(?!)"))
    """What finds the term in normal() text; the default finds nothing."""

    @staticmethod
    def make(
        forms: Iterable[str],
        instead: Iterable[str] = (),
        why: str = "",
        headline: bool = False,
        origin: str = "",
        source: Iterable[str] = (),
        accents: bool = False,
    ) -> Term:
        forms = tuple(forms)
        return Term(forms, tuple(instead), why, headline, origin, tuple(source), accents, _pattern(forms, accents))

    def normal(self, text: str) -> str:
        return " ".join(normal(text, self.accents)[0].split())

    def search(self, text: str) -> bool:
        """Whether `text` uses the term."""
        return bool(self.pattern.search(normal(text, self.accents)[0]))


@dataclass(frozen=True)
class Hit:
    term: Term
    text: str
    """The words as written."""


def find(text: str, terms: list[Term], heading: bool) -> list[Hit]:
    """Terms in `text`; where two overlap (child prostitute, prostitute) the longer wins."""
    views: dict[bool, tuple[str, tuple[int, ...]]] = {}
    spans = []
    for term in terms:
        if term.headline and not heading:
            continue
        if term.accents not in views:
            views[term.accents] = normal(text, term.accents)
        folded, where = views[term.accents]
        for m in term.pattern.finditer(folded):
            if m.end() > m.start():
                end = where[m.end() - 1] + 1
                while end < len(text) and unicodedata.combining(text[end]):
                    end += 1
                spans.append((where[m.start()], end, term))
    taken: list[tuple[int, int]] = []
    hits = []
    for start, end, term in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
            hits.append(Hit(term, text[start:end]))
    return hits
