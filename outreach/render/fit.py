"""Type that fills its page: grown while there is room, shrunk within the format's minimum, or an error.

Every font size written in `pt` in the page's CSS is scaled together, and
the largest scale at which everything still fits (outreach.render.overflow) is
kept: a rung of a fixed ladder of scales (the powers of `STEP`, 1.02, and the
floor) that fits while the rung above it does not. Where fitting is monotone in
the scale, that is the largest to within 2 % wherever the search started; it is
not always (a line that wraps differently can fit at a larger rung after failing
at a smaller one), and then the rung kept can depend on the start, which is
why the start depends only on the page and what its task carries. The search
starts at the designed size (a kind's reference page), or at the scale the
reference kept, corrected for the length of this page's text
(outreach.render.starts), and steps from there until it brackets the answer,
then bisects:
- when there is room, the type grows, up to `MAX_SCALE` times, so that the
  page is filled instead of leaving a blank band at the bottom;
- when there is not, the type shrinks, never below the format's `min_font_pt`
  (sizes already at or under it stay as they are). When even the minimum does not
  fit, the build fails naming the text that overflowed. The SAMPLE mark drawn
  across the page (`position: fixed`) sets no floor: it pushes nothing off.

A rung above one that fits is not laid out when the layout of the one that fits
already shows that it cannot fit (outreach.render.room): a search that starts
at the answer then lays out one page, not two.

Sizes written in another unit (mm) are fixed: the tear-off tabs use them, so
that the tabs never grow past their paper.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ..errors import BuildError
from . import room
from .engine import RenderedPdf, Renderer
from .hidden import HINT, hidden, hides
from .holders import Grows
from .overflow import DoesNotFit, Overflow, missing, overflows
from .starts import Face, Fitted, face, guess
from .text import page_text

log = logging.getLogger(__name__)

MAX_SCALE = 3.0
"""The most the designed type sizes grow to fill a page."""
STEP = 1.02
"""Scales are the powers of STEP (and the floor): the largest that fits is known to within 2 %, and it is one
rung of a fixed ladder whichever way it was searched (where fitting is monotone in the scale)."""
MAX_JUMP = 12
"""A search never jumps more than this many rungs (1.02**12, about 1.27) at once: a page laid out far past
what fits is slow to lay out (every float pushed onto pages of its own)."""

_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_STYLE_ATTR = re.compile(r'(\sstyle=")([^"]*)(")')
_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+(?:\.\d+)?)pt")


_RULE = re.compile(r"[^{}]*\{([^{}]*)\}")
_OUT_OF_FLOW = re.compile(r"position\s*:\s*fixed")


def _sizes(html: str, fixed: bool = False) -> list[float]:
    """The pt font sizes that take room on the page: those of rules for fixed elements (the SAMPLE mark drawn
    across the page) are left out, as they push nothing off it, unless `fixed`."""
    parts = [m[2] for m in _STYLE_ATTR.finditer(html)]
    for block in _STYLE_BLOCK.finditer(html):
        parts += [rule[1] for rule in _RULE.finditer(block[2]) if fixed or not _OUT_OF_FLOW.search(rule[1])]
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
        self.chars = sum(len(segment.text) for segment in self.segments)
        self.rungs: list[float] = []
        self.refuted: set[float] = set()
        """Rungs that the layout of the rung under them showed cannot fit, not laid out (outreach.render.room)."""
        self.readable = room.readable(self.html)

    def attempt(self, scale: float) -> tuple[Any, list[Overflow]]:
        """The layout at `scale` and what does not fit in it (laid out once per scale)."""
        if scale not in self.tried:
            document = self.engine.layout(scaled(self.html, scale, self.minimum), self.base_url, self.label)
            above = [rung for rung in self.rungs if rung > scale][:1]
            claim = (  # read before the room is shared out (`spread`): where it is, not where it will be drawn
                bool(above)
                and above[0] not in self.tried
                and self.readable
                and _cannot_grow(document, above[0] / scale, self.safe_pt, self.label, self.growing(scale))
            )
            self.engine.spread(document, self.label)  # what is checked is what is drawn
            cut, invisible = hidden(document)
            if invisible:  # at any size
                raise BuildError(hides(self.label, self.template, invisible[0]), HINT)
            found = overflows(document, self.pages, self.safe_pt) or cut or missing(document, self.segments)
            self.tried[scale] = (document, found)
            if not found and claim:
                self.refuted.add(above[0])
        return self.tried[scale]

    def growing(self, scale: float) -> Grows | None:
        """Which lines grow one rung up: all of them at a scale of 1 or more; under it, those set in the sizes
        that have not stopped at their floor (`scaled`)."""
        if scale >= 1:
            return None
        grow, steady = set(), set()
        for value in _sizes(self.html, fixed=True):
            lowest = floor_of(value, self.minimum)
            if value * scale > lowest:
                grow.add(round(value * scale, 2))
            else:
                steady.add(round(lowest, 2))
        return room.shrunk_type(grow, steady)

    def fits(self, scale: float) -> bool:
        """Whether the page fits at `scale`: laid out, unless the layout of the rung under it showed it cannot (the
        search goes where it would have gone had it laid the rung out and found it does not fit)."""
        return scale not in self.refuted and not self.attempt(scale)[1]

    def highest(self, rungs: list[float], start: int, step: int) -> int:
        """The index of the largest rung that fits (-1: not even the lowest), searched from `start`: stepped
        up or down `step` rungs, twice, then the step doubling up to MAX_JUMP until the answer is bracketed, then
        bisected. A search that starts at the answer lays out two rungs: the one that fits and the one above it;
        one that starts a rung under it, three."""
        steps = _steps(step)
        fits: int | None = start if self.fits(rungs[start]) else None
        fails: int | None = None if fits is not None else start
        while fits is None:
            assert fails is not None
            if fails == 0:
                return -1
            below = max(0, fails - next(steps))
            fits, fails = (below, fails) if self.fits(rungs[below]) else (None, below)
        while fails is None:
            if fits == len(rungs) - 1:
                return fits
            above = min(len(rungs) - 1, fits + next(steps))
            fits, fails = (fits, above) if not self.fits(rungs[above]) else (above, None)
        while fails - fits > 1:
            middle = (fits + fails) // 2
            fits, fails = (middle, fails) if self.fits(rungs[middle]) else (fits, middle)
        return fits


def _cannot_grow(document: Any, step: float, safe_pt: float, label: str, grows: Grows | None) -> bool:
    """room.cannot_grow; False (lay the rung out) should reading the layout fail on a box tree it did not foresee."""
    try:
        return room.cannot_grow(document, step, safe_pt, grows)
    except Exception:  # the rung above is laid out, as it would be without the shortcut
        log.debug("%s: reading the room left failed", label, exc_info=True)
        return False


def _steps(first: int) -> Iterator[int]:
    """How many rungs each move of a search goes: `first`, twice, then doubling up to MAX_JUMP."""
    yield first
    step = first
    while True:
        yield step
        step = min(2 * step, MAX_JUMP)


def ladder(floor: float, top: float) -> list[float]:
    """The scales a search may keep: `floor` (the smallest the sizes may shrink to), then every power of STEP
    above it up to `top`; 1.0 is always one."""
    low = math.ceil(math.log(floor) / math.log(STEP) - 1e-9) if floor < 1 else 0
    high = math.floor(math.log(top) / math.log(STEP) + 1e-9)
    powers = [round(STEP**k, 4) for k in range(low, high + 1)]
    if floor >= 1:
        return powers
    return [floor] + [scale for scale in powers if scale > floor]


def _start(rungs: list[float], hint: float | None) -> tuple[int, int]:
    """Where a search starts, and its first step: the rung nearest the scale guessed from the kind's reference
    page (one rung at a time), or the designed size (MAX_JUMP rungs at a time)."""
    if hint is None:
        return rungs.index(1.0), MAX_JUMP
    return min(range(len(rungs)), key=lambda i: abs(math.log(rungs[i] / hint))), 1


def _fitted(search: _Search, grow: bool, reference: Face | None = None) -> tuple[Any, Face]:
    """The layout at the largest scale that fits (see the module's docstring), and what it printed and kept
    (characters, scale); the search starts from the scale guessed from `reference`, else at the designed size."""
    html, minimum, label = search.html, search.minimum, search.label
    rungs = search.rungs = ladder(round(smallest_scale(html, minimum), 4), MAX_SCALE if grow else 1.0)
    found = search.highest(rungs, *_start(rungs, guess(reference, search.chars)))
    if found < 0:
        problem = search.attempt(rungs[0])[1][0]
        if problem.hidden:
            raise BuildError(hides(label, search.template, problem, f"{minimum:g} pt"), HINT)
        raise DoesNotFit(
            f"{label}: the content needs more room than the page has, even with the text shrunk to the "
            f"{minimum:g} pt minimum: {problem.describe()}",
            "Nothing was written. Shorten that text (or the texts near it), or give this location a larger format.",
            search.attempt(rungs[0])[1],
            search.segments,
        )
    return search.attempt(rungs[found])[0], (search.chars, rungs[found])


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
    reference: Fitted | None = None,
) -> RenderedPdf:
    """Render `html` at the largest type scale at which everything fits; BuildError naming the text otherwise.

    A document whose pages grow and are sections of their own (a card's front and back) is fitted page by
    page, each at its own scale, so that the fuller face does not leave the other one half empty.

    With `reference` (what its kind's reference page printed and kept, face by face), the search starts
    where that page ended, corrected for the length of this page's text: laying out two or three rungs then settles
    it. The result says what each face printed and kept (RenderedPdf.fitted): a reference for other pages."""
    apart = pages_apart(html, pages) if grow and pages > 1 else None
    if apart:
        searches = [_Search(engine, part, base_url, label, 1, minimum, safe_pt, template) for part in apart]
        laid = [_fitted(search, grow, face(reference, i, len(apart))) for i, search in enumerate(searches)]
        document = laid[0][0].copy([page for part, _ in laid for page in part.pages])
        return replace(engine.write(document, label, tagged), fitted=tuple(kept for _, kept in laid))
    search = _Search(engine, html, base_url, label, pages, minimum, safe_pt, template)
    document, kept = _fitted(search, grow, face(reference, 0, 1))
    return replace(engine.write(document, label, tagged), fitted=(kept,))
