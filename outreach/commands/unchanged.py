"""A build that would change nothing, known before the kit is loaded.

When a build finds OUT already holding exactly what it makes (nothing rendered, nothing written, nothing to
reprint), it keeps in OUT/unchanged.json a digest of everything a build reads, with what it reported:

- outreach's code, Python, the rendering libraries and the system text libraries (planning.tools);
- every built-in template, catalogue, asset and sample file, and every file of the kit, by content (an OUT
  inside the kit is not read);
- the build's options and the day (a service goes stale by the day);
- every file outreach wrote in OUT, and every folder holding them, by identity (inode, size, modification
  time): a file changed, removed or added there shows.

The next build whose digest is the same takes that report and reads nothing more: it does not load the kit.
Anything else (--force, a changed input, another day, a touched output file) builds as before, and the build
that again finds nothing to change keeps a new digest.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from ..errors import Problem
from ..names import MARKER, UNCHANGED
from ..output import keep_file
from ..paths import builtin_folders, sample_kit_dir
from ..planning.tools import contents, digest, tool_fingerprint

log = logging.getLogger(__name__)

UNCHANGED_VERSION = "outreach-unchanged-1"


@dataclass(frozen=True)
class Unchanged:
    """The report of a build that found nothing to change, as the build that first found it made it."""

    out: Path
    planned: int
    distinct: int
    warnings: list[Problem]
    summary: list[str]
    """What is to reprint and what the print folder holds, one line each (BuildReport.lines())."""
    rendered: int = 0

    @property
    def reused(self) -> int:
        return self.planned

    def lines(self) -> list[str]:
        return self.summary


def options(
    locations: list[str] | None,
    formats: list[str] | None,
    locales: list[str] | None,
    print_shop: bool,
    duplex: str | None,
    strict: bool,
    allow_stale: bool,
    today: date | None,
) -> dict[str, object]:
    """A build's options as its digest holds them (the day is today when None)."""
    return {
        "locations": locations,
        "formats": formats,
        "locales": locales,
        "print_shop": print_shop,
        "duplex": duplex,
        "strict": strict,
        "allow_stale": allow_stale,
        "today": (today or date.today()).isoformat(),
    }


def kit_files(kit_dir: Path | None, out: Path) -> list[tuple[str, str]]:
    """Every file of the kit a build of `kit_dir` into `out` reads, with its digest (planning.tools.contents)."""
    return contents((kit_dir or sample_kit_dir()).resolve(), out.resolve())


def inputs_key(
    kit_dir: Path | None, out: Path, chosen: dict[str, object], files: list[tuple[str, str]] | None = None
) -> str:
    """A digest of everything a build of `kit_dir` into `out` with these options reads (OUT aside); `files` are
    the kit's, when kit_files() was read already."""
    kit_root = (kit_dir or sample_kit_dir()).resolve()
    built_in = [contents(folder) for folder in builtin_folders()]
    files = kit_files(kit_dir, out) if files is None else files
    return digest([UNCHANGED_VERSION, tool_fingerprint(), str(kit_root), built_in, files, chosen])


def recall(kit_dir: Path | None, out: Path, chosen: dict[str, object]) -> Unchanged | None:
    """The report kept in OUT when OUT holds a build of exactly these inputs, untouched since; else None."""
    try:
        kept = json.loads((out / UNCHANGED).read_bytes())
        if kept.get("version") != UNCHANGED_VERSION:
            return None
        if kept["inputs"] != inputs_key(kit_dir, out, chosen) or kept["output"] != _output_key(out):
            return None
        report = Unchanged(
            out.resolve(),
            int(kept["planned"]),
            int(kept["distinct"]),
            [Problem(**item) for item in kept["warnings"]],
            [str(line) for line in kept["summary"]],
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # none kept, or damaged: the build runs
    log.info("nothing changed since the build in %s (%s): its report is kept", out, UNCHANGED)
    return report


def keep(
    out: Path,
    inputs: str,
    chosen: dict[str, object],
    kit_dir: Path | None,
    planned: int,
    distinct: int,
    warnings: list[Problem],
    summary: list[str],
) -> None:
    """Keep, in OUT, the report of a build that changed nothing, under `inputs` (inputs_key, taken before the
    build read anything) and what OUT holds now; nothing when an input changed while the build ran."""
    if not (out / MARKER).is_file():
        return  # a folder from an outreach before the marker: the next build makes one
    if inputs_key(kit_dir, out, chosen) != inputs:
        log.info("the kit changed while it was built: %s is not kept", UNCHANGED)
        return
    keep_file(out, UNCHANGED, b"")  # listed in the marker first: the marker is part of what is kept
    data = {
        "version": UNCHANGED_VERSION,
        "inputs": inputs,
        "output": _output_key(out),
        "planned": planned,
        "distinct": distinct,
        "warnings": [asdict(problem) for problem in warnings],
        "summary": summary,
    }
    keep_file(out, UNCHANGED, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def _output_key(out: Path) -> str:
    """A digest of what every folder of OUT lists and of the identity of every file in it (device, inode, size,
    modification and change times: a file written again, even at the same size with its time set back, changes
    it), but this file itself."""
    identities: list[object] = []
    for folder, subfolders, files in os.walk(out):
        subfolders.sort()
        here = os.path.relpath(folder, out)
        names = sorted(name for name in files if here != "." or name != UNCHANGED)
        identities.append((here, subfolders[:], names))
        for name in names:
            info = os.lstat(os.path.join(folder, name))
            identities.append(
                (info.st_mode, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            )
    return digest(identities)
