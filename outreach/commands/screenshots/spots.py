"""Where a text prints on a PDF: its characters and their boxes, as PDFium reads them.

The text a page's HTML prints (outreach.commands.screenshots.messages) is looked
for on the PDF (outreach.render.measure: every character and its box) letter by
letter: white space, punctuation, accents and the letter lam are left out on
both sides, because PDFium reads lines with spaces added or missing and Arabic
ligatures (لا, لى) in reverse. On right-to-left pages each line is read a second
time with its words in reverse order, as PDFium gives some mixed lines. Case
counts unless nothing else matches (CSS may print a text in capitals). A text
found inside a longer message's text does not count. What is still not found
is looked for word by word, in any order, within a few lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ...render.measure import Printed
from .messages import inside

DROPPED = "\u0644"
"""Arabic lam: PDFium reads its ligatures (لا, لى, ...) in reverse order, so it is matched without it."""
LINES_AROUND = 4
"""A text looked for word by word lies within this many lines of a page."""


def _separator(char: str) -> bool:
    return unicodedata.category(char)[0] in "ZPS" or char in "\r\n\t\f"


@dataclass(frozen=True)
class _View:
    """Letters and digits of a page's text in one reading order, each with its character's index."""

    letters: str
    index: tuple[int, ...]
    starts: tuple[bool, ...]
    """Whether each letter begins a word."""
    contiguous: bool
    """In the PDF's own order (not lines read with their words reversed)."""


def letters(text: str, offset: int = 0, fold: bool = False) -> tuple[list[str], list[int], list[bool]]:
    """The letters and digits of `text` as they are compared (see the module's docstring)."""
    out, index, starts, new_word = [], [], [], True
    for i, char in enumerate(text):
        if _separator(char):
            new_word = True
            continue
        for part in unicodedata.normalize("NFKD", char):
            if part.isalnum() and part != DROPPED:
                for kept in part.casefold() if fold else part:
                    out.append(kept)
                    index.append(offset + i)
                    starts.append(new_word)
                    new_word = False
    return out, index, starts


def _views(text: str, offset: int, rtl: bool, fold: bool) -> list[_View]:
    out, index, starts = letters(text, offset, fold)
    views = [_View("".join(out), tuple(index), tuple(starts), True)]
    if rtl:
        out, index, starts = [], [], []
        for line in re.finditer(r"[^\r\n]+", text):
            for word in reversed(list(re.finditer(r"\S+", line[0]))):
                more = letters(word[0], offset + line.start() + word.start(), fold)
                out.extend(more[0])
                index.extend(more[1])
                starts.extend(more[2])
        views.append(_View("".join(out), tuple(index), tuple(starts), False))
    return views


@dataclass(frozen=True)
class Spot:
    """Where a message prints on a PDF."""

    page: int
    """From 0."""
    box: tuple[float, float, float, float]
    """Left, bottom, right, top in points from the page's bottom-left corner."""
    text: str
    """The text it prints, as the page's HTML has it."""


@dataclass(frozen=True)
class _Found:
    message: int
    page: int
    chars: tuple[int, ...]
    rank: tuple[int, int, int]


def _bounded(view: _View, start: int, end: int) -> bool:
    def joins(k: int) -> bool:  # letters k-1 and k belong to one word
        return not view.starts[k] and view.letters[k - 1].isalpha() and view.letters[k].isalpha()

    return (start == 0 or not joins(start)) and (end == len(view.letters) or not joins(end))


def _occurrences(needle: str, view: _View) -> Iterable[tuple[int, ...]]:
    at = view.letters.find(needle)
    while at >= 0 and needle:
        if _bounded(view, at, at + len(needle)):
            chars = view.index[at : at + len(needle)]
            yield tuple(range(chars[0], chars[-1] + 1)) if view.contiguous else chars
        at = view.letters.find(needle, at + 1)


def _widened(text: str, chars: tuple[int, ...]) -> tuple[int, ...]:
    """A match with the punctuation right before and after it (¿ … ?)."""
    first, last = chars[0], chars[-1]
    while first > 0 and unicodedata.category(text[first - 1])[0] == "P":
        first -= 1
    while last + 1 < len(text) and unicodedata.category(text[last + 1])[0] == "P":
        last += 1
    return tuple(range(first, chars[0])) + chars + tuple(range(chars[-1] + 1, last + 1))


def locate(printed: Printed, texts: dict[int, list[str]], rtl: bool) -> dict[int, Spot]:
    """Where on the PDF each message (by index) prints one of its `texts`: its first printing in page order
    that lies inside no longer message's."""
    spots: dict[int, Spot] = {}
    pages = printed.text.split("\f")
    for fold in (False, True):
        needles = {m: ["".join(letters(text, fold=fold)[0]) for text in candidates] for m, candidates in texts.items()}
        found: list[_Found] = []
        offset = 0
        for page, page_text in enumerate(pages):
            for v, view in enumerate(_views(page_text, offset, rtl, fold)):
                for message, candidates in needles.items():
                    for t, needle in enumerate(candidates):
                        for chars in _occurrences(needle, view):
                            found.append(_Found(message, page, chars, (t, v, chars[0])))
            offset += len(page_text) + 1
        span = lambda f: (min(f.chars), max(f.chars))  # noqa: E731
        for hit in sorted(found, key=lambda f: f.rank):
            if hit.message in spots or inside(hit, found, span):
                continue
            contiguous = len(hit.chars) == hit.chars[-1] - hit.chars[0] + 1
            chars = _widened(printed.text, hit.chars) if contiguous else hit.chars
            boxes = [printed.boxes[i] for i in chars if printed.boxes[i][2] > printed.boxes[i][0]]
            if boxes:
                spots[hit.message] = Spot(hit.page, _union(boxes), texts[hit.message][hit.rank[0]])
        texts = {m: t for m, t in texts.items() if m not in spots}
    for message, candidates in texts.items():  # PDFium gave its lines or words in another order
        for text in candidates:
            chars = _by_words(printed.text, text)
            boxes = [printed.boxes[i] for i in chars if printed.boxes[i][2] > printed.boxes[i][0]]
            if boxes:
                page = printed.text.count("\f", 0, chars[0])
                spots[message] = Spot(page, _union(boxes), text)
                break
    return spots


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _by_words(text: str, wanted: str) -> tuple[int, ...]:
    """The characters of the first few lines of one page that hold every word of `wanted`, in any order and
    each with its letters in any order (PDFium may give a mark or a ligature's letters elsewhere in the word);
    empty when there are none."""
    needed = [w for w in ("".join(sorted(letters(word, fold=True)[0])) for word in wanted.split()) if w]
    lines = []  # (page, [(word, characters)])
    page = 0
    for line in re.finditer(r"[^\r\n\f]+|\f", text):
        if line[0] == "\f":
            page += 1
            continue
        words = []
        for word in re.finditer(r"\S+", line[0]):
            kept, index, _ = letters(word[0], line.start() + word.start(), fold=True)
            if kept:
                words.append(("".join(sorted(kept)), tuple(range(index[0], index[-1] + 1))))
        lines.append((page, words))
    if not needed:
        return ()
    for size in range(1, LINES_AROUND + 1):
        for first in range(len(lines) - size + 1):
            window = lines[first : first + size]
            if window[0][0] != window[-1][0]:
                continue
            words = [word for _, line_words in window for word in line_words]
            chars: list[int] = []
            for want in needed:
                match = next((w for w in words if w[0] == want), None)
                if match is None:
                    break
                words.remove(match)
                chars.extend(match[1])
            else:
                return tuple(sorted(chars))
    return ()
