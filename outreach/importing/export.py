"""`outreach export csv`: the kit's services as the spreadsheet `outreach import csv` reads, losing nothing.

One row per service file, in the import's columns (columns.py), with a
translation column for every language the kit or a service has; UTF-8 with a
byte-order mark, every cell a spreadsheet would take for a formula neutralised
(output.cell; the import reads it back as it was). The `source` column ties
each row to its file, so services an import made (`hsds:…`, `csv:…`) and the
kit's own (an empty cell) come back as they are.

The sheet is then read back as `outreach import csv` would read it into the
same kit: whatever would come back other than as the file has it, and whatever
no cell holds, is a warning naming the file and the field. Comments in the
service files are the one thing a sheet never carries (an import keeps those
at the top of a file).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import OutreachError
from ..kit.model import Settings
from .columns import explain, header, row, sheet
from .kitfiles import Existing, load_settings, read_services
from .merge import Target, reconcile
from .record import Finding
from .spreadsheet import read_text

log = logging.getLogger(__name__)

FIRST_ROW = 3
"""Row 1 names the columns, row 2 says what each holds (a comment row); the services follow."""


@dataclass
class Export:
    text: str
    """The sheet as CSV text: the header, the row saying what each column holds, one service per row."""
    services: int
    findings: list[Finding] = field(default_factory=list)
    """What the sheet does not hold as the kit's files do, each naming the file and the field."""
    replaced: bool = False
    """True when `write_export` replaced an existing file (it was told to)."""


def _kit(kit: Path) -> Path:
    root = kit.resolve()
    if not root.is_dir():
        raise OutreachError(f"{root} is not a folder", "Export a kit: the folder that holds outreach.yaml.")
    return root


def _read_back(text: str, settings: Settings, services: dict[str, Existing]) -> list[Finding]:
    """What importing `text` into the kit it came from would refuse or change, file by file and field by field."""
    files = [f"services/{existing.file}" for existing in services.values()]
    rows = read_text(text, "export.csv", settings)
    refused = [(number, problems) for number, problems in sorted(rows.problems.items())]
    changed: list[tuple[int, str]] = []
    target = Target(settings, services, date.today())
    for number, record in rows.records:
        change, problems = reconcile(record, target)
        if change is None:
            refused.append((number, [p for p in problems if p.severity == "error"]))
        elif change.action != "unchanged":
            changed += [(number, line) for line in change.lines]
    found = [
        Finding(
            files[number - FIRST_ROW],
            f"{p.where.removeprefix(f'export.csv:{number}:')}: {p.message} (importing the sheet back refuses the row)",
            "warning",
        )
        for number, problems in refused
        for p in problems
    ]
    return found + [
        Finding(files[number - FIRST_ROW], f"importing the sheet back would change {line}", "warning")
        for number, line in changed
    ]


def export_csv(kit: Path) -> Export:
    """Every service file of the kit as a row of the import's spreadsheet, and what the sheet cannot hold."""
    root = _kit(kit)
    settings = load_settings(root)
    services = read_services(root)
    base = settings.locales[0]
    rows, findings = [], []
    for existing in services.values():
        cells, lost = row(existing.data, existing.id, base)
        rows.append(cells)
        findings += [
            Finding(
                f"services/{existing.file}",
                f"{name}: {why}; the sheet leaves it out (importing it back keeps it in the file)",
                "warning",
            )
            for name, why in lost
        ]
    extra = sorted({c.partition(":")[2] for cells in rows for c in cells if ":" in c} - set(settings.locales))
    columns = header(settings.locales, extra)
    text = sheet([columns, [explain(c) for c in columns], *([cells.get(c, "") for c in columns] for cells in rows)])
    findings += _read_back(text, settings, services)
    log.info("exported %d services of %s", len(rows), root)
    return Export(text, len(rows), findings)


def write_export(kit: Path, target: Path, *, force: bool = False) -> Export:
    """The export as a file Excel opens correctly (UTF-8 with a byte-order mark); an existing file is replaced
    only with `force`, and the file appears whole or not at all."""
    if target.is_dir():
        raise OutreachError(f"{target} is a folder; nothing was written", "Give a file name, e.g. services.csv.")
    if target.exists() and not force:
        raise OutreachError(
            f"{target} already exists; nothing was written", "Give a new file name, or pass --force to replace it."
        )
    result = export_csv(kit)
    result.replaced = target.exists()
    data = result.text.encode("utf-8-sig")
    try:
        if force:
            _replace(target, data)
        else:
            _create(target, data)
    except FileExistsError:
        raise OutreachError(f"{target} appeared while the kit was read; nothing was written") from None
    except OSError as exc:
        raise OutreachError(f"cannot write {target}: {exc.strerror}; nothing was written") from None
    log.info("wrote %s", target)
    return result


def _create(target: Path, data: bytes) -> None:
    """A new file, never over one that exists; no part of it is left if writing fails."""
    with open(target, "xb") as out:
        try:
            out.write(data)
            out.flush()
        except OSError:
            target.unlink(missing_ok=True)
            raise


def _replace(target: Path, data: bytes) -> None:
    """The file replaced at once: a temporary file beside it renamed over it."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
