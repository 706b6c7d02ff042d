"""What every importer produces: incoming records, findings about the source, and the report.

A reader (spreadsheet, HSDS) turns its source into `Incoming` records that hold
only the fields the source carries. A field that is absent is kept as the kit
has it; a field set to None is one the source says is empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import OutreachError

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class Finding:
    """Something about the source a person should know, pointing at where it is.

    `where` is `FILE:ROW:COLUMN` for a spreadsheet cell, or the file and the
    record's path for JSON.
    """

    where: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


class SourceError(OutreachError):
    """The source cannot be imported as it is; every problem is listed and nothing was written."""

    def __init__(self, findings: list[Finding], message: str = "") -> None:
        self.findings = findings
        errors = sum(1 for f in findings if f.severity == "error")
        super().__init__(message or f"nothing was imported: the source has {errors} error{'s' if errors != 1 else ''}")

    def lines(self) -> list[str]:
        return [str(f) for f in self.findings] + super().lines()


@dataclass
class Incoming:
    """One service as the source describes it."""

    key: str
    """Stable identity in the source, stored as the service's `source`, e.g. hsds:<uuid> or csv:<id>."""
    wanted_id: str
    """The file name (service id) to use when the kit does not have this service yet."""
    fields: dict[str, Any]
    """Only what the source carries. Text fields are {locale: text}; address fields are a dict."""
    where: str
    """How messages name this record: `FILE:ROW` or `FILE: service <id>`."""
    column: dict[str, str] = field(default_factory=dict)
    """Field → the column (or source field) it came from, so a problem can point at the cell."""
    fixed_id: bool = False
    """True when the source names the service id itself (a spreadsheet's id column)."""
    sep: str = ": "
    """Between `where` and a column: ':' for FILE:ROW:COLUMN."""
    unsourced: bool = False
    """True when the source says the service has no source (a spreadsheet's empty `source` cell): a service of
    the kit's own (a file without `source`) stays so; a new one is still recorded as `key`."""
    required: tuple[str, ...] = ()
    """Fields a service needs that the source leaves empty: an error, unless the kit's file has them empty
    too (a sheet exported from a kit with a service whose regions are not chosen yet)."""

    def at(self, name: str) -> str:
        """Where a field of this record came from, for messages."""
        return f"{self.where}{self.sep}{self.column.get(name, name)}" if name else self.where


@dataclass
class Change:
    """What an import does to one service file."""

    id: str
    action: str
    """added | changed | unchanged | missing"""
    lines: list[str] = field(default_factory=list)
    """A readable diff: one line per field."""
    text: str | None = None
    """The new file's YAML; None for unchanged and missing services."""
    file: str | None = None
    """Its file name in services/."""


@dataclass
class ImportReport:
    source: str
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Records that were left out, each with the reason."""
    deleted: list[str] = field(default_factory=list)
    written: bool = False
    failed: int = 0
    """Records left out because of errors."""

    @property
    def nothing_imported(self) -> bool:
        """Every record the source has was left out because of errors: the import failed."""
        return self.failed > 0 and not any(c.action in ("added", "changed", "unchanged") for c in self.changes)

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    @property
    def summary(self) -> str:
        return (
            f"{self.count('added')} added, {self.count('changed')} changed, {self.count('unchanged')} unchanged, "
            f"{self.count('missing')} no longer in the source"
        )

    def diff(self) -> list[str]:
        """What changes, service by service: `+` added, `~` changed, `-` no longer in the source."""
        out = []
        for change in self.changes:
            where = f"services/{change.file}"
            if change.action == "added":
                out.append(f"+ {change.id} (new: {where})")
            elif change.action == "changed":
                out.append(f"~ {change.id} ({where})")
            elif change.action == "missing":
                fate = "deleted" if change.id in self.deleted else "kept; --delete-missing deletes it"
                out.append(f"- {change.id} ({where}): {change.lines[0]}; {fate}")
                continue
            else:
                continue
            out += [f"    {line}" for line in change.lines]
        return out
