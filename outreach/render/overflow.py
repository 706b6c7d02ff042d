"""Reading WeasyPrint's layout for text that does not fit its page.

"Does not fit" is read from the layout, not guessed: a line of text on a page
the format does not have, a line outside the page, outside the format's safe
area or outside a box of fixed size (a wallet card on a sheet), a line wider
than its box, or a line of an absolutely placed footer that collides with other
text. Boxes drawn transformed (the rotated SAMPLE mark, tear-off tab text) are
left out: their text is measured on the PDF instead (outreach.render.metrics).
The layout is WeasyPrint's private box tree (`page._page_box`); it is read
here and nowhere else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import BuildError
from .text import Segment

TOLERANCE_PT = 0.75
PX_PER_PT = 4 / 3
"""WeasyPrint lays out in CSS pixels."""


@dataclass(frozen=True)
class Overflow:
    page: int
    """1-based."""
    text: str
    problem: str
    hidden: bool = False
    """Hidden by the page's CSS (outreach.render.hidden), not run off its page or box."""

    def describe(self) -> str:
        shown = self.text if len(self.text) <= 90 else self.text[:87] + "…"
        return f"{shown!r} {self.problem} (page {self.page})"


class DoesNotFit(BuildError):
    """A page whose content needs more room than it has even at the smallest type: the BuildError, with what
    overflowed and all the page's text, so that the worker can name the translations that do not fit
    (outreach.i18n.overlong)."""

    def __init__(self, message: str, hint: str, found: list[Overflow], text: Sequence[Segment] = ()) -> None:
        super().__init__(message, hint)
        self.found = found
        self.text = [segment.text for segment in text]


@dataclass(frozen=True)
class _Line:
    text: str
    left: float
    right: float
    top: float
    bottom: float
    fixed: tuple  # ancestors whose size is fixed: (label, left, top, right, bottom)
    blocks: tuple  # block ancestors' (label, left, right)
    placed: int | None  # id of the nearest absolutely placed ancestor
    local: bool = False
    """Inside a transformed box (tear-off tab text): its coordinates are the box's own, before the turn,
    so it is held to its boxes only; the PDF's text is measured against the paper instead."""


def label_of(box) -> str:
    """A box as its CSS names it: tag and first class (`p.reach`)."""
    element = getattr(box, "element", None)
    classes = element.get("class", "") if element is not None else ""
    return f"{box.element_tag}.{classes.split()[0]}" if classes else str(getattr(box, "element_tag", "box"))


def _border(box) -> tuple[float, float, float, float]:
    x, y = box.border_box_x(), box.border_box_y()
    return x, y, x + box.border_width(), y + box.border_height()


def _lines(
    box, fixed: tuple = (), blocks: tuple = (), placed: int | None = None, local: bool = False
) -> Iterator[_Line]:
    from weasyprint.formatting_structure import boxes

    box = getattr(box, "_box", box)  # an absolutely placed box stands behind its placeholder
    style = box.style
    element = getattr(box, "element", None)
    if style["transform"] and not local:
        if element is not None and element.get("aria-hidden") == "true":
            return  # a rotated watermark (the SAMPLE mark), drawn over the page on purpose
        local, fixed, blocks = True, (), ()  # turned text: held to its own boxes
    if style["position"] in ("absolute", "fixed"):
        placed = id(box)
    if isinstance(box, (boxes.BlockContainerBox, boxes.FlexContainerBox)) and not isinstance(box, boxes.PageBox):
        left, top, right, bottom = _border(box)
        blocks = blocks + ((label_of(box), left, right),)
        if style["height"] != "auto" and not isinstance(box, boxes.InlineBlockBox):
            fixed = fixed + ((label_of(box), left, top, right, bottom),)
    if isinstance(box, boxes.LineBox):
        texts = list(line_texts(box))
        if texts and "".join(t.text for t in texts).strip():
            yield _Line(
                " ".join("".join(t.text for t in texts).split()),
                min(t.position_x for t in texts),
                max(t.position_x + t.width for t in texts),
                box.position_y,
                box.position_y + box.height,
                fixed,
                blocks,
                placed,
                local,
            )
        return
    for child in getattr(box, "children", ()):
        yield from _lines(child, fixed, blocks, placed, local)


def line_texts(box) -> Iterator:
    """The text boxes inside `box` (a line), at any depth."""
    from weasyprint.formatting_structure import boxes

    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TextBox):
            yield child
        else:
            yield from line_texts(child)


def _sections(page_box) -> list:
    """The boxes of <body>'s children on one page (a format's page roles are these sections), and any
    box a page carries outside <body> (floats continued from the page before)."""
    html = page_box.children[0] if page_box.children else None
    found = []
    for child in getattr(html, "children", ()):
        found += list(child.children) if getattr(child, "element_tag", "") == "body" else [child]
    return found


def overflows(document: Any, pages: int, safe_pt: float = 0.0) -> list[Overflow]:
    """Every line of text in a laid-out WeasyPrint document that does not fit; `safe_pt` is the format's
    safe margin, which no line may enter."""
    found: list[Overflow] = []
    tolerance = TOLERANCE_PT * PX_PER_PT
    safe = safe_pt * PX_PER_PT
    seen: set[int] = set()  # elements already begun on an earlier page
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        width, height = box.margin_width(), box.margin_height()
        lines = []
        for section in _sections(box):
            element = id(section.element)
            section_lines = list(_lines(section))
            if element in seen and section_lines and number > 1:
                found.append(
                    Overflow(
                        number - 1,
                        section_lines[0].text,
                        f"does not fit on page {number - 1} and runs onto page {number}",
                    )
                )
            seen.add(element)
            lines += section_lines
        if number > pages:  # even with no text on it: a picture or a box pushed off the page
            text = lines[0].text if lines else "(no text)"
            found.append(Overflow(number, text, f"lands on page {number}, and the format has {pages}"))
            continue
        for line in lines:
            problem = _outside(line, width, height, tolerance, safe)
            if problem:
                found.append(Overflow(number, line.text, problem))
        found += _collisions(number, lines, tolerance)
    return found


def _alnum(text: str) -> Counter[str]:
    return Counter(ch for ch in text if ch.isalnum())


def missing(document: Any, segments: Sequence[Segment]) -> list[Overflow]:
    """Text of the page (outreach.render.text.page_text) that is nowhere in the layout.

    WeasyPrint may drop, without a word, flex items that run past the page; this finds them by their
    letters and digits, so that dropped text is treated as text that does not fit.
    """
    laid_out: Counter[str] = Counter()
    for page in document.pages:
        laid_out.update(_alnum("".join(box.text for box in _all_texts(page._page_box))))
    for segment in segments:
        needed = _alnum(segment.text)
        if any(laid_out[ch] < count for ch, count in needed.items()):
            return [
                Overflow(
                    len(document.pages),
                    segment.text,
                    "is missing from the layout: it did not fit, or the page's CSS leaves it out (display: none)",
                )
            ]
        laid_out.subtract(needed)
    return []


def _all_texts(box: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from _all_texts(child)


def _outside(line: _Line, width: float, height: float, tolerance: float, safe: float) -> str | None:
    for label, left, right in reversed(line.blocks):
        if line.left < left - tolerance or line.right > right + tolerance:
            return f"is wider than its box ({label})"
    for label, _left, top, _right, bottom in reversed(line.fixed):
        if line.bottom > bottom + tolerance or line.top < top - tolerance:
            return f"runs out of its box ({label})"
    if line.local:
        return None
    if line.bottom > height + tolerance:
        return "runs past the bottom of the page"
    if line.left < -tolerance or line.right > width + tolerance:
        return "runs past the edge of the page"
    if min(line.left, line.top, width - line.right, height - line.bottom) < safe - tolerance:
        return f"sits in the safe margin ({safe / PX_PER_PT:g} pt from the edge), where printers may cut it off"
    return None


def _collisions(number: int, lines: list[_Line], tolerance: float) -> list[Overflow]:
    """Lines printed over one another: an absolutely placed footer over the text, or the parts of a flex
    layout WeasyPrint placed on top of each other."""
    found = []
    ordered = sorted((line for line in lines if not line.local), key=lambda line: line.top)
    for index, line in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.top >= line.bottom - tolerance:
                break
            if line.left < other.right - tolerance and other.left < line.right - tolerance:
                above, below = (line, other) if line.placed is not None or other.placed is None else (other, line)
                found.append(Overflow(number, below.text, f"collides with {above.text!r}"))
    return found
