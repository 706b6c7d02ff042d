"""Type that fills its page: grown while there is room, shrunk within the format's minimum, or an error.

A document is laid out at its designed sizes first. Then every font size
written in `pt` in the page's CSS is scaled together, and the largest scale at
which everything still fits (outreach.render.overflow) is kept, to within 2 %:
- when the designed sizes fit, the type grows (in steps of `GROWTH_STEP`, then
  searched), up to `MAX_SCALE` times, so that the page is filled instead of
  leaving a blank band at the bottom;
- when they do not, the type shrinks, never below the format's `min_font_pt`
  (sizes already at or under it stay as they are), searched from the top down
  (most pages need only a little less room). When even the minimum does not
  fit, the build fails naming the text that overflowed. The SAMPLE mark drawn
  across the page (`position: fixed`) sets no floor: it pushes nothing off.

Sizes written in another unit (mm) are fixed: the tear-off tabs use them, so
that the tabs never grow past their paper.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ..errors import BuildError
from .engine import RenderedPdf, Renderer
from .hidden import HINT, hidden, hides
from .overflow import DoesNotFit, Overflow, missing, overflows
from .text import page_text

MAX_SCALE = 3.0
"""The most the designed type sizes grow to fill a page."""
PRECISION = 1.02
"""The search stops when the largest scale that fits is known to within 2 %."""
GROWTH_STEP = 1.26
"""Growing tries the scale this much larger each time (1.26, 1.59, 2, 2.52, 3): a page laid out far past
what fits is slow to lay out (every float pushed onto pages of its own), so the search never jumps there."""

_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_STYLE_ATTR = re.compile(r'(\sstyle=")([^"]*)(")')
_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+(?:\.\d+)?)pt")


_RULE = re.compile(r"[^{}]*\{([^{}]*)\}")
_OUT_OF_FLOW = re.compile(r"position\s*:\s*fixed")


def _sizes(html: str) -> list[float]:
    """The pt font sizes that take room on the page: those of rules for fixed elements (the SAMPLE mark drawn
    across the page) are left out, as they push nothing off it."""
    parts = [m[2] for m in _STYLE_ATTR.finditer(html)]
    for block in _STYLE_BLOCK.finditer(html):
        parts += [rule[1] for rule in _RULE.finditer(block[2]) if not _OUT_OF_FLOW.search(rule[1])]
    return [float(m[2]) for part in parts for m in _FONT_SIZE.finditer(part)]


EMPHASIS = 1.5
"""Numbers are at least this many times the body size: a size designed that much above the minimum
never shrinks below that much, so numbers stay larger than the text around them."""


def floor_of(value: float, minimum: float) -> float:
    """The smallest a size designed at `value` may shrink to."""
    if value <= minimum:
        return value
    return min(value, EMPHASIS * minimum) if value >= EMPHASIS * minimum else minimum


def scaled(html: str, scale: float, minimum: float) -> str:
    """`html` with every pt font size in its CSS times `scale`; shrinking never takes a size under its
    floor (`floor_of`), and sizes already at or under the minimum stay."""
    if scale == 1:
        return html

    def size(match: re.Match) -> str:
        value = float(match[2])
        new = value * scale if scale > 1 else max(floor_of(value, minimum), value * scale)
        return f"{match[1]}{new:.2f}pt"

    def css(match: re.Match) -> str:
        return match[1] + _FONT_SIZE.sub(size, match[2]) + match[3]

    return _STYLE_ATTR.sub(css, _STYLE_BLOCK.sub(css, html))


def smallest_scale(html: str, minimum: float) -> float:
    """The scale that puts every size at its floor: shrinking stops there."""
    return min([1.0] + [floor_of(value, minimum) / value for value in _sizes(html) if value > 0])


@dataclass
class _Search:
    engine: Renderer
    html: str
    base_url: str
    label: str
    pages: int
    minimum: float
    safe_pt: float
    template: str = ""

    def __post_init__(self) -> None:
        self.tried: dict[float, tuple[Any, list[Overflow]]] = {}
        self.segments = page_text(self.html)

    def attempt(self, scale: float) -> tuple[Any, list[Overflow]]:
        """The layout at `scale` and what does not fit in it (laid out once per scale)."""
        if scale not in self.tried:
            document = self.engine.layout(scaled(self.html, scale, self.minimum), self.base_url, self.label)
            cut, invisible = hidden(document)
            if invisible:  # at any size
                raise BuildError(hides(self.label, self.template, invisible[0]), HINT)
            found = overflows(document, self.pages, self.safe_pt) or cut or missing(document, self.segments)
            self.tried[scale] = (document, found)
        return self.tried[scale]

    def fits(self, scale: float) -> bool:
        return not self.attempt(scale)[1]

    def grown(self) -> float:
        """The largest scale that fits, 1.0 fitting: stepped up to the first that does not, then searched."""
        fits = 1.0
        while fits < MAX_SCALE:
            step = min(MAX_SCALE, round(fits * GROWTH_STEP, 4))
            if not self.fits(step):
                return self.largest(fits, step)
            fits = step
        return fits

    def shrunk(self, floor: float) -> float:
        """The largest scale under 1.0 that fits, `floor` fitting: stepped down from the top (most pages need
        only a little less room), then searched."""
        fails = 1.0
        while (step := round(fails / GROWTH_STEP, 4)) > floor:
            if self.fits(step):
                return self.largest(step, fails)
            fails = step
        return self.largest(floor, fails)

    def largest(self, fits: float, fails: float) -> float:
        """The largest scale that fits, between one that does and one that does not (to within PRECISION)."""
        while max(fits, fails) / min(fits, fails) > PRECISION:
            middle = round(math.sqrt(fits * fails), 4)
            if self.fits(middle):
                fits = middle
            else:
                fails = middle
        return fits


def _fitted(search: _Search, grow: bool) -> Any:
    """The layout at the largest scale that fits (see the module's docstring)."""
    html, minimum, label = search.html, search.minimum, search.label
    if search.fits(1.0):
        best = search.grown() if grow else 1.0
    else:
        floor = round(smallest_scale(html, minimum), 4)
        if not search.fits(floor):
            found = search.attempt(floor)[1]
            problem = found[0]
            if problem.hidden:
                raise BuildError(hides(label, search.template, problem, f"{minimum:g} pt"), HINT)
            raise DoesNotFit(
                f"{label}: the content needs more room than the page has, even with the text shrunk to the "
                f"{minimum:g} pt minimum: {problem.describe()}",
                "Nothing was written. Shorten that text (or the texts near it), or give this location a larger format.",
                found,
                search.segments,
            )
        best = floor if floor == 1.0 else search.shrunk(floor)
    return search.attempt(best)[0]


_PAGE = re.compile(r'<section class="page[ "].*?</section>', re.S)


def pages_apart(html: str, pages: int) -> list[str] | None:
    """`html` once per page, each holding only that page's section (a card's front, its back); None when
    its pages are not `pages` sections of their own."""
    found = list(_PAGE.finditer(html))
    if len(found) != pages or any("<section" in m[0][1:] for m in found):
        return None
    head, tail = html[: found[0].start()], html[found[-1].end() :]
    return [head + m[0] + tail for m in found]


def render_to_fit(
    engine: Renderer,
    html: str,
    base_url: str,
    label: str,
    pages: int,
    minimum: float,
    tagged: bool = True,
    safe_pt: float = 0.0,
    grow: bool = True,
    template: str = "",
) -> RenderedPdf:
    """Render `html` at the largest type scale at which everything fits; BuildError naming the text otherwise.

    A document whose pages grow and are sections of their own (a card's front and back) is fitted page by
    page, each at its own scale, so that the fuller face does not leave the other one half empty."""
    apart = pages_apart(html, pages) if grow and pages > 1 else None
    if apart:
        laid = [_fitted(_Search(engine, part, base_url, label, 1, minimum, safe_pt, template), grow) for part in apart]
        return engine.write(laid[0].copy([page for document in laid for page in document.pages]), label, tagged)
    search = _Search(engine, html, base_url, label, pages, minimum, safe_pt, template)
    return engine.write(_fitted(search, grow), label, tagged)
