"""Which translations are to blame for a page that does not fit, and how long they may be.

When a page does not fit even at its format's minimum type size, the build names
the text that overflowed (outreach.render.overflow). This module names the
catalogue messages to blame, with their file and line: the translations the page
prints that are longer than measured to fit the format — the most characters,
read back from each message's translator comment in the POT ("At most 65
characters on wallet-card, 85 on stall-sticker (measured ...)", written by
tools/measure_lengths.py) — or, when none is, the translations the overflowing
text holds that have no measured length for the format (a kit template's own
message): each translation read as a pattern, its placeholders matching
anything, or, for one long enough to wrap, one of its lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from babel.messages.catalog import Message

from ..errors import relative
from ..paths import locales_dir
from .catalogues import catalogue_paths, is_translated, msgid_of, read_catalogue, strings_of, template_catalogue
from .locales import PSEUDO_LOCALE

_PLACEHOLDER = re.compile(r"%\(\w+\)s")
WRAPPED = 12
"""A line of overflowing text sharing this many characters with a translation is taken to be one of its lines."""
_LIMITS = re.compile(r"At most (\d+) characters on ([\w-]+)((?:, \d+ on [\w-]+)*)")
_MORE = re.compile(r"(\d+) on ([\w-]+)")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u2066\u2067\u2068\u2069\ufffe"))
"""Soft hyphens and the bidi isolates (outreach.i18n.locales.isolate): in the laid-out text, not in a catalogue."""


@dataclass(frozen=True)
class Culprit:
    """A translated message found in text that does not fit."""

    msgid: str
    context: str | None
    file: str
    line: int
    length: int
    """Characters of the translation, its placeholders left out."""
    limit: int | None
    """The most characters measured to fit the format; None when its comment gives none for the format."""

    def describe(self, format_name: str) -> str:
        what = f"the translation of {self.msgid!r}" + (f" ({self.context})" if self.context else "")
        where = f"{self.file}:{self.line}"
        if self.limit is not None and self.length > self.limit:
            return (
                f"{what} ({where}) is too long for {format_name}: at most {self.limit} characters fit, "
                f"it has {self.length}"
            )
        return f"{what} ({where}, {self.length} characters) is in the text that does not fit"


def normal(text: str) -> str:
    """Text as the layout and a catalogue can both be compared in: no soft hyphens or isolates, single spaces."""
    return " ".join(text.translate(_INVISIBLE).split())


def limits(message: Message) -> dict[str, int]:
    """Format → the most characters measured to fit, from a message's translator comment."""
    comment = re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(message.auto_comments))  # lines wrapped at hyphens
    found: dict[str, int] = {}
    for sentence in _LIMITS.finditer(comment):
        found.setdefault(sentence[2], int(sentence[1]))
        for more in _MORE.finditer(sentence[3]):
            found.setdefault(more[2], int(more[1]))
    return found


def culprits(
    overflowing: Iterable[str], page: Iterable[str], code: str, kit_root: Path | None, format_name: str
) -> list[Culprit]:
    """The translated messages of `code` (the kit's catalogue winning, as when printing) to blame for a page of
    `format_name` that does not fit: those the page prints (`page`, its text) that are longer than measured to
    fit the format; when none is, those the `overflowing` text holds that have no measured length for the
    format, best match first. A translation no longer than measured to fit is not blamed: the kit's own text
    (a long service name) is then what the error names."""
    if code == PSEUDO_LOCALE:
        return []
    lines = [normal(text) for text in overflowing if normal(text)]
    printed = normal(" ".join(page))
    measured = {(msgid_of(m), m.context): limits(m) for m in template_catalogue() if m.id}
    too_long, scored = [], []
    for (msgid, context), (message, display) in _winning(code, kit_root).items():
        length = max(len(normal(_PLACEHOLDER.sub("", s))) for s in strings_of(message))
        limit = measured.get((msgid, context), {}).get(format_name)
        culprit = Culprit(msgid, context, display, message.lineno or 1, length, limit)
        strings = [string for string in strings_of(message) if string]
        if limit is not None and length > limit and any(_whole(_pieces(s)).search(printed) for s in strings):
            too_long.append(culprit)
        score = max((_score(string, line) for string in strings for line in lines), default=0)
        if score and (limit is None or length > limit):  # one within what was measured to fit is not to blame
            scored.append((score, culprit))
    if too_long:
        return sorted(too_long, key=lambda c: -c.length / (c.limit or 1))[:3]
    best = max((score for score, _ in scored), default=0)
    return [culprit for score, culprit in sorted(scored, key=lambda s: -s[0])[:3] if score >= 0.6 * best]


def _winning(code: str, kit_root: Path | None) -> dict[tuple[str, str | None], tuple[Message, str]]:
    """(msgid, msgctxt) → the translated message that prints, and its catalogue as messages name it."""
    winning: dict[tuple[str, str | None], tuple[Message, str]] = {}
    builtin = locales_dir().parent
    for path in catalogue_paths(code, kit_root):
        in_kit = kit_root is not None and path.is_relative_to(kit_root)
        display = relative(path, kit_root) if in_kit and kit_root else f"<built-in>/{relative(path, builtin)}"
        for message in read_catalogue(path, display, code):
            if is_translated(message):
                winning[(msgid_of(message), message.context)] = (message, display)
    return winning


def note(overflowing: Iterable[str], page: Iterable[str], code: str, kit_root: Path | None, format_name: str) -> str:
    """What to add to the error of a page that does not fit: `in fr: the translation of 'Call' (...) is too long
    for wallet-card: at most 65 characters fit, it has 120`; empty when no translation is to blame."""
    found = culprits(overflowing, page, code, kit_root, format_name)
    return f"in {code}: " + "; ".join(c.describe(format_name) for c in found) if found else ""


def _pieces(string: str) -> list[str]:
    """A translation's text between its placeholders, as the layout has it."""
    return [normal(piece) for piece in _PLACEHOLDER.split(string)]


def _score(string: str, line: str) -> int:
    """How much of a translation `line` shows: the characters of the whole translation (its placeholders
    matching anything) when the line holds it, or, for a translation that wraps, the characters the line
    shares with it; 0 for none."""
    pieces = _pieces(string)
    literal = [piece for piece in pieces if piece]
    if not literal:
        return 0
    if _whole(pieces).search(line):
        return sum(len(piece) for piece in literal)
    longest = 0
    for piece in literal:
        if len(piece) >= WRAPPED or (len(line) >= 6 and line in piece):
            match = SequenceMatcher(None, line, piece, autojunk=False).find_longest_match()
            if match.size >= min(WRAPPED, len(line)):
                longest = max(longest, match.size)
    return longest


def _whole(pieces: list[str]) -> re.Pattern[str]:
    """A translation as a pattern: its placeholders match anything; it starts and ends at word boundaries in
    scripts that separate words with spaces."""
    body = r"\s*.+?\s*".join(r"\s+".join(map(re.escape, piece.split())) for piece in pieces)
    start = r"(?<!\w)" if pieces[0] and _spaced(pieces[0][0]) else ""
    end = r"(?!\w)" if pieces[-1] and _spaced(pieces[-1][-1]) else ""
    return re.compile(start + body + end)


def _spaced(char: str) -> bool:
    """A character of a script that separates words with spaces (not Chinese, Japanese, Thai or Myanmar)."""
    if not char.isalnum():
        return False
    return unicodedata.east_asian_width(char) not in ("W", "F") and not ("\u0e00" <= char <= "\u109f")
