"""The previous build, read back from OUT: what it made, from what, and whether its files are intact.

A build reuses a previous file only when its manifest row carries the same key
and the file is still the one the manifest describes: a regular file inside
OUT whose sha256 matches, with a thumbnail for each page. Anything else in OUT
is never read.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from ..names import INDEX, INPUTS, MANIFEST, THUMBS, document_file, thumbnails
from .keys import Inputs

log = logging.getLogger(__name__)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class PreviousDocument:
    """One row of the previous manifest."""

    location: str
    format: str
    locale: str
    file: str
    pages: int
    copies: int
    sha256: str
    content_key: str
    render_key: str
    smallest_pt: float

    def thumbnails(self) -> list[str]:
        return thumbnails(self.sha256, self.pages)


def _row(row: dict) -> PreviousDocument | None:
    try:
        doc = PreviousDocument(
            row["location"],
            row["format"],
            row["locale"],
            row["file"],
            int(row["pages"]),
            int(row["copies"]),
            row["sha256"],
            row.get("content_key") or "",
            row.get("render_key") or "",
            float(row.get("smallest_pt") or -1),
        )
    except (KeyError, TypeError, ValueError):
        return None
    names_ok = all(_NAME.match(part or "") for part in (doc.location, doc.format, doc.locale))
    if (
        not names_ok
        or doc.file != document_file(doc.location, doc.format, doc.locale)
        or doc.pages < 1
        or not _HEX.match(doc.sha256)
    ):
        return None
    if doc.smallest_pt < 0:  # from an outreach that did not measure it: compared, never reused
        return replace(doc, content_key="", render_key="")
    return doc


class PreviousBuild:
    """The manifest, inputs and files of the output folder a build is about to replace."""

    def __init__(self, out: Path, documents: dict[str, PreviousDocument], inputs: Inputs | None) -> None:
        self.out = out
        self.documents = documents
        """File → its row."""
        self.inputs = inputs
        """What the previous build was made from; None when OUT has no readable inputs.json."""
        self._by_render: dict[str, list[PreviousDocument]] = {}
        for doc in documents.values():
            if doc.render_key:
                self._by_render.setdefault(doc.render_key, []).append(doc)
        self._intact: dict[str, bool] = {}
        self._hashes: dict[tuple, str] = {}
        self._folders: dict[str, bool] = {}
        self._thumbs: dict[str, bool] = {}

    @classmethod
    def of(cls, out: Path) -> PreviousBuild | None:
        """The previous build in `out`, or None when there is none."""
        out = out.resolve()
        manifest = out / MANIFEST
        if not manifest.is_file():
            return None
        documents = {}
        try:
            with manifest.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    doc = _row(row)
                    if doc:
                        documents[doc.file] = doc
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            log.warning("the previous %s cannot be read (%s); every document is made again", manifest, exc)
            return cls(out, {}, None)
        try:
            inputs = Inputs.from_json((out / INPUTS).read_bytes())
        except OSError:
            inputs = None
        return cls(out, documents, inputs)

    def path(self, relative: str) -> str:
        return os.path.join(self.out, relative)

    def reusable(self, file: str, content_key: str) -> PreviousDocument | None:
        """The previous document at `file` if it was made from the same inputs and is intact."""
        doc = self.documents.get(file)
        return doc if doc and doc.content_key == content_key and self.intact(doc) else None

    def read(self, name: str) -> bytes | None:
        """One of the build's own files in OUT (manifest, inputs, texts), if it is there."""
        try:
            with open(self.path(name), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def holds(self, files: dict[str, bytes], index_key: str) -> bool:
        """Whether OUT already is this build: these very files, and an index made from the same inputs."""
        return all(self.read(name) == data for name, data in files.items()) and self.unchanged_index(index_key)

    def unchanged_index(self, index_key: str) -> bool:
        """Whether OUT's index.html was made from exactly what the new one would show."""
        return bool(self.inputs and self.inputs.index == index_key and _is(self.path(INDEX), stat.S_ISREG))

    def rendered_as(self, render_key: str) -> PreviousDocument | None:
        """An intact previous document rendered from exactly the same HTML."""
        return next((doc for doc in self._by_render.get(render_key, []) if self.intact(doc)), None)

    def intact(self, doc: PreviousDocument) -> bool:
        if doc.file not in self._intact:
            self._intact[doc.file] = self._check(doc)
            if not self._intact[doc.file]:
                log.info("previous %s is missing or changed; it is made again", doc.file)
        return self._intact[doc.file]

    def _check(self, doc: PreviousDocument) -> bool:
        for folder in (doc.location, THUMBS):
            if folder not in self._folders:
                self._folders[folder] = _is(self.path(folder), stat.S_ISDIR)
            if not self._folders[folder]:
                return False
        for thumb in doc.thumbnails():  # shared by identical documents: looked at once
            if thumb not in self._thumbs:
                self._thumbs[thumb] = _is(self.path(thumb), stat.S_ISREG)
            if not self._thumbs[thumb]:
                return False
        path = self.path(doc.file)
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                return False
            identity = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
            if identity not in self._hashes:
                with open(path, "rb") as handle:
                    self._hashes[identity] = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            return False
        return self._hashes[identity] == doc.sha256


def _is(path: str, kind) -> bool:
    try:
        return kind(os.lstat(path).st_mode)
    except OSError:
        return False
