"""A page's stylesheets are parsed once per worker (outreach.render.styles), and the page is as WeasyPrint makes it."""

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


@pytest.fixture
def parsed(monkeypatch):
    """Every stylesheet text WeasyPrint parses, as it parses it."""
    import weasyprint

    texts: list[str] = []
    original = weasyprint.CSS

    class Counted(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            texts.append(kwargs.get("string") or "")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "CSS", Counted)
    return texts


def _boxes(document) -> list[tuple]:
    """What the cascade decided, box by box: its tag and text, colour, size, font size and list marker."""
    from weasyprint.formatting_structure import boxes

    found = []
    stack = [page._page_box for page in document.pages]
    while stack:
        box = stack.pop()
        style = box.style
        found.append(
            (
                type(box).__name__,
                getattr(box, "element_tag", ""),
                getattr(box, "text", ""),
                tuple(style["color"].to("srgb").coordinates),
                round(box.width or 0, 2),
                round(box.height or 0, 2),
                style["font_size"],
                str(style["list_style_type"]),
                str(style["font_family"]),
                str(style["background_image"]),
            )
        )
        if not isinstance(box, boxes.TextBox):
            stack.extend(getattr(box, "children", ()))
    return found


HEAD = """<style>@page { size: 200pt 300pt; margin: 0 } p { color: red; font-size: 10pt } p.later { color: red }
@layer base { p.layered { color: red } }</style>
<style>p.later { color: blue } .inline { color: blue !important } svg.sized { width: 20px; height: 20px }
@layer base { p.layered { color: blue } }</style>"""

PAGES = {
    "two blocks, @page, @layer": '<p>first</p><p class="later">later</p><p class="layered">layered</p>',
    "inline beaten by a sheet's !important": '<p class="inline" style="color: green">inline</p>',
    "inline !important": '<p class="inline" style="color: green !important">inline</p>',
    "inline ! IMPORTANT": '<p class="inline" style="color: green ! IMPORTANT">inline</p>',
    "SVG size attributes under the page's CSS": (
        '<svg class="sized" width="50px" height="50px" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'
        '<svg width="60px" height="30px" viewBox="0 0 2 1"><rect width="2" height="1"/></svg>'
    ),
    "a <style> inside an SVG": (
        '<svg width="10px" height="10px"><style>p { color: green }</style><rect width="1" height="1"/></svg>'
        '<p class="later">later</p>'
    ),
    "@counter-style": '<style>@counter-style x { system: cyclic; symbols: "*" }</style><ol style="list-style: x">'
    "<li>item</li></ol>",
    "@counter-style redefining a built-in one": '<style>@counter-style lower-alpha { system: cyclic; symbols: "~" }'
    '</style><ol style="list-style: lower-alpha"><li>item</li></ol>',
    "a <style> for the screen": '<style media="screen">p.later { color: green }</style><p class="later">later</p>',
}


@pytest.mark.parametrize("body", PAGES.values(), ids=PAGES.keys())
def test_a_page_is_laid_out_as_weasyprint_lays_it_out_on_its_own(renderer, tmp_path, body):
    """Differential: each page through the renderer, twice (its sheets parsed, then taken as parsed), against
    WeasyPrint given the same HTML with nothing of outreach's in between."""
    import weasyprint

    page = f"<html><head>{HEAD}</head><body>{body}</body></html>"
    base = tmp_path.as_uri() + "/"
    alone = _boxes(weasyprint.HTML(string=page, base_url=base).render())
    for _ in range(2):
        assert _boxes(renderer.layout(page, base, "page")) == alone


def test_each_set_of_style_blocks_is_parsed_once(renderer, tmp_path, parsed):
    assert renderer._styles.enabled  # with the WeasyPrint installed: an upgrade that changes its search shows here
    base = tmp_path.as_uri() + "/"
    page = f"<html><head>{HEAD}</head><body>{PAGES['two blocks, @page, @layer']}</body></html>"
    for _ in range(3):
        renderer.layout(page, base, "page")
    assert len(parsed) == 2  # the two blocks, once
    renderer.layout(page.replace("10pt", "11pt"), base, "page")  # another scale: its own sheets
    assert len(parsed) == 4
    counters = f"<html><head>{HEAD}</head><body>{PAGES['@counter-style']}</body></html>"
    for _ in range(2):  # recorded in the document while parsed: parsed for each page
        renderer.layout(counters, base, "page")
    assert len(parsed) == 4 + 2 * 3


def test_the_same_css_from_another_folder_is_parsed_again(renderer, tmp_path, parsed):
    """Relative URLs in a sheet are its base URL's: the same text under another base is another sheet."""
    page = "<style>div { background: url(dot.png); width: 10px; height: 10px }</style><div></div>"
    seen = set()
    from PIL import Image

    for folder in ("a", "b", "a"):
        where = tmp_path / "assets" / folder
        where.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (2, 2), (255, 0, 0) if folder == "a" else (0, 0, 255)).save(where / "dot.png")
        document = renderer.layout(page, where.as_uri() + "/", "page")
        seen.add(next(str(box[-1]) for box in _boxes(document) if box[1] == "div"))
    assert len(seen) == 2 and len(parsed) == 2


@pytest.mark.parametrize(
    "rule",
    [
        '@import url("https://example.org/x.css");',
        '@font-face { font-family: X; src: url("https://example.org/x.woff") }',
        '@font-face { font-family: X; src: url("file:///etc/passwd") }',
    ],
)
def test_a_refused_url_fails_every_page_that_asks_for_it(renderer, tmp_path, rule):
    """Sheets are kept only after the page that parsed them passed: the next page parses them, and is refused,
    again."""
    page = f"<style>{rule} p {{ font-family: X }}</style><p>text</p>"
    for _ in range(2):
        with pytest.raises(BuildError, match=r"refused to (fetch|read)"):
            renderer.render(page, tmp_path.as_uri() + "/", "page")


def test_a_page_that_failed_keeps_nothing(renderer, tmp_path, parsed):
    """A page WeasyPrint laid out, but with a warning that fails it (a picture it could not load)."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "broken.png").write_bytes(b"not a picture")
    base = tmp_path.as_uri() + "/"
    page = '<style>p { color: blue }</style><p>text</p><img alt="" src="assets/broken.png">'
    for _ in range(2):
        with pytest.raises(BuildError, match=r"Failed to load image"):
            renderer.layout(page, base, "page")
    assert parsed == ["p { color: blue }"] * 2


def test_the_same_page_gives_the_same_pdf_in_a_fresh_worker_and_after_other_pages(renderer, tmp_path):
    from outreach.render.engine import Renderer

    base = tmp_path.as_uri() + "/"
    page = f"<html><head>{HEAD}</head><body>{PAGES['two blocks, @page, @layer']}</body></html>"
    renderer.render(page.replace("first", "another page first"), base, "other")
    warm = renderer.render(page, base, "page").data
    fresh = Renderer([tmp_path])
    try:
        assert fresh.render(page, base, "page").data == warm
    finally:
        fresh.close()
