"""The boxes of fixed height on a laid-out page, and what each holds: its lines, its things of fixed size, its
floats, its footers, its rows of flex items (read by outreach.render.room).

The layout is WeasyPrint's private box tree (`page._page_box`), as in outreach.render.overflow.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from .overflow import PX_PER_PT, TOLERANCE_PT, line_texts

Span = tuple[float, float, float, float]
"""Top, bottom, left, right, in CSS pixels."""


@dataclass
class Holder:
    box: Any
    lines: list[Span] = field(default_factory=list)
    """Its lines of text in the flow (not those of a box of fixed height inside it)."""
    fixed: list[Span] = field(default_factory=list)
    """The things of fixed size in it: pictures, boxes given a height, an inline picture taller than its line's
    type, an inline block framed above and below by more than `FRAME_SHARE` of its height."""
    placed: list[tuple[bool, list[Span]]] = field(default_factory=list)
    """The lines of each box placed absolutely against it from its top or bottom (a footer at the bottom), and
    whether the box's top rises as its lines grow (placed from the bottom, with no height of its own)."""
    floats: list[Span] = field(default_factory=list)
    """Its floated boxes (a QR code and its caption beside the text)."""
    paragraphs: dict[int, list[Span]] = field(default_factory=dict)
    """Its lines outside floats, by the box that holds them."""
    unread: bool = False
    """It holds what outreach.render.room does not read (columns, a table): it says nothing about it."""
    rows: list[tuple[float, float, Holder]] = field(default_factory=list)
    """Its rows of flex items (a QR code beside the lines it reaches): each row's content height, the height of
    its one item that takes the room the others leave, and what that item holds."""
    ends: dict[int, tuple[Any, Any]] = field(default_factory=dict)
    """The box of each of its paragraphs outside floats, by the key of `paragraphs`, with its last line of text;
    not those in a box whose width is set in a unit that grows with the type (their lines may not wrap)."""
    blocks: list[tuple[Span, Any, Any]] = field(default_factory=list)
    """The inline blocks in its paragraphs' lines (ways to reach side by side), each with its line and paragraph;
    not those in a box whose width is set in a unit that grows with the type."""
    steady: set[Span] = field(default_factory=set)
    """Its lines whose type may not grow with the scale (type that has shrunk to its floor stays there)."""


def holds(box: Any, boxes: Any) -> bool:
    """A box whose height may not follow its content: the page, a card's face, any box given a height, a
    smallest or a largest height (its lines are its own; to the box around it, it is of fixed size)."""
    if isinstance(box, (boxes.InlineBox, boxes.InlineBlockBox, boxes.LineBox, boxes.TextBox, boxes.ReplacedBox)):
        return False
    return sets_height(box.style)


def sets_height(style: Any) -> bool:
    """Whether a box is given a height, a smallest or a largest height."""
    return style["height"] != "auto" or is_set(style["min_height"], 0) or is_set(style["max_height"], math.inf)


def is_set(value: Any, unset: float) -> bool:
    """Whether a length of a box's style is set (not auto, not `unset`)."""
    return value != "auto" and getattr(value, "value", unset) != unset


def span(box: Any) -> Span:
    top, left = box.border_box_y(), box.border_box_x()
    return top, top + box.border_height(), left, left + box.border_width()


Grows = Callable[[Any], bool]
"""Whether the type of a line (a LineBox) surely grows by the step, one rung up."""


def holders(page_box: Any, boxes: Any, grows: Grows | None = None) -> list[Holder]:
    """Each box of fixed height on the page, with what it holds; the lines `grows` doubts are `steady` (every line
    grows when it is None)."""
    found: list[Holder] = []

    def walk(
        box: Any, parent: Any, holder: Holder | None, placed: list[Span] | None, floated: bool, anchor: Any, sized: bool
    ) -> None:
        style = box.style
        sized = sized or _sized_by_type(style)
        if style["transform"]:
            return  # turned text (tear-off tabs, the SAMPLE mark): measured on the PDF, not here
        if style["position"] in ("absolute", "fixed") and placed is None:
            placed = []
            pinned = style["top"] != "auto" or style["bottom"] != "auto"
            if holder is not None and pinned and (anchor is holder.box or style["position"] == "fixed"):
                rises = style["top"] == "auto" and style["height"] == "auto"
                holder.placed.append((rises, placed))  # else it moves with the lines: no bound on them
        if isinstance(box, boxes.LineBox):
            if _line(box, parent, holder, placed, floated, boxes, grows) and not sized:
                assert holder is not None
                holder.ends[id(parent)] = (parent, box)
                line = holder.paragraphs[id(parent)][-1]
                atoms = [atom for atom in _inline_blocks(box, boxes) if not _sized_by_type(atom.style)]
                holder.blocks += [(line, atom, parent) for atom in atoms]
            return
        if holder is not None and placed is None and not holds(box, boxes) and (row := _row(box, boxes)):
            holder.fixed.append(span(box))  # its growth is the row's (_grows), not its lines'
            # A row in a float, floated or inline is as wide as what it holds: its items' lines may not wrap.
            loose = floated or box.is_floated() or not isinstance(box, boxes.BlockLevelBox)
            for item in box.children:
                inside = Holder(item)
                walk(item, box, inside, None, False, anchor, sized or loose)
                if item is row:  # the other items' lines stay where they are as it grows
                    holder.lines += inside.lines
                    holder.rows.append((box.height, item.margin_height(), inside))
                    lines = [line for lines in inside.paragraphs.values() for line in lines]
                    holder.unread = holder.unread or inside.unread or bool(inside.rows)
                    holder.unread = holder.unread or side_by_side(lines, TOLERANCE_PT * PX_PER_PT)
            return
        if holder is not None and placed is None:
            if isinstance(box, boxes.ReplacedBox) or holds(box, boxes):
                holder.fixed.append(span(box))
            if box.is_floated():
                holder.floats.append(span(box))
                floated = True
            if isinstance(box, (boxes.TableBox, boxes.InlineTableBox)) or _columns(style):
                holder.unread = True
        if holds(box, boxes) and placed is None:
            holder, floated = Holder(box), False
            found.append(holder)
        if style["position"] != "static":
            anchor = box
        items = isinstance(box, (boxes.FlexContainerBox, boxes.GridContainerBox))  # as wide as they hold, or may be
        for child in getattr(box, "children", ()):
            walk(child, box, holder, placed, floated, anchor, sized or items)

    for child in page_box.children:
        walk(child, page_box, None, None, False, page_box, False)
    return found


def _row(box: Any, boxes: Any) -> Any:
    """The item of a row of flex items that takes the room the others leave, when only it can widen or narrow:
    one rung up the others keep or widen (their type grows), so it keeps or narrows, and holds at least as many
    lines, each taller (so long as the row keeps its width: a row in a float, floated or inline widens with what it
    holds, and its item's lines are not read for a line more). None for any other box."""
    style = box.style
    if (
        not isinstance(box, boxes.FlexContainerBox)
        or style["flex_direction"] != "row"
        or style["flex_wrap"] != "nowrap"
    ):
        return None
    items = list(box.children)
    if any(item.is_absolutely_positioned() or item.is_floated() for item in items):
        return None
    growing = [item for item in items if item.style["flex_grow"] > 0]
    if len(growing) != 1 or any(item.style["flex_shrink"] != 0 for item in items if item is not growing[0]):
        return None
    align = growing[0].style["align_self"]
    align = style["align_items"] if align == ("auto",) else align
    if align not in _OWN_HEIGHT:
        return None  # stretched to the row's height, its own is not read
    return growing[0]


_OWN_HEIGHT = {(value,) for value in ("center", "flex-start", "flex-end", "start", "end", "self-start", "self-end")}
"""How a flex item may sit in its row for its box to be as tall as what it holds (not stretched)."""


def _columns(style: Any) -> bool:
    return style["column_count"] != "auto" or style["column_width"] != "auto"


def _line(
    box: Any,
    parent: Any,
    holder: Holder | None,
    placed: list[Span] | None,
    floated: bool,
    boxes: Any,
    grows: Grows | None,
) -> bool:
    """A line's text into what `holder` holds; an inline picture or box of set height taller than the line's type
    is a thing of fixed size (the line's height may be its, and not grow with the type). True when it is a line of
    one of its paragraphs."""
    texts = [t for t in line_texts(box) if t.text.strip()]
    if holder is None or not texts:
        return False
    line = (
        box.position_y,
        box.position_y + box.height,
        min(t.position_x for t in texts),
        max(t.position_x + t.width for t in texts),
    )
    if placed is not None:
        placed.append(line)
        return False
    holder.lines.append(line)
    if grows is not None and not grows(box):
        holder.steady.add(line)
    if not floated:
        holder.paragraphs.setdefault(id(parent), []).append(line)
    # What is taller than the type's own height (from its font) may set the line's height (a pictogram of 0.95 em
    # does not); a block framed above or below may at any height, and its frame does not grow.
    tallest = max(text.height for text in texts)
    for atom in _atoms(box, boxes):
        if atom.margin_height() > tallest or _frame(atom) > FRAME_SHARE * atom.margin_height():
            holder.fixed.append(span(atom))
    return not floated


_WIDTHS = ("width", "min_width", "max_width", "inline_size", "min_inline_size", "max_inline_size", "flex_basis")
FIXED_UNITS = {"px", "pt", "mm", "cm", "in", "pc", "q", "%"}
"""Units of a length that stays as the type grows."""


def written(style: Any, name: str) -> Any:
    """A property of a box's style as the CSS wrote it (cascaded, before it is computed): a keyword, a length, or a
    function such as calc() or var(); "auto" where nothing set it."""
    return (getattr(style, "cascaded", {}).get(name) or ("auto",))[0]


def _sized_by_type(style: Any) -> bool:
    """Whether a box's width is set in a unit that grows with the type (em, ch, …; a variable or calc() may):
    one rung up, the lines of what it holds have more room. A width of none (`min-width: 0`, the basis of
    `flex: 1`) is none at any size."""
    for name in _WIDTHS:
        value = written(style, name)
        if value in ("auto", "none", "initial") or getattr(value, "unit", None) in FIXED_UNITS:
            continue
        if getattr(value, "value", None) == 0:
            continue  # none at any size (`min-width: 0`, `flex: 1`)
        return True
    return False


def _atoms(box: Any, boxes: Any) -> Iterator[Any]:
    """The pictures and inline blocks of a line whose height need not follow the type: of a set height, or framed
    above or below (margins, borders, padding: set in mm, they stay as the type grows)."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.ReplacedBox) or (
            isinstance(child, boxes.InlineBlockBox) and (child.style["height"] != "auto" or _frame(child) > 0.01)
        ):
            yield child
        elif isinstance(child, boxes.InlineBox):
            yield from _atoms(child, boxes)


FRAME_SHARE = 0.05
"""An inline block whose frame above and below is more than this share of its height is a thing of fixed size in
its line at any height: setting the line's height, it grows less than the type (the room relies on 90 % of the
growth, and rounding takes up to 3 % of it). Under it (a way to reach with a point of margin above), it is not."""


def _frame(box: Any) -> float:
    """The height of a box's margins, borders and padding above and below it: they do not grow with the type."""
    sides = ("margin_top", "margin_bottom", "padding_top", "padding_bottom", "border_top_width", "border_bottom_width")
    return sum(abs(getattr(box, side, 0) or 0) for side in sides)


def _inline_blocks(box: Any, boxes: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.InlineBlockBox):
            yield child
        elif isinstance(child, boxes.InlineBox):
            yield from _inline_blocks(child, boxes)


def side_by_side(lines: list[Span], tolerance: float) -> bool:
    """Whether two lines of the flow share a height (columns, flex items in a row, table cells): their growth
    is not one column's."""
    ordered = sorted(lines)
    return any(later[0] < earlier[1] - tolerance for earlier, later in pairwise(ordered))
