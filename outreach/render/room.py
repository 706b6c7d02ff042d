"""Whether a page that fits shows, in its own layout, that one rung larger type cannot fit.

Fitting (outreach.render.fit) keeps the largest rung of a ladder of type scales
at which a page fits, and proves it by laying out two: the one that fits and
the one above it, which does not. This module reads the layout of the first
and tells when the second need not be laid out, because it cannot fit: in some
box of fixed height (the page itself, a card's face) the lines of text, all
1.02 times taller one rung up, would need more height than the box has left.

The estimate is meant to err one way only. It counts only what surely grows:
the height that lines of text cover and that nothing of fixed size (a QR code,
a picture, a box given a height) covers at the same height, leaving out the
lines of a float and of a paragraph beside one (one rung up, a line that was
beside a float may start under it, wider, and its paragraph take fewer lines);
relies on 90 % of it (on the statewide benchmark kit the lowest line moved down
at least 97 % of it, rung after rung); and compares that with the room the box
has left under its lowest line (to its own bottom, the page's safe margin, a
footer placed at the bottom) and under its last part (to the page's bottom,
where a part breaks onto another page). Where it cannot be sure (type that
shrinks instead of growing, line heights or type sizes in a fixed unit, a box
of flex items, which shrink and grow) it says nothing, and fitting lays the
rung above out as before. When it is wrong despite this, the page keeps a type
scale one rung (2 %) smaller than the largest that fits; it never keeps one
that does not fit, because the page kept is the page laid out and checked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .overflow import TOLERANCE_PT

_PX_PER_PT = 4 / 3
MARGIN = 0.9
"""Only this much of the growth counted is relied upon: rounding in the layout and lines that break
differently one rung up may take back a little of it."""

_DECLARATION = re.compile(r"\b(font-size|line-height|font)\s*:\s*([^;}\"']*)", re.I)
_SCALES = {
    "font-size": re.compile(r"(\d+(\.\d+)?|\.\d+)\s*(pt|em|rem|%|ex|ch)|inherit|larger|smaller|unset", re.I),
    "line-height": re.compile(r"(\d+(\.\d+)?|\.\d+)\s*(em|rem|%|ex|ch)?|normal|inherit|unset", re.I),
}


def readable(html: str) -> bool:
    """True when every type size and line height the page's CSS sets scales with the type scale
    (outreach.render.fit scales `pt` font sizes; sizes relative to them follow): none in a fixed unit
    (px, mm, vw, a keyword such as `medium`), none computed (calc(), var()), no `font:` shorthand."""
    for match in _DECLARATION.finditer(html):
        allowed = _SCALES.get(match[1].lower())
        if allowed is None or not allowed.fullmatch(match[2].strip().removesuffix("!important").strip()):
            return False
    return True


def cannot_grow(document: Any, step: float, safe_pt: float = 0.0) -> bool:
    """True when the laid-out page (fitted at a type scale of at least 1) shows that at `step` times its type
    size some box of fixed height would not hold its lines."""
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        page_box = page._page_box
        area = page_box.content_box_y() + page_box.height  # where a part that does not fit breaks to a new page
        for holder in _holders(page_box, boxes):
            room = _room(holder, boxes, page_box.margin_height() - safe_pt * _PX_PER_PT, area, step)
            if room is None:
                continue
            grows = _covered(_growing(holder), holder.fixed + holder.floats) * (step - 1) * MARGIN
            if grows > room:
                return True
    return False


Span = tuple[float, float, float, float]
"""Top, bottom, left, right, in CSS pixels."""


@dataclass
class _Holder:
    box: Any
    lines: list[Span] = field(default_factory=list)
    """Its lines of text in the flow (not those of a box of fixed height inside it)."""
    fixed: list[Span] = field(default_factory=list)
    """The things of fixed size in it: pictures, boxes of fixed height."""
    placed: list[tuple[bool, list[Span]]] = field(default_factory=list)
    """The lines of each box placed absolutely in it (a footer at the bottom), and whether the box is placed
    from the bottom (its lines, growing, push its top up)."""
    floats: list[Span] = field(default_factory=list)
    """Its floated boxes (a QR code and its caption beside the text)."""
    paragraphs: dict[int, list[Span]] = field(default_factory=dict)
    """Its lines outside floats, by the box that holds them."""


def _holds(box: Any, boxes: Any) -> bool:
    """A box whose height may not follow its content: the page, a card's face, any box given a height, a
    smallest or a largest height (its lines are its own; to the box around it, it is of fixed size)."""
    if isinstance(box, (boxes.InlineBox, boxes.InlineBlockBox, boxes.LineBox, boxes.TextBox, boxes.ReplacedBox)):
        return False
    style = box.style
    return style["height"] != "auto" or _set(style["min_height"], 0) or _set(style["max_height"], math.inf)


def _set(value: Any, unset: float) -> bool:
    return value != "auto" and getattr(value, "value", unset) != unset


def _span(box: Any) -> Span:
    top, left = box.border_box_y(), box.border_box_x()
    return top, top + box.border_height(), left, left + box.border_width()


def _holders(page_box: Any, boxes: Any) -> list[_Holder]:
    """Each box of fixed height on the page, with what it holds."""
    found: list[_Holder] = []

    def walk(box: Any, parent: Any, holder: _Holder | None, placed: list[Span] | None, floated: bool) -> None:
        if box.style["transform"]:
            return  # turned text (tear-off tabs, the SAMPLE mark): measured on the PDF, not here
        if box.style["position"] in ("absolute", "fixed") and placed is None:
            placed = []
            if holder is not None:
                holder.placed.append((box.style["top"] == "auto" and box.style["bottom"] != "auto", placed))
        if isinstance(box, boxes.LineBox):
            texts = [t for t in _texts(box, boxes) if t.text.strip()]
            if holder is not None and texts:
                left = min(t.position_x for t in texts)
                right = max(t.position_x + t.width for t in texts)
                line = (box.position_y, box.position_y + box.height, left, right)
                if placed is not None:
                    placed.append(line)
                    return
                holder.lines.append(line)
                if not floated:
                    holder.paragraphs.setdefault(id(parent), []).append(line)
            return
        if holder is not None and placed is None and (isinstance(box, boxes.ReplacedBox) or _holds(box, boxes)):
            holder.fixed.append(_span(box))
        if holder is not None and placed is None and box.is_floated():
            holder.floats.append(_span(box))
            floated = True
        if _holds(box, boxes) and placed is None:
            holder, floated = _Holder(box), False
            found.append(holder)
        for child in getattr(box, "children", ()):
            walk(child, box, holder, placed, floated)

    for child in page_box.children:
        walk(child, page_box, None, None, False)
    return found


def _growing(holder: _Holder) -> list[Span]:
    """The lines that surely grow one rung up: not those in a float, nor those of a paragraph that runs past a
    float's bottom (one rung up, its line that began beside the float may begin under it, wider, and the
    paragraph take fewer lines). Lines beside a float are counted as covered by it (`_covered`)."""
    bottoms = [bottom for _, bottom, *_ in holder.floats]
    return [
        line
        for lines in holder.paragraphs.values()
        if not any(lines[0][0] < bottom < lines[-1][1] for bottom in bottoms)
        for line in lines
    ]


def _texts(box: Any, boxes: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TextBox):
            yield child
        else:
            yield from _texts(child, boxes)


def _covered(lines: list[Span], fixed: list[Span]) -> float:
    """The height covered by lines and not by anything in `fixed` (things of fixed size, floats)."""
    total = 0.0
    solid = _union(fixed)
    for top, bottom in _union(lines):
        total += bottom - top
        for f_top, f_bottom in solid:
            total -= max(0.0, min(bottom, f_bottom) - max(top, f_top))
    return total


def _union(spans: list[Span]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for top, bottom, *_ in sorted(spans):
        if merged and top <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
        else:
            merged.append((top, bottom))
    return merged


def _room(holder: _Holder, boxes: Any, safe_bottom: float, area: float, step: float) -> float | None:
    """The most height a box of fixed height has left for its lines to grow into before one fails (runs out of
    the box, into the page's safe margin, into a footer placed at the bottom, or pushes a part onto another
    page); None where its layout is not a column of blocks."""
    box = holder.box
    if not isinstance(box, boxes.BlockContainerBox) or not holder.lines:
        return None  # flex items shrink and grow: where their lines go is not read here
    if box.style["height"] == "auto":
        return None  # a smallest or largest height: it grows with its lines, or lets them run out of it
    if any(isinstance(child, boxes.LineBox) for child in box.children):
        return None
    stacked = [child for child in box.children if not child.is_absolutely_positioned()]
    if not stacked:
        return None
    lowest = max(bottom for _, bottom, *_ in holder.lines)
    _, border_bottom, *_ = _span(box)
    end = max(_span(child)[1] for child in stacked)  # a last margin may run past the page: it is cut there
    tolerance = TOLERANCE_PT * _PX_PER_PT  # what outreach.render.overflow lets a line run over
    rooms = [
        area - end,  # a part that crosses the page's bottom breaks onto a new page
        area - lowest,
        border_bottom - lowest + tolerance,  # a line out of its box of fixed height
        safe_bottom - lowest + tolerance,  # a line in the safe margin
    ]
    for rises, lines in holder.placed:  # a line running into a footer placed under the lines (not bullets)
        top = min((line[0] for line in lines), default=-math.inf)
        if top < lowest - tolerance:
            continue
        left, right = min(line[2] for line in lines), max(line[3] for line in lines)
        above = [low for _, low, start, stop in holder.lines if start < right and left < stop]
        if above:
            risen = _covered(lines, []) * (step - 1) * MARGIN if rises else 0.0
            rooms.append(top - max(above) + tolerance - risen)
    if min(rooms) < 0:
        return None  # the page fits, so this is a layout the terms above do not describe
    return min(rooms)
