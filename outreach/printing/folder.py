"""The print folder of a build: its bundles and run sheets, planned, reused when unchanged, or made.

Each file has a key (what it is made from: the documents' content, slugs and
bookmarks for a bundle, the HTML for a run sheet, and the code that makes
them); `OUT/print.json` records it with the file's sha256, and the next build
links a file whose key is the same and whose bytes are intact instead of
making it again. Run sheets are rendered on the build's executor, in its
workers, while this process puts the bundles together; everything is written
by this process through the staging folder, before the contact sheet, which
links to what is there.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..errors import BuildError, Problem
from ..kit.jobs import count_pieces
from ..kit.load import Kit
from ..names import PRINT, PRINTED, REPRINT_BUNDLE, location_bundle, region_bundle, run_sheet
from ..output import Staging
from ..pages.views import resolve
from ..planning.documents import Document
from ..planning.keys import Inputs
from ..planning.previous import PreviousBuild
from ..planning.reprint import Reprint
from ..render.task import RenderResult
from ..render.workers import render_task
from .bundles import Bundle, Section, assemble_task, assembly
from .runsheet import run_sheet_html, run_sheet_task
from .selection import Selection, left_out_warnings, selections

log = logging.getLogger(__name__)

PRINT_VERSION = "outreach-print-1"


@dataclass(frozen=True)
class Made:
    """A file of the print folder as print.json records it."""

    key: str
    sha256: str
    pages: int


@dataclass
class PrintSummary:
    """What the print folder holds, for the build's report."""

    locations: int = 0
    regions: int = 0
    run_sheets: int = 0
    reprint_documents: int = 0
    reprint_pages: int = 0
    to_post: str = ""
    """Every piece to post or hand out, each counted once."""
    places: int = 0
    made: int = 0
    """Files made by this build (the others were the previous build's, unchanged)."""
    peak_worker_memory: int = 0
    """The largest peak resident memory of a process that made a bundle or run sheet, in bytes."""

    def lines(self) -> list[str]:
        lines = [f"To post at {self.places} location{'s' if self.places != 1 else ''}: {self.to_post}"]
        if self.locations or self.run_sheets:
            lines.append(
                f"Print bundles in {PRINT}/: {self.locations} location{'s' if self.locations != 1 else ''}, "
                f"{self.regions} region{'s' if self.regions != 1 else ''}, "
                f"{self.run_sheets} run sheet{'s' if self.run_sheets != 1 else ''}"
            )
        if self.reprint_documents:
            lines.append(
                f"{REPRINT_BUNDLE}: {self.reprint_documents} document{'s' if self.reprint_documents != 1 else ''}, "
                f"{self.reprint_pages} page{'s' if self.reprint_pages != 1 else ''}"
            )
        else:
            lines.append(f"No {REPRINT_BUNDLE}: nothing to reprint.")
        return lines


@dataclass
class PrintFolder:
    """The bundles and run sheets of one build, each with its key."""

    kit: Kit
    print_shop: bool
    inputs: Inputs
    chosen: list[Selection] = field(default_factory=list)
    bundles: list[Bundle] = field(default_factory=list)
    sheets: dict[str, str] = field(default_factory=dict)
    """Run sheet file → its HTML."""
    keys: dict[str, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    summary: PrintSummary = field(default_factory=PrintSummary)
    _reused: dict[str, Made] | None = field(default=None, repr=False)

    @classmethod
    def plan(
        cls, kit: Kit, documents: list[Document], reprint: Reprint, print_shop: bool, inputs: Inputs
    ) -> PrintFolder:
        """What the print folder will hold; nothing is made yet (run sheets are templated, not rendered)."""
        chosen = selections(kit, documents, print_shop)
        order = list(kit.settings.regions)  # region by region, in outreach.yaml's order; places in the kit's
        chosen.sort(key=lambda s: order.index(s.location.region) if s.location.region in order else len(order))
        folder = cls(kit, print_shop, inputs, chosen)
        folder.warnings = [] if print_shop else left_out_warnings(kit, folder.chosen)
        locale, fallbacks = kit.settings.locales[0], [*kit.settings.locales, "en"]

        def section(selection: Selection, docs: list[Document]) -> Section:
            return Section(f"{selection.location.name} ({selection.location.id})", tuple(docs))

        for selection in folder.chosen:
            if selection.documents:
                name = location_bundle(selection.location.id)
                folder.bundles.append(Bundle(name, selection.location.name, (section(selection, selection.documents),)))
        regions = list(dict.fromkeys(s.location.region for s in folder.chosen))
        for region in regions:
            parts = tuple(section(s, s.documents) for s in folder.chosen if s.location.region == region and s.documents)
            title = resolve(kit.settings.regions.get(region, region), locale, fallbacks)
            if parts:
                folder.bundles.append(Bundle(region_bundle(region), title, parts))
        changed = {row.job.file for row in reprint.rows}
        parts = tuple(
            section(s, docs) for s in folder.chosen if (docs := [doc for doc in s.documents if doc.job.file in changed])
        )
        if parts:
            folder.bundles.append(Bundle(REPRINT_BUNDLE, "To reprint", parts))
        names = {bundle.file for bundle in folder.bundles}
        for region in regions:
            places = [s for s in folder.chosen if s.location.region == region]
            folder.sheets[run_sheet(region)] = run_sheet_html(kit, region, places, names)
        folder.keys = {bundle.file: bundle.key(print_shop) for bundle in folder.bundles}
        folder.keys.update({name: inputs.render_key(kit, html, "run sheet") for name, html in folder.sheets.items()})
        folder.summary = PrintSummary(
            locations=sum(1 for b in folder.bundles if b.file.startswith(f"{PRINT}/locations/")),
            regions=sum(1 for b in folder.bundles if b.file.startswith(f"{PRINT}/regions/")),
            run_sheets=len(folder.sheets),
            reprint_documents=sum(len(b.documents) for b in folder.bundles if b.file == REPRINT_BUNDLE),
            reprint_pages=sum(b.pages for b in folder.bundles if b.file == REPRINT_BUNDLE),
            to_post=", ".join(map(str, count_pieces(doc.job for doc in documents))),
            places=len(folder.chosen),
        )
        return folder

    def reusable(self, previous: PreviousBuild | None) -> dict[str, Made]:
        """The files the previous build made from the same keys, still intact in OUT."""
        if previous is None:
            return {}
        if self._reused is None:
            recorded = _read(previous.read(PRINTED) or b"")
            self._reused = {}
            for name, key in self.keys.items():
                made = recorded.get(name)
                if made and made.key == key and _sha256(previous.path(name)) == made.sha256:
                    self._reused[name] = made
        return dict(self._reused)

    def record(self, made: dict[str, Made]) -> bytes:
        """print.json for these files."""
        files = {name: {"key": m.key, "sha256": m.sha256, "pages": m.pages} for name, m in sorted(made.items())}
        return json.dumps({"version": PRINT_VERSION, "files": files}, sort_keys=True, indent=1).encode("utf-8")

    def unchanged(self, previous: PreviousBuild | None) -> bytes | None:
        """print.json when every file is the previous build's as it is (a previous reprint.pdf may go: see
        `drops_reprint`); None when something is to make."""
        reused = self.reusable(previous)
        if previous is None or len(reused) != len(self.keys):
            return None
        recorded = _read(previous.read(PRINTED) or b"")
        if self.drops_reprint(previous):
            recorded.pop(REPRINT_BUNDLE, None)
        return self.record(reused) if recorded == reused else None

    def drops_reprint(self, previous: PreviousBuild | None) -> bool:
        """Whether OUT holds a reprint.pdf that this build, with nothing to reprint, does not make."""
        return REPRINT_BUNDLE not in self.keys and previous is not None and _sha256(previous.path(REPRINT_BUNDLE)) != ""

    def write(
        self,
        staging: Staging,
        previous: PreviousBuild | None,
        executor: Executor,
        in_flight: int = 4,
        meanwhile: Callable[[], None] | None = None,
    ) -> bytes:
        """Every bundle and run sheet into staging (the previous build's file when unchanged); print.json.

        Each file to make is a task on `executor`, so that the workers share them out: the run sheets first, all
        at once (each carries only its HTML), rendered and checked as the documents are; then the bundles, at most
        `in_flight` at a time, those of many pages first (a first build's reprint.pdf, the regions', largest
        first), then the locations'. A bundle's task carries its documents' PDFs. `meanwhile` runs once the
        workers have work queued and before any result is taken (the build's last checks and files): what it
        raises is raised, and nothing more is made. Only this process writes; what it writes does not depend on
        the order tasks finish in."""
        made = self.reusable(previous)
        for name in made:
            assert previous is not None
            staging.link(name, previous.path(name))
        assets = self.inputs.group("asset:")
        to_make = [bundle for bundle in self.bundles if bundle.file not in made]
        large = sorted((b for b in to_make if not b.file.startswith(f"{PRINT}/locations/")), key=lambda b: -b.pages)
        first = {bundle.file for bundle in large}
        sheets: list[tuple[str, Callable[[Any], Any], Callable[[], Any]]] = [  # name, task, what it is given
            (name, render_task, partial(run_sheet_task, self.kit, html, f"run sheet {name}", assets))
            for name, html in self.sheets.items()
            if name not in made
        ]
        work = [(bundle.file, assemble_task, partial(assembly, bundle, self.print_shop)) for bundle in large]
        work += [
            (bundle.file, assemble_task, partial(assembly, bundle, self.print_shop))
            for bundle in to_make
            if bundle.file not in first
        ]
        pages = {bundle.file: bundle.pages for bundle in self.bundles}
        pending: dict[Future, str] = {}
        try:
            for name, task, given in sheets:
                pending[executor.submit(task, given())] = name
            for name, task, given in work:  # what a task is given is read only as it goes
                if meanwhile is not None and len(pending) >= max(1, in_flight):
                    meanwhile()  # the workers have enough to do
                    meanwhile = None
                pending[executor.submit(task, given())] = name
                while meanwhile is None and len(pending) >= max(1, in_flight):
                    self._collect(pending, staging, made, pages)
            if meanwhile is not None:
                meanwhile()
            while pending:
                self._collect(pending, staging, made, pages)
        finally:
            for future in pending:  # after a failure: nothing more is made for this build
                future.cancel()
            wait(pending)
        return self.record(made)

    def _collect(
        self, pending: dict[Future, str], staging: Staging, made: dict[str, Made], pages: dict[str, int]
    ) -> None:
        """Write what has finished (waiting for one at least); a run sheet that failed its checks fails the build."""
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            name = pending.pop(future)
            result = future.result()  # each result let go once written
            if isinstance(result, RenderResult):
                self.summary.peak_worker_memory = max(self.summary.peak_worker_memory, result.peak_memory)
                if result.error:
                    raise BuildError(*result.error)
                made[name] = self._store(staging, name, result.pdf, result.pages)
            else:
                data, peak = result
                self.summary.peak_worker_memory = max(self.summary.peak_worker_memory, peak)
                made[name] = self._store(staging, name, data, pages[name])

    def _store(self, staging: Staging, name: str, data: bytes, pages: int) -> Made:
        staging.write(name, data)
        self.summary.made += 1
        log.info("made %s (%d pages)", name, pages)
        return Made(self.keys[name], hashlib.sha256(data).hexdigest(), pages)


def _sha256(path: str) -> str:
    """The digest of a regular file (not a link to elsewhere); empty when there is none."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return ""
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def _read(data: bytes) -> dict[str, Made]:
    try:
        loaded = json.loads(data)
        if loaded.get("version") != PRINT_VERSION:
            return {}
        return {
            str(name): Made(str(entry["key"]), str(entry["sha256"]), int(entry["pages"]))
            for name, entry in loaded["files"].items()
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}
