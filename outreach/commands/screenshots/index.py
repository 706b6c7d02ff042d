"""The index of a screenshots folder: every message in every locale, its PNG or the reason it has none.

screenshots.csv for people and spreadsheets, screenshots.json for programs (a
Weblate upload script matches a file to its unit by msgctxt and msgid), the
same rows in both.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from ...names import SCREENSHOT_INDEX, SCREENSHOT_JSON
from .messages import Message

COLUMNS = [
    "file",
    "locale",
    "msgctxt",
    "msgid",
    "msgid_plural",
    "msgstr",
    "printed",
    "format",
    "document",
    "page",
    "box",
    "crop",
    "highlight",
    "reason",
    "sources",
]
"""`msgstr`: the form the page prints (the source text where untranslated); `printed`: with its placeholders
filled in; `document`: the PDF in the folder it was cut from, `page` from 1; `box` (the message) and `crop` (the
PNG): left, bottom, right, top in PDF points from the page's bottom-left corner; `highlight`: the outline in the
PNG, left, top, right, bottom in pixels; `reason`: why a message has no PNG; `sources`: its templates."""


@dataclass(frozen=True)
class Shot:
    """One message in one locale: its screenshot, or the reason there is none."""

    locale: str
    message: Message
    file: str = ""
    msgstr: str = ""
    printed: str = ""
    format: str = ""
    document: str = ""
    page: int = 0
    box: tuple[float, ...] = ()
    crop: tuple[float, ...] = ()
    highlight: tuple[int, ...] = ()
    reason: str = ""

    def row(self) -> dict:
        m = self.message
        return {
            "file": self.file,
            "locale": self.locale,
            "msgctxt": m.context,
            "msgid": m.msgid,
            "msgid_plural": m.plural,
            "msgstr": self.msgstr or m.forms[0],
            "printed": self.printed,
            "format": self.format,
            "document": self.document,
            "page": self.page or "",
            "box": [round(v, 2) for v in self.box],
            "crop": [round(v, 2) for v in self.crop],
            "highlight": list(self.highlight),
            "reason": self.reason,
            "sources": list(m.sources),
        }


def index_files(shots: list[Shot]) -> dict[str, bytes]:
    """screenshots.csv (lists as space-separated values) and screenshots.json."""
    rows = [shot.row() for shot in shots]
    table = io.StringIO()
    writer = csv.DictWriter(table, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: " ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
    return {
        SCREENSHOT_INDEX: table.getvalue().encode("utf-8"),
        SCREENSHOT_JSON: (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
    }
