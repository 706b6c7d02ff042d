"""Where fitting a page's type starts: from its kind's reference page, corrected for the length of its text.

The search for the largest type scale that fits (outreach.render.fit) lays out
two rungs of its ladder when it starts at the answer, and more the further away
it starts. Pages of a kind (a format in a language) differ mostly in how much
text they print, and the area text takes grows with its length times the
square of its scale: a page with `k` times the text keeps about `k ** -0.5`
times the scale. So a page starts from the scale its kind's reference page
kept (outreach.planning.references), corrected by that rule; the reference
page itself starts at the designed size.

Fitting is not always monotone in the scale (a line that wraps differently can
fit at a larger rung after failing at a smaller one), so the rung kept can
depend on where the search starts. It starts from what the task carries and
nothing else: the same page with the same reference gives the same PDF, in
whatever worker and after whatever pages.
"""

from __future__ import annotations

EXPONENT = -0.5
"""A page with k times the text keeps about k ** EXPONENT times the scale (text area ~ length x scale²)."""

Face = tuple[int, float]
"""What fitting one page (or one face of a card, fitted on its own) printed and kept: (characters, scale)."""
Fitted = tuple[Face, ...]
"""A document's faces as fitted, in order: one for a page fitted whole, one per face of a card."""


def guess(reference: Face | None, chars: int) -> float | None:
    """The scale a page printing `chars` characters probably keeps, from its kind's reference (None: the page is
    the reference, or its kind has none, and the search starts at the designed size)."""
    if reference is None:
        return None
    ref_chars, ref_scale = reference
    return ref_scale * ((chars + 1) / (ref_chars + 1)) ** EXPONENT


def face(reference: Fitted | None, index: int, faces: int) -> Face | None:
    """The reference for face `index` of a document fitted in `faces` parts: the reference's face of the same
    index when it was fitted in as many parts, else none."""
    if reference is None or len(reference) != faces:
        return None
    return reference[index]
