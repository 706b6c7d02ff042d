"""A region's run sheet rendered and checked in a worker, like any page (outreach.printing.runsheet templates it).

Like every page, its characters must all have glyphs; its text must stay on
the paper and print at 7.5 pt or more, and no page may be empty. A failed
check comes back as the result's error, as a document's does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import BuildError
from .engine import Renderer
from .glyphs import check_html
from .measure import Printed, measure
from .task import RenderResult, RunSheetTask

MIN_PT = 7.5
"""The smallest type a run sheet may print."""
FOOTER_PT = 16 / 25.4 * 72
"""The bottom margin, where the footer prints: a page must print something above it."""
BODY_MAX_PT = 20.0
"""Type larger than this is the SAMPLE mark, not the list."""
HINT = "Nothing was written. Check the run sheet's template (run-sheet.html) and its CSS."


def render_run_sheet(task: RunSheetTask, renderer: Renderer, peak: Callable[[], int]) -> RenderResult:
    """The run sheet's PDF and pages, checked; the error instead when a check fails."""
    try:
        check_html(task.html, task.locale, Path(task.roots[0]), task.label)
        rendered = renderer.render(task.html, task.base_url, task.label, tagged=True)
        check_run_sheet(measure(rendered.data), task.label)
    except BuildError as error:
        return RenderResult(b"", 0, (), 0.0, (error.message, error.hint), peak())
    return RenderResult(rendered.data, rendered.pages, (), 0.0, None, peak())


def check_run_sheet(printed: Printed, label: str) -> None:
    """Raise BuildError when text runs off the paper or prints under MIN_PT, or a page lists nothing."""
    page, shown = 0, [False] * len(printed.pages)
    for index, (char, size, box) in enumerate(zip(printed.text, printed.sizes, printed.boxes, strict=True)):
        page += char == "\f"
        if not size:
            continue
        width, height = printed.pages[page]
        around = " ".join(printed.text[max(0, index - 30) : index + 30].split())
        if box[0] < -0.5 or box[1] < -0.5 or box[2] > width + 0.5 or box[3] > height + 0.5:
            raise BuildError(f"{label}: text runs off page {page + 1}: {around!r}", HINT)
        if size < MIN_PT - 0.05:
            raise BuildError(f"{label}: {around!r} prints at {size:.1f} pt, under its {MIN_PT:g} pt minimum", HINT)
        shown[page] = shown[page] or (box[1] > FOOTER_PT and size <= BODY_MAX_PT)
    if not all(shown):
        raise BuildError(f"{label}: page {shown.index(False) + 1} lists nothing", HINT)
