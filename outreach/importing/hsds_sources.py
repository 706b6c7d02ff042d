"""Where an HSDS export's tables come from: a folder, a `.zip`, or one CSV file.

What people are sent is seldom tidy: a data package in a folder, the same
folder zipped (often with one folder inside the zip), a folder of CSV files
with no `datapackage.json`, or just `services.csv`. Each is opened here as a
`Tables` source that reads files by their path inside the package, never
outside it; a zip is read without unpacking it, within size limits.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .record import Finding, SourceError

MAX_UNPACKED = 200 * 1024 * 1024
"""A zip that would unpack to more than this (a zip bomb, or not a directory export) is refused."""

HSDS_SERVICE_COLUMNS = {"organization_id", "description", "status", "assured_date", "alternate_name", "program_id"}
"""Columns of HSDS's services table that outreach's own spreadsheet does not have."""
SPREADSHEET_COLUMNS = {"summary", "regions", "verified", "kind"}


@dataclass
class Tables:
    """Files of one data package, read by their path inside it."""

    name: str
    """How messages name the package: `export.zip`, `csv/`."""
    files: dict[str, bytes | Path] = field(default_factory=dict)
    """Path inside the package (POSIX, no leading folder) → its bytes (zip) or its file (folder)."""
    notes: list[Finding] = field(default_factory=list)

    def has(self, relative: str) -> bool:
        return _key(relative) in self.files

    def read(self, relative: str) -> bytes:
        """The file's bytes; OSError if it is not in the package."""
        item = self.files.get(_key(relative))
        if item is None:
            raise FileNotFoundError(2, "not in the package", relative)
        return item if isinstance(item, bytes) else item.read_bytes()


def _key(relative: str) -> str:
    return str(PurePosixPath(relative.replace("\\", "/"))).removeprefix("./")


def _folder(folder: Path) -> Tables:
    root = folder.resolve()
    files: dict[str, bytes | Path] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.resolve().is_relative_to(root):
            files[path.relative_to(root).as_posix()] = path
    return Tables(f"{folder.name}/", files)


def _zip(path: Path) -> Tables:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_UNPACKED:
                raise SourceError(
                    [Finding(path.name, f"would unpack to more than {MAX_UNPACKED // 2**20} MB; not read")]
                )
            names = [_key(m.filename) for m in members]
            unsafe = [n for n in names if n.startswith("/") or ".." in PurePosixPath(n).parts]
            files = {n: archive.read(m) for n, m in zip(names, members, strict=True) if n not in unsafe}
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise SourceError([Finding(path.name, f"cannot be read as a zip file ({exc})")]) from None
    files = {n: data for n, data in files.items() if not n.startswith("__MACOSX/")}
    tops = {n.split("/", 1)[0] for n in files}
    if len(tops) == 1 and all("/" in n for n in files):  # the usual zip of one folder
        top = tops.pop()
        files = {n.split("/", 1)[1]: data for n, data in files.items()}
        return Tables(f"{path.name}/{top}/", dict(files))
    return Tables(f"{path.name}/", dict(files))


def _header(data: bytes) -> set[str]:
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    first = next(csv.reader(io.StringIO(text, newline="")), [])
    return {cell.strip().lower() for cell in first}


def _one_csv(path: Path) -> Tables:
    """A single CSV: HSDS's services table (with its folder's other tables), or a clear word on what it is."""
    try:
        columns = _header(path.read_bytes())
    except OSError as exc:
        raise SourceError([Finding(str(path), f"cannot be read: {exc.strerror}")]) from None
    if columns & SPREADSHEET_COLUMNS and not columns & HSDS_SERVICE_COLUMNS:
        raise SourceError(
            [
                Finding(
                    path.name,
                    "is outreach's own spreadsheet (it has columns such as summary and regions), not HSDS; "
                    f"import it with `outreach import csv {path} --kit KIT`",
                )
            ]
        )
    if not {"id", "name"} <= columns or not columns & HSDS_SERVICE_COLUMNS:
        raise SourceError(
            [
                Finding(
                    path.name,
                    "is not HSDS's services table (it needs the columns id, name and description or "
                    "organization_id). Give the whole export: its folder, its .zip, or its datapackage.json; "
                    "or, for a spreadsheet of your own, use `outreach import csv`",
                )
            ]
        )
    tables = _folder(path.parent)
    if path.name != "services.csv":  # read this file as the services table, and only it
        return Tables(
            tables.name, {"services.csv": path}, [Finding(path.name, "read as HSDS's services table", "note")]
        )
    return tables


def open_tables(path: Path) -> Tables:
    """The package at `path`: a folder, a `.zip`, its `datapackage.json`, or a CSV file."""
    if path.is_dir():
        return _folder(path)
    if not path.exists():
        raise SourceError([Finding(str(path), "does not exist")])
    if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        return _zip(path)
    if path.name == "datapackage.json":
        return _folder(path.parent)
    return _one_csv(path)
