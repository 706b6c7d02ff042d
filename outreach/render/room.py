"""Whether a page that fits shows, in its own layout, that one rung larger type cannot fit.

Fitting (outreach.render.fit) keeps the largest rung of a ladder of type scales
at which a page fits, and proves it by laying out two: the one that fits and
the one above it, which does not. This module reads the layout of the first
and tells when the second need not be laid out, because it cannot fit: in some
box of fixed height (the page itself, a card's face) the lines of text, all
1.02 times taller one rung up, would need more height than the box has left.

The estimate is meant to err one way only. It reads only the box as tall as
the page (the page's section, a card's face), laid out as one column of
blocks. It counts only what surely grows: the height that lines of text cover
and that nothing of fixed size covers at the same height (a QR code, a picture,
a box given a height, a float, an inline picture taller than its line's type),
leaving out the lines of a float and of a paragraph that runs past a float's
bottom (one rung up, its line that began beside the float may begin under it,
wider, and the paragraph take fewer lines); it relies on 90 % of that (on the
statewide benchmark kit the lowest line moved down at least 97 % of it, rung
after rung). It compares that with the room the box has left: under its lowest
line (to the box's bottom, the page's safe margin, a footer placed against the
box's bottom, which rises as its own lines grow) and under its last part (to
the page's bottom, where a part breaks onto another page). It says nothing
where it cannot be sure: type that shrinks instead of growing, a type size or
line height that does not follow the scale as fit writes it, a column of flex
items (they shrink and grow), lines side by side (columns, table cells, flex
items in a row, except a row where one item takes the room the others leave:
a card's back, its QR code beside its lines, grows by as much as that item
outgrows the row). There fitting lays the rung above out as before. When it is
wrong despite this, the page keeps a type scale one rung (2 %) smaller than the
largest that fits; never one that does not fit, because the page kept is the
page laid out and checked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from .overflow import TOLERANCE_PT

_PX_PER_PT = 4 / 3
MARGIN = 0.9
"""Only this much of the growth counted is relied upon: rounding in the layout and lines that break
differently one rung up may take back a little of it."""

_FONT_SIZE = re.compile(r"font-size\s*:\s*([^;}\"']*)", re.I)
_SCALED = re.compile(r"\d+(\.\d+)?pt")
"""A size outreach.render.fit scales (its `_FONT_SIZE`): digits, then `pt`, lower case, no space."""
_RELATIVE = re.compile(r"(\d+(\.\d+)?|\.\d+)(em|rem|%|ex|ch)|inherit|larger|smaller|unset")
_LINE_HEIGHT = re.compile(r"line-height\s*:\s*([^;}\"']*)", re.I)
_FOLLOWS = re.compile(r"(\d+(\.\d+)?|\.\d+)(em|rem|%|ex|ch)?|normal|inherit|unset")
_SHORTHAND = re.compile(r"[\s;{\"']font\s*:", re.I)
_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_ROOT = re.compile(r"(?<![\w-])(html|:root)(?![\w-])", re.I)
_STYLE_ANY = re.compile(r"\sstyle\s*=", re.I)
_STYLE_FIT = re.compile(r'\sstyle="')
"""Where fit scales sizes: <style> blocks and double-quoted style attributes (outreach.render.fit)."""


def readable(html: str) -> bool:
    """True when every type size and line height of the page follows the type scale as outreach.render.fit
    applies it: the root's size and every other in `pt` as fit rewrites them (lower case, in a <style> block or a
    double-quoted style attribute) or relative to them; line heights relative; no `font:` shorthand."""
    if _SHORTHAND.search(html) or re.search(r"<html[^>]*\sstyle\s*=", html, re.I):
        return False
    css = "\n".join(_STYLE_BLOCK.findall(html))
    roots = [size for rule in _RULE.finditer(css) if _ROOT.search(rule[1]) for size in _FONT_SIZE.findall(rule[2])]
    if not roots or not all(_SCALED.fullmatch(size.strip()) for size in roots):
        return False  # sizes in em or % follow the root's, which must be one fit scales
    if len(_STYLE_ANY.findall(html)) != len(_STYLE_FIT.findall(html)):
        return False  # a style attribute fit does not rewrite
    for match in _FONT_SIZE.finditer(html):
        value = match[1].strip().removesuffix("!important").strip()
        if not match[0].startswith("font-size") or not (_SCALED.fullmatch(value) or _RELATIVE.fullmatch(value)):
            return False
    return all(
        _FOLLOWS.fullmatch(match[1].strip().removesuffix("!important").strip().lower())
        for match in _LINE_HEIGHT.finditer(html)
    )


def cannot_grow(document: Any, step: float, safe_pt: float = 0.0) -> bool:
    """True when the laid-out page (fitted at a type scale of at least 1) shows that at `step` times its type
    size its box (the box as tall as the page: the page's section, a card's face) would not hold its lines."""
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        page_box = page._page_box
        area = page_box.content_box_y() + page_box.height  # where a part that does not fit breaks to a new page
        for holder in _holders(page_box, boxes):
            room = _room(holder, boxes, page_box, page_box.margin_height() - safe_pt * _PX_PER_PT, area, step)
            if room is None:
                continue
            grows = _grows(holder, step)
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
    """The things of fixed size in it: pictures, boxes given a height, an inline picture taller than its line."""
    placed: list[tuple[bool, list[Span]]] = field(default_factory=list)
    """The lines of each box placed absolutely against it from its top or bottom (a footer at the bottom), and
    whether the box's top rises as its lines grow (placed from the bottom, with no height of its own)."""
    floats: list[Span] = field(default_factory=list)
    """Its floated boxes (a QR code and its caption beside the text)."""
    paragraphs: dict[int, list[Span]] = field(default_factory=dict)
    """Its lines outside floats, by the box that holds them."""
    unread: bool = False
    """It holds what this module does not read (columns, a table): say nothing about it."""
    rows: list[tuple[float, float, _Holder]] = field(default_factory=list)
    """Its rows of flex items (a QR code beside the lines it reaches): each row's content height, the height of
    its one item that takes the room the others leave, and what that item holds."""


def _grows(holder: _Holder, step: float) -> float:
    """The least the lines of `holder` add to its height one rung up: the lines that surely grow, and each row of
    flex items by as much as its widening item outgrows the row."""
    grows = _covered(_growing(holder), holder.fixed + holder.floats) * (step - 1) * MARGIN
    for height, item, inside in holder.rows:
        grows += max(0.0, item + _grows(inside, step) - height)
    return grows


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

    def walk(box: Any, parent: Any, holder: _Holder | None, placed: list[Span] | None, floated: bool, anchor: Any):
        style = box.style
        if style["transform"]:
            return  # turned text (tear-off tabs, the SAMPLE mark): measured on the PDF, not here
        if style["position"] in ("absolute", "fixed") and placed is None:
            placed = []
            pinned = style["top"] != "auto" or style["bottom"] != "auto"
            if holder is not None and pinned and (anchor is holder.box or style["position"] == "fixed"):
                rises = style["top"] == "auto" and style["height"] == "auto"
                holder.placed.append((rises, placed))  # else it moves with the lines: no bound on them
        if isinstance(box, boxes.LineBox):
            _line(box, parent, holder, placed, floated, boxes)
            return
        if holder is not None and placed is None and not _holds(box, boxes) and (row := _row(box, boxes)):
            holder.fixed.append(_span(box))  # its growth is the row's (_grows), not its lines'
            for item in box.children:
                inside = _Holder(item)
                walk(item, box, inside, None, False, anchor)
                if item is row:  # the other items' lines stay where they are as it grows
                    holder.lines += inside.lines
                    holder.rows.append((box.height, item.margin_height(), inside))
                    lines = [line for lines in inside.paragraphs.values() for line in lines]
                    holder.unread = holder.unread or inside.unread or bool(inside.rows)
                    holder.unread = holder.unread or _side_by_side(lines, TOLERANCE_PT * _PX_PER_PT)
            return
        if holder is not None and placed is None:
            if isinstance(box, boxes.ReplacedBox) or _holds(box, boxes):
                holder.fixed.append(_span(box))
            if box.is_floated():
                holder.floats.append(_span(box))
                floated = True
            if isinstance(box, (boxes.TableBox, boxes.InlineTableBox)) or _columns(style):
                holder.unread = True
        if _holds(box, boxes) and placed is None:
            holder, floated = _Holder(box), False
            found.append(holder)
        if style["position"] != "static":
            anchor = box
        for child in getattr(box, "children", ()):
            walk(child, box, holder, placed, floated, anchor)

    for child in page_box.children:
        walk(child, page_box, None, None, False, page_box)
    return found


def _row(box: Any, boxes: Any) -> Any:
    """The item of a row of flex items that takes the room the others leave, when only it can widen or narrow:
    one rung up the others keep or widen (their type grows), so it keeps or narrows, and holds at least as many
    lines, each taller. None for any other box."""
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


def _line(box: Any, parent: Any, holder: _Holder | None, placed: list[Span] | None, floated: bool, boxes: Any) -> None:
    """A line's text into what `holder` holds; an inline picture or box of set height taller than the line's type
    is a thing of fixed size (the line's height may be its, and not grow with the type)."""
    texts = [t for t in _texts(box, boxes) if t.text.strip()]
    if holder is None or not texts:
        return
    line = (
        box.position_y,
        box.position_y + box.height,
        min(t.position_x for t in texts),
        max(t.position_x + t.width for t in texts),
    )
    if placed is not None:
        placed.append(line)
        return
    holder.lines.append(line)
    if not floated:
        holder.paragraphs.setdefault(id(parent), []).append(line)
    tallest = max(text.height for text in texts)  # the type's own height, from its font
    for atom in _atoms(box, boxes):
        if atom.margin_height() > tallest:  # may be what sets the line's height (a pictogram of 0.95 em is not)
            holder.fixed.append(_span(atom))


def _atoms(box: Any, boxes: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.ReplacedBox) or (
            isinstance(child, boxes.InlineBlockBox) and child.style["height"] != "auto"
        ):
            yield child
        elif isinstance(child, boxes.InlineBox):
            yield from _atoms(child, boxes)


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


def _side_by_side(lines: list[Span], tolerance: float) -> bool:
    """Whether two lines of the flow share a height (columns, flex items in a row, table cells): their growth
    is not one column's."""
    ordered = sorted(lines)
    return any(later[0] < earlier[1] - tolerance for earlier, later in pairwise(ordered))


def _room(holder: _Holder, boxes: Any, page_box: Any, safe_bottom: float, area: float, step: float) -> float | None:
    """The most height the box as tall as the page has left for its lines to grow into before one fails (runs
    out of the box, into the page's safe margin, into a footer placed at its bottom, or pushes a part onto
    another page); None for any other box, and where its layout is not one column of blocks."""
    box = holder.box
    top, border_bottom, *_ = _span(box)
    tolerance = TOLERANCE_PT * _PX_PER_PT  # what outreach.render.overflow lets a line run over
    if abs(top - page_box.position_y) > 0.5 or abs(border_bottom - top - page_box.margin_height()) > 0.5:
        return None  # a box of set height inside the page: it may be set in em, or % of a box without a height
    if not isinstance(box, boxes.BlockContainerBox) or holder.unread or not holder.lines:
        return None  # flex items shrink and grow: where their lines go is not read here
    if any(isinstance(child, boxes.LineBox) for child in box.children):
        return None
    if _side_by_side([line for lines in holder.paragraphs.values() for line in lines], tolerance):
        return None
    stacked = [child for child in box.children if not child.is_absolutely_positioned()]
    if not stacked:
        return None
    lowest = max(bottom for _, bottom, *_ in holder.lines)
    end = max(_span(child)[1] for child in stacked)  # its bottom margin too may break it: room is overstated
    rooms = [
        area - end,  # a part that crosses the page's bottom breaks onto a new page
        area - lowest,
        border_bottom - lowest + tolerance,  # a line out of its box of fixed height
        safe_bottom - lowest + tolerance,  # a line in the safe margin
    ]
    for rises, lines in holder.placed:  # a line running into a footer placed under the lines (not bullets)
        footer = min((line[0] for line in lines), default=-math.inf)
        if footer < lowest - tolerance:
            continue
        left, right = min(line[2] for line in lines), max(line[3] for line in lines)
        above = [low for _, low, start, stop in holder.lines if start < right and left < stop]
        if above:
            risen = _covered(lines, []) * (step - 1) * MARGIN if rises else 0.0
            rooms.append(footer - max(above) + tolerance - risen)
    if min(rooms) < 0:
        return None  # the page fits, so this is a layout the terms above do not describe
    return min(rooms)
