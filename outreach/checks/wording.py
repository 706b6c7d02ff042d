"""A law's prescribed words, looked for in what a material prints.

Both sides are reduced to their letters and digits, case-folded and without
accents: white space, line breaks, line-end hyphenation (traf- | ficking),
quotes and apostrophes (straight or curly), dashes, bullets and brackets do not
count, and neither do ligatures (NFKC) or the invisible characters a PDF's text
may hold. What remains of each of the law's lines must appear in what remains of
the page, in any order of the lines: a template may set them in columns.
"""

from __future__ import annotations

import unicodedata


def normal(text: str) -> str:
    """Only the letters and digits of `text`, case-folded, without accents."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(char for char in decomposed if char.isalnum() and not unicodedata.combining(char))


def missing(words: str, printed: str) -> list[str]:
    """The lines of `words` (as the law sets them out) that `printed` does not print."""
    page = normal(printed)
    return [line.strip() for line in words.splitlines() if normal(line) and normal(line) not in page]


def quoted(lines: list[str], limit: int = 80) -> str:
    """The first missing line for a message, cut at `limit` characters, and how many more are missing."""
    first = lines[0] if len(lines[0]) <= limit else lines[0][: limit - 1].rstrip() + "…"
    return f"{first!r}" + (f" and {len(lines) - 1} more line(s)" if len(lines) > 1 else "")
