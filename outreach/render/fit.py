"""Text that fits its page: shrunk within the format's minimum size, or an error naming it.

A document is laid out at its designed sizes first. When some text does not
fit, every font size written in `pt` in the page's CSS is stepped down together
(a size never goes below the format's `min_font_pt`, and sizes already at or
under it stay), and the largest scale that fits is kept. When even the minimum
does not fit, the build fails naming the text that overflowed.

"Does not fit" is read from WeasyPrint's layout, not guessed: a line of text
on a page the format does not have, a line outside the page or outside a box of
fixed size (a wallet card on a sheet), a line wider than its box, or a line of
an absolutely placed footer that collides with other text. Watermarks drawn
rotated (the SAMPLE mark) are left out. The layout is WeasyPrint's private box
tree (`page._page_box`); it is read here and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import BuildError

TOLERANCE_PT = 0.75
STEP = 0.9
_PX_PER_PT = 4 / 3  # WeasyPrint lays out in CSS pixels

_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_STYLE_ATTR = re.compile(r'(\sstyle=")([^"]*)(")')
_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+(?:\.\d+)?)pt")


@dataclass(frozen=True)
class Overflow:
    page: int
    """1-based."""
    text: str
    problem: str

    def describe(self) -> str:
        shown = self.text if len(self.text) <= 90 else self.text[:87] + "…"
        return f"{shown!r} {self.problem} (page {self.page})"


# ---- shrinking ---------------------------------------------------------------


def _sizes(css: str) -> list[float]:
    return [float(m[2]) for m in _FONT_SIZE.finditer(css)]


def _css_parts(html: str) -> list[str]:
    return [m[2] for m in _STYLE_BLOCK.finditer(html)] + [m[2] for m in _STYLE_ATTR.finditer(html)]


def scaled(html: str, scale: float, minimum: float) -> str:
    """`html` with every pt font size in its CSS times `scale`, never under `minimum` (or its own size)."""
    if scale == 1:
        return html

    def size(match: re.Match) -> str:
        value = float(match[2])
        new = value if value <= minimum else max(minimum, value * scale)
        return f"{match[1]}{new:.2f}pt"

    def css(match: re.Match) -> str:
        return match[1] + _FONT_SIZE.sub(size, match[2]) + match[3]

    return _STYLE_ATTR.sub(css, _STYLE_BLOCK.sub(css, html))


def ladder(html: str, minimum: float) -> list[float]:
    """The scales to try, largest first, down to the one that puts every size at the minimum."""
    largest = max((s for part in _css_parts(html) for s in _sizes(part)), default=minimum)
    floor = min(1.0, minimum / largest)
    scales = [1.0]
    while scales[-1] * STEP > floor:
        scales.append(round(scales[-1] * STEP, 4))
    if scales[-1] > floor:
        scales.append(floor)
    return scales


# ---- reading the layout ------------------------------------------------------


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


def _label(box) -> str:
    element = getattr(box, "element", None)
    classes = element.get("class", "") if element is not None else ""
    return f"{box.element_tag}.{classes.split()[0]}" if classes else str(getattr(box, "element_tag", "box"))


def _border(box) -> tuple[float, float, float, float]:
    x, y = box.border_box_x(), box.border_box_y()
    return x, y, x + box.border_width(), y + box.border_height()


def _lines(box, fixed: tuple = (), blocks: tuple = (), placed: int | None = None) -> Iterator[_Line]:
    from weasyprint.formatting_structure import boxes

    style = box.style
    if style["transform"]:
        return  # a rotated watermark, drawn over the page on purpose
    if style["position"] in ("absolute", "fixed"):
        placed = id(box)
    if isinstance(box, (boxes.BlockContainerBox, boxes.FlexContainerBox)) and not isinstance(box, boxes.PageBox):
        left, top, right, bottom = _border(box)
        blocks = blocks + ((_label(box), left, right),)
        if style["height"] != "auto" and not isinstance(box, boxes.InlineBlockBox):
            fixed = fixed + ((_label(box), left, top, right, bottom),)
    if isinstance(box, boxes.LineBox):
        texts = list(_texts(box))
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
            )
        return
    for child in getattr(box, "children", ()):
        yield from _lines(child, fixed, blocks, placed)


def _texts(box) -> Iterator:
    from weasyprint.formatting_structure import boxes

    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TextBox):
            yield child
        elif not isinstance(child, boxes.InlineBlockBox) or not child.style["transform"]:
            yield from _texts(child)


def _sections(page_box) -> list:
    """The boxes of <body>'s children on one page (a format's page roles are these sections)."""
    html = page_box.children[0] if page_box.children else None
    body = next((c for c in getattr(html, "children", ()) if getattr(c, "element_tag", "") == "body"), None)
    return list(getattr(body, "children", ())) if body is not None else []


def overflows(document, pages: int) -> list[Overflow]:
    """Every line of text in a laid-out WeasyPrint document that does not fit."""
    found: list[Overflow] = []
    tolerance = TOLERANCE_PT * _PX_PER_PT
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
        if number > pages:
            found += [
                Overflow(number, line.text, f"lands on page {number}, and the format has {pages}") for line in lines[:1]
            ]
            continue
        for line in lines:
            problem = _outside(line, width, height, tolerance)
            if problem:
                found.append(Overflow(number, line.text, problem))
        found += _collisions(number, lines, tolerance)
    return found


def _outside(line: _Line, width: float, height: float, tolerance: float) -> str | None:
    for label, left, right in reversed(line.blocks):
        if line.left < left - tolerance or line.right > right + tolerance:
            return f"is wider than its box ({label})"
    for label, _left, top, _right, bottom in reversed(line.fixed):
        if line.bottom > bottom + tolerance or line.top < top - tolerance:
            return f"runs out of its box ({label})"
    if line.bottom > height + tolerance:
        return "runs past the bottom of the page"
    if line.left < -tolerance or line.right > width + tolerance:
        return "runs past the edge of the page"
    return None


def _collisions(number: int, lines: list[_Line], tolerance: float) -> list[Overflow]:
    found = []
    placed = [line for line in lines if line.placed is not None]
    for line in placed:
        for other in lines:
            if other.placed == line.placed:
                continue
            if (
                line.left < other.right - tolerance
                and other.left < line.right - tolerance
                and line.top < other.bottom - tolerance
                and other.top < line.bottom - tolerance
            ):
                found.append(Overflow(number, other.text, f"collides with {line.text!r}"))
    return found


# ---- the loop ----------------------------------------------------------------


def render_to_fit(engine, html: str, base_url: str, label: str, pages: int, minimum: float, tagged: bool = True):
    """Render `html` at the largest scale at which everything fits; BuildError naming the text otherwise.

    Tries the designed sizes, then the smallest allowed; when that fits, bisects
    the steps between them for the largest that does.
    """
    scales = ladder(html, minimum)
    tried: dict[int, tuple] = {}

    def attempt(index: int):
        if index not in tried:
            problems: list[Overflow] = []

            def inspect(document) -> bool:
                problems.extend(overflows(document, pages))
                return not problems

            sized = scaled(html, scales[index], minimum)
            tried[index] = (engine.render(sized, base_url, label, tagged=tagged, inspect=inspect), problems)
        return tried[index]

    rendered, problems = attempt(0)
    if not problems:
        return rendered
    last = len(scales) - 1
    rendered, problems = attempt(last)
    if problems:
        raise BuildError(
            f"{label}: the content needs more room than the page has, even with the text shrunk to the "
            f"{minimum:g} pt minimum: {problems[0].describe()}",
            "Nothing was written. Shorten that text (or the texts near it), or give this location a larger format.",
        )
    low, high = 0, last  # scales[low] does not fit, scales[high] does
    while high - low > 1:
        middle = (low + high) // 2
        if attempt(middle)[1]:
            low = middle
        else:
            high = middle
    return attempt(high)[0]
