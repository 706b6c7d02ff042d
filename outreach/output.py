"""The one place that writes a build's files, atomically.

Everything is written into a temporary folder beside OUT and swapped in at the
end; a failed build leaves the previous output whole. A folder that holds
something other than outreach output is never replaced: the build writes a
marker listing every file it wrote, and refuses a folder holding any other.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import logging
import os
import shutil
import tempfile
from pathlib import Path

from .errors import OutreachError
from .names import BUILD_FILES, MANIFEST, MARKER, THUMBS

log = logging.getLogger(__name__)

MANIFEST_FIELDS = [
    "location",
    "format",
    "locale",
    "file",
    "pages",
    "trim_size",
    "piece",
    "copies",
    "sheets",
    "sha256",
    "smallest_pt",
    "same_as",
    "content_key",
    "render_key",
]
"""`piece`: the format of one piece (a sheet's card); `copies`: the pieces to post or hand out, counted once per
location, locale and piece (a card sheet's row and its single card's row hold the same cards); `sheets`: the sheets
that hold them, for a sheet of cards or labels; `smallest_pt`: the smallest type printed; `same_as`: the first file
with identical content (one rendering, shared); the keys: see outreach.planning.keys."""


def _files(out: Path) -> list[str]:
    """Every file under `out` (and link that is not to a folder), as a relative path; links to folders are not
    followed. os.walk, not Path.rglob: a statewide OUT holds tens of thousands of files."""
    found = []
    for folder, _, files in os.walk(out):
        prefix = os.path.relpath(folder, out).replace(os.sep, "/") + "/"
        found += [name if prefix == "./" else prefix + name for name in files]
    return sorted(found)


def _owned(out: Path, files: list[str]) -> set[str] | None:
    """Which of `files` in `out` outreach wrote (its marker lists them); None when it is not outreach's folder.
    A folder from an outreach before the marker: its manifest's documents, its own files and thumbnails."""
    marker = out / MARKER
    if marker.is_file():
        return {line for line in marker.read_text(encoding="utf-8").splitlines() if line} | {MARKER}
    if not (out / MANIFEST).is_file():
        return None
    with (out / MANIFEST).open(encoding="utf-8", newline="") as handle:
        listed = {row.get("file", "") for row in csv.DictReader(handle)}
    return listed | set(BUILD_FILES) | {f for f in files if f.startswith(THUMBS + "/")}


def check_target(out: Path, kit_root: Path) -> None:
    """Refuse an OUT that holds the kit, is not outreach's, or holds files outreach did not write: a build
    replaces the folder whole, and nothing a person keeps there may be lost."""
    out = out.resolve()
    if out == kit_root or kit_root.is_relative_to(out):
        raise OutreachError(f"the output folder {out} holds the kit; choose another with -o")
    if not out.exists():
        return
    files = _files(out) if out.is_dir() else []
    owned = _owned(out, files) if out.is_dir() and any(out.iterdir()) else set()
    if not out.is_dir() or owned is None:
        raise OutreachError(
            f"{out} exists and is not an outreach output folder (outreach did not write it); nothing was changed",
            "Choose an empty or new folder with -o.",
        )
    strangers = [name for name in files if name not in owned]
    if strangers:
        more = f" and {len(strangers) - 5} more" if len(strangers) > 5 else ""
        raise OutreachError(
            f"{out} holds files outreach did not write: {', '.join(strangers[:5])}{more}; nothing was changed",
            "A build replaces the output folder whole: move those files out of it, or choose another folder with -o.",
        )


def _cannot_write(path: Path | str, exc: OSError) -> OutreachError:
    return OutreachError(f"cannot write {path}: {exc.strerror}", "Nothing in the output folder was changed.")


class Staging:
    """A temporary folder that becomes OUT on commit(), or disappears. Made at once, or with `opened=False` when
    first written to or open() is called: until then nothing is touched on disk."""

    def __init__(self, out: Path, *, opened: bool = True) -> None:
        self.out = out.resolve()
        self._lock: int | None = None
        self._written: set[str] = set()
        self._folders: set[str] = set()
        self.root: Path | None = None
        if opened:
            self.open()

    def lock(self) -> None:
        """Take OUT's lock (once): one build at a time reads what OUT holds to reuse it, and writes it."""
        if self._lock is not None:
            return
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._take_lock()
        except OSError as exc:
            self._release()
            raise self._cannot_write_beside(exc) from None

    def open(self) -> None:
        """Take OUT's lock, tidy what a killed build left beside it, and make the folder (once)."""
        if self.root is not None:
            return
        self.lock()
        try:
            self._tidy()
            self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        except OSError as exc:
            self._release()
            raise self._cannot_write_beside(exc) from None

    def _cannot_write_beside(self, exc: OSError) -> OutreachError:
        return OutreachError(f"cannot write next to {self.out}: {exc.strerror}", "Choose another folder with -o.")

    def _take_lock(self) -> None:
        """One build at a time writes OUT: a second one is refused instead of racing it."""
        path = self.out.parent / f".{self.out.name}.lock"
        self._lock = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._release(unlink=False)
            raise OutreachError(
                f"another outreach build is writing {self.out} right now; nothing was changed",
                "Wait for it to finish, or build into another folder with -o.",
            ) from None

    def _tidy(self) -> None:
        """Folders a killed build left beside OUT (no build holds them: this one holds the lock). A build killed
        between moving the previous OUT aside and putting the new one in place left the previous one in
        `.OUT.old-*/previous`: it is put back, never deleted."""
        for kept in sorted(self.out.parent.glob(f".{self.out.name}.old-*")):
            if not self.out.exists() and (kept / "previous").is_dir():
                log.warning("putting back %s, the output a build that did not finish had moved aside", self.out)
                os.replace(kept / "previous", self.out)
        for pattern in (f".{self.out.name}.new-*", f".{self.out.name}.old-*"):
            for stale in self.out.parent.glob(pattern):
                log.info("removing %s, left by a build that did not finish", stale)
                shutil.rmtree(stale, ignore_errors=True)

    def _release(self, unlink: bool = True) -> None:
        if self._lock is not None:
            if unlink:
                with contextlib.suppress(OSError):
                    os.unlink(self.out.parent / f".{self.out.name}.lock")
            os.close(self._lock)
            self._lock = None

    def _claim(self, relative: str) -> str:
        """The path to write `relative` to, its folder made (paths as text: tens of thousands of files)."""
        if relative in self._written:
            raise OutreachError(f"two documents would be written to {relative}")
        self._written.add(relative)
        path = self.path(relative)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError as exc:
                raise _cannot_write(path, exc) from None
            self._folders.add(folder)
        return path

    def write(self, relative: str, data: bytes) -> None:
        path = self._claim(relative)
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise _cannot_write(path, exc) from None

    def link(self, relative: str, source: Path | str) -> None:
        """`relative` as a hard link to `source` (a finished file of this or the previous build), or a copy."""
        path = self._claim(relative)
        try:
            try:
                os.link(source, path)
            except OSError:  # a file system without hard links
                shutil.copyfile(source, path)
        except OSError as exc:
            raise _cannot_write(path, exc) from None

    def has(self, relative: str) -> bool:
        return relative in self._written

    def path(self, relative: str) -> str:
        """Where a file written by this staging folder is until commit()."""
        self.open()
        assert self.root is not None
        return os.path.join(self.root, relative)

    def commit(self) -> None:
        self.write(MARKER, "".join(f"{name}\n" for name in sorted(self._written)).encode("utf-8"))
        old = None
        try:
            if self.out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
                os.replace(self.out, old / "previous")
            os.replace(os.path.dirname(self.path(MARKER)), self.out)
            os.chmod(self.out, 0o755)
        except OSError as exc:
            if old and not self.out.exists() and (old / "previous").exists():
                os.replace(old / "previous", self.out)
            self._release()
            raise OutreachError(f"cannot replace {self.out}: {exc.strerror}", "The previous output was kept.") from None
        if old:
            shutil.rmtree(old, ignore_errors=True)
        self._release()
        log.info("wrote %s", self.out)

    def discard(self) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
        self._release()


def replace_file(folder: Path, name: str, data: bytes) -> None:
    """Replace one file of a finished output folder at once (a temporary file renamed over it)."""
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, folder / name)
    except OSError as exc:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
        raise _cannot_write(folder / name, exc) from None


def keep_file(folder: Path, name: str, data: bytes) -> None:
    """Write one more file into a finished output folder (one with a marker) at once, and list it in the marker."""
    replace_file(folder, name, data)
    marker = folder / MARKER
    lines = marker.read_text(encoding="utf-8").splitlines()
    if name not in lines:
        replace_file(folder, MARKER, "".join(f"{line}\n" for line in sorted({*lines, name})).encode("utf-8"))


def forget_file(folder: Path, name: str) -> None:
    """Remove one file of a finished output folder, and its line in the marker (rewritten at once)."""
    try:
        os.unlink(folder / name)
        marker = folder / MARKER
        if marker.is_file():
            lines = marker.read_text(encoding="utf-8").splitlines()
            replace_file(folder, MARKER, "".join(f"{line}\n" for line in lines if line != name).encode("utf-8"))
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _cannot_write(folder / name, exc) from None


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: one starting with = + - @ (or a tab or carriage return) would be
    read as a formula, so it gets a leading apostrophe (OWASP's advice on CSV injection). So that `uncell` can
    undo it exactly, a text that already starts with apostrophes before such a character gets one more."""
    if isinstance(value, str) and value.lstrip("'")[:1] in _FORMULA:
        return "'" + value
    return value


def uncell(text: str) -> str:
    """A cell `cell` wrote, as it was: the one apostrophe it added is removed, and no other."""
    if text.startswith("'") and text.lstrip("'")[:1] in _FORMULA:
        return text[1:]
    return text


def manifest_csv(rows: list[dict], fields: list[str] = MANIFEST_FIELDS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: cell(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue().encode("utf-8")
