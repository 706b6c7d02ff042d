"""The spreadsheet's columns: what each holds, and a service file's data written as a row of them.

`outreach import csv` reads these columns (spreadsheet.py, cells.py); the
template and `outreach export csv` write them. A text column holds the kit's
first language; `name:es` and the like hold translations.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..i18n.locales import is_known_locale, locale_info
from ..kit.model import SERVICE_KINDS
from ..output import cell

COLUMNS = {
    "id": "# the service's file name: lower-case letters, digits and dashes; "
    "keep it the same from one import to the next",
    "name": "the service's name",
    "summary": "one or two sentences a person in the situation would understand",
    "kind": "one of: " + ", ".join(SERVICE_KINDS),
    "phone": "a number to call, as dialled locally or with + and the country code; add ext. 12 for an extension",
    "text": "a number or short code that takes text messages",
    "text_keyword": "a word to send as the first text, e.g. HELP (needs text)",
    "tty": "a TTY number, or 711 for the relay service",
    "url": "a full https:// address",
    "hours": "when someone answers",
    "languages": "language codes, separated by spaces: en es so",
    "interpreters": "yes: calls are answered in other languages too, through interpreters (needs phone)",
    "text_languages": "the languages texts are answered in, when fewer than languages: en es",
    "discreet_name": "a neutral name discreet pieces print instead of the name, e.g. Free helpline",
    "regions": "region ids from outreach.yaml, separated by spaces, or: all",
    "street": "leave the address empty if there is none",
    "city": "",
    "state": "",
    "postal_code": "",
    "confidential": "yes: the address is never printed; no: it may be printed",
    "verified": "the date someone last confirmed these details: YYYY-MM-DD",
    "notes": "for you only; never printed",
    "source": "where an import found the service (csv:…, hsds:…): leave it as exported, it ties the row to its "
    "file; empty: a service of the kit's own",
}
TRANSLATABLE = ("name", "summary", "hours", "discreet_name")
ADDRESS = ("street", "city", "state", "postal_code")
REQUIRED = ("name", "summary", "kind", "regions", "verified")
LANGUAGE_LISTS = ("languages", "text_languages")
SCALARS = ("kind", "phone", "text", "text_keyword", "tty", "url", "verified", "source")
YES, NO = {"yes", "y", "true", "1", "x", "sí", "si"}, {"no", "n", "false", "0"}
WRITTEN_BY_OUTREACH = ("source",)
"""Columns the template leaves out: `outreach export csv` fills them in."""


def header(locales: list[str], extra: Sequence[str] = (), template: bool = False) -> list[str]:
    """Every column, then the translation columns of the kit's other languages and of `extra` ones."""
    codes = list(dict.fromkeys([*locales[1:], *extra]))
    base = [c for c in COLUMNS if not (template and c in WRITTEN_BY_OUTREACH)]
    return base + [f"{key}:{code}" for code in codes for key in TRANSLATABLE]


def explain(column: str) -> str:
    """What a column holds, for the row of explanations below the header."""
    key, _, code = column.partition(":")
    return f"{key} in {locale_info(code).english}" if code else COLUMNS[key]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _scalar(value: Any) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _words(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return " ".join(value)
    return None


def _texts(key: str, value: Any, base: str, cells: dict[str, str], lost: list[tuple[str, str]]) -> None:
    texts = {base: value} if isinstance(value, str) else value
    if not isinstance(texts, dict) or not all(isinstance(k, str) and isinstance(t, str) for k, t in texts.items()):
        lost.append((key, "is neither text nor a mapping of locale to text, which no cell can hold"))
        return
    for code, text in texts.items():
        if code != base and not is_known_locale(code):
            lost.append((key, f"its {code!r} text: {code!r} is not a locale code a column can be named after"))
            continue
        cells[key if code == base else f"{key}:{code}"] = " ".join(text.split())


def _address(value: Any, cells: dict[str, str], lost: list[tuple[str, str]]) -> None:
    if not isinstance(value, dict):
        lost.append(("address", "is not a mapping of street, city, state, postal_code and confidential"))
        return
    for key, part in value.items():
        text = _scalar(part) if key in ADDRESS else None
        if key == "confidential" and isinstance(part, bool):
            cells["confidential"] = _yes(part)
        elif text is not None:
            cells[key] = text
        else:
            lost.append((f"address.{key}", "has no column in the spreadsheet"))


def row(data: dict[str, Any], sid: str, base: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """A service file's data as cells by column, and each (field, why) that no cell holds."""
    cells: dict[str, str] = {"id": sid}
    lost: list[tuple[str, str]] = []
    for key, value in data.items():
        text: str | None = None
        if value is None:
            continue
        if key in TRANSLATABLE:
            _texts(key, value, base, cells, lost)
            continue
        if key == "address":
            _address(value, cells, lost)
            continue
        if key in LANGUAGE_LISTS:
            text = _words(value)
        elif key == "regions":
            text = "all" if value == "all" else _words(value)
        elif key == "interpreters":
            text = _yes(value) if isinstance(value, bool) else None
        elif key == "notes":
            text = value if isinstance(value, str) else None  # line breaks and all
        elif key in SCALARS:
            text = _scalar(value)
        else:
            lost.append((key, "has no column in the spreadsheet"))
            continue
        if text is None:
            lost.append((key, f"holds {type(value).__name__} {value!r}, which its column cannot"))
        else:
            cells[key] = text
    return cells, lost


def sheet(rows: list[list[str]]) -> str:
    """Rows as CSV text with Excel's line ends, every cell a spreadsheet would take for a formula neutralised."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([[cell(text) for text in line] for line in rows])
    return buffer.getvalue()


def template(locales: list[str], example: dict[str, Any]) -> str:
    """A header with every column, a comment row saying what each holds, and one example row."""
    base = locales[0]
    texts = {  # the example's text in the kit's first language, in its own when it has no translation into it
        key: {base: value.get(base) or next(iter(value.values())), **value}
        for key, value in example.items()
        if key in TRANSLATABLE and isinstance(value, dict) and value
    }
    cells, _ = row({**example, **texts, "source": None}, "national-hotline", base)
    columns = header(locales, template=True)
    return sheet([columns, [explain(c) for c in columns], [cells.get(c, "") for c in columns]])
