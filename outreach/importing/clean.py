"""Small, safe clean-ups of values that come from spreadsheets and directories.

Each function either returns a cleaned value or None; none of them guesses.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from functools import cache
from html.parser import HTMLParser

from babel import Locale
from babel.core import get_global

from ..kit.model import SLUG

_QUOTES = "\"'“”‘’«»"
_PLACEHOLDER = re.compile(r"^[a-z]+(_[a-z]+)+$")
"""snake_case words such as `fees_description`: a field name left where a value belongs."""


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("br", "p", "li", "div"):
            self.parts.append(" ")


def plain(text: str) -> str:
    """Text without markup (HTML tags, entities) and with single spaces: kit text is printed as text."""
    if "<" in text and ">" in text:
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(text)
    return " ".join(text.split())


def is_placeholder(value: str, field: str) -> bool:
    """A value that is only a field name (`wait_time` in wait_time, `extent` in extent)."""
    word = value.strip().lower()
    return word == field.lower() or bool(_PLACEHOLDER.match(word))


def unquote(value: str) -> str:
    """`"+44 1234 234567"` → `+44 1234 234567`: quote marks around a whole value."""
    value = value.strip()
    while len(value) >= 2 and value[0] in _QUOTES and value[-1] in _QUOTES:
        value = value[1:-1].strip()
    return value


def slug(text: str, fallback: str = "service") -> str:
    """A service id from a name: `Línea de Crisis` → `linea-de-crisis`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    while len(words) > 60 and "-" in words:
        words = words.rsplit("-", 1)[0]
    return words if SLUG.match(words) else fallback


def parse_date(value: object) -> date | None:
    """YYYY-MM-DD, or the date part of an ISO date-time (2023-03-15T10:30:45Z, 2023-03-15 00:00:00)."""
    if isinstance(value, date):
        return value
    match = re.match(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?\s*$", str(value))
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


@cache
def _language_names() -> dict[str, str]:
    """Lower-case English language name → code, e.g. urdu → ur."""
    return {name.casefold(): code for code, name in Locale("en").languages.items() if "_" not in code}


def language_code(value: str) -> str | None:
    """A language code that prints as a language name: `ur`, `URD`, `Urdu` → `ur`; None if unknown."""
    text = value.strip()
    names = Locale("en").languages
    code = text.replace("_", "-")
    base, _, rest = code.partition("-")
    base = base.lower()
    base = get_global("language_aliases").get(base, base)  # ISO 639-2/3 (eng, som) → 639-1 (en, so)
    code = base + (f"-{rest}" if rest else "")
    if code.replace("-", "_") in names or (not rest and base in names):
        return code
    return _language_names().get(text.casefold())


def region_match(text: str, regions: Mapping[str, object]) -> str | None:
    """The region id whose id or display name (in any language) is `text`, ignoring case and spacing."""
    wanted = " ".join(text.split()).casefold()
    for rid, names in regions.items():
        labels = [rid, *(names.values() if isinstance(names, dict) else [names])]
        if any(" ".join(str(label).split()).casefold() == wanted for label in labels):
            return rid
    return None
