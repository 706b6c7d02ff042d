"""QR codes read from a rendered page as a decoder sees them, and where the layout drew them.

Boxes are in points from the top-left corner of the page's trim (the paper; a print-shop page's bleed lies
outside it), as WeasyPrint lays the page out. The layout says where each code the page means to print is
(`drawn_codes`); each of those boxes, with its quiet zone, is rasterized alone and decoded at `SCAN_DPI`
(`read_in`), which costs a millisecond or two where the whole page of a bus card would cost a tenth of a second.
"""

from __future__ import annotations

import io
import math
import re
from typing import Any, NamedTuple

SCAN_DPI = 150
"""What a code must decode at, as the build has always required: a module of the smallest code it prints
(20 mm, 25 modules) is 4.7 pixels, so the code proves to be a clean symbol at its printed size, and its side is
measured to within QR_TOLERANCE_MM (outreach.render.verify). Only the code's box is rasterized at this
resolution, so there is nothing to gain in going lower, and less would be proved."""
THUMB_WIDTH = 320

_SVG = "{http://www.w3.org/2000/svg}svg"
_SQUARE = re.compile(r"\s*0\s+0\s+(\d+)\s+\1\s*")


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

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.left + dx, self.top + dy, self.right + dx, self.bottom + dy)


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


def drawn_codes(document: Any) -> tuple[tuple[Box, ...], ...]:
    """Where a laid-out WeasyPrint document draws QR codes, page by page: the box of each SVG that
    outreach.pages.qr makes (a square viewBox drawn with crispEdges), its quiet zone included."""
    from weasyprint.formatting_structure import boxes

    def walk(box: Any) -> list[Box]:
        box = getattr(box, "_box", box)  # an absolutely placed box stands behind its placeholder
        element = getattr(box, "element", None)
        if isinstance(box, boxes.ReplacedBox) and element is not None and element.tag == _SVG:
            if element.get("shape-rendering") == "crispEdges" and _SQUARE.fullmatch(element.get("viewBox", "")):
                left, top = box.content_box_x() * 0.75, box.content_box_y() * 0.75  # CSS px → pt
                return [Box(left, top, left + box.width * 0.75, top + box.height * 0.75)]
        return [found for child in getattr(box, "children", ()) for found in walk(child)]

    return tuple(tuple(walk(page._page_box)) for page in document.pages)


def trim(page) -> tuple[float, float, float, float]:
    """Where a pdfium page's trim lies in what is rendered of it (its crop box): its left and top edges, its
    width and its height, in points."""
    left, _, _, top = page.get_cropbox()
    trim_left, trim_bottom, trim_right, trim_top = page.get_trimbox()
    return trim_left - left, top - trim_top, trim_right - trim_left, trim_top - trim_bottom


def read_in(page, box: Box | None = None, margin: float | None = None, dpi: int = SCAN_DPI) -> list[QrSymbol]:
    """The codes decoded on a pdfium page in `box` (points from its trim's top-left corner), rasterized in grey
    with `margin` points around it (by default a quarter of its side, as a symbol's quiet zone lies outside its
    box: 4/25 of a 25-module one's, and 2 pt more): those whose centre lies in `box`, in the same coordinates.
    Without `box`, those on the whole page."""
    dx, dy, _, _ = trim(page)
    if box is None:
        return [symbol._replace(box=symbol.box.moved(-dx, -dy)) for symbol in read_qr(grey(page, dpi), dpi)]
    margin = box.width / 4 + 2 if margin is None else margin
    width, height = page.get_width(), page.get_height()
    left, top = max(0.0, box.left - margin + dx), max(0.0, box.top - margin + dy)
    right, bottom = min(width, box.right + margin + dx), min(height, box.bottom + margin + dy)
    scale = dpi / 72
    if right - left < 1 or bottom - top < 1:  # off the page
        return []
    image = page.render(scale=scale, crop=(left, height - bottom, width - right, top), grayscale=True).to_pil()
    x, y = math.ceil(left * scale) / scale - dx, math.ceil(top * scale) / scale - dy  # pypdfium2 crops whole pixels
    found = [symbol._replace(box=symbol.box.moved(x, y)) for symbol in read_qr(image, dpi)]
    return [symbol for symbol in found if box.holds(symbol.box)]


def grey(page, dpi: float):
    """A pdfium page rasterized in grey (one byte a pixel: half the time to draw and to decode of colour)."""
    return page.render(scale=dpi / 72, grayscale=True).to_pil()


def thumbnail(page) -> bytes:
    """A pdfium page drawn THUMB_WIDTH pixels wide, as PNG."""
    scale = THUMB_WIDTH / page.get_width() * (1 - 1e-9)  # pypdfium2 rounds the width up
    buffer = io.BytesIO()
    page.render(scale=scale).to_pil().save(buffer, format="PNG", compress_level=THUMB_LEVEL)
    return buffer.getvalue()


THUMB_LEVEL = 3
"""zlib's level for thumbnails: measured on statewide stickers and posters, 3.9 ms and 58–63 kB each, where level 6
took 5.6 ms and made 67–69 kB (levels 1 to 3 make the smallest files here); level 9 takes 31–35 ms."""
