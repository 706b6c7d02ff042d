"""A page's stylesheets are parsed once per worker (outreach.render.styles), and the page is as if they were not."""

from __future__ import annotations

import pytest

from outreach import BuildError

pytestmark = pytest.mark.render


@pytest.fixture
def renderer(tmp_path):
    from outreach.render.engine import Renderer

    made = Renderer([tmp_path])
    yield made
    made.close()


def _colours(document) -> dict[str, tuple[float, float, float]]:
    """Each text's colour in a laid-out document, by its text."""
    from weasyprint.formatting_structure import boxes

    found = {}
    stack = [document.pages[0]._page_box]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TextBox):
            colour = box.style["color"]
            found[box.text] = tuple(colour.to("srgb").coordinates)
        stack.extend(getattr(box, "children", ()))
    return found


RED, GREEN, BLUE = (1.0, 0.0, 0.0), (0.0, 0.5019607843137255, 0.0), (0.0, 0.0, 1.0)

PAGE = """<html><head>
<style>@page { size: 100pt 200pt; margin: 0 } p { color: red } p.later { color: red }</style>
<style>p.later { color: blue } .inline { color: blue !important }</style>
</head><body><p>first</p><p class="later">later</p><p class="inline" style="color: green">inline</p></body></html>"""


def test_the_cascade_is_the_pages_whether_its_sheets_were_parsed_before_or_not(renderer, tmp_path):
    base = tmp_path.as_uri() + "/"
    parsed = []
    make = renderer._stylesheets
    renderer._stylesheets = lambda texts, base_url: parsed.append(texts) or make(texts, base_url)
    for _ in range(3):  # parsed, then taken as parsed
        document = renderer.layout(PAGE, base, "page")
        assert _colours(document) == {"first": RED, "later": BLUE, "inline": BLUE}  # later block, then !important
        assert (document.pages[0].width, document.pages[0].height) == pytest.approx((100 * 4 / 3, 200 * 4 / 3))
    assert len(parsed) == 1


def test_an_inline_important_still_wins_over_a_sheets(renderer, tmp_path):
    """A sheet given to WeasyPrint ranks as the user's, whose !important outranks the page's: such a page keeps its
    own <style> blocks."""
    page = PAGE.replace('style="color: green"', 'style="color: green !important"')
    for _ in range(2):
        assert _colours(renderer.layout(page, tmp_path.as_uri() + "/", "page"))["inline"] == GREEN


def test_a_style_for_the_screen_is_not_applied_to_print(renderer, tmp_path):
    page = PAGE.replace("<style>p.later", '<style media="screen">p.later')
    for _ in range(2):
        assert _colours(renderer.layout(page, tmp_path.as_uri() + "/", "page"))["later"] == RED


@pytest.mark.parametrize(
    "rule",
    [
        '@import url("https://example.org/x.css");',
        '@font-face { font-family: X; src: url("https://example.org/x.woff") }',
        '@font-face { font-family: X; src: url("file:///etc/passwd") }',
    ],
)
def test_a_refused_url_fails_every_page_that_asks_for_it(renderer, tmp_path, rule):
    """A sheet is kept only after a page that used it passed: the next page parses it, and is refused, again (kept,
    the refusal WeasyPrint swallowed would be said once)."""
    page = f"<style>{rule} p {{ font-family: X }}</style><p>text</p>"
    for _ in range(2):
        with pytest.raises(BuildError, match=r"refused to (fetch|read)"):
            renderer.render(page, tmp_path.as_uri() + "/", "page")


def test_the_same_page_gives_the_same_pdf_in_a_fresh_worker_and_after_other_pages(renderer, tmp_path):
    from outreach.render.engine import Renderer

    base = tmp_path.as_uri() + "/"
    other = PAGE.replace("first", "another page first")
    renderer.render(other, base, "other")
    warm = renderer.render(PAGE, base, "page").data
    fresh = Renderer([tmp_path])
    try:
        assert fresh.render(PAGE, base, "page").data == warm
    finally:
        fresh.close()
