"""Where fitting a page's type starts: a guess from the pages of the same kind already fitted in this process.

The search for the largest type scale that fits (outreach.render.fit) lays out
two rungs of its ladder when it starts at the answer, and more the further away
it starts. Pages of a kind (a format, in a language, from a template) differ
mostly in how much text they print, and the area text takes grows with its
length times the square of its scale: a page with `k` times the text keeps
about `k ** -0.5` times the scale. So each kind remembers the scale kept for
each text length seen (the latest `REMEMBERED` lengths), and the next page
starts from the nearest length's scale, corrected by that rule. A page whose
text is as long as one already fitted starts where that one ended.

This only moves where the search starts. Where fitting is monotone in the
scale, the rung kept never depends on the guess (tests/test_fit.py); where it is
not, it can, so a page's bytes can depend on the pages its worker fitted before
(known defect, CHANGELOG, issue 14: the fix is a start from the page alone).
"""

from __future__ import annotations

import math

REMEMBERED = 64
"""Text lengths remembered per kind of page: enough for the few lengths a kind's pages come in."""
EXPONENT = -0.5
"""A page with k times the text keeps about k ** EXPONENT times the scale (text area ~ length x scale²)."""


class Starts:
    """The scales kept by the pages fitted so far, by kind of page and text length."""

    def __init__(self) -> None:
        self._kept: dict[str, dict[int, float]] = {}

    def guess(self, kind: str, chars: int) -> float | None:
        """The scale a page of `kind` printing `chars` characters probably keeps; None for a first page."""
        seen = self._kept.get(kind)
        if not seen:
            return None
        nearest = min(seen, key=lambda length: (abs(math.log((length + 1) / (chars + 1))), length))
        return seen[nearest] * ((chars + 1) / (nearest + 1)) ** EXPONENT

    def keep(self, kind: str, chars: int, scale: float) -> None:
        """Remember that a page of `kind` printing `chars` characters kept `scale`."""
        seen = self._kept.setdefault(kind, {})
        seen.pop(chars, None)  # the latest is kept last, and the oldest is forgotten first
        seen[chars] = scale
        if len(seen) > REMEMBERED:
            del seen[next(iter(seen))]
