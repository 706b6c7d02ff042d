"""Whether a paragraph surely takes one line more when its type is one rung (2 %) larger (read by
outreach.render.room).

WeasyPrint breaks lines greedily: each line takes what fits, up to its last
break opportunity. One rung up every run of text is `step` times as wide and
nothing else in a line (icons, the space between spans) is narrower, so each
line of a paragraph ends where it ended or earlier, and its last line starts
where it started or earlier and holds at least what it held. When that, grown,
is wider than the paragraph, the paragraph takes a line more, at least as tall
as its strut.

The same holds inside an inline block of one line (a way to reach, set
beside the others): as wide as its line, it is never wider than its paragraph
less its own margins, borders and padding, so once its line, grown, is wider
than that, it breaks into two lines, and the line it sits in is at least as
tall as it.

A row of inline blocks (ways to reach side by side, nothing between them but
spaces a line may break at, not no-break ones) breaks between them: each
block, narrower than its paragraph, is as wide as its line of text and widens
with it, so once the row, grown, is wider than the paragraph, its last block
goes onto a line more, at least as tall as the shortest block of the row
(whichever part of the row that line holds). Said only where the row's line
is as tall as its tallest block: blocks raised and lowered make a line taller
than any of them, which breaking may add little to.

Said only where those steps hold: the paragraph's real last line, with
somewhere to break (else it runs over), in a paragraph that wraps normally,
with no text indent, not justified, with no float or box placed elsewhere in
the line, none drawn off its place (relatively positioned), with a negative
margin (set in em, it pulls in more as the type grows) or a margin, border or
padding beside it that is not a plain length (calc(): it may shrink), whose text
has no letter or word spacing of set length (it would not grow with the
type), in no box as wide as what it holds (a flex or grid item, a float, a
box placed elsewhere: it would widen with its text); an inline block whose
width is its own (set, or at least a set width) or whose height is set (a
height, a smallest or a largest one) is not read.

A full line before the last pushes words onto it: when the line before the
last, grown, is wider than the paragraph, it ends earlier, at a place it may
break, so the last line starts at or before that line's last piece that
cannot break (the text after the last place Pango's own rules let a line break
in the line's text, across its spans; its runs measured with Pango) and holds
that piece, grown, as well as all it held, and the space between them when
the piece's run of text goes on at the last line's start (letters or digits on
either side, which a line may not break between as they are: not Chinese,
Japanese or Korean). Said only where the line before the last holds what the
last line may (the same steps above), only text, in one language, set left to
right (a line broken right to left keeps its last run where the space it lost
was), whose spaces wrap and which does not hyphenate or break inside words,
with somewhere to break before that piece; not where the last line is a row of
inline blocks, nor where some line of the paragraph does not grow (type held
at its floor).
Vietnamese card backs of the statewide kit are laid out once a face for it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from .holders import FIXED_UNITS, is_set, sets_height, written

BREAK_PX = 1.0
"""How much wider than its paragraph a line must be to be sure it breaks (text widths are rounded a little)."""


def line_more(block: Any, line: Any, step: float, pushed: bool = True) -> float:
    """The height of the line `block` (a paragraph, `line` its last line) surely gains one rung up, its strut's;
    0 when it may not gain one. With `pushed`, the words its line before the last surely pushes onto it count
    (every line of the paragraph grows with the type)."""
    from weasyprint.formatting_structure import boxes

    lines = [child for child in block.children if isinstance(child, boxes.LineBox)]
    if lines[-1:] != [line]:
        return 0.0  # a line of its own after it (an icon alone)
    return _wraps(block, line, block.width, step, lines[-2] if pushed and len(lines) > 1 else None)


def block_more(atom: Any, width: float, step: float) -> float:
    """The height an inline block of one line (a way to reach, beside the others) surely gains one rung up, its
    strut's, in a paragraph `width` wide: as wide as its line, it is never wider than the paragraph less its own
    margins, borders and padding (which do not narrow as the type grows); 0 when it may not gain one."""
    from weasyprint.formatting_structure import boxes

    style = atom.style
    if style["width"] != "auto" or is_set(style["min_width"], 0) or sets_height(style):
        return 0.0  # a width of its own, or a height that need not follow its lines
    if len(atom.children) != 1 or not isinstance(atom.children[0], boxes.LineBox):
        return 0.0  # what is not one line of text
    return _wraps(atom, atom.children[0], width - (atom.margin_width() - atom.width), step)


def _wraps(block: Any, line: Any, width: float, step: float, before: Any = None) -> float:
    """The strut of `block` when its last line `line`, grown (with the piece its line `before` pushes on), is
    wider than `width`; else 0."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.inline import can_break_inside
    from weasyprint.text.line_break import strut

    style = block.style
    if style["white_space"] != "normal" or not _none(style["text_indent"]):
        return 0.0  # lines that do not wrap as they grow
    line_height = float(strut(style)[0])  # every line of the paragraph is at least this tall
    if "justify" in (style["text_align_all"], style["text_align_last"]):
        return 0.0  # a last line justified is as wide as the paragraph
    row = _row(line, width, line_height, boxes)
    pushed = _pushed(before, width, step, boxes, line) if before is not None and not row else 0.0
    if not (row or pushed or can_break_inside(line)):
        return 0.0  # one with nowhere to break runs over (a piece pushed on breaks from it)
    texts = _steady(line, boxes)
    if texts is None:
        return 0.0
    texts += [text for atom in row for text in _texts(atom.children[0], boxes)]  # a row's blocks widen with theirs
    if _spaced(texts):
        return 0.0
    if _grown(line, texts, step) + step * pushed <= width + BREAK_PX:
        return 0.0
    return max(line_height, min((atom.margin_height() for atom in row), default=0.0))


def _steady(line: Any, boxes: Any) -> list[Any] | None:
    """The runs of text of `line` when all it holds is in it to stay, growing as its text grows; None when a float
    or a box placed elsewhere is not in its width, one is drawn off its place (its box is not where the line
    breaks), or one may narrow as the type grows."""
    if not line.children or any(not child.is_in_normal_flow() for child in line.children):
        return None
    if any(child.style["position"] != "static" for child in line.children) or _narrows(line, boxes):
        return None
    return list(_texts(line, boxes))


def _grown(line: Any, texts: list[Any], step: float) -> float:
    """The least width `line` takes one rung up: its runs of text `texts` are `step` times as wide."""
    left = min(child.position_x for child in line.children)
    right = max(child.position_x + child.margin_width() for child in line.children)
    return right - left + (step - 1) * sum(text.width for text in texts)


def _spaced(texts: list[Any]) -> bool:
    """Whether a run of text has letter or word spacing of set length: it would not grow with the type."""
    return any(not _none(text.style["letter_spacing"]) or not _none(text.style["word_spacing"]) for text in texts)


def _pushed(line: Any, width: float, step: float, boxes: Any, after: Any) -> float:
    """The width of the text a line before the last surely pushes onto the line `after` it one rung up: its last
    piece that cannot break (with the space that parted it from `after`, when surely one), when the line, grown, is
    wider than `width`; 0 when it may push nothing."""
    texts = _steady(line, boxes)
    if texts is None or _spaced(texts) or _grown(line, texts, step) <= width + BREAK_PX:
        return 0.0
    if line.style["direction"] != "ltr":
        return 0.0  # a line broken right to left keeps its last run where the space it lost was: not read
    leaves = list(_leaves(line, boxes))
    if any(not isinstance(leaf, boxes.TextBox) or not _breaks_plainly(leaf.style) for leaf in leaves):
        return 0.0  # an inline block or a picture in the line; or words that may break inside, or not at all
    lang = leaves[-1].style["lang"]
    if any(leaf.style["lang"] != lang for leaf in leaves):
        return 0.0
    text = "".join(leaf.text for leaf in leaves)
    at = _last_break(text, lang)
    if at is None:
        return 0.0  # nowhere to break with something before it: the line runs over
    pushed, start = 0.0, 0
    for leaf in leaves:  # the piece's runs: whole ones as wide as they are, the first one's end measured
        if start + len(leaf.text) > at:
            pushed += leaf.width if start >= at else _width(leaf.text[at - start :], leaf.style)
        start += len(leaf.text)
    return pushed + _space(leaves[-1], after, boxes)


def _leaves(box: Any, boxes: Any) -> Iterator[Any]:
    """What a line holds, in its order, through its spans."""
    for child in box.children:
        if isinstance(child, boxes.InlineBox):
            yield from _leaves(child, boxes)
        else:
            yield child


def _breaks_plainly(style: Any) -> bool:
    """Whether lines break where Pango's own rules let them, and only there: no hyphenation, no word broken to fit,
    spaces that wrap."""
    if style["white_space"] != "normal" or style["hyphens"] == "auto":
        return False
    return style["word_break"] == "normal" and style["overflow_wrap"] == "normal"


def _last_break(text: str, lang: str | None) -> int | None:
    """Where the last place a line may break in `text` is (Pango's rules), with something before it."""
    from weasyprint.text.line_break import get_log_attrs

    attrs = get_log_attrs(text, lang)
    last = next((index for index in range(len(text) - 1, 0, -1) if attrs[index].is_line_break), None)
    return last if last is not None and text[:last].strip() else None  # none earlier has more before it


def _space(last: Any, after: Any, boxes: Any) -> float:
    """The width of the space between a line's last run of text `last` and the line `after`, when the line breaks
    there at a space: the next line begins with the rest of the same run of text (the same style), and letters or
    digits meet on either side (nothing else breaks between them: no hyphen, no break of zero width, no box)."""
    first = after
    while isinstance(first, (boxes.LineBox, boxes.InlineBox)) and first.children:
        first = first.children[0]
    if not isinstance(first, boxes.TextBox) or first.style is not last.style:
        return 0.0
    if not (last.text[-1:].isalnum() and first.text[:1].isalnum()):
        return 0.0
    if _last_break(last.text[-1] + first.text[0], last.style["lang"]) is not None:
        return 0.0  # a line may break between them as they are (Chinese, Japanese, Korean): no space need be there
    return _width(last.text[-1] + " ", last.style) - _width(last.text[-1], last.style)


def _width(text: str, style: Any) -> float:
    """The width of `text` set in `style` (Pango, as WeasyPrint sets a run of text)."""
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(text, style, None, None, 0)
    try:
        return float(line_size(layout.get_first_line()[0], style)[0])
    finally:
        layout.deactivate()


def _row(line: Any, width: float, line_height: float, boxes: Any) -> list[Any]:
    """The inline blocks of `line` when it is a row of them (two or more, nothing else but spaces where a line may
    break), each as wide as its one line of text (its width, smallest and largest width not set, no text indent,
    narrower than the paragraph `width`), the line as tall as the tallest or as its paragraph's `line_height` (none
    raised or lowered so far that the line holds more than either): they widen with their text, the line breaks
    between them, and the line that takes the rest is at least as tall as the shortest of them. Else none."""
    atoms = [child for child in line.children if isinstance(child, boxes.InlineBlockBox)]
    others = [child for child in line.children if not isinstance(child, boxes.InlineBlockBox)]
    if len(atoms) < 2 or any(not isinstance(child, boxes.TextBox) or child.text.strip(" ") for child in others):
        return []  # a no-break space (U+00A0, U+202F…) is no place to break
    for atom in atoms:
        style = atom.style
        if style["width"] != "auto" or is_set(style["min_width"], 0) or is_set(style["max_width"], math.inf):
            return []
        if len(atom.children) != 1 or not isinstance(atom.children[0], boxes.LineBox):
            return []
        if atom.margin_width() >= width - BREAK_PX or not _none(style["text_indent"]):
            return []
    if line.margin_height() > max([line_height] + [atom.margin_height() for atom in atoms]) + BREAK_PX:
        return []  # blocks raised and lowered: the line is taller than any of them, and breaking it may add little
    return atoms


def _narrows(box: Any, boxes: Any) -> bool:
    """Whether a span or an inline block in the line `box` (or in an inline block of it) may narrow as the type
    grows: a negative margin (set in em, it pulls in more), or a margin, border or padding beside it that is not a
    plain length (calc(), min(), max(), a variable: it may shrink)."""
    for child in box.children:
        if isinstance(child, (boxes.InlineBox, boxes.InlineBlockBox)):
            if min(child.margin_left or 0, child.margin_right or 0) < 0 or not _plain(child.style):
                return True
        if isinstance(child, (boxes.InlineBox, boxes.InlineBlockBox, boxes.LineBox)) and _narrows(child, boxes):
            return True
    return False


_SIDES = ("margin_left", "margin_right", "padding_left", "padding_right", "border_left_width", "border_right_width")
_UNITS = FIXED_UNITS | {"em", "rem", "ex", "ch"}


def _plain(style: Any) -> bool:
    """Whether the margins, borders and padding beside a box are as written: keywords, or lengths of a unit."""
    for side in _SIDES:
        value = written(style, side)
        if not (isinstance(value, str) or getattr(value, "value", None) == 0 or getattr(value, "unit", None) in _UNITS):
            return False
    return True


def _none(value: Any) -> bool:
    return value == "normal" or value == 0 or getattr(value, "value", None) == 0


def _texts(box: Any, boxes: Any) -> Iterator[Any]:
    """The runs of text of a line, in its spans, not those inside an inline block (side by side, or stacked)."""
    for child in box.children:
        if isinstance(child, boxes.TextBox):
            yield child
        elif isinstance(child, boxes.InlineBox):
            yield from _texts(child, boxes)
