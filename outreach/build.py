"""The build, top to bottom: load → plan → render → verify → write.

Rendering is pure (job → PDF bytes and page images); only the Staging folder
writes files, and it replaces OUT only when every document has passed.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .checks import CheckOptions, check_printed, load_checked, require
from .errors import Problem, UsageError
from .fit import render_to_fit
from .formats import FLIPS, Format
from .glyphs import check_catalogues, check_html
from .i18n import available_locales
from .kit import Kit
from .model import Location
from .output import MANIFEST, Staging, check_target, manifest_csv
from .paths import builtin_root, sample_kit_dir, templates_dir
from .render import Renderer
from .sheet import back_cells, cut_marks, front_cells
from .templating import render_template
from .verify import Expectation, thumbnail_png, verify
from .views import page_context, resolve

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Job:
    location: Location
    format: Format
    locale: str

    @property
    def file(self) -> str:
        return f"{self.location.id}/{self.format.name}.{self.locale}.pdf"

    @property
    def label(self) -> str:
        return f"location {self.location.id}, format {self.format.name}, locale {self.locale}"

    @property
    def copies(self) -> int:
        sheet = self.format.sheet
        return math.ceil(self.location.copies / (sheet.columns * sheet.rows)) if sheet else self.location.copies


@dataclass(frozen=True)
class Document:
    job: Job
    pdf: bytes
    pages: int
    thumbnails: list[bytes]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


@dataclass
class BuildReport:
    out: Path
    documents: list[Document] = field(default_factory=list)
    rendered: int = 0
    """Distinct documents rendered; identical ones are rendered once."""
    warnings: list[Problem] = field(default_factory=list)


def _pick(asked: list[str] | None, known: list[str], what: str) -> set[str] | None:
    if not asked:
        return None
    unknown = [name for name in asked if name not in known]
    if unknown:
        raise UsageError(f"unknown {what} {', '.join(map(repr, unknown))}; known: {', '.join(known)}")
    return set(asked)


def plan(
    kit: Kit,
    locations: list[str] | None = None,
    formats: list[str] | None = None,
    locales: list[str] | None = None,
) -> list[Job]:
    """Every location × format × locale to make, in a stable order.

    `locales` replaces each location's own languages (a translator's preview).
    """
    only_locations = _pick(locations, [loc.id for loc in kit.locations], "location")
    only_formats = _pick(formats, list(kit.formats), "format")
    _pick(locales, available_locales(kit.root), "locale")
    jobs = []
    for location in kit.locations:
        if only_locations and location.id not in only_locations:
            continue
        for name in kit.location_formats(location):
            if only_formats and name not in only_formats:
                continue
            for locale in locales or kit.location_locales(location):
                jobs.append(Job(location, kit.formats[name], locale))
    if not jobs:
        raise UsageError("nothing to build: no location has that format", "See `outreach formats` and locations.yaml.")
    return jobs


def _expectation(job: Job, context: dict) -> Expectation:
    fmt = job.format
    per_page = fmt.sheet.columns * fmt.sheet.rows if fmt.sheet else 1
    qr = context["qr"]
    wanted = {}
    if qr:
        wanted = {i: (qr.contact.uri, per_page) for i, role in enumerate(fmt.pages) if role in fmt.qr_on}
    return Expectation(len(fmt.pages), wanted)


@dataclass(frozen=True)
class PrintMode:
    print_shop: bool = False
    """Bleed, crop marks and TrimBox/BleedBox for a print shop; otherwise the page is the trim size."""
    duplex: str | None = None
    """The flip edge for card sheets' backs; None keeps each sheet's own (long-edge)."""


class _Renderer:
    """Renders jobs, each distinct page only once."""

    def __init__(self, kit: Kit, mode: PrintMode) -> None:
        self.kit = kit
        self.mode = mode
        self.engine = Renderer([kit.root, builtin_root()])
        self.memo: dict[str, tuple[bytes, int, list[bytes]]] = {}

    def html(self, job: Job) -> tuple[str, dict]:
        context = page_context(self.kit, job.location, job.format, job.locale, self.mode.print_shop)
        if job.format.sheet:
            context["fronts"] = front_cells(job.format, context["card"])
            context["backs"] = back_cells(job.format, context["card"], self.mode.duplex)
            paper = (job.format.width_pt, job.format.height_pt)
            context["front_marks"] = cut_marks(context["fronts"], *paper)
            context["back_marks"] = cut_marks(context["backs"], *paper)
        return render_template(self.kit.root, job.locale, job.format.template, context), context

    def document(self, job: Job) -> Document:
        if job.format.sheet:
            # The cards on a sheet are the standalone card's faces: that card must fit first.
            self.document(Job(job.location, self.kit.formats[job.format.sheet.card], job.locale))
        html, context = self.html(job)
        key = hashlib.sha256(f"{job.format.name}\0{html}".encode()).hexdigest()
        if key not in self.memo:
            check_html(html, job.locale, self.kit.root, job.label)
            rendered = render_to_fit(self.engine, html, templates_dir().as_uri() + "/", job.label,
                                     len(job.format.pages), job.format.min_font_pt, tagged=job.format.tagged)
            images = verify(rendered.data, rendered.pages, _expectation(job, context), job.label)
            self.memo[key] = (rendered.data, rendered.pages, [thumbnail_png(image) for image in images])
            log.info("rendered %s", job.file)
        pdf, pages, thumbs = self.memo[key]
        return Document(job, pdf, pages, thumbs)


def _thumb_name(job: Job, page: int) -> str:
    return f"{job.location.id}/thumbs/{job.format.name}.{job.locale}-{page}.png"


def _index(kit: Kit, documents: list[Document]) -> bytes:
    groups = []
    for location in kit.locations:
        docs = [d for d in documents if d.job.location.id == location.id]
        if docs:
            groups.append({"location": location, "documents": [
                {"doc": d, "thumbs": [_thumb_name(d.job, n) for n in range(1, d.pages + 1)]} for d in docs
            ]})
    context = {
        "organisation": resolve(kit.settings.organisation, "en", kit.settings.locales),
        "sample": kit.settings.sample,
        "groups": groups,
        "total": len(documents),
        "manifest": MANIFEST,
    }
    return render_template(kit.root, "en", "index.html", context).encode("utf-8")


def build(
    kit_dir: Path | None,
    out: Path,
    *,
    locations: list[str] | None = None,
    formats: list[str] | None = None,
    locales: list[str] | None = None,
    print_shop: bool = False,
    duplex: str | None = None,
    progress: Progress | None = None,
    checks: CheckOptions | None = None,
) -> BuildReport:
    """Build every planned document into `out`; the embedded sample kit when `kit_dir` is None.

    Nothing is written while `outreach check` (or a check on the rendered PDFs) finds an error.
    """
    if duplex is not None and duplex not in FLIPS:
        raise UsageError(f"unknown duplex flip {duplex!r}; use one of: {', '.join(FLIPS)}")
    kit = load_checked(kit_dir or sample_kit_dir(), checks or CheckOptions())
    jobs = plan(kit, locations, formats, locales)
    check_catalogues({job.locale for job in jobs}, kit.root)
    check_target(out, kit.root)
    renderer = _Renderer(kit, PrintMode(print_shop, duplex))
    report = BuildReport(out.resolve(), warnings=kit.warnings)
    for done, job in enumerate(jobs, start=1):
        report.documents.append(renderer.document(job))
        if progress:
            progress(done, len(jobs), job.file)
    report.rendered = len(renderer.memo)
    report.warnings = require(sorted(set(report.warnings + check_printed(kit, report.documents))))

    staging = Staging(out)
    try:
        rows = []
        for doc in report.documents:
            staging.write(doc.job.file, doc.pdf)
            for page, png in enumerate(doc.thumbnails, start=1):
                staging.write(_thumb_name(doc.job, page), png)
            fmt = doc.job.format
            rows.append({"location": doc.job.location.id, "format": fmt.name, "locale": doc.job.locale,
                         "file": doc.job.file, "pages": doc.pages, "trim_size": fmt.size_label(),
                         "copies": doc.job.copies, "sha256": doc.sha256})
        staging.write(MANIFEST, manifest_csv(rows))
        staging.write("index.html", _index(kit, report.documents))
        staging.commit()
    except BaseException:
        staging.discard()
        raise
    return report
