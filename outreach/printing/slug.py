"""The slug: a line of small type outside the trim that tells a print shop what each page is and how many to print.

In --print-shop mode every page of a bundle gets one, e.g. "library-restroom ·
stall-sticker · so · 4 copies", in a strip added below the bleed (the MediaBox
grows; TrimBox and BleedBox stay as they are), so it is cut away with the rest
of the paper outside the trim. Office pages have no room outside the trim and
get none. The slug is drawn in Helvetica, one of the fonts every PDF reader
has: location ids, format names and locale codes are ASCII by the id rule.
"""

from __future__ import annotations

from collections.abc import Sequence

import pikepdf

from ..kit.jobs import Job

SLUG_PT = 6.0
"""The slug's type size."""
STRIP_PT = 14.0
"""The height of the slug area added below the bleed (about 5 mm)."""
INSET_PT = 3.0
"""From the slug area's left and bottom edges to the text."""
FONT = "/OutreachSlug"
"""The slug font's name in a page's resources."""

_WIDTHS = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~·",
        [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278]
        + [556] * 10
        + [278, 278, 584, 584, 584, 556, 1015]
        + [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611]
        + [722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333]
        + [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278]
        + [556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 278],
        strict=True,
    )
)
"""Helvetica's advance widths (its AFM, in thousandths of the type size)."""


def slug_text(job: Job, page: int, pages: Sequence[str]) -> str:
    """What the slug of a document's page says: location, format, language, how many to print, and which page."""
    if job.sheets:
        count = f"{job.sheets} sheet{'s' if job.sheets != 1 else ''} ({job.copies} {job.piece})"
    else:
        count = f"{job.copies} cop{'ies' if job.copies != 1 else 'y'}"
    text = f"{job.location.id} · {job.format.name} · {job.locale} · {count}"
    if len(pages) > 1:
        text += f" · page {page + 1} of {len(pages)}: {pages[page]}"
    return text


def text_width(text: str, size: float = SLUG_PT) -> float:
    """The width of `text` set in Helvetica at `size`, in points."""
    return sum(_WIDTHS.get(char, 1000) for char in text) * size / 1000


def slug_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """Helvetica in WinAnsiEncoding (which has the middle dot), once per bundle."""
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def add_slug(pdf: pikepdf.Pdf, page: pikepdf.Page, text: str, font: pikepdf.Object) -> None:
    """Draw `text` below the page's bleed, in a strip the page's MediaBox grows to hold.

    The page's own content is wrapped in q … Q so that whatever it leaves in the graphics state does not move the
    slug; its resources are copied before the font is added, since identical pages share theirs."""
    left, bottom, right, top = (float(v) for v in page.obj.get("/BleedBox", page.mediabox))
    width = text_width(text) + 2 * INSET_PT
    page.obj.MediaBox = pikepdf.Array([left, bottom - STRIP_PT, max(right, left + width), top])
    resources = pikepdf.Dictionary(dict(page.obj.get("/Resources", {}).items()))
    fonts = pikepdf.Dictionary(dict(resources.get("/Font", {}).items()))
    fonts[FONT] = font
    resources.Font = fonts
    page.obj.Resources = resources
    x, y = left + INSET_PT, bottom - STRIP_PT + INSET_PT
    drawn = b"\nQ q 0 g BT %s %.2f Tf %.2f %.2f Td %s Tj ET Q" % (FONT.encode(), SLUG_PT, x, y, _escape(text))
    contents = page.obj.get("/Contents")
    existing = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
    page.obj.Contents = pikepdf.Array([pdf.make_stream(b"q\n"), *existing, pdf.make_stream(drawn)])
