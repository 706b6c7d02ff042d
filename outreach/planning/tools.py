"""What a build renders with, as digests: outreach's own code, Python, the rendering libraries and the system
text libraries; and the one digest function every key is made with.

Kept apart from the keys (outreach.planning.keys) so that a build that changed nothing can be recognised
(outreach.commands.unchanged) without loading the kit's models.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import stat
import sys
import sysconfig
from functools import cache
from importlib import metadata
from pathlib import Path

from ..paths import PACKAGE

__all__ = ["RENDERING_DISTRIBUTIONS", "SYSTEM_LIBRARIES", "code_digest", "contents", "digest", "tool_fingerprint"]

RENDERING_DISTRIBUTIONS = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "tinyhtml5",
    "cssselect2",
    "fonttools",
    "pyphen",
    "pillow",
    "pypdfium2",
    "zxing-cpp",
    "qrcode",
    "babel",
    "jinja2",
    "markupsafe",
    "phonenumbers",
    "pydantic",
    "pyyaml",
    "confusable-homoglyphs",
    "pikepdf",
)
"""Python libraries whose version can change a PDF, a check or a thumbnail."""
SYSTEM_LIBRARIES = (
    "libpango-1.0.so",
    "libpangoft2-1.0.so",
    "libharfbuzz.so",
    "libharfbuzz-subset.so",
    "libfontconfig.so",
    "libfreetype.so",
)
"""Shared libraries WeasyPrint lays out and subsets text with."""


def digest(value: object) -> str:
    """sha256 of a value's canonical JSON form (bytes are hashed as they are)."""
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _library_files() -> list[tuple[str, int, int]]:
    """Identity (name, size, mtime) of the system libraries found; best effort, empty off Linux."""
    folders = [Path("/usr/local/lib"), Path("/usr/lib"), Path("/lib")]
    arch = sysconfig.get_config_var("MULTIARCH")
    folders = [sub for f in folders for sub in ((f / arch,) if arch else ()) + (f,)]
    found = {}
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))  # once per folder: it holds thousands of libraries
        except OSError:
            continue
        for name in names:
            if name.startswith(SYSTEM_LIBRARIES):
                real = (folder / name).resolve()
                if real.is_file() and real.name not in found:
                    stat = real.stat()
                    found[real.name] = (real.name, stat.st_size, stat.st_mtime_ns)
    return sorted(found.values())


def code_digest(package: Path) -> str:
    """A digest of every module of the package at `package`, in every sub-folder: a change to any of them
    can change a PDF, so it makes every old document be rendered again."""
    return digest([(p.relative_to(package).as_posix(), digest(p.read_bytes())) for p in sorted(package.rglob("*.py"))])


@cache
def tool_fingerprint() -> str:
    """outreach's own code, Python, the rendering libraries' versions and the system text libraries."""
    code = code_digest(PACKAGE)
    versions = [(name, _version(name)) for name in RENDERING_DISTRIBUTIONS]
    return digest([_version("outreach"), sys.version, platform.machine(), code, versions, _library_files()])


def contents(root: Path, skip: Path | None = None) -> list[tuple[str, str]]:
    """Every file under `root` (a kit: anyone may have put anything there), by its path, with the digest of its
    content; what is not a regular file (a device, a pipe, which would block a read) or cannot be read, by what
    it is. Links are followed, each real folder once (a link to a folder above ends there). `skip` (an OUT
    inside the kit) and the folders and files a build keeps beside it are left out."""
    found: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
    beside = f".{skip.name}." if skip is not None else None
    for folder, subfolders, files in os.walk(root, followlinks=True):
        try:
            info = os.stat(folder)
        except OSError:
            subfolders[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            subfolders[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        here = Path(folder)
        if skip is not None and beside is not None:
            subfolders[:] = [n for n in subfolders if not n.startswith(beside) and (here / n).resolve() != skip]
            files = [name for name in files if not name.startswith(beside)]
        subfolders.sort()
        for name in sorted(files):
            path = here / name
            relative = path.relative_to(root).as_posix()
            try:
                info = os.stat(path)
                if not stat.S_ISREG(info.st_mode):
                    found.append((relative, f"not a file ({stat.filemode(info.st_mode)})"))
                    continue
                with open(path, "rb") as handle:
                    found.append((relative, digest(handle.read())))
            except OSError as exc:
                found.append((relative, f"unreadable ({exc.strerror})"))
    return found
