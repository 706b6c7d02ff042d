"""Text the layout holds where it would print, but that a reader would not see.

A kit's CSS can hide text without moving it: a box that cuts off what overflows it (`overflow: hidden` or
`clip`, with a small `height` or `max-height`), or text drawn as nothing (`visibility: hidden`, `opacity:
0`, a transparent colour, a transform that flattens it). outreach.render.overflow reads lines where they
are laid out and would count such text as shown, so that a poster could hide its phone number. Cut-off
text is text that does not fit: the type shrinks until it shows, or the build fails
(outreach.render.fit). Text drawn invisible fails the build at once. Text drawn in the colour of what is
behind it, or covered by another box, is found on the printed page (`unseen`, on the grey page images the
whole-page QR pass of outreach.render.verify reads).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .measure import Printed
from .overflow import PX_PER_PT, TOLERANCE_PT, Overflow, label_of

_BAND_EM = 0.6
"""The part of a line a reader needs: from the baseline up this much of the type size (digits and
x-height); a box that cuts off a descender or an accent hides nothing."""
_NO_SIZE = 0.5
"""Type smaller than this (in CSS pixels) is not drawn; larger type under the format's minimum is measured on
the PDF (outreach.checks.printed)."""
INK = 48
"""On a 0-255 grey scale, the least difference between the darkest and the lightest pixel inside a word's
glyph box for the word to show (the faintest word of the sample kit's pages in ten languages differs by 158 at
150 dpi, by 106 on the 72 dpi grey images `unseen` is given, a hidden one by 0)."""


HINT = (
    "Nothing was written. A page must show all of its text: change the template's CSS so that this text shows "
    "(or, if it is cut off, so that its box has room for it)."
)


def hides(label: str, template: str, problem: Overflow, shrunk_to: str = "") -> str:
    """The message for text a page hides; `shrunk_to`, the type size at which it was still hidden."""
    shrunk = f", even with the type shrunk to the {shrunk_to} minimum" if shrunk_to else ""
    return f"{label}: {template or 'the template'} hides text{shrunk}: {problem.describe()}"


def _clip_of(box: Any, boxes: Any) -> tuple | None:
    """The rectangle a box cuts its content to, as WeasyPrint draws it, and why; None when it cuts nothing."""
    style = box.style
    if isinstance(box, (boxes.PageBox, boxes.ReplacedBox)):
        return None
    if style["overflow"] != "visible":
        left, top = box.padding_box_x(), box.padding_box_y()
        return (f"overflow: {style['overflow']}", left, top, left + box.padding_width(), top + box.padding_height())
    if box.is_absolutely_positioned() and style["clip"]:
        top, right, bottom, left = style["clip"]  # named and used as WeasyPrint's draw_stacking_context does
        right = 0 if right == "auto" else right
        left = box.border_width() if left == "auto" else left
        top = 0 if top == "auto" else top
        bottom = box.border_height() if bottom == "auto" else bottom
        x, y = box.border_box_x(), box.border_box_y()
        return ("clip", x + min(left, right), y + top, x + max(left, right), y + bottom)
    return None


def _texts(box: Any, clips: tuple = (), invisible: str = "", turned: bool = False) -> Iterator[tuple]:
    """Every text under `box`: (its text box, the boxes that cut it off (label, why, left, top, right, bottom),
    why it is drawn invisible or ""); an element whose text has no size has no text box, and yields its
    text in place of one."""
    from weasyprint.formatting_structure import boxes

    box = getattr(box, "_box", box)  # an absolutely placed box stands behind its placeholder
    style = box.style
    element = getattr(box, "element", None)
    if style["font_size"] < _NO_SIZE and element is not None and not isinstance(box, boxes.TextBox):
        if any(ch.isalnum() for ch in element.text or ""):  # WeasyPrint leaves text of size 0 out of the layout
            yield element.text, clips, invisible or "font-size: 0"
    matrix = box.transformation_matrix
    if not invisible and style["opacity"] <= 0:
        invisible = "opacity: 0"
    if not invisible and matrix is not None and abs(matrix.determinant) < 1e-6:
        invisible = "a transform that flattens it to nothing"
    if style["transform"] and not turned:
        turned, clips = True, ()  # the box's own coordinates from here: held to its own boxes only
    if isinstance(box, boxes.TextBox):
        yield box, clips, invisible
        return
    clip = _clip_of(box, boxes)
    if clip:
        clips = clips + ((label_of(box), *clip),)
    for child in getattr(box, "children", ()):
        yield from _texts(child, clips, invisible, turned)


def _invisible(style: Any) -> str:
    if style["visibility"] != "visible":
        return f"visibility: {style['visibility']}"
    if style["font_size"] < _NO_SIZE:
        return "font-size: 0"
    if getattr(style["color"], "alpha", 1) <= 0:
        return "a transparent colour"
    return ""


def hidden(document: Any) -> tuple[list[Overflow], list[Overflow]]:
    """Text of a laid-out document that a box cuts off (which may show at a smaller type size), and text
    drawn invisible (which never shows)."""
    cut, invisible = [], []
    tolerance = TOLERANCE_PT * PX_PER_PT
    for number, page in enumerate(document.pages, start=1):
        for box, clips, why in _texts(page._page_box):
            text = " ".join((box if isinstance(box, str) else box.text).split())
            if not any(ch.isalnum() for ch in text):
                continue
            why = why or ("" if isinstance(box, str) else _invisible(box.style))
            if why:
                invisible.append(Overflow(number, text, f"is drawn invisible ({why})", hidden=True))
                continue
            if isinstance(box, str):
                continue
            style = box.style
            left, right = box.position_x, box.position_x + box.width
            baseline = box.position_y + box.baseline
            top = baseline - _BAND_EM * style["font_size"]
            for label, reason, c_left, c_top, c_right, c_bottom in reversed(clips):
                if (
                    left < c_left - tolerance
                    or right > c_right + tolerance
                    or top < c_top - tolerance
                    or baseline > c_bottom + tolerance
                ):
                    problem = f"is cut off by {label}, which hides what does not fit in it ({reason})"
                    cut.append(Overflow(number, text, problem, hidden=True))
                    break
    return cut, invisible


def unseen(printed: Printed, images: list) -> list[Overflow]:
    """Words of a PDF that leave no mark on its page images (`images`, one per page, at any resolution):
    drawn in the colour of what is behind them, nearly transparent, or covered by another box."""
    found = []
    greys: dict[int, Any] = {}
    for page, word, (left, bottom, right, top) in printed.words():
        if not any(ch.isalnum() for ch in word) or page >= len(images):
            continue
        if page not in greys:
            greys[page] = images[page].convert("L")
        grey = greys[page]
        scale = grey.width / printed.pages[page][0]
        height = printed.pages[page][1]
        x0, y0 = int(left * scale), int((height - top) * scale)
        box = (x0, y0, max(x0 + 1, round(right * scale + 0.5)), max(y0 + 1, round((height - bottom) * scale + 0.5)))
        darkest, lightest = grey.crop(box).getextrema()
        if lightest - darkest < INK:
            problem = "does not show on the printed page: it is drawn in the colour of what is behind it, or covered"
            found.append(Overflow(page + 1, word, problem, hidden=True))
    return found
