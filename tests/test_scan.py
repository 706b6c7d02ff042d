"""QR codes read where the layout drew them, and codes it did not draw caught on the whole page: pages whose
codes the test places (outreach/render/scan.py, outreach/render/verify.py), and a kit's template that prints
a second code."""

from __future__ import annotations

import base64
import io
import re

import pytest
import qrcode
from helpers import STALL_ONLY
from PIL import Image

from outreach import build
from outreach.errors import BuildError
from outreach.kit.formats import MM
from outreach.pages.qr import make_qr
from outreach.paths import assets_dir, builtin_root
from outreach.render.engine import Renderer
from outreach.render.scan import THUMB_WIDTH
from outreach.render.task import Expectation
from outreach.render.verify import PAGE_DPI, verify

pytestmark = pytest.mark.render

INTENDED = "tel:+16125550100"  # 25 modules
ELSEWHERE = "https://example.org/help/one-two-three-four"  # 33 modules
EXPECTED = Expectation(1, {0: (INTENDED, 1)}, qr_mm=20, safe_pt=10 * MM)


@pytest.fixture(scope="module")
def renderer():
    return Renderer([builtin_root()])


def ours(payload: str) -> str:
    """The code as outreach.pages.qr draws it, which the layout finds."""
    return make_qr(payload).svg


def drawn_otherwise(payload: str) -> str:
    """The same drawing, with a viewBox the layout does not take for a QR code's."""
    modules = make_qr(payload).modules
    return ours(payload).replace(f'viewBox="0 0 {modules} {modules}"', f'viewBox="0,0,{modules},{modules}"')


def picture(payload: str) -> str:
    """The code as a PNG picture."""
    buffer = io.BytesIO()
    qrcode.make(payload, border=4, box_size=8).save(buffer, format="PNG")
    return f'<img alt="A QR code" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}" style="width: 100%">'


def _page(renderer, codes: list[tuple[str, str, float, float, float]], width_mm=100.0, height_mm=100.0, extra=""):
    """A page with each (payload, how it is drawn, left, top, symbol side) code on it, in mm, and `extra`; the
    side is without the quiet zone, drawn four modules wide around it."""
    body = ""
    for payload, how, x, y, side in codes:
        modules = make_qr(payload).modules
        total = side * modules / (modules - 8)
        drawing = {"ours": ours, "otherwise": drawn_otherwise, "picture": picture}[how](payload)
        body += f'<div style="left: {x}mm; top: {y}mm; width: {total}mm; height: {total}mm">{drawing}</div>'
    html = f"""<html lang="en"><head><title>t</title><style>
@page {{ size: {width_mm}mm {height_mm}mm; margin: 0; }} body {{ margin: 0 }}
div {{ position: absolute; }} svg, img {{ display: block; }}
</style></head><body>{body}{extra}</body></html>"""
    return renderer.render(html, assets_dir().as_uri() + "/", "test")


def test_the_intended_code_is_read_where_the_layout_drew_it(renderer):
    rendered = _page(renderer, [(INTENDED, "ours", 40, 30, 22)])
    ((box,),) = rendered.qr_boxes
    total = 22 * 33 / 25
    assert box.left / MM == pytest.approx(40) and box.top / MM == pytest.approx(30)
    assert box.width / MM == pytest.approx(total) and box.height / MM == pytest.approx(total)
    scanned = verify(rendered.data, 1, EXPECTED, "test", rendered.qr_boxes)
    assert scanned.images[0].width == pytest.approx(100 * MM * PAGE_DPI / 72, abs=1)


@pytest.mark.parametrize("how", ["ours", "otherwise", "picture"])
@pytest.mark.parametrize(("payload", "side"), [(INTENDED.replace("0100", "0199"), 13.5), (ELSEWHERE, 17)])
def test_a_second_code_that_leads_elsewhere_fails_from_the_smallest_size_the_page_pass_reads(
    renderer, how, payload, side
):
    # PAGE_DPI's docstring: the whole-page pass reads every code of 25 modules from 13.5 mm, of 33 from 17 mm
    rendered = _page(renderer, [(INTENDED, "ours", 40, 12, 22), (payload, how, 13.3, 62.7, side)])
    message = f"test: page 1: the QR codes read {sorted([INTENDED, payload])}, expected {[INTENDED]}"
    with pytest.raises(BuildError, match=f"^{re.escape(message)}$"):
        verify(rendered.data, 1, EXPECTED, "test", rendered.qr_boxes)


def test_the_intended_code_drawn_another_way_is_read_and_measured_too(renderer):
    rendered = _page(renderer, [(INTENDED, "otherwise", 40, 30, 22)])
    assert rendered.qr_boxes == ((),)
    verify(rendered.data, 1, EXPECTED, "test", rendered.qr_boxes)
    small = _page(renderer, [(INTENDED, "otherwise", 40, 30, 16)])
    with pytest.raises(BuildError, match=r"the QR code prints 1[56]\.\d mm wide; .* it needs 20 mm"):
        verify(small.data, 1, EXPECTED, "test", small.qr_boxes)


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ([(INTENDED, "ours", 40, 30, 16)], r"^test: page 1: the QR code prints 1[56]\.\d mm wide; .* it needs 20 mm"),
        (
            [(INTENDED, "ours", 3, 40, 22)],
            r"^test: page 1: the QR code sits in the safe margin, where printers may cut",
        ),
        ([(INTENDED, "ours", 40, 74, 22)], r"^test: page 1: the QR code sits in the safe margin"),  # at the bottom
        ([], r"^test: page 1: the QR codes read nothing, expected \['tel:\+16125550100'\]$"),
        (
            [(INTENDED, "ours", 12, 30, 22), (INTENDED, "ours", 55, 30, 22)],
            r"the QR codes read \['tel:\+16125550100', 'tel:\+16125550100'\]",
        ),
    ],
)
def test_a_code_too_small_in_the_safe_margin_missing_or_twice_fails(renderer, codes, message):
    rendered = _page(renderer, codes)
    with pytest.raises(BuildError, match=message):
        verify(rendered.data, 1, EXPECTED, "test", rendered.qr_boxes)


def test_a_code_covered_by_a_box_reads_nothing(renderer):
    cover = '<div style="left: 45mm; top: 35mm; width: 15mm; height: 15mm; background: #fff"></div>'
    rendered = _page(renderer, [(INTENDED, "ours", 40, 30, 22)], extra=cover)
    with pytest.raises(BuildError, match=r"the QR codes read nothing, expected \['tel:\+16125550100'\]"):
        verify(rendered.data, 1, EXPECTED, "test", rendered.qr_boxes)


@pytest.mark.parametrize(("width_mm", "height_mm"), [(88.9, 50.8), (711.2, 279.4), (215.9, 279.4)])
def test_thumbnails_are_drawn_320_pixels_wide(renderer, width_mm, height_mm):
    rendered = _page(renderer, [(INTENDED, "ours", 15, 12, 22)], width_mm, height_mm)
    (thumbnail,) = verify(rendered.data, 1, EXPECTED, "test", rendered.qr_boxes).thumbnails
    image = Image.open(io.BytesIO(thumbnail))
    assert image.format == "PNG" and image.width == THUMB_WIDTH == 320
    assert image.height == pytest.approx(320 * height_mm / width_mm, abs=1)


def test_a_template_that_prints_a_second_code_leading_elsewhere_fails_the_build(make_kit, tmp_path):
    kit = make_kit({"locations.yaml": STALL_ONLY})
    side = 25  # mm, as large as a code anyone would scan from an arm's length
    total = side * make_qr(ELSEWHERE).modules / (make_qr(ELSEWHERE).modules - 8)
    rogue = f'<div style="position: absolute; left: 14mm; bottom: 16mm; width: {total}mm">{picture(ELSEWHERE)}</div>'
    (kit / "templates").mkdir()
    (kit / "templates" / "stall-sticker.html").write_text(
        '{% extends "builtin/stall-sticker.html" %}{% block body %}{{ super() }}' + rogue + "{% endblock %}"
    )
    with pytest.raises(
        BuildError, match=r"page 1: the QR codes read \[.*'https://example.org/help/one-two-three-four'"
    ):
        build(kit, tmp_path / "out")
    assert not (tmp_path / "out").exists()
