"""The `spread` class (outreach.render.spread): the room a box of set height leaves under its children is shared
out between them in the PDF, as space-between would, and nothing moves where that would not be true."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from outreach import BuildError, build
from outreach.paths import assets_dir, builtin_root
from outreach.render.engine import Renderer

pytestmark = pytest.mark.render

PT_PER_MM = 72 / 25.4


def _page(body: str, box_css: str = "height: 80mm") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><title>t</title><style>
@page {{ size: 90mm 200mm; margin: 0 }}
html {{ font-family: "Noto Sans"; font-size: 10pt }} body {{ margin: 0 }}
p {{ margin: 0; font-size: 10pt; line-height: 1.2 }}
.box {{ box-sizing: border-box; {box_css}; margin: 5mm; padding: 4mm; position: relative }}
</style></head><body>{body}</body></html>"""


@pytest.fixture(scope="module")
def renderer():
    made = Renderer([builtin_root()])
    yield made
    made.close()


def _tops(renderer: Renderer, html: str, words: list[str]) -> dict[str, tuple[float, float]]:
    """Where each word is printed in the PDF: (top, bottom) in mm from the top of the page."""
    pdf = pdfium.PdfDocument(renderer.render(html, assets_dir().as_uri() + "/", "test").data)
    page = pdf[0]
    height = page.get_height()
    text = page.get_textpage()
    printed = text.get_text_range()
    found = {}
    for word in words:
        assert word in printed, word
        _left, bottom, _right, top = text.get_charbox(printed.index(word), loose=True)
        found[word] = ((height - top) / PT_PER_MM, (height - bottom) / PT_PER_MM)
    return found


def test_the_room_under_the_children_is_shared_out_between_them(renderer):
    body = '<div class="box spread"><p>Alpha</p><p>Bravo</p><p>Charlie</p><p>Delta</p></div>'
    spread = _tops(renderer, _page(body), ["Alpha", "Bravo", "Charlie", "Delta"])
    stacked = _tops(renderer, _page(body.replace(" spread", "")), ["Alpha", "Bravo", "Charlie", "Delta"])
    assert spread["Alpha"] == pytest.approx(stacked["Alpha"], abs=0.01)  # the first stays at the top
    assert spread["Delta"][1] > 75  # the last ends near the box's bottom (5 + 80 - 4 mm), the others follow
    assert stacked["Delta"][1] < 35
    gaps = [spread[b][0] - spread[a][0] for a, b in [("Alpha", "Bravo"), ("Bravo", "Charlie"), ("Charlie", "Delta")]]
    assert max(gaps) - min(gaps) < 0.05 and min(gaps) > 15
    assert spread["Delta"][1] <= 85 - 4 + 0.5  # inside the box's content


def test_a_box_without_a_set_height_a_full_box_and_a_placed_child_do_not_move(renderer):
    loose = '<div class="box spread"><p>Alpha</p><p>Bravo</p></div>'
    assert _tops(renderer, _page(loose, "height: auto"), ["Bravo"]) == _tops(
        renderer, _page(loose.replace(" spread", ""), "height: auto"), ["Bravo"]
    )
    words = " ".join(["Echo"] * 250)
    full = f'<div class="box spread"><p>Alpha</p><p>{words}</p><p>Bravo</p></div>'
    assert _tops(renderer, _page(full), ["Alpha", "Bravo"]) == _tops(
        renderer, _page(full.replace(" spread", "")), ["Alpha", "Bravo"]
    )
    placed = (
        '<div class="box spread"><p>Alpha</p><p style="position: absolute; top: 30mm">Foxtrot</p><p>Bravo</p></div>'
    )
    assert _tops(renderer, _page(placed), ["Foxtrot"]) == _tops(
        renderer, _page(placed.replace(" spread", "")), ["Foxtrot"]
    )
    assert _tops(renderer, _page(placed), ["Bravo"])["Bravo"][1] > 75


def test_a_box_with_a_float_a_box_placed_outside_its_child_or_content_past_its_last_child_does_not_move(renderer):
    words = ["Alpha", "Bravo", "Golf"]
    cases = {
        "a float beside its lines": '<div class="box spread"><p style="float: right; width: 20mm">Golf</p>'
        "<p>Alpha</p><p>Bravo</p></div>",
        "placed against the box": '<div class="box spread"><p>Alpha</p><div><p>Bravo</p>'
        '<p style="position: absolute; top: 0; right: 0">Golf</p></div></div>',
        "placed where it falls": '<div class="box spread"><p>Alpha</p><p style="position: absolute">Golf</p>'
        "<p>Bravo</p></div>",
        "content past its last child": '<div class="box spread"><p>Alpha</p><div style="height: 5mm">'
        '<p>Bravo</p><p style="margin-top: 60mm">Golf</p></div></div>',
    }
    for case, body in cases.items():
        assert _tops(renderer, _page(body), words) == _tops(renderer, _page(body.replace(" spread", "")), words), case
    # placed against a box that moves with it: it moves too
    inside = '<div class="box spread"><p>Alpha</p><div style="position: relative"><p>Bravo</p>'
    inside += '<p style="position: absolute; top: 0; right: 0">Golf</p></div></div>'
    spread, stacked = (
        _tops(renderer, _page(inside), words),
        _tops(renderer, _page(inside.replace(" spread", "")), words),
    )
    assert spread["Golf"][0] - stacked["Golf"][0] == pytest.approx(spread["Bravo"][0] - stacked["Bravo"][0], abs=0.01)
    assert spread["Bravo"][0] - stacked["Bravo"][0] > 30


def test_a_link_in_a_moved_child_is_where_its_text_is_drawn(renderer):
    body = '<div class="box spread"><p>Alpha</p><p><a href="https://example.org/help">Bravo</a></p></div>'
    pdf = pdfium.PdfDocument(renderer.render(_page(body), assets_dir().as_uri() + "/", "test").data)
    page = pdf[0]
    text = page.get_textpage()
    printed = text.get_text_range()
    _left, bottom, _right, top = text.get_charbox(printed.index("Bravo"), loose=True)
    rects = []
    for index in range(pdfium.raw.FPDFPage_GetAnnotCount(page)):
        annot = pdfium.raw.FPDFPage_GetAnnot(page, index)
        rect = pdfium.raw.FS_RECTF()
        pdfium.raw.FPDFAnnot_GetRect(annot, rect)
        rects.append(tuple(sorted((rect.bottom, rect.top))))
        pdfium.raw.FPDFPage_CloseAnnot(annot)
    assert len(rects) == 1
    assert rects[0][0] <= bottom + 1 and rects[0][1] >= top - 1  # the link's rectangle is round the drawn word


def test_a_card_front_whose_spread_lines_would_meet_its_bottom_line_is_not_printed_so(sample_copy, tmp_path):
    """Fitting reads the front as it is drawn, its room shared out: an organisation's name long enough to take two
    lines at the bottom leaves the lines above it no room, and the build says so rather than print over it."""
    settings = sample_copy / "outreach.yaml"
    text = settings.read_text(encoding="utf-8").replace(
        "  en: Lakeside Safe Harbor Network (sample)",
        "  en: Lakeside County Neighbourhood Network and Community Partners Association (sample)",
    )
    settings.write_text(text + "discreet:\n  allow_organisation: true\n", encoding="utf-8")
    with pytest.raises(BuildError, match="collides with 'Lakeside County Neighbourhood"):
        build(sample_copy, tmp_path / "out", locations=["northside-clinic"], formats=["wallet-card"], jobs=1)
    assert not (tmp_path / "out").exists()
