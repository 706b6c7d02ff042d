"""Check a rendered PDF as a person would: count its pages and scan its QR codes.

The QR codes a page means to print are where its layout drew them (outreach.render.scan.drawn_codes): each
of those boxes is rasterized alone, with its quiet zone, at 150 dpi (`SCAN_DPI`) and decoded there, and
each code read must carry the intended payload, print large enough and sit inside the safe margin.

Codes the layout does not account for (a kit's template printing a second code that leads elsewhere, or
the intended one drawn some other way) are found by one pass over the whole page in grey at `PAGE_DPI`,
which also gives outreach.render.hidden its page images: each one outside the expected boxes is decoded again
at 150 dpi in its own box, and counts with the others, so that the page reads more codes, or other ones,
than intended, and fails. The thumbnails are drawn at their size.

A card sheet is its card's pages placed on the paper (outreach.render.impose),
and its card has passed these checks: on the sheet each copy's codes are
decoded from their own boxes only, where the card puts them, and its
thumbnails are drawn at their size.
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import BuildError
from .scan import SCAN_DPI, Box, QrSymbol, grey, read_in, read_qr, thumbnail, trim
from .task import Expectation, Imposition

PAGE_DPI = 72
"""The whole-page pass, in grey. It decodes every code of 25 modules (a tel: or sms: link of 15 to 26
characters) from a 13.5 mm side, without the quiet zone, and of 33 modules (an https:// address of 43 to 62
characters) from 17 mm, wherever it falls on the pixel grid: 24 placements of each size, every size from
10 to 30 mm in steps of 0.5 mm and up to 250 mm (zxing-cpp 3.1, pdfium 5.15); some smaller ones, by chance.
Every code the build prints is at least 20 mm; a smaller rogue one can go unseen. A bus card's page takes
about 20 ms to draw and 7 ms to decode so, against 90 and 80 ms in colour at 150 dpi."""
DRAWN_MARGIN_PT = 2.0
"""What is rasterized around a box the layout drew a code in (its quiet zone is inside): a bus card's 158 mm
code (quiet zone included) takes 7 ms to draw and decode so, 22 ms with the margin a decoded symbol's box needs."""
NO_SCAN = "Nothing was written. A QR code that does not scan must never be printed."


def rasterize(pdf: bytes, dpi: int = SCAN_DPI) -> list:
    """PIL images of every page at `dpi`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72).to_pil() for i in range(len(document))]
    finally:
        document.close()


class Scanned(NamedTuple):
    """What checking a document's pages leaves to use: each page in grey at PAGE_DPI (which
    outreach.render.hidden.unseen reads), and the pages' thumbnails (PNG, THUMB_WIDTH pixels wide)."""

    images: list
    thumbnails: tuple[bytes, ...]


def verify(
    pdf: bytes, pages: int, expected: Expectation, label: str, drawn: tuple[tuple[Box, ...], ...] = ()
) -> Scanned:
    """Raise BuildError unless the PDF has the intended pages and QR codes, each printed large enough and
    inside the safe margin; `drawn`, page by page, the boxes the layout drew its codes in
    (engine.RenderedPdf.qr_boxes)."""
    import pypdfium2 as pdfium

    if pages != expected.pages:
        raise BuildError(
            f"{label}: the content needs {pages} page(s) but the format has {expected.pages}; some text does not fit",
            "Shorten the longest texts (service summaries, names) or list this location's services on a larger format.",
        )
    document = pdfium.PdfDocument(pdf)
    try:
        images, thumbnails = [], []
        for index in range(len(document)):
            page = document[index]
            image = grey(page, PAGE_DPI)
            symbols = _codes(page, image, drawn[index] if index < len(drawn) else ())
            want = expected.qr.get(index)
            found = sorted(symbol.text for symbol in symbols)
            wanted = [want[0]] * want[1] if want else []
            if found != wanted:
                raise BuildError(
                    f"{label}: page {index + 1}: the QR codes read {found or 'nothing'}, expected {wanted or 'none'}",
                    NO_SCAN,
                )
            _, _, width, height = trim(page)
            for symbol in symbols:
                _placed(symbol, width, height, expected, f"{label}: page {index + 1}")
            images.append(image)
            thumbnails.append(thumbnail(page))
        return Scanned(images, tuple(thumbnails))
    finally:
        document.close()


def _codes(page, image, drawn: tuple[Box, ...]) -> list[QrSymbol]:
    """Every code on a pdfium page: those decoded at SCAN_DPI in the boxes the layout drew codes in, then in the
    box of each code the whole-page pass (`image`, at PAGE_DPI) reads outside them (that pass's reading when only
    it decodes one); a code is counted in the first box that holds it."""
    dx, dy, _, _ = trim(page)
    boxes: list[Box] = []

    def counted(box: Box, read: list[QrSymbol]) -> list[QrSymbol]:
        fresh = [symbol for symbol in read if not any(b.holds(symbol.box) for b in boxes)]
        boxes.append(box)
        return fresh

    # A box the layout drew holds the quiet zone: 2 pt around it are enough, unless CSS moved what it draws.
    found = [s for box in drawn for s in counted(box, read_in(page, box, DRAWN_MARGIN_PT) or read_in(page, box))]
    for symbol in read_qr(image, PAGE_DPI):
        box = symbol.box.moved(-dx, -dy)
        if not any(other.holds(box) for other in boxes):
            found += counted(box, read_in(page, box)) or [symbol._replace(box=box)]
    return found


QR_TOLERANCE_MM = 0.5
"""Measuring a symbol's corners on a 150 dpi raster is good to a few tenths of a millimetre."""


def _placed(symbol: QrSymbol, width: float, height: float, expected: Expectation, where: str) -> None:
    """Raise BuildError when the symbol prints smaller than the format needs, or in the safe margin of a trim
    `width` × `height` points."""
    if symbol.side_mm < expected.qr_mm - QR_TOLERANCE_MM:
        raise BuildError(
            f"{where}: the QR code prints {symbol.side_mm:.1f} mm wide; scanned from where this format is, it needs "
            f"{expected.qr_mm:g} mm (a tenth of the scanning distance, without its white margin)",
            "Nothing was written. Make the code larger in the template, or lower the format's scan_distance_cm.",
        )
    box, safe = symbol.box, expected.safe_pt - QR_TOLERANCE_MM * 72 / 25.4
    if min(box.left, box.top, width - box.right, height - box.bottom) < safe:
        raise BuildError(
            f"{where}: the QR code sits in the safe margin, where printers may cut it off",
            "Nothing was written. Keep the code inside the format's safe_margin in the template.",
        )


def verify_sheet(pdf: bytes, card: bytes, layout: Imposition) -> tuple[bytes, ...]:
    """Raise BuildError unless the sheet has its format's pages and each copy's QR codes read what its card's do,
    inside the safe margin; return the pages' thumbnails."""
    import pypdfium2 as pdfium

    if len(layout.sides) != layout.pages:
        raise BuildError(
            f"{layout.label}: the card has {len(layout.sides)} page(s) but the sheet's format has {layout.pages}",
            "Nothing was written. Give the sheet format one page role for each page of its card.",
        )
    card_document, sheet = pdfium.PdfDocument(card), pdfium.PdfDocument(pdf)
    safe = layout.safe_pt - QR_TOLERANCE_MM * 72 / 25.4
    try:
        codes: dict[int, list[QrSymbol]] = {}
        pages = [sheet[index] for index in range(len(sheet))]  # each loaded once
        for index, side in enumerate(layout.sides):
            if side.card_page not in codes:
                codes[side.card_page] = read_in(card_document[side.card_page])
            page = pages[index]
            for number, (x, y) in enumerate(side.cells, start=1):
                for text, _, box in codes[side.card_page]:
                    placed = box.moved(x, y)
                    where = f"{layout.label}: page {index + 1}, card {number}"
                    if (found := [symbol.text for symbol in read_in(page, placed)]) != [text]:
                        raise BuildError(f"{where}: the QR code reads {found or 'nothing'}, expected {text}", NO_SCAN)
                    if min(placed.left, placed.top, layout.width - placed.right, layout.height - placed.bottom) < safe:
                        raise BuildError(
                            f"{where}: the QR code sits in the sheet's safe margin, where printers may cut it off",
                            "Nothing was written. Move the cards away from the paper's edge in the sheet's format.",
                        )
        return tuple(thumbnail(page) for page in pages)
    finally:
        sheet.close()
        card_document.close()
