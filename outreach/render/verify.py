"""Check a rendered PDF as a person would: count its pages and scan its QR codes.

Every page is rasterized at 150 dpi; the QR codes a real decoder reads there
must be exactly the ones intended. The same rasters become the thumbnails.

A card sheet is its card's pages placed on the paper (outreach.render.impose),
and its card has passed these checks: on the sheet each copy's codes are
decoded from their own boxes only, where the card puts them, and its
thumbnails are drawn at their size.
"""

from __future__ import annotations

import io
import math
from typing import NamedTuple

from ..errors import BuildError
from .task import Expectation, Imposition

SCAN_DPI = 150
THUMB_WIDTH = 320
NO_SCAN = "Nothing was written. A QR code that does not scan must never be printed."


def rasterize(pdf: bytes, dpi: int = SCAN_DPI) -> list:
    """PIL images of every page at `dpi`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72).to_pil() for i in range(len(document))]
    finally:
        document.close()


class Box(NamedTuple):
    """A rectangle in points from the page's top-left corner."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def holds(self, other: Box) -> bool:
        """Whether the centre of `other` lies inside this box."""
        x, y = (other.left + other.right) / 2, (other.top + other.bottom) / 2
        return self.left <= x <= self.right and self.top <= y <= self.bottom


class QrSymbol(NamedTuple):
    """A decoded QR code: its payload, its side without the quiet zone in mm, and its box in points."""

    text: str
    side_mm: float
    box: Box


def read_qr(image, dpi: int = SCAN_DPI) -> list[QrSymbol]:
    """The QR codes in one page image at `dpi`; the side is the mean of the four sides between the corners."""
    import zxingcpp

    found = []
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
        p = result.position
        corners = [p.top_left, p.top_right, p.bottom_right, p.bottom_left]
        sides = [math.dist((a.x, a.y), (b.x, b.y)) for a, b in zip(corners, corners[1:] + corners[:1], strict=True)]
        xs, ys = [c.x * 72 / dpi for c in corners], [c.y * 72 / dpi for c in corners]
        found.append(QrSymbol(result.text, sum(sides) / 4 * 25.4 / dpi, Box(min(xs), min(ys), max(xs), max(ys))))
    return found


def verify(pdf: bytes, pages: int, expected: Expectation, label: str) -> list:
    """Raise BuildError unless the PDF has the intended pages and QR codes, each printed large enough and
    inside the safe margin; return the page images."""
    if pages != expected.pages:
        raise BuildError(
            f"{label}: the content needs {pages} page(s) but the format has {expected.pages}; some text does not fit",
            "Shorten the longest texts (service summaries, names) or list this location's services on a larger format.",
        )
    images = rasterize(pdf)
    for index, image in enumerate(images):
        want = expected.qr.get(index)
        symbols = read_qr(image)
        found = sorted(symbol.text for symbol in symbols)
        wanted = [want[0]] * want[1] if want else []
        if found != wanted:
            raise BuildError(
                f"{label}: page {index + 1}: the QR codes read {found or 'nothing'}, expected {wanted or 'none'}",
                NO_SCAN,
            )
        for symbol in symbols:
            _placed(symbol, image, expected, f"{label}: page {index + 1}")
    return images


QR_TOLERANCE_MM = 0.5
"""Measuring a symbol's corners on a 150 dpi raster is good to a few tenths of a millimetre."""


def _placed(symbol: QrSymbol, image, expected: Expectation, where: str) -> None:
    if symbol.side_mm < expected.qr_mm - QR_TOLERANCE_MM:
        raise BuildError(
            f"{where}: the QR code prints {symbol.side_mm:.1f} mm wide; scanned from where this format is, it needs "
            f"{expected.qr_mm:g} mm (a tenth of the scanning distance, without its white margin)",
            "Nothing was written. Make the code larger in the template, or lower the format's scan_distance_cm.",
        )
    width, height = image.width * 72 / SCAN_DPI, image.height * 72 / SCAN_DPI
    box, safe = symbol.box, expected.safe_pt - QR_TOLERANCE_MM * 72 / 25.4
    if min(box.left, box.top, width - box.right, height - box.bottom) < safe:
        raise BuildError(
            f"{where}: the QR code sits in the safe margin, where printers may cut it off",
            "Nothing was written. Keep the code inside the format's safe_margin in the template.",
        )


def thumbnail_png(image) -> bytes:
    ratio = THUMB_WIDTH / image.width
    small = image.convert("RGB").resize((THUMB_WIDTH, max(1, round(image.height * ratio))))
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", compress_level=6)  # optimize=True: 1 % smaller, twice the time
    return buffer.getvalue()


def _card_codes(page) -> list[tuple[str, Box]]:
    """The QR codes on one page of a card: payload and box, in points from its trim's top-left corner."""
    left, _, _, top = page.get_cropbox()  # what is rendered
    trim_left, _, _, trim_top = page.get_trimbox()
    dx, dy = trim_left - left, top - trim_top
    return [
        (symbol.text, Box(symbol.box.left - dx, symbol.box.top - dy, symbol.box.right - dx, symbol.box.bottom - dy))
        for symbol in read_qr(page.render(scale=SCAN_DPI / 72).to_pil())
    ]


def _read_at(page, box: Box, layout: Imposition) -> list[str]:
    """The codes read in `box` (points from the paper's top-left corner) and its quiet zone, and nothing else."""
    margin = box.width / 4 + 2
    width, height = layout.width + 2 * layout.bleed, layout.height + 2 * layout.bleed
    left, top = box.left - margin + layout.bleed, box.top - margin + layout.bleed
    right, bottom = box.right + margin + layout.bleed, box.bottom + margin + layout.bleed
    crop = (max(0.0, left), max(0.0, height - bottom), max(0.0, width - right), max(0.0, top))
    return [symbol.text for symbol in read_qr(page.render(scale=SCAN_DPI / 72, crop=crop).to_pil())]


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
        codes: dict[int, list[tuple[str, Box]]] = {}
        pages = [sheet[index] for index in range(len(sheet))]  # each loaded once
        for index, side in enumerate(layout.sides):
            if side.card_page not in codes:
                codes[side.card_page] = _card_codes(card_document[side.card_page])
            page = pages[index]
            for number, (x, y) in enumerate(side.cells, start=1):
                for text, box in codes[side.card_page]:
                    placed = Box(x + box.left, y + box.top, x + box.right, y + box.bottom)
                    where = f"{layout.label}: page {index + 1}, card {number}"
                    if (found := _read_at(page, placed, layout)) != [text]:
                        raise BuildError(f"{where}: the QR code reads {found or 'nothing'}, expected {text}", NO_SCAN)
                    if min(placed.left, placed.top, layout.width - placed.right, layout.height - placed.bottom) < safe:
                        raise BuildError(
                            f"{where}: the QR code sits in the sheet's safe margin, where printers may cut it off",
                            "Nothing was written. Move the cards away from the paper's edge in the sheet's format.",
                        )
        return tuple(thumbnail_png(page.render(scale=THUMB_WIDTH / page.get_width()).to_pil()) for page in pages)
    finally:
        sheet.close()
        card_document.close()
