"""Card sheets imposed, not rendered: copies of the card's rendered pages placed on the paper with pikepdf.

A sheet page draws one page of the card as a form XObject once per copy, where
outreach.pages.sheet puts it: the card's TrimBox lands on the cell (the form's
bounding box is the TrimBox, so a print-shop card's bleed and crop marks stay
off the sheet), and the cut marks are 0.5 pt lines in the margins, outside
every copy's trim. In --print-shop mode the sheet has its own bleed, with crop
marks at the paper's corners, and a TrimBox and BleedBox, as a rendered page
has.

What the sheet keeps of its card: the drawing and the text, with the card's
fonts and their Unicode maps (the text stays extractable and searchable), the
language (/Lang) and the title. Not the structure tree (tags), links or XMP
metadata: the card's own PDF is the accessible, tagged version; the sheet is
for printing. The same card and layout give byte-identical sheets: no dates,
a document ID derived from the content, objects in page order.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

from ..errors import BuildError
from .measure import page_texts
from .task import Imposition, RenderResult, RenderTask, SheetTask, Side
from .verify import verify_sheet

IMPOSE_VERSION = "outreach-impose-1"
MARK_PT = 0.5
"""The width of cut and crop marks."""
SIZE_TOLERANCE_PT = 0.5
FORM = "/Card"
"""The card page's name in a sheet page's resources."""


@cache
def fingerprint() -> tuple[str, str, str]:
    """What a sheet's bytes depend on besides its card and layout: this module's version and pikepdf's."""
    import pikepdf

    return IMPOSE_VERSION, pikepdf.__version__, pikepdf.__libqpdf_version__


def _n(value: float) -> bytes:
    return (f"{value:.3f}".rstrip("0").rstrip(".") or "0").encode()


def _lines(lines: list[tuple[float, float, float, float]]) -> bytes:
    """Stroked lines, given in PDF coordinates: one path each, black, MARK_PT wide."""
    if not lines:
        return b""
    paths = b"".join(b"%s %s m %s %s l S\n" % (_n(x0), _n(y0), _n(x1), _n(y1)) for x0, y0, x1, y1 in lines)
    return b"q 0 G %s w 0 J\n%sQ\n" % (_n(MARK_PT), paths)


def _crop_marks(layout: Imposition) -> list[tuple[float, float, float, float]]:
    """A print shop's crop marks at the paper's corners, in the bleed (as WeasyPrint draws `marks: crop`)."""
    b, w, h = layout.bleed, layout.width, layout.height
    if b <= 0:
        return []
    half = b / 2
    return [
        *((-b, y, -half, y) for y in (0.0, h)),
        *((w + half, y, w + b, y) for y in (0.0, h)),
        *((x, -b, x, -half) for x in (0.0, w)),
        *((x, h + half, x, h + b) for x in (0.0, w)),
    ]


def _content(side: Side, layout: Imposition, trim: tuple[float, float]) -> bytes:
    """Cut marks, then each copy of the card's page with its trim's lower-left corner on the cell's."""
    h = layout.height
    marks = [(x0, h - y0, x1, h - y1) for x0, y0, x1, y1 in side.marks] + _crop_marks(layout)
    copies = b"".join(
        b"q 1 0 0 1 %s %s cm %s Do Q\n" % (_n(x - trim[0]), _n(h - y - layout.card_height - trim[1]), FORM.encode())
        for x, y in side.cells
    )
    return _lines(marks) + copies


def impose(card: bytes, layout: Imposition) -> bytes:
    """The sheet as PDF bytes, from the card's rendered PDF; raises BuildError when the card does not fit its cells."""
    import pikepdf

    with pikepdf.open(io.BytesIO(card)) as source, pikepdf.new() as pdf:
        if max(side.card_page for side in layout.sides) >= len(source.pages):
            raise BuildError(
                f"{layout.label}: the card has {len(source.pages)} page(s); the sheet needs {len(layout.sides)}",
                "Nothing was written. Give the card format a page for each side of its sheet.",
            )
        forms: dict[int, tuple[pikepdf.Object, tuple[float, float]]] = {}
        b = layout.bleed
        media = pikepdf.Array([-b, -b, layout.width + b, layout.height + b])
        for side in layout.sides:
            if side.card_page not in forms:
                page = source.pages[side.card_page]
                left, bottom, right, top = (float(v) for v in page.trimbox)
                if (
                    abs(right - left - layout.card_width) > SIZE_TOLERANCE_PT
                    or abs(top - bottom - layout.card_height) > SIZE_TOLERANCE_PT
                ):
                    raise BuildError(
                        f"{layout.label}: the card's page {side.card_page + 1} is {right - left:.1f} × "
                        f"{top - bottom:.1f} pt, not the {layout.card_width:.1f} × {layout.card_height:.1f} pt "
                        "its cells on the sheet are",
                        "Nothing was written. The card format's width and height must be its pages' trim size.",
                    )
                forms[side.card_page] = (pdf.copy_foreign(page.as_form_xobject()), (left, bottom))
            form, trim = forms[side.card_page]
            sheet = pdf.add_blank_page(page_size=(layout.width, layout.height))
            sheet.obj.MediaBox = media
            if b > 0:
                sheet.obj.TrimBox = pikepdf.Array([0, 0, layout.width, layout.height])
                sheet.obj.BleedBox = media
            sheet.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary({FORM: form}))
            sheet.obj.Contents = pdf.make_stream(_content(side, layout, trim))
        if "/Lang" in source.Root:
            pdf.Root.Lang = source.Root.Lang
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        info = pikepdf.Dictionary(Producer=f"outreach (pikepdf {fingerprint()[1]})")
        if "/Title" in source.docinfo:
            info.Title = source.docinfo.Title
        pdf.docinfo = pdf.make_indirect(info)
        return saved(pdf)


def saved(pdf: Any) -> bytes:
    """A pikepdf document's bytes, the same for the same content: no date, no random ID, no XMP stamp."""
    import pikepdf

    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        min_version="1.7",
        fix_metadata_version=False,
    )
    return out.getvalue()


def make_sheet(card: bytes, smallest_pt: float, layout: Imposition, peak: Callable[[], int]) -> RenderResult:
    """Impose a sheet from its card's PDF and check it (its QR codes decoded where they land); runs in a worker."""
    import pikepdf

    try:
        pdf = impose(card, layout)
        thumbnails = verify_sheet(pdf, card, layout)
    except BuildError as error:
        return RenderResult(b"", 0, (), 0.0, (error.message, error.hint), peak())
    except pikepdf.PdfError as exc:  # a card reused from the previous build and changed since it was checked
        hint = "Nothing was written. Build again with --force to render the card again."
        return RenderResult(b"", 0, (), 0.0, (f"{layout.label}: its card's PDF cannot be read ({exc})", hint), peak())
    texts = tuple(whole for whole, _ in page_texts(pdf, 0.0))
    return RenderResult(pdf, len(layout.sides), thumbnails, smallest_pt, None, peak(), texts=texts)


def made(
    task: RenderTask | SheetTask, render: Callable[[RenderTask], RenderResult], peak: Callable[[], int]
) -> RenderResult:
    """A worker's result for a task: the document `render` renders and checks, with the sheets imposed from it;
    the sheet alone for a SheetTask or a task that renders its card only to make its sheet."""
    if isinstance(task, SheetTask):
        return make_sheet(task.card, task.smallest_pt, task.sheet, peak)
    result = render(task)
    if result.error or not task.sheets:
        return result
    sheets = tuple(make_sheet(result.pdf, result.smallest_pt, layout, peak) for layout in task.sheets)
    return sheets[0] if task.sheet_only else replace(result, sheets=sheets)
