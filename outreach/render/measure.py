"""What a rendered PDF actually prints, measured with pypdfium2.

Type size is the font size times the scale of the character's matrix:
WeasyPrint writes in CSS pixels under a 0.75 scale, so `FPDFText_GetFontSize`
alone reads 16 pt type as 21.33. Bold is the font's weight, or its name when
the font does not state a weight.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Printed:
    pages: tuple[tuple[float, float], ...]
    """Width and height of every page, in points."""
    text: str
    """Every character on every page, one for one with `sizes` and `bold`; pages end with a form feed."""
    sizes: tuple[float, ...]
    """Type size in points of each character; 0 for white space and page breaks."""
    bold: tuple[bool, ...]
    boxes: tuple[tuple[float, float, float, float], ...] = ()
    """The glyph box of each character (left, bottom, right, top in points from the page's bottom-left
    corner); empty for white space and page breaks."""

    def words(self) -> Iterator[tuple[int, str, tuple[float, float, float, float]]]:
        """Every word (a run of characters between white space) with its page index and the box around it."""
        page, word, box = 0, "", (0.0, 0.0, 0.0, 0.0)
        for char, (left, bottom, right, top) in zip(self.text, self.boxes, strict=True):
            if char.isspace():
                if word:
                    yield page, word, box
                page, word = page + (char == "\f"), ""
            elif right > left and top > bottom:
                box = (
                    (min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top))
                    if word
                    else (left, bottom, right, top)
                )
                word += char
        if word:
            yield page, word, box

    def smallest(self) -> tuple[float, str]:
        """The smallest type size and the run of text printed at it."""
        printed = [(size, i) for i, size in enumerate(self.sizes) if size > 0]
        if not printed:
            return 0.0, ""
        size, index = min(printed)
        start = end = index
        while start > 0 and (abs(self.sizes[start - 1] - size) < 0.05 or self.text[start - 1] == " "):
            start -= 1
        while end + 1 < len(self.sizes) and (abs(self.sizes[end + 1] - size) < 0.05 or self.text[end + 1] == " "):
            end += 1
        run = " ".join(self.text[start : end + 1].split())
        return round(size, 2), run[:60] + ("…" if len(run) > 60 else "")

    def number_size(self, display: str) -> float:
        """The type size of the largest printing of a number (each printing at its smallest digit); 0 if absent."""
        return max(
            (
                min(self.sizes[i] for i in range(start, end) if self.text[i].isdigit())
                for start, end in number_spans(self.text, display)
            ),
            default=0.0,
        )


def number_spans(text: str, display: str) -> Iterator[tuple[int, int]]:
    """Where a phone number or short code is printed in `text`, by its digits: any run of characters
    that are neither letters nor digits (hyphens, spaces, line breaks, bidi isolates) may separate
    them, and a digit right before or after is no match."""
    digits = [d for d in display if d.isdigit()]
    if digits:
        pattern = re.compile(r"(?<!\d)" + r"[\W_]*".join(map(re.escape, digits)) + r"(?!\d)")
        for match in pattern.finditer(text):
            yield match.start(), match.end()


def _bold(raw, font, index: int, pdfium_c) -> bool:
    weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
    if weight >= 600:
        return True
    buffer = ctypes.create_string_buffer(256)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 256)
    name = buffer.value.decode("latin-1").lower()
    return any(word in name for word in ("bold", "black", "heavy", "semibold"))


def measure(pdf: bytes) -> Printed:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(pdf)
    pages, chars, sizes, bold, boxes = [], [], [], [], []
    matrix = pdfium_c.FS_MATRIX()
    edges = [ctypes.c_double() for _ in range(4)]
    none = (0.0, 0.0, 0.0, 0.0)
    fonts: dict[int, bool] = {}
    try:
        for page in document:
            pages.append(tuple(round(v, 2) for v in page.get_size()))
            # boxes from the corner of the page as drawn: a print-shop page's user space starts at -bleed
            x0, y0 = page.get_cropbox()[:2]
            textpage = page.get_textpage()
            raw = textpage.raw
            for index in range(textpage.count_chars()):
                char = chr(pdfium_c.FPDFText_GetUnicode(raw, index))
                chars.append(char)
                font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(raw, index))
                if char.isspace() or not font or not pdfium_c.FPDFText_GetMatrix(raw, index, matrix):
                    sizes.append(0.0)
                    bold.append(False)
                    boxes.append(none)
                    continue
                left, right, bottom, top = edges
                pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
                boxes.append((left.value - x0, bottom.value - y0, right.value - x0, top.value - y0))
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                sizes.append(pdfium_c.FPDFText_GetFontSize(raw, index) * scale)
                key = ctypes.cast(font, ctypes.c_void_p).value or 0
                if key not in fonts:
                    fonts[key] = _bold(raw, font, index, pdfium_c)
                bold.append(fonts[key])
            chars.append("\f")
            sizes.append(0.0)
            bold.append(False)
            boxes.append(none)
    finally:
        document.close()
    return Printed(tuple(pages), "".join(chars), tuple(sizes), tuple(bold), tuple(boxes))


def page_texts(pdf: bytes, strip_pt: float) -> tuple[tuple[str, str], ...]:
    """Each page's text, and the text within `strip_pt` of the bottom of its trim box (none when 0).

    The characters of measure()'s Printed.text, with the line breaks pdfium puts between lines, read in one call
    (get_text_range; with a strip, one by one, to know where each is), and much faster than measure(): no sizes,
    boxes or weights. Unlike Printed.text, a character beyond U+FFFF (𝐐, 𠀀) is one character, not the two halves
    of its UTF-16 pair. Not pdfium's bounded text (get_text_bounded): it runs the turned lines of tear-off tabs
    together ('…0100Free helplineCall…'), which would hide a word from whole-word matching.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(pdf)
    try:
        found = []
        for page in document:
            textpage = page.get_textpage()
            if strip_pt <= 0:  # the same characters, in one call
                found.append((textpage.get_text_range(), ""))
                continue
            chars = [
                (chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index)), textpage.get_charbox(index, loose=True))
                for index in range(textpage.count_chars())
            ]
            top = page.get_trimbox()[1] + strip_pt  # the trim box is the paper; print-shop pages add bleed around it
            strip = [char for char, box in chars if (box[1] + box[3]) / 2 < top]
            found.append((_paired("".join(char for char, _ in chars)), _paired("".join(strip))))
        return tuple(found)
    finally:
        document.close()


def _paired(text: str) -> str:
    """Characters beyond U+FFFF, which pdfium gives one by one as halves of a UTF-16 pair, made whole."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
