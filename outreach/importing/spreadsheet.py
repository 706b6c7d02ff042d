"""Services from a spreadsheet saved as CSV: one service per row.

UTF-8 with or without a byte-order mark, comma, semicolon or tab between cells,
Excel's quoting. Row 1 names the columns (any order; columns left out are not
touched in the kit); `name:es`, `summary:es`, `hours:es`, `discreet_name:es`
hold translations (the columns: columns.py). A row whose first cell starts
with `#` is a comment; each other row's cells become a service's fields in
cells.py. Every bad cell is reported as `FILE:ROW:COLUMN: error: message`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutreachError
from ..i18n.locales import is_known_locale
from ..kit.model import Settings
from .cells import Column, Row, letter
from .columns import COLUMNS, TRANSLATABLE
from .columns import template as template  # run.py's: the template is written from the columns
from .record import Finding, Incoming, SourceError


@dataclass
class Rows:
    records: list[tuple[int, Incoming]] = field(default_factory=list)
    """(row number, the service it holds) for every good row."""
    problems: dict[int, list[Finding]] = field(default_factory=dict)
    """Row number → what is wrong with it (row 1 is the header)."""
    keys: dict[int, str] = field(default_factory=dict)
    """Row number → the service it names, for every row (good or bad)."""


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OutreachError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            [Finding(f"{path.name}:{line}", "is not UTF-8 text; in Excel use File › Save As › CSV UTF-8")]
        ) from None


def _column(name: str, base: str) -> Column | None:
    key, _, code = name.strip().lower().partition(":")
    if key not in COLUMNS or (code and key not in TRANSLATABLE):
        return None
    return (key, None if code in ("", base) else code)


def _header(cells: list[str], file: str, base: str) -> tuple[dict[int, Column], list[Finding]]:
    columns: dict[int, Column] = {}
    problems = []
    for index, cell in enumerate(cells):
        where = f"{file}:1:{cell.strip() or letter(index)}"
        if not cell.strip():
            continue
        column = _column(cell, base)
        if column is None:
            known = ", ".join(COLUMNS) + ", and name:CODE, summary:CODE, hours:CODE for translations"
            problems.append(Finding(where, f"unknown column {cell.strip()!r}; known: {known}"))
        elif column[1] and not is_known_locale(column[1]):
            problems.append(Finding(where, f"{column[1]!r} is not a language code such as es or so"))
        elif column in columns.values():
            problems.append(Finding(where, "this column appears twice; keep one"))
        else:
            columns[index] = column
    if columns and not {("id", None), ("name", None)} & set(columns.values()):
        problems.append(Finding(f"{file}:1", "needs an id or a name column to know which service each row is"))
    return columns, problems


def read_rows(path: Path, settings: Settings) -> Rows:
    """Every row of the spreadsheet as an incoming service, or the problems of its cells."""
    return read_text(_decode(path), path.name, settings)


def read_text(text: str, file: str, settings: Settings) -> Rows:
    """`read_rows` for the text of a file named `file` (outreach export csv reads its own sheet back)."""
    base = settings.locales[0]
    first = text.split("\n", 1)[0]
    delimiter = max(
        ",;\t", key=lambda d: sum(_column(c, base) is not None for c in next(csv.reader([first], delimiter=d), []))
    )
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise SourceError([Finding(file, f"is not a readable CSV file ({exc})")]) from None
    if not table:
        raise SourceError([Finding(file, "is empty; row 1 names the columns (see `outreach import csv --template`)")])
    columns, problems = _header(table[0], file, base)
    if problems:
        raise SourceError(problems)
    rows, seen, sources = Rows(), dict[str, int](), dict[str, int]()
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells) or cells[0].strip().startswith("#"):
            continue
        row = Row(number, cells, columns, table[0], file, settings)
        record = row.record()
        # the services `import csv` lists as gone are those with a csv: source that no row names
        rows.keys[number] = row.key if row.key.startswith("csv:") else f"csv:{row.sid}" if row.sid else ""
        if row.sid and row.sid in seen:
            row.fail("id", f"{row.sid!r} is also the id on row {seen[row.sid]}; ids must be unique")
        elif row.key and row.key in sources:
            row.fail("source", f"{row.key!r} is also the source on row {sources[row.key]}; each row has its own")
        seen.setdefault(row.sid, number)
        sources.setdefault(row.key, number)
        if row.problems:
            rows.problems[number] = row.problems
        elif record:
            rows.records.append((number, record))
    return rows
