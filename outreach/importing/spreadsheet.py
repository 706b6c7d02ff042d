"""Services from a spreadsheet saved as CSV: one service per row.

UTF-8 with or without a byte-order mark, comma, semicolon or tab between cells,
Excel's quoting. Row 1 names the columns (any order; columns left out are not
touched in the kit); `name:es`, `summary:es`, `hours:es` hold translations.
A row whose first cell starts with `#` is a comment. Every bad cell is
reported as `FILE:ROW:COLUMN: error: message`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OutreachError
from ..i18n.locales import is_known_locale, locale_info
from ..kit import contacts
from ..kit.model import SERVICE_KINDS, SLUG, Settings
from .clean import language_code, parse_date, region_match, slug
from .record import Finding, Incoming, SourceError

COLUMNS = {
    "id": "# the service's file name: lower-case letters, digits and dashes; "
    "keep it the same from one import to the next",
    "name": "the service's name",
    "summary": "one or two sentences a person in the situation would understand",
    "kind": "one of: " + ", ".join(SERVICE_KINDS),
    "phone": "a number to call, as dialled locally or with + and the country code; add ext. 12 for an extension",
    "text": "a number or short code that takes text messages",
    "url": "a full https:// address",
    "hours": "when someone answers",
    "languages": "language codes, separated by spaces: en es so",
    "regions": "region ids from outreach.yaml, separated by spaces, or: all",
    "street": "leave the address empty if there is none",
    "city": "",
    "state": "",
    "postal_code": "",
    "confidential": "yes: the address is never printed; no: it may be printed",
    "verified": "the date someone last confirmed these details: YYYY-MM-DD",
    "notes": "for you only; never printed",
}
TRANSLATABLE = ("name", "summary", "hours")
ADDRESS = ("street", "city", "state", "postal_code")
REQUIRED = ("name", "summary", "kind", "regions", "verified")
_YES, _NO = {"yes", "y", "true", "1", "x", "sí", "si"}, {"no", "n", "false", "0"}
_EXCEL_NUMBER = re.compile(r"^\d(\.\d+)?E\+\d+$", re.IGNORECASE)

Column = tuple[str, str | None]
"""(field, locale): ('name', None) is the kit's first language, ('name', 'es') a translation."""


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


def _letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column(name: str, base: str) -> Column | None:
    key, _, code = name.strip().lower().partition(":")
    if key not in COLUMNS or (code and key not in TRANSLATABLE):
        return None
    return (key, None if code in ("", base) else code)


def _header(cells: list[str], file: str, base: str) -> tuple[dict[int, Column], list[Finding]]:
    columns: dict[int, Column] = {}
    problems = []
    for index, cell in enumerate(cells):
        where = f"{file}:1:{cell.strip() or _letter(index)}"
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
    text, file, base = _decode(path), path.name, settings.locales[0]
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
    rows, seen = Rows(), dict[str, int]()
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells) or cells[0].strip().startswith("#"):
            continue
        row = _Row(number, cells, columns, table[0], file, settings)
        record = row.record()
        rows.keys[number] = f"csv:{row.sid}" if row.sid else ""
        if row.sid and row.sid in seen:
            row.fail("id", f"{row.sid!r} is also the id on row {seen[row.sid]}; ids must be unique")
        seen.setdefault(row.sid, number)
        if row.problems:
            rows.problems[number] = row.problems
        elif record:
            rows.records.append((number, record))
    return rows


class _Row:
    """One row's cells turned into fields; every bad cell is recorded, not just the first."""

    def __init__(
        self,
        number: int,
        cells: list[str],
        columns: dict[int, Column],
        header: list[str],
        file: str,
        settings: Settings,
    ):
        self.settings, self.where = settings, f"{file}:{number}"
        self.cells = {col: " ".join(cells[i].split()) for i, col in columns.items() if i < len(cells)}
        self.names = {col: header[i].strip() for i, col in columns.items()}
        self.problems: list[Finding] = []
        self.sid = ""
        for index in range(len(header), len(cells)):
            if cells[index].strip():
                self.problems.append(
                    Finding(f"{self.where}:{_letter(index)}", "this cell is outside the columns named in row 1")
                )

    def fail(self, key: str, message: str, locale: str | None = None) -> None:
        self.problems.append(Finding(f"{self.where}:{self.names.get((key, locale), key)}", message))

    def has(self, key: str) -> bool:
        return (key, None) in self.names

    def get(self, key: str, locale: str | None = None) -> str:
        return self.cells.get((key, locale), "")

    def record(self) -> Incoming | None:
        fields: dict[str, Any] = {}
        for key in TRANSLATABLE:
            self._text(key, fields)
        self.sid = self.get("id") or (slug(self.get("name")) if self.get("name") else "")
        if self.get("id") and not SLUG.match(self.sid):
            self.fail("id", f"{self.sid!r} is not an id: use lower-case letters, digits and dashes, e.g. crisis-line")
        for key, parse in (
            ("kind", self._kind),
            ("phone", self._phone),
            ("text", self._phone),
            ("url", self._url),
            ("languages", self._languages),
            ("regions", self._regions),
            ("verified", self._date),
        ):
            if self.has(key):
                value = self.get(key)
                if not value and key in REQUIRED:
                    self.fail(key, "is empty; every service needs it")
                else:
                    fields[key] = parse(key, value) if value else None
        if self.has("notes"):
            fields["notes"] = self.get("notes") or None
        self._address(fields)
        column = {key: self.names[(key, None)] for key in COLUMNS if (key, None) in self.names}
        column["address"] = column.get("street", "street")
        return (
            Incoming(f"csv:{self.sid}", self.sid, fields, self.where, column, fixed_id=True, sep=":")
            if self.sid
            else None
        )

    def _text(self, key: str, fields: dict[str, Any]) -> None:
        base = self.settings.locales[0]
        translations = {
            code: self.get(key, code) for (k, code) in self.names if k == key and code and self.get(key, code)
        }
        if not self.has(key):
            if translations:
                fields[key] = translations
            return
        if self.get(key):
            fields[key] = {base: self.get(key), **translations}
        elif key in REQUIRED:
            self.fail(key, "is empty; every service needs it")
        elif translations:
            self.fail(key, f"is empty but {', '.join(f'{key}:{c}' for c in translations)} has text; fill it in")
        else:
            fields[key] = None

    def _kind(self, key: str, value: str) -> str | None:
        if value.lower() not in SERVICE_KINDS:
            self.fail(key, f"{value!r} is not a kind of service; write one of: {', '.join(SERVICE_KINDS)}")
        return value.lower()

    def _phone(self, key: str, value: str) -> str | None:
        if _EXCEL_NUMBER.match(value):
            self.fail(
                key, f"Excel turned this number into {value}; format the column as Text and type the number again"
            )
            return None
        try:
            parse = contacts.phone if key == "phone" else contacts.text_line
            return parse(value, self.settings.phone_region).display
        except contacts.ContactError as exc:
            self.fail(key, str(exc))
            return None

    def _url(self, key: str, value: str) -> str | None:
        try:
            return contacts.web(value).uri
        except contacts.ContactError as exc:
            self.fail(key, str(exc))
            return None

    def _languages(self, key: str, value: str) -> list[str]:
        codes: list[str] = []
        bad: list[str] = []
        for word in re.split(r"[,;\s]+", value):
            code = language_code(word) if word else None
            (codes if code else bad).append(code or word)
        if [w for w in bad if w]:
            self.fail(key, f"not a language code: {', '.join(w for w in bad if w)}; write codes such as en es so")
        return list(dict.fromkeys(codes))

    def _regions(self, key: str, value: str) -> list[str] | str:
        if value.strip().lower() == "all":
            return "all"
        found, unknown = [], []
        for part in re.split(r"[,;]", value):
            match = region_match(part, self.settings.regions) if part.strip() else None
            words = [] if match else [w for w in part.split() if w]
            matches = [match] if match else [region_match(w, self.settings.regions) for w in words]
            found += [m for m in matches if m]
            unknown += [w for w, m in zip(words, matches, strict=False) if not m]
        if unknown:
            self.fail(
                key,
                f"unknown region {', '.join(map(repr, unknown))}; known: {', '.join(self.settings.regions)}, or all",
            )
        return list(dict.fromkeys(found))

    def _date(self, key: str, value: str) -> Any:
        parsed = parse_date(value)
        if parsed is None:
            self.fail(
                key,
                f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-10-30 "
                "(in Excel, format the column as Text)",
            )
        return parsed

    def _address(self, fields: dict[str, Any]) -> None:
        present = [k for k in ADDRESS if self.has(k)]
        if not present and not self.has("confidential"):
            return
        if present and not any(self.get(k) for k in present):
            fields["address"] = None
            return
        address: dict[str, Any] = {k: self.get(k) for k in present}
        for key in ("street", "city"):
            if not self.get(key):
                self.fail(key, f"is empty, but the row has an address; fill in the {key} or empty every address cell")
        flag = self.get("confidential").lower()
        if flag in _YES or flag in _NO:
            address["confidential"] = flag in _YES
        elif self.has("confidential") and (flag or present):
            self.fail(
                "confidential",
                "write yes (the address is never printed) or no (it may be printed)"
                + (f"; got {flag!r}" if flag else ""),
            )
        if present:
            fields["address"] = address


def template(locales: list[str], example: dict[str, Any]) -> str:
    """A header with every column, a comment row saying what each holds, and one example row."""
    extra = locales[1:]
    header = list(COLUMNS) + [f"{key}:{code}" for code in extra for key in TRANSLATABLE]
    helps = list(COLUMNS.values()) + [f"{key} in {locale_info(code).english}" for code in extra for key in TRANSLATABLE]

    def text(value: Any, code: str) -> str:
        if isinstance(value, dict):
            return value.get(code, "") if code != locales[0] else value.get(code) or next(iter(value.values()))
        return str(value or "") if code == locales[0] else ""

    regions = example.get("regions")
    row = {
        "id": "national-hotline",
        "kind": example.get("kind", ""),
        "phone": example.get("phone", ""),
        "text": example.get("text", ""),
        "url": example.get("url", ""),
        "languages": " ".join(example.get("languages", [])),
        "verified": str(example.get("verified", "")),
        "regions": regions if isinstance(regions, str) else " ".join(regions or []),
    }
    row |= {key: text(example.get(key), locales[0]) for key in TRANSLATABLE}
    row |= {f"{key}:{code}": text(example.get(key), code) for code in extra for key in TRANSLATABLE}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([header, helps, [row.get(column, "") for column in header]])
    return buffer.getvalue()
