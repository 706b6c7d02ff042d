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
a box given a height, a float, an inline picture taller than its line's type,
an inline block framed above or below: margins, borders and padding stay),
leaving out the lines of a float and of a paragraph that runs past a float's
bottom (one rung up, its line that began beside the float may begin under it,
wider, and the paragraph take fewer lines); it relies on 90 % of that (on the
statewide benchmark kit the lowest line moved down at least 97 % of it, rung
after rung). To that it adds a line for each paragraph whose last line, its
text one rung wider, would be wider than the paragraph (lines break greedily, so
the last line holds at least what it held: it must wrap; so must a last line
that a full line before it pushes its last word onto; a row of ways to reach
side by side breaks between them, onto a line as tall as one), and as much as an
inline block of one line (a way to reach, beside the others) that must break
in two outgrows its line (outreach.render.wraps), unless something of fixed
size stands beside them. Where the type has shrunk under its design, only the
lines set in sizes above their floor count as growing: text held at its floor
stays as it is one rung up. It compares that with the room
the box has left: under its lowest line (to the box's bottom, the page's safe
margin, a footer placed against the box's bottom, which rises as its own lines
grow) and under its last part (to the page's bottom, where a part breaks onto
another page). It says nothing where it cannot be sure: a type size or line
height that does not follow the scale as fit writes it, a column of flex
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
from typing import Any

from .holders import Grows, Holder, Span, holders, side_by_side, span
from .overflow import PX_PER_PT, TOLERANCE_PT
from .wraps import block_more, line_more

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


def cannot_grow(document: Any, step: float, safe_pt: float = 0.0, grows: Grows | None = None) -> bool:
    """True when the laid-out page shows that at `step` times its type size its box (the box as tall as the page:
    the page's section, a card's face) would not hold its lines. Only the lines `grows` vouches for are counted as
    growing (all of them when it is None: type at a scale of 1 or more, where every size grows with it)."""
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        page_box = page._page_box
        area = page_box.content_box_y() + page_box.height  # where a part that does not fit breaks to a new page
        for holder in holders(page_box, boxes, grows):
            room = _room(holder, boxes, page_box, page_box.margin_height() - safe_pt * PX_PER_PT, area, step)
            if room is None:
                continue
            if _grows(holder, step, grows) > room:
                return True
    return False


def _grows(holder: Holder, step: float, grows: Grows | None = None) -> float:
    """The least the lines of `holder` add to its height one rung up: the lines that surely grow, a line more for
    each paragraph that surely takes one (outreach.render.wraps), and each row of flex items by as much as its
    widening item outgrows the row."""
    growth = _covered(_growing(holder), holder.fixed + holder.floats) * (step - 1) * MARGIN
    solid = _union(holder.fixed + holder.floats)
    for key, lines in holder.paragraphs.items():
        top, bottom = lines[0][0], lines[-1][1]
        if key not in holder.ends or lines[-1] in holder.steady:
            continue
        if any(f_top < bottom and top < f_bottom for f_top, f_bottom in solid):
            continue  # beside a thing of fixed size, a paragraph may grow into the room beside it
        pushed = not any(line in holder.steady for line in lines)  # its line before the last grows too
        growth += line_more(*holder.ends[key], step, pushed) * MARGIN
    taller: dict[Span, float] = {}  # each line by as much as its tallest inline block outgrows it
    for line, atom, block in holder.blocks:
        if line in holder.steady or any(f_top < line[1] and line[0] < f_bottom for f_top, f_bottom in solid):
            continue
        more = block_more(atom, block.width, step)
        if more:  # the block takes a line more: the line is at least as tall as it (and grew as counted above)
            outgrows = atom.margin_height() + more - (line[1] - line[0]) * step
            taller[line] = max(taller.get(line, 0.0), outgrows * MARGIN)
    growth += sum(taller.values())
    for height, item, inside in holder.rows:
        growth += max(0.0, item + _grows(inside, step, grows) - height)
    return growth


def _growing(holder: Holder) -> list[Span]:
    """The lines that surely grow one rung up: not those in a float, nor those of a paragraph that runs past a
    float's bottom (one rung up, its line that began beside the float may begin under it, wider, and the
    paragraph take fewer lines). Lines beside a float are counted as covered by it (`_covered`)."""
    bottoms = [bottom for _, bottom, *_ in holder.floats]
    return [
        line
        for lines in holder.paragraphs.values()
        if not any(lines[0][0] < bottom < lines[-1][1] for bottom in bottoms)
        for line in lines
        if line not in holder.steady
    ]


def shrunk_type(grow: set[float], steady: set[float]) -> Grows:
    """Whether a line's type grows with the scale, on a page whose type has shrunk: every box of the line (the
    line's own, for its height, and each span and run of text in it) is set in a size of `grow` (pt; sizes written
    as the scale times their design) and in none of `steady` (sizes held at their floor, or at or under the
    minimum: they stay one rung up), with a line height that follows its own size. A line holding anything else (a
    picture, an inline block) is doubted. Sizes in em or % are told apart only by their value: one that follows a
    size held at its floor and happens to equal, to 0.01 pt, one written times the scale is counted as growing."""
    from weasyprint.formatting_structure import boxes

    def known(size_px: float, sizes: set[float]) -> bool:
        return any(abs(size_px / PX_PER_PT - size) < _SAME_PT for size in sizes)

    def grows(box: Any) -> bool:
        if not isinstance(box, (boxes.LineBox, boxes.InlineBox, boxes.TextBox)):
            return False
        if not (box.style["line_height"] == "normal" or isinstance(box.style["line_height"], float)):
            return False  # a line height in em or % is a length, inherited as it is: it may be a clamped size's
        size = box.style["font_size"]
        if not known(size, grow) or known(size, steady):
            return False
        return all(grows(child) for child in getattr(box, "children", ()))

    return grows


_SAME_PT = 0.006
"""outreach.render.fit writes sizes to 0.01 pt."""


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


def _room(holder: Holder, boxes: Any, page_box: Any, safe_bottom: float, area: float, step: float) -> float | None:
    """The most height the box as tall as the page has left for its lines to grow into before one fails (runs
    out of the box, into the page's safe margin, into a footer placed at its bottom, or pushes a part onto
    another page); None for any other box, and where its layout is not one column of blocks."""
    box = holder.box
    top, border_bottom, *_ = span(box)
    tolerance = TOLERANCE_PT * PX_PER_PT  # what outreach.render.overflow lets a line run over
    if abs(top - page_box.position_y) > 0.5 or abs(border_bottom - top - page_box.margin_height()) > 0.5:
        return None  # a box of set height inside the page: it may be set in em, or % of a box without a height
    if not isinstance(box, boxes.BlockContainerBox) or holder.unread or not holder.lines:
        return None  # flex items shrink and grow: where their lines go is not read here
    if any(isinstance(child, boxes.LineBox) for child in box.children):
        return None
    if side_by_side([line for lines in holder.paragraphs.values() for line in lines], tolerance):
        return None
    stacked = [child for child in box.children if not child.is_absolutely_positioned()]
    if not stacked:
        return None
    lowest = max(bottom for _, bottom, *_ in holder.lines)
    end = max(span(child)[1] for child in stacked)  # its bottom margin too may break it: room is overstated
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
