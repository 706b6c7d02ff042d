"""The printed page measured as its reader meets it: where each character sits, how big the numbers are,
how large the QR symbols print, how much of the page is empty, and how close text comes to the paper's edge.

Boxes are in points from the page's top-left corner (PDF y grows upward; these grow downward). Type sizes
come from `measure.measure`; pages are rasterized with `verify.rasterize`. Nothing here prints or judges:
tests and benchmarks compare the figures with their targets.
"""

from __future__ import annotations

import ctypes
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..kit.formats import DIGIT_EM, MM
from .measure import measure, number_spans
from .scan import SCAN_DPI, Box, QrSymbol, read_qr
from .verify import rasterize

INK_BELOW = 200
"""A pixel is ink when its darkest channel is below this: a faint watermark (≈ 204 at its darkest) is not."""
BLANK_DPI = 50
"""Enough to find empty space on a page (a pixel is half a millimetre), and fast on a 28 × 11 in bus card."""


@dataclass(frozen=True)
class PageChars:
    """Every character of one page, with parallel tuples of its size, weight, box and faintness."""

    width: float
    height: float
    text: str
    sizes: tuple[float, ...]
    """Type size in points (font size × the matrix scale); 0 for white space and generated characters."""
    bold: tuple[bool, ...]
    boxes: tuple[Box, ...]
    """The glyph's tight box; an empty box at (0, 0) when pdfium gives none."""
    faint: tuple[bool, ...]
    """Its fill colour on white is not ink (darkest channel INK_BELOW or lighter), e.g. the SAMPLE mark:
    not text to read. Transparency from CSS `opacity` (a group's) is not seen, only the colour's alpha."""


@dataclass(frozen=True)
class NumberSize:
    """One printed occurrence of a phone number or short code."""

    display: str
    """The number as it was asked for, e.g. '1-888-373-7888'."""
    start: int
    end: int
    """Its characters are `page.text[start:end]`."""
    size: float
    """The smallest type size of its digits, in points."""
    digit_mm: float
    """The height of those digits in mm (size × DIGIT_EM)."""
    bold: bool
    """Every digit is bold."""
    box: Box


class Blank(NamedTuple):
    """The largest rectangle without ink, and its area as a fraction of the rectangle searched."""

    box: Box
    fraction: float


class EdgeDistance(NamedTuple):
    """How close a page's text comes to the paper's edge, in mm, and the character that does."""

    mm: float
    char: str
    at: int
    """Its index in `PageChars.text`."""


def characters(pdf: bytes) -> list[PageChars]:
    """Every page's characters with their type size, weight, box and faintness (one ctypes pass after `measure`)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    printed = measure(pdf)
    pages: list[PageChars] = []
    edges = [ctypes.c_double() for _ in range(4)]
    left, right, bottom, top = (ctypes.byref(edge) for edge in edges)
    colour = [ctypes.c_uint() for _ in range(4)]
    rgba = [ctypes.byref(channel) for channel in colour]
    start = 0
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            width, height = page.get_size()
            textpage = page.get_textpage()
            raw, count = textpage.raw, textpage.count_chars()
            boxes, faint = [], []
            for index in range(count):
                if pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top):
                    x0, x1, y0, y1 = (edge.value for edge in edges)
                    boxes.append(Box(x0, height - y1, x1, height - y0))
                else:
                    boxes.append(Box(0.0, 0.0, 0.0, 0.0))
                if pdfium_c.FPDFText_GetFillColor(raw, index, *rgba):
                    *rgb, alpha = (channel.value for channel in colour)
                    faint.append(255 - alpha / 255 * (255 - min(rgb)) >= INK_BELOW)  # composited on white
                else:
                    faint.append(False)
            span = slice(start, start + count)
            if printed.text[span.stop : span.stop + 1] != "\f":
                raise ValueError("measure() and the character boxes disagree on a page's characters")
            chars = printed.text[span], printed.sizes[span], printed.bold[span], tuple(boxes), tuple(faint)
            pages.append(PageChars(width, height, *chars))
            start = span.stop + 1
    finally:
        document.close()
    return pages


def _union(boxes: Iterable[Box]) -> Box:
    found = list(boxes)
    return Box(
        min(b.left for b in found), min(b.top for b in found), max(b.right for b in found), max(b.bottom for b in found)
    )


def numbers(page: PageChars, displays: Iterable[str]) -> list[NumberSize]:
    """Every occurrence of each display's digits on `page`, in the order printed (see measure.number_spans)."""
    found = []
    for display in dict.fromkeys(displays):
        for start, end in number_spans(page.text, display):
            at = [i for i in range(start, end) if page.text[i].isdigit()]
            size = min(page.sizes[i] for i in at)
            bold = all(page.bold[i] for i in at)
            box = _union(page.boxes[i] for i in at)
            found.append(NumberSize(display, start, end, size, size * DIGIT_EM / MM, bold, box))
    return sorted(found, key=lambda n: n.start)


def body_size(page: PageChars, within: Box | None = None) -> float | None:
    """The most common type size of the page's letters (those centred in `within`, if given), counted to 0.1 pt.

    Only letters that are not faint count (str.isalpha), so the digits and separators of numbers never do.
    A tie goes to the larger size; None when no letter qualifies.
    """
    counts = Counter(
        round(size, 1)
        for char, size, box, faint in zip(page.text, page.sizes, page.boxes, page.faint, strict=True)
        if size > 0 and not faint and char.isalpha() and (within is None or within.holds(box))
    )
    if not counts:
        return None
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def qr_symbols(pdf: bytes, dpi: int = SCAN_DPI) -> list[list[QrSymbol]]:
    """The QR codes zxing-cpp decodes on each page rasterized at `dpi`."""
    return [read_qr(image, dpi) for image in rasterize(pdf, dpi)]


def ink_rows(image, grow: int = 1) -> list[bytes]:
    """One bytes object per pixel row, non-zero where there is ink: the darkest channel under INK_BELOW,
    grown by `grow` pixels in every direction so that anti-aliased gaps inside text are not blank."""
    from PIL import ImageChops, ImageFilter

    bands = image.convert("RGB").split()
    darkest = ImageChops.darker(ImageChops.darker(bands[0], bands[1]), bands[2])
    if grow:
        darkest = darkest.filter(ImageFilter.MinFilter(2 * grow + 1))
    ink = darkest.point(lambda v: 255 if v < INK_BELOW else 0)
    data, width = ink.tobytes(), ink.width
    return [data[y * width : (y + 1) * width] for y in range(ink.height)]


_INK_RUN = re.compile(rb"[^\x00]+")
_EQUAL_RUN = re.compile(rb"(..)\1*", re.DOTALL)


def largest_blank_rectangle(rows: Sequence[bytes]) -> tuple[int, int, int, int]:
    """The largest all-zero rectangle of a bitmap (equal-length rows, non-zero bytes are ink), as
    (x, y, width, height) in pixels; (0, 0, 0, 0) when every pixel is ink.

    The classic algorithm: row by row, the height of blank above each column, and the largest rectangle
    under that histogram with a stack. Runs of equal height are handled at once (found by a regular
    expression over the heights' bytes), and rows followed by an all-blank row are skipped, since a
    rectangle ending there could grow downward.
    """
    width = len(rows[0]) if rows else 0
    since = array("H", [0]) * width  # per column: the row after its last ink, counting rows from 1
    best = (0, 0, 0, 0)
    best_area = 0
    for y, row in enumerate(rows):
        for run in _INK_RUN.finditer(row):
            since[run.start() : run.end()] = array("H", [y + 1]) * (run.end() - run.start())
        if y + 1 < len(rows) and not _INK_RUN.search(rows[y + 1]):
            continue
        stack: list[tuple[int, int]] = []  # (start column, height), heights increasing
        for run in _EQUAL_RUN.finditer(since.tobytes()):
            x = run.start() // 2
            height = y + 1 - since[x]
            start = x
            while stack and stack[-1][1] >= height:
                start, top = stack.pop()
                if top * (x - start) > best_area:
                    best_area, best = top * (x - start), (start, y + 1 - top, x - start, top)
            if height:
                stack.append((start, height))
        for start, top in stack:
            if top * (width - start) > best_area:
                best_area, best = top * (width - start), (start, y + 1 - top, width - start, top)
    return best


def largest_blank(pdf: bytes, within: Box, dpi: int = BLANK_DPI) -> list[Blank]:
    """Each page's largest rectangle without ink inside `within` (e.g. the safe area), rasterized at `dpi`."""
    found = []
    scale = dpi / 72
    for image in rasterize(pdf, dpi):
        x0, y0 = max(0, round(within.left * scale)), max(0, round(within.top * scale))
        x1, y1 = min(image.width, round(within.right * scale)), min(image.height, round(within.bottom * scale))
        rows = [row[x0:x1] for row in ink_rows(image)[y0:y1]]
        x, y, w, h = largest_blank_rectangle(rows)
        box = Box((x0 + x) / scale, (y0 + y) / scale, (x0 + x + w) / scale, (y0 + y + h) / scale)
        found.append(Blank(box, w * h / max(1, (x1 - x0) * (y1 - y0))))
    return found


def edge_distance(page: PageChars) -> EdgeDistance | None:
    """The character whose box comes closest to the paper's edge, and how close in mm (negative when it crosses
    the edge); faint characters (a watermark) do not count. None without text."""
    closest: EdgeDistance | None = None
    for index, (char, size, box, faint) in enumerate(zip(page.text, page.sizes, page.boxes, page.faint, strict=True)):
        if size <= 0 or faint or (box.width <= 0 and box.height <= 0):
            continue
        distance = min(box.left, box.top, page.width - box.right, page.height - box.bottom) / MM
        if closest is None or distance < closest.mm:
            closest = EdgeDistance(distance, char, index)
    return closest
