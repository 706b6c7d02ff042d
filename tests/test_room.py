"""Reading from a page's layout that one rung larger type cannot fit (outreach.render.room): never wrong on the
built-in formats, never claimed where the page's layout does not show it, and fitting keeps the same page
with fewer layouts."""

from __future__ import annotations

from itertools import pairwise

import pytest

from outreach import plan
from outreach.kit.load import load_kit
from outreach.pages.page import PrintMode, page
from outreach.paths import assets_dir, builtin_root, sample_kit_dir, templates_dir
from outreach.render import fit, room
from outreach.render.engine import Renderer
from outreach.render.holders import holders, span
from outreach.render.overflow import missing, overflows
from outreach.render.text import page_text

pytestmark = pytest.mark.render

WORDS = "Someone will listen to you at any hour, for free, in your language, and you choose what to share. "


def _page(body: str, css: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><style>
@page {{ size: 90mm 90mm; margin: 0 }}
html {{ font-family: "Noto Sans"; font-size: 10pt }}
body {{ margin: 0 }} p {{ margin: 0 0 3pt; font-size: 11pt; line-height: 1.2 }}
.page {{ box-sizing: border-box; width: 90mm; height: 90mm; padding: 5mm; position: relative }}
{css}</style></head><body><section class="page">{body}</section></body></html>"""


@pytest.fixture(scope="module")
def renderer():
    made = Renderer([builtin_root()])
    yield made
    made.close()


def _laid(renderer: Renderer, html: str, scale: float):
    return renderer.layout(fit.scaled(html, scale, 6), assets_dir().as_uri() + "/", "test")


def _fails(layout, html: str) -> bool:
    """As fitting judges a layout: text that does not fit, or that the layout left out (flex items)."""
    return bool(overflows(layout, 1) or missing(layout, page_text(html)))


def _largest(renderer: Renderer, html: str) -> tuple[float, float]:
    """The largest rung at which `html` fits, and the rung above it, found by laying every rung out."""
    rungs = fit.ladder(1.0, fit.MAX_SCALE)
    for low, high in pairwise(rungs):
        if _fails(_laid(renderer, html, high), html):
            return low, high
    raise AssertionError("fits at every rung")


PAGES = {
    "paragraphs": lambda n: _page(f"<p>{WORDS * n}</p><p>{WORDS}</p>"),
    "beside a picture": lambda n: _page(
        '<svg style="float: right; width: 30mm; height: 30mm"><rect width="10" height="10"/></svg>'
        f'<p>{WORDS}</p><p style="clear: both">{WORDS * n}</p>'
    ),
    "wrapped around a picture": lambda n: _page(
        f'<svg style="float: right; width: 30mm; height: 30mm"><rect width="10" height="10"/></svg><p>{WORDS * n}</p>'
    ),
    "footer at the bottom": lambda n: _page(
        f'<p>{WORDS * n}</p><p class="foot">Checked in October 2026.</p>',
        ".foot { position: absolute; left: 5mm; right: 5mm; bottom: 5mm }",
    ),
}


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_a_page_said_not_to_grow_does_not_fit_one_rung_up_and_some_are_said(renderer, kind):
    said = 0
    for n in range(1, 7):
        html = PAGES[kind](n)
        assert room.readable(html)
        low, high = _largest(renderer, html)
        if room.cannot_grow(_laid(renderer, html, low), high / low):
            said += 1
        # the rungs under the largest fit, and so does the one above each: a claim there would be wrong
        rungs = fit.ladder(1.0, low)
        for below, above in list(pairwise(rungs))[-2:]:
            assert not room.cannot_grow(_laid(renderer, html, below), above / below), (kind, n, below)
    # one rung up, a line beside a float may start under it, wider: text that wraps around one is not counted
    assert said or kind == "wrapped around a picture", f"{kind}: never said, so the test shows nothing"


def test_nothing_is_said_where_the_growth_is_not_read_from_the_layout(renderer):
    tall = WORDS * 4
    unread = {
        "a box with a smallest height": _page(f'<div style="min-height: 79mm"><p>{tall}</p></div>'),
        "a column of flex items": _page(
            f"<p>{tall}</p><p>{WORDS}</p>", ".page { display: flex; flex-direction: column; justify-content: end }"
        ),
        "text beside a taller picture": _page(
            f'<svg style="float: left; width: 20mm; height: 80mm"><rect width="1" height="1"/></svg><p>{WORDS}</p>'
        ),
    }
    for name, html in unread.items():
        layout = _laid(renderer, html, 1.0)
        assert not _fails(layout, html), name
        assert not room.cannot_grow(layout, 10.0), name  # even ten times the type: nothing read, nothing said


def test_sizes_that_do_not_follow_the_type_scale_leave_the_page_to_be_laid_out():
    unscaled = (
        "p { line-height: 14pt }",
        "p { font-size: 12px }",
        "p { font: 12pt serif }",
        "p { font-size: medium }",
        "p { font-size: 12PT }",  # fit scales `pt` as it is written: this size would stay
        "p { FONT-SIZE: 12pt }",
        "html { font-size: 100% !important }",  # sizes in em would follow 16 px, not the scale
    )
    for css in unscaled:
        assert not room.readable(_page("<p>x</p>", css)), css
    assert not room.readable(_page("<p style='font-size: 12pt'>x</p>"))  # fit rewrites style="…" only
    for css in ("p { line-height: 1.3 }", "p { font-size: 1.2em; line-height: 120% }", "p { font-size: larger }"):
        assert room.readable(_page("<p>x</p>", css)), css
    assert not room.readable(_page("<p>x</p>").replace("font-size: 10pt", ""))  # the root's size is not in pt


TRICKY = {
    "placed where the flow puts it": lambda n: _page(
        f'<p>{WORDS * n}</p><p style="position: absolute; left: 5mm">Checked in October 2026.</p><p>{WORDS}</p>'
    ),
    "a footer at the bottom of a box that grows": lambda n: _page(
        f'<div style="position: relative"><p>{WORDS * n}</p><p style="position: absolute; bottom: 0">Checked.</p>'
        f"</div><p>{WORDS}</p>"
    ),
    "a footer of set height": lambda n: _page(
        f'<p>{WORDS * n}</p><p class="foot">Checked in October 2026.</p>',
        ".foot { position: absolute; left: 5mm; right: 5mm; bottom: 5mm; height: 12mm }",
    ),
    "a box whose height grows with the type": lambda n: _page(f'<div style="height: 30em"><p>{WORDS * n}</p></div>'),
    "a box as tall as a box without a height": lambda n: _page(
        f'<div><div style="height: 100%"><p>{WORDS * n}</p></div></div>'
    ),
    "two columns": lambda n: _page(
        f'<div style="columns: 2; column-fill: auto; height: 60mm"><p>{WORDS * n}</p></div>'
    ),
    "table cells side by side": lambda n: _page(
        f'<table><tr><td style="padding-top: 4mm">{WORDS * n}</td><td style="padding-bottom: 4mm">{WORDS * n}</td>'
        "</tr></table>"
    ),
    "a code beside its lines": lambda n: _page(
        '<div style="display: flex; align-items: center"><svg style="flex: none; width: 25mm; height: 25mm">'
        f'<rect width="9" height="9"/></svg><div style="flex: 1; min-width: 0"><p>{WORDS * (n + 2)}</p></div></div>'
        f"<p>{WORDS}</p>"
    ),
    "an item stretched beside a taller picture": lambda n: _page(
        f'<div style="height: {4 * n}mm"></div><div style="display: flex"><svg style="flex: none; width: 40mm; '
        f'height: 40mm"><rect width="9" height="9"/></svg><div style="flex: 1"><p>{WORDS[:120]}</p></div></div>'
    ),
    "a row with a negative margin": lambda n: _page(
        f'<div style="height: {4 * n}mm"></div><div style="display: flex; align-items: center; margin-bottom: -3mm">'
        '<svg style="flex: none; width: 20mm; height: 20mm"><rect width="9" height="9"/></svg>'
        f'<div style="flex: 1; min-width: 0"><p>{WORDS * 2}</p></div></div><p>{WORDS[:60]}</p>'
    ),
    "columns inside the item that grows": lambda n: _page(
        f'<div style="height: {4 * n}mm"></div><div style="display: flex; align-items: center">'
        '<svg style="flex: none; width: 20mm; height: 20mm"><rect width="9" height="9"/></svg>'
        '<div style="flex: 1; min-width: 0"><div style="display: flex"><div style="flex: 1 1 0">'
        f'<p>{WORDS}</p></div><div style="flex: 1 1 0; padding-top: 30mm"><p>{WORDS}</p></div></div></div></div>'
    ),
    "a footer under the item that does not grow": lambda n: _page(
        '<div style="display: flex; align-items: flex-start"><figure style="flex: none; margin: 0; width: 22mm">'
        '<svg style="width: 20mm; height: 20mm"><rect width="9" height="9"/></svg><figcaption>Scan me</figcaption>'
        f'</figure><div style="flex: 1"><p>{WORDS * n}</p></div></div>'
        '<p style="position: absolute; left: 5mm; width: 22mm; top: 33mm">Checked.</p>'
    ),
    "two flex items that share the row": lambda n: _page(
        f'<div style="display: flex"><div><p>{WORDS * n}</p></div><div><p>{WORDS}</p></div></div>'
    ),
    "pictures taller than their lines": lambda n: _page(
        "".join(
            f'<p style="font-size: 8pt"><svg style="width: 9mm; height: 9mm"><rect width="9" height="9"/></svg> '
            f"{WORDS[:40]}</p>"
            for _ in range(2 * n)
        )
    ),
}
"""Pages that lay out in ways this module does not read fully (found by a review): it must say nothing wrong."""


@pytest.mark.parametrize("kind", sorted(TRICKY))
def test_no_claim_where_the_rung_above_fits_on_pages_read_in_part(renderer, kind):
    wrong = []
    for n in (1, 2, 3, 5):
        html = TRICKY[kind](n)
        for low, high in pairwise(fit.ladder(1.0, fit.MAX_SCALE)):
            below = _laid(renderer, html, low)
            if _fails(below, html):
                break
            said = room.readable(html) and room.cannot_grow(below, high / low)
            if said and not _fails(_laid(renderer, html, high), html):
                wrong.append((n, low))
    assert wrong == [], kind


def test_fitting_keeps_the_same_page_with_fewer_layouts_on_the_built_in_formats(monkeypatch):
    """One page of each built-in format and language, fitted with and without reading the room left: the same
    PDF, with fewer layouts in all."""
    kit = load_kit(sample_kit_dir())
    base = templates_dir().as_uri() + "/"
    chosen = {}
    for job in plan(kit):  # every format in the kit's languages
        if not job.format.sheet:
            chosen.setdefault((job.format.name, job.locale), page(kit, PrintMode(), job))
    for job in plan(kit, locales=["ar", "zh-Hans", "so"]):  # right to left, Chinese, long words: the common formats
        if job.format.name in ("poster-letter", "stall-sticker", "wallet-card"):
            chosen.setdefault((job.format.name, job.locale), page(kit, PrintMode(), job))
    renderer = Renderer([kit.root, builtin_root()])
    counted = [0]
    layout = Renderer.layout

    def count(self, *args, **kwargs):
        counted[0] += 1
        return layout(self, *args, **kwargs)

    monkeypatch.setattr(Renderer, "layout", count)

    def fitted(html: str, checks) -> tuple[bytes, tuple, int]:
        counted[0] = 0
        made = fit.render_to_fit(
            renderer, html, base, "test", checks.expectation.pages, checks.min_font_pt, checks.tagged, checks.safe_pt,
            checks.grow, checks.template,
        )  # fmt: skip
        return made.data, made.fitted, counted[0]

    with_room, without = 0, 0
    try:
        for (name, locale), (html, checks) in sorted(chosen.items()):
            data, kept, layouts = fitted(html, checks)
            with monkeypatch.context() as unread:
                unread.setattr(room, "cannot_grow", lambda *args: False)
                full_data, full_kept, full_layouts = fitted(html, checks)
            assert (kept, data) == (full_kept, full_data), (name, locale)
            with_room, without = with_room + layouts, without + full_layouts
    finally:
        renderer.close()
    assert with_room < without, (with_room, without)


PX_PER_MM = 96 / 25.4
SPACER = '<div style="height: {:.3f}mm"></div>'
PICTURE = '<svg style="flex: none; width: 20mm; height: {}mm"><rect width="9" height="9"/></svg>'
TWENTY_WORDS = " ".join((WORDS.split() * 2)[:20])
TIGHT = {
    "an item stretched beside a taller picture": lambda space: _page(
        SPACER.format(space) + '<div style="display: flex">' + PICTURE.format(40)
        + f'<div style="flex: 1; min-width: 0"><p>{TWENTY_WORDS}</p></div></div>'
    ),
    "a row with a negative margin": lambda space: _page(
        SPACER.format(space) + '<div style="display: flex; align-items: center; margin-bottom: -3mm">'
        + PICTURE.format(20) + f'<div style="flex: 1; min-width: 0"><p>{WORDS * 2}</p></div></div>'
    ),
    "columns inside the item that grows": lambda space: _page(
        SPACER.format(space) + '<div style="display: flex; align-items: center">' + PICTURE.format(20)
        + '<div style="flex: 1; min-width: 0"><div style="display: flex"><div style="flex: 1 1 0">'
        + f'<p>{WORDS}</p></div><div style="flex: 1 1 0; padding-top: 30mm"><p>{WORDS}</p></div></div></div></div>'
    ),
}  # fmt: skip
"""Rows of flex items a second review found claims wrong on, each page given a spacer at its top so that the room
left can be set below the growth a careless reading counts (the rows' lines side by side, counted whole)."""


@pytest.mark.parametrize("kind", sorted(TIGHT))
def test_no_claim_is_wrong_when_the_room_left_is_under_the_growth_a_row_seems_to_have(renderer, kind):
    from weasyprint.formatting_structure import boxes

    make, step = TIGHT[kind], fit.STEP
    layout = _laid(renderer, make(0), 1.0)
    page_box = layout.pages[0]._page_box
    section = next(h for h in holders(page_box, boxes) if h.box.element_tag == "section")
    lines = list(section.lines) + [line for _, _, inside in section.rows for line in inside.lines]
    parts = [span(child)[1] for child in section.box.children if not child.is_absolutely_positioned()]
    lowest = max([bottom for _, bottom, *_ in lines] + parts)  # of its lines and its parts
    counted = room._covered(lines, []) * (step - 1)  # every line as if it grew, side by side or not
    wrong = []
    for part in (0.2, 0.4, 0.6, 0.8):  # room left under the lowest: a part of what that would count
        space = (page_box.margin_height() - lowest - part * counted) / PX_PER_MM
        html = make(max(0.0, space))
        low = _laid(renderer, html, 1.0)
        if not _fails(low, html) and room.cannot_grow(low, step) and not _fails(_laid(renderer, html, step), html):
            wrong.append(part)
    assert wrong == [], kind
