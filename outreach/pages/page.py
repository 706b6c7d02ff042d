"""A planned document's page: its HTML, and what the rendered PDF must pass.

Templating only; rendering and checking happen in outreach.render.workers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kit.formats import NUMBER_FLOOR_MM_PER_M
from ..kit.jobs import Job
from ..kit.load import Kit
from ..render.task import Checks, Expectation
from .sheet import back_cells, cut_marks, front_cells
from .templating import render_template, template_file
from .views import page_context


@dataclass(frozen=True)
class PrintMode:
    print_shop: bool = False
    """Bleed, crop marks and TrimBox/BleedBox for a print shop; otherwise the page is the trim size."""
    duplex: str | None = None
    """The flip edge for card sheets' backs; None keeps each sheet's own (long-edge)."""


def expectation(job: Job, context: dict) -> Expectation:
    """What the PDF must show: its pages, the QR codes a scan reads on each and how large they print, and how
    large the number they reach is printed, for the distances the format (a sheet: its card) is used at."""
    fmt, card = job.format, context["card"]
    per_page = fmt.sheet.columns * fmt.sheet.rows if fmt.sheet else 1
    qr = context["qr"]
    wanted = {}
    if qr:
        wanted = {i: (qr.contact.uri, per_page) for i, role in enumerate(fmt.pages) if role in fmt.qr_on}
    return Expectation(
        len(fmt.pages),
        wanted,
        qr_mm=card.qr_mm,
        safe_pt=fmt.safe_margin_pt,
        lead=qr.contact.display if qr and not fmt.notice else "",  # a law's notice: the law sizes its numbers
        lead_floor_mm=card.number_mm(NUMBER_FLOOR_MM_PER_M),
        viewing_cm=card.viewing_distance_cm,
    )


def page(kit: Kit, mode: PrintMode, job: Job, html: str | None = None) -> tuple[str, Checks]:
    """A job's HTML and what its PDF must pass; `html`, when the checks templated it already (never with
    --print-shop, whose pages the checks do not template)."""
    context = page_context(kit, job.location, job.format, job.locale, mode.print_shop)
    if job.format.sheet:
        context["fronts"] = front_cells(job.format, context["card"])
        context["backs"] = back_cells(job.format, context["card"], mode.duplex)
        paper = (job.format.width_pt, job.format.height_pt)
        marks = job.format.sheet.cut_marks
        context["front_marks"] = cut_marks(context["fronts"], *paper) if marks else []
        context["back_marks"] = cut_marks(context["backs"], *paper) if marks else []
    if html is None or mode.print_shop or job.format.sheet:
        html = render_template(kit.root, job.locale, job.format.template, context)
    fmt = job.format
    checks = Checks(
        expectation(job, context),
        job.locale,
        fmt.min_font_pt,
        fmt.tagged,
        fmt.safe_margin_pt,
        grow=not fmt.sheet,
        template=template_file(kit.root, fmt.template),
        format=fmt.sheet.card if fmt.sheet else fmt.name,
    )
    return html, checks
