"""The build, top to bottom: load → plan → render → verify → write.

Planning gives every location × format × locale a content key: a document
whose key is unchanged takes the previous build's file, and identical
documents are rendered once and shared (outreach.planning). Rendering and
checking run in worker processes (outreach.render.workers), started once for
the documents and then the print folder's run sheets, and are pure: HTML →
PDF bytes and page images. The checks before rendering run in this process
while the workers make each kind's reference page (the schedule's Wait runs
them). Only the Staging folder writes files, and it replaces OUT only when the
checks and every document have passed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, Executor
from pathlib import Path

from ..checks import CheckOptions, require
from ..errors import BuildError, OutreachError, Problem, UsageError
from ..kit.formats import FLIPS
from ..kit.jobs import plan
from ..kit.load import Kit, load_kit
from ..names import (
    FINDINGS,
    FITS,
    INDEX,
    INPUTS,
    KIT_FINDINGS,
    MANIFEST,
    PRINTED,
    REPRINT,
    REPRINT_BUNDLE,
    TEXTS,
    thumb_name,
)
from ..output import Staging, check_target, forget_file, manifest_csv, replace_file
from ..pages.page import PrintMode, page
from ..pages.sheet import imposition
from ..paths import builtin_root, sample_kit_dir, templates_dir
from ..planning.contact_sheet import updated_contact_sheet
from ..planning.documents import Document
from ..planning.findings import checked_kit, checked_once, findings_key
from ..planning.keys import Inputs
from ..planning.previous import PreviousBuild
from ..planning.references import References
from ..planning.reprint import compare, reprint_csv
from ..planning.schedule import Schedule
from ..planning.texts import TextCache
from ..planning.units import Unit, link_documents, source_of
from ..printing.folder import PrintFolder
from ..render.glyphs import check_catalogues
from ..render.task import RenderResult, Task, Wait
from ..render.workers import cpu_count, owned_pool, render_all
from . import unchanged
from .report import BuildReport

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
"""Called with (documents rendered, documents to render, a line saying planned, reused and rendered)."""


def _check_printed(kit: Kit, documents: list[Document], pages: dict[str, tuple[str, ...]]) -> list[Problem]:
    from ..checks.printed import check_printed  # here: a build that changed nothing keeps its findings, unloaded

    return check_printed(kit, documents, pages)


def _render(
    schedule: Schedule,
    staging: Staging,
    pool: Executor,
    workers: int,
    report: BuildReport,
    progress: Progress | None,
    pages: dict[str, tuple[str, ...]],
) -> None:
    """Render and check every document the schedule asks for on `pool` (`workers` at a time); each owner's files go
    to staging at once, and the text of its pages, as its worker read it, to `pages` (by sha256)."""
    failures: dict[int, tuple[str, str]] = {}

    def tell() -> None:
        if progress:
            progress(
                report.rendered,
                len(schedule.rendering),
                f"{len(schedule.jobs)} planned · {schedule.reused} reused · {report.rendered} rendered",
            )

    def tasks() -> Iterator[tuple[Unit, Task] | Wait]:
        for item in schedule.tasks(staging):
            if failures:
                return
            yield item
            tell()

    def store(unit: Unit, result: RenderResult) -> None:
        for sheet, made in zip(unit.imposed, result.sheets, strict=False):  # card sheets imposed from it
            store(sheet, made)
        report.peak_worker_memory = max(report.peak_worker_memory, result.peak_memory)
        if result.error:
            failures[unit.index] = result.error
            return
        unit.pages, unit.sha256, unit.smallest_pt, unit.fitted = (
            result.pages,
            hashlib.sha256(result.pdf).hexdigest(),
            result.smallest_pt,
            result.fitted,
        )
        if len(result.texts) == result.pages:  # read where it was drawn (not by a worker of an older outreach)
            pages.setdefault(unit.sha256, result.texts)
        if unit.owner:
            staging.write(unit.owner.file, result.pdf)
            for page, png in enumerate(result.thumbnails, start=1):
                if not staging.has(thumb_name(unit.sha256, page)):  # another HTML may give the same PDF
                    staging.write(thumb_name(unit.sha256, page), png)
        report.rendered += 1
        log.info("rendered %s", unit.label)
        tell()

    render_all(tasks(), pool, store, in_flight=2 * workers, until_wait=bool(schedule.meanwhile))  # references at once
    tell()
    if failures:
        message, hint = failures[min(failures)]
        more = f" ({len(failures) - 1} more document(s) failed too)" if len(failures) > 1 else ""
        raise BuildError(message + more, hint)


def _documents(schedule: Schedule, staging: Staging, previous: PreviousBuild | None, report: BuildReport) -> list[dict]:
    """Every planned document as the report and the manifest describe it; no file is touched."""
    rows: list[dict] = []
    first_with: dict[str, str] = {}  # sha256 → the first file with that content
    for placement in schedule.placements:
        job, unit = placement.job, placement.unit
        same_as = first_with.setdefault(unit.sha256, job.file)
        same_as = "" if same_as == job.file else same_as
        report.documents.append(
            Document(
                job,
                unit.pages,
                unit.sha256,
                report.out / job.file,
                same_as,
                bool(unit.previous),
                unit.smallest_pt,
                source_of(placement, staging, previous),
            )
        )
        fmt = job.format
        rows.append(
            {
                "location": job.location.id,
                "format": fmt.name,
                "locale": job.locale,
                "file": job.file,
                "pages": unit.pages,
                "trim_size": fmt.size_label(),
                "piece": job.piece,
                "copies": job.copies,
                "sheets": job.sheets or "",
                "sha256": unit.sha256,
                "smallest_pt": f"{unit.smallest_pt:g}",
                "same_as": same_as,
                "content_key": placement.content_key,
                "render_key": unit.render_key,
            }
        )
    report.reused = sum(1 for doc in report.documents if doc.reused)
    return rows


def _write(
    kit: Kit,
    schedule: Schedule,
    staging: Staging,
    previous: PreviousBuild | None,
    inputs: Inputs,
    report: BuildReport,
    files: dict[str, bytes],
    printed: Callable[[str], bool],
) -> None:
    """Every planned file (written once per distinct document, linked for the others), the manifest and the index;
    `printed` says which files the print folder makes or keeps (the index links to them)."""
    link_documents(schedule.placements, staging, previous)
    for name, data in files.items():
        staging.write(name, data)
    staging.write(REPRINT, reprint_csv(report.reprint))
    sheet = updated_contact_sheet(kit, report.documents, report.reprint, printed, previous, inputs.index)
    if sheet is None:  # the previous build's is this very page
        staging.link(INDEX, report.out / INDEX)
    else:
        staging.write(INDEX, sheet)


def build(
    kit_dir: Path | None,
    out: Path,
    *,
    locations: list[str] | None = None,
    formats: list[str] | None = None,
    locales: list[str] | None = None,
    print_shop: bool = False,
    duplex: str | None = None,
    jobs: int | None = None,
    force: bool = False,
    executor: Executor | None = None,
    progress: Progress | None = None,
    checks: CheckOptions | None = None,
) -> BuildReport:
    """Build every planned document into `out`; the embedded sample kit when `kit_dir` is None.

    Nothing is written while `outreach check` (or a check on the rendered PDFs) finds an error.
    Documents unchanged since the build already in `out` are reused unless `force`. Rendering (the
    documents, then the run sheets) runs on `executor` when given (any concurrent.futures.Executor;
    it is not shut down), otherwise in `jobs` worker processes (default: one per core; 1 renders in
    this process), started once for the whole build.
    """
    if duplex is not None and duplex not in FLIPS:
        raise UsageError(f"unknown duplex flip {duplex!r}; use one of: {', '.join(FLIPS)}")
    checks = checks or CheckOptions()
    chosen = unchanged.options(
        locations, formats, locales, print_shop, duplex, checks.strict, checks.allow_stale, checks.today
    )
    workers = jobs or cpu_count()
    first = force or not (out / MANIFEST).is_file()  # all is rendered: workers start while the kit is checked
    kit_files = unchanged.kit_files(kit_dir, out)  # read once, before the kit is loaded, for both digests below
    read = None if first else unchanged.inputs_key(kit_dir, out, chosen, kit_files)  # kept when nothing changes
    with owned_pool(executor, workers, start=first) as pool:  # the documents' and then the run sheets'
        kit = load_kit(kit_dir or sample_kit_dir())  # load, and check before anything is rendered
        previous = PreviousBuild.of(out)
        inputs = Inputs.of(kit, {"print_shop": print_shop, "duplex": duplex})
        texts = TextCache(kit, inputs, previous.read(TEXTS) if previous else None)
        report = BuildReport(out.resolve(), warnings=kit.warnings)
        staging = Staging(out, opened=False)  # nothing written, no folder made, before the checks pass
        kit_findings: list[bytes] = []

        def check_kit() -> None:
            """The checks before rendering, unless nothing they read changed."""
            if not kit_findings:
                kit_findings.append(
                    checked_kit(
                        kit,
                        checks,
                        texts,
                        inputs,
                        previous.read(KIT_FINDINGS) if previous and not force else None,
                        kit_files,
                    )[1]
                )
                report.warnings = kit.warnings  # with the checks' warnings (adopted on the kit)

        def checked_then_open() -> None:
            """The checks, while the workers make the references (the schedule's Wait runs this); then OUT's lock
            and the staging folder, which nothing has been written to yet."""
            check_kit()
            staging.open()

        overlap = executor is not None or workers > 1  # in this one process, nothing to overlap: checks first
        if not overlap:
            check_kit()
        # plan: every document, and whether to reuse, share or render it
        try:
            planned = plan(kit, locations, formats, locales)
            check_catalogues({job.locale for job in planned}, kit.root)
            check_target(out, kit.root)
        except OutreachError:
            check_kit()  # a finding of the checks is said first, as when they ran before anything else
            raise
        mode = PrintMode(print_shop, duplex)
        schedule = Schedule(
            kit,
            planned,
            inputs,
            None if force else previous,
            lambda job: page(kit, mode, job, texts.take_html(job.location, job.format, job.locale)),  # templated once
            (str(kit.root), str(builtin_root())),
            templates_dir().as_uri() + "/",
            lambda job: imposition(kit, job, mode.duplex, mode.print_shop),
            References(kit, locales, previous.read(FITS) if previous and not force else None),
            checked_then_open if overlap else None,
        )
        try:
            if previous is not None:  # before any of its files is judged fit to reuse: another build may not commit
                staging.lock()
            if not overlap:
                staging.open()
            pages: dict[str, tuple[str, ...]] = {}  # each PDF's pages' text, by sha256, for the checks on the PDFs
            try:
                _render(schedule, staging, pool, workers, report, progress, pages)  # render → verify, in the workers
            except BuildError:
                check_kit()  # a finding of the checks is said first (a page failed before they ran)
                raise
            checked_then_open()  # done by the schedule's Wait, when there were workers to make the references
            rows = _documents(schedule, staging, previous, report)
            checked_before = report.warnings

            def printed_checks() -> bytes:
                """The checks on the PDFs, unless nothing they read changed: raises on an error; their findings."""
                key = findings_key(kit, inputs, report.documents)
                found, findings = checked_once(
                    key,
                    previous.read(FINDINGS) if previous and not force else None,
                    lambda known: _check_printed(kit, report.documents, known),
                    pages,
                    report.documents,
                )
                require(sorted(set(checked_before + found)))
                report.warnings = sorted(set(report.warnings + found))
                return findings

            same = previous is not None and schedule.all_reused_in_place()  # OUT may hold this very build
            findings = printed_checks() if same else b""  # else while the workers make the print folder
            report.reprint = compare(kit, inputs, previous, report.documents)  # write
            inputs.index = inputs.index_key(kit, rows)
            prints = PrintFolder.plan(kit, report.documents, report.reprint, print_shop, inputs)  # bundles, run sheets
            report.warnings, report.printed = sorted(set(report.warnings + prints.warnings)), prints.summary
            files = {
                MANIFEST: manifest_csv(rows),
                INPUTS: inputs.to_json(),
                TEXTS: texts.to_json(),
                FINDINGS: findings,
                KIT_FINDINGS: kit_findings[0],
                FITS: schedule.references.to_json(),
            }
            if (
                same
                and previous
                and previous.holds(files, inputs.index)
                and (printed := prints.unchanged(previous)) is not None  # the print folder too (reading its files last)
            ):
                # OUT already holds exactly this build: only the reprint report changes (OUT still locked)
                if prints.drops_reprint(previous):  # and the previous reprint.pdf goes: nothing to reprint now
                    forget_file(report.out, REPRINT_BUNDLE)
                    replace_file(report.out, PRINTED, printed)
                on_hand = report.out.joinpath
                sheet = updated_contact_sheet(
                    kit, report.documents, report.reprint, lambda name: on_hand(name).is_file(), previous, inputs.index
                )
                if sheet is not None:  # the contact sheet marks what the reprint report lists
                    replace_file(report.out, INDEX, sheet)
                replace_file(report.out, REPRINT, reprint_csv(report.reprint))
                # and so will the next build be, when it finds the same
                if read and not (report.reprint.rows or report.reprint.first or report.reprint.dropped):
                    unchanged.keep(
                        report.out,
                        read,
                        chosen,
                        kit_dir,
                        report.planned,
                        report.distinct,
                        report.warnings,
                        report.lines(),
                    )
                staging.discard()  # and OUT is free for the next build
            else:

                def last() -> None:
                    """While the workers make the print folder: the checks on the PDFs, then every other file."""
                    if not same:
                        files[FINDINGS] = printed_checks()
                    _write(kit, schedule, staging, previous, inputs, report, files, prints.keys.__contains__)

                printed = prints.write(staging, None if force else previous, pool, 2 * workers, last)
                staging.write(PRINTED, printed)
                report.peak_worker_memory = max(report.peak_worker_memory, prints.summary.peak_worker_memory)
                staging.commit()
        except BaseException as exc:
            staging.discard()
            if isinstance(exc, BrokenExecutor):
                raise BuildError(
                    f"a rendering worker stopped unexpectedly ({exc})",
                    "Nothing was written. If the machine ran out of memory, try fewer workers with --jobs.",
                ) from None
            raise
        return report
