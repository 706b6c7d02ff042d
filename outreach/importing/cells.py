"""One spreadsheet row's cells turned into a service's fields; every bad cell is recorded, not just the first.

Each cell is read as `outreach export csv` wrote it (output.uncell removes the
apostrophe that keeps a spreadsheet from taking it for a formula), with single
spaces (notes keep their line breaks), then checked as a service file's field
would be.
"""

from __future__ import annotations

import re
from typing import Any

from ..kit import contacts
from ..kit.model import KEYWORD, SERVICE_KINDS, SLUG, Settings
from ..output import uncell
from .clean import language_code, parse_date, region_match, slug
from .columns import ADDRESS, COLUMNS, NO, REQUIRED, TRANSLATABLE, YES
from .record import Finding, Incoming

_EXCEL_NUMBER = re.compile(r"^\d(\.\d+)?E\+\d+$", re.IGNORECASE)
_SOURCE = re.compile(r"^[a-z][a-z0-9_-]*:\S")

Column = tuple[str, str | None]
"""(field, locale): ('name', None) is the kit's first language, ('name', 'es') a translation."""


def letter(index: int) -> str:
    """A spreadsheet's name for a column: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


class Row:
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
        self.raw = {col: uncell(cells[i]) for i, col in columns.items() if i < len(cells)}
        self.cells = {col: " ".join(text.split()) for col, text in self.raw.items()}
        self.names = {col: header[i].strip() for i, col in columns.items()}
        self.problems: list[Finding] = []
        self.sid = self.key = ""
        for index in range(len(header), len(cells)):
            if cells[index].strip():
                self.problems.append(
                    Finding(f"{self.where}:{letter(index)}", "this cell is outside the columns named in row 1")
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
        required: tuple[str, ...] = ()
        for key, parse in (
            ("kind", self._kind),
            ("phone", self._phone),
            ("text", self._phone),
            ("text_keyword", self._keyword),
            ("tty", self._phone),
            ("url", self._url),
            ("languages", self._languages),
            ("interpreters", self._flag),
            ("text_languages", self._languages),
            ("regions", self._regions),
            ("verified", self._date),
        ):
            if self.has(key):
                value = self.get(key)
                if value or key not in REQUIRED:
                    fields[key] = parse(key, value) if value else None
                elif key == "regions":  # an error unless the kit's file has none either (Incoming.required)
                    fields[key], required = None, (key,)
                else:
                    self.fail(key, "is empty; every service needs it")
        if self.has("notes"):  # line breaks and all: notes are not printed
            fields["notes"] = self.raw.get(("notes", None), "").replace("\r\n", "\n").strip() or None
        self._address(fields)
        column = {key: self.names[(key, None)] for key in COLUMNS if (key, None) in self.names}
        column["address"] = column.get("street", "street")
        if not self.sid:
            return None
        self.key, unsourced = self._source()
        return Incoming(
            self.key,
            self.sid,
            fields,
            self.where,
            column,
            fixed_id=True,
            sep=":",
            unsourced=unsourced,
            required=required,
        )

    def _source(self) -> tuple[str, bool]:
        """The row's key (its source cell, or csv:<id>), and whether its source cell is there and empty."""
        value = self.get("source")
        if value and not _SOURCE.match(value):
            self.fail("source", f"{value!r} is not a source such as csv:crisis-line or hsds:<id>; keep it as exported")
        return value or f"csv:{self.sid}", self.has("source") and not value

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
            parse = {"phone": contacts.phone, "text": contacts.text_line, "tty": contacts.tty}[key]
            return parse(value, self.settings.phone_region).display
        except contacts.ContactError as exc:
            self.fail(key, str(exc))
            return None

    def _keyword(self, key: str, value: str) -> str:
        if not KEYWORD.fullmatch(value):
            self.fail(key, f"{value!r} is not a text keyword: one word of letters and digits, e.g. HELP")
        return value

    def _flag(self, key: str, value: str) -> bool:
        if value.lower() not in YES | NO:
            self.fail(key, f"write yes or no; got {value!r}")
        return value.lower() in YES

    def _url(self, key: str, value: str) -> str | None:
        try:
            # http: as in a service file, `outreach check` warns about it
            return contacts.web(value, allow_http=True, allowed=self.settings.allowed_urls).uri
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
        if flag in YES or flag in NO:
            address["confidential"] = flag in YES
        elif self.has("confidential") and (flag or present):
            self.fail(
                "confidential",
                "write yes (the address is never printed) or no (it may be printed)"
                + (f"; got {flag!r}" if flag else ""),
            )
        if present:
            fields["address"] = address
