"""The printed-page metrics (outreach/render/metrics.py) against pages whose geometry the test sets:
text at known places and sizes, QR codes of known size, blank holes of known size; and the
blank-rectangle search against brute force on small bitmaps."""

from __future__ import annotations

import random

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageOps

from outreach.kit.formats import DIGIT_EM, MM
from outreach.pages.qr import QUIET_ZONE, make_qr
from outreach.paths import assets_dir, builtin_root
from outreach.render import metrics
from outreach.render.engine import Renderer
from outreach.render.metrics import Box, PageChars
from outreach.render.verify import rasterize

FONTS = assets_dir() / "fonts"


def _glyph(char: str, bold: bool = False) -> tuple[int, int, int, int]:
    """xMin, yMin, xMax, yMax of a Noto Sans glyph's outline, in thousandths of an em."""
    font = TTFont(FONTS / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"))
    assert font["head"].unitsPerEm == 1000
    glyph = font["glyf"][font.getBestCmap()[ord(char)]]
    return glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax


def _html(body: str, width_mm: float, height_mm: float) -> str:
    regular, bold = (FONTS / "NotoSans-Regular.ttf").as_uri(), (FONTS / "NotoSans-Bold.ttf").as_uri()
    return f"""<html lang="en"><head><title>t</title><style>
@font-face {{ font-family: "Noto Sans"; font-weight: 400; src: url("{regular}"); }}
@font-face {{ font-family: "Noto Sans"; font-weight: 700; src: url("{bold}"); }}
@page {{ size: {width_mm}mm {height_mm}mm; margin: 0; }}
body {{ margin: 0; font-family: "Noto Sans"; line-height: 1; }}
div {{ position: absolute; white-space: nowrap; }}
</style></head><body>{body}</body></html>"""


@pytest.fixture(scope="module")
def renderer():
    return Renderer([builtin_root()])  # fonts are read from its assets/ folder


def _pdf(renderer, body: str, width_mm: float, height_mm: float) -> bytes:
    return renderer.render(_html(body, width_mm, height_mm), assets_dir().as_uri() + "/", "test").data


def _at(left: float, top: float, size: float, text: str, extra: str = "") -> str:
    return f'<div style="left: {left}mm; top: {top}mm; font-size: {size}pt; {extra}">{text}</div>'


TEXT_PAGE = "".join(
    [
        _at(40, 10, 12, "Body text of the page, set at twelve points."),
        _at(40, 16, 12, "More body text, again set at twelve points."),
        _at(40, 22, 12, "And a third line of it for a clear count."),
        _at(40, 35, 30, "1-888-373-7888", "font-weight: 700"),
        _at(40, 55, 20, "Text \u2066233733\u2069 or 9233733"),
        _at(40, 70, 14, "TTY 711"),
        _at(4, 85, 14, "E"),
        _at(-10, 92, 8, "SAMPLE · EJEMPLO " * 12, "color: rgba(164, 22, 26, 0.22)"),
        _at(40, 105, 9, "Tear here and keep the number of the line"),
        _at(40, 110, 9, "Tear here and keep the number, tear again"),
    ]
)
"""200 × 120 mm: body text at 12 pt, numbers at 30 (bold), 20 and 14 pt, an E 4 mm from the left edge,
a faint 8 pt SAMPLE mark running off the page (more letters than the body text, but not text to read),
and a strip of 9 pt text below 100 mm, like a tear-off poster's tabs."""


@pytest.mark.render
def test_characters_numbers_body_size_and_edge_distance_on_a_page_of_known_geometry(renderer):
    pdf = _pdf(renderer, TEXT_PAGE, 200, 120)
    (page,) = metrics.characters(pdf)
    assert (page.width, page.height) == pytest.approx((200 * MM, 120 * MM), abs=0.01)
    assert len(page.text) == len(page.sizes) == len(page.bold) == len(page.boxes) == len(page.faint)
    faint = {char for char, is_faint in zip(page.text, page.faint, strict=True) if is_faint}
    assert faint == set("SAMPLE · EJEMPLO") and not any(page.faint[i] for i in range(page.text.index("SAMPLE")))

    # the lone E: its box is the glyph's outline at 14 pt, 4 mm from the left edge, y growing downward
    e = page.text.index("E")
    x_min, y_min, x_max, y_max = _glyph("E")
    box = page.boxes[e]
    assert page.sizes[e] == pytest.approx(14, abs=0.01) and not page.bold[e]
    assert box.left == pytest.approx(4 * MM + x_min * 14 / 1000, abs=0.05)
    assert box.width == pytest.approx((x_max - x_min) * 14 / 1000, abs=0.05)
    assert box.height == pytest.approx((y_max - y_min) * 14 / 1000, abs=0.2)  # pdfium's box: about 1 % of an em taller
    assert 85 * MM < box.top < box.bottom < 85 * MM + 14
    # ... and where the rasterized page has its ink (300 dpi: a pixel is 0.24 pt)
    image = rasterize(pdf, 300)[0]
    scale = 300 / 72
    crop = (0, round(80 * MM * scale), round(30 * MM * scale), round(95 * MM * scale))
    ink = ImageOps.invert(image.convert("L").crop(crop)).point(lambda v: 255 if v > 128 else 0).getbbox()
    assert ink is not None
    found = (ink[0] / scale, ink[1] / scale + crop[1] / scale, ink[2] / scale, ink[3] / scale + crop[1] / scale)
    assert found == pytest.approx(tuple(box), abs=0.5)

    edge = metrics.edge_distance(page)
    assert edge is not None and edge.char == "E" and edge.at == e
    assert edge.mm == pytest.approx(4 + x_min * 14 / 1000 / MM, abs=0.02)

    found_numbers = metrics.numbers(page, ["1-888-373-7888", "233733", "711", "612-555-0100", "HELP"])
    assert [(n.display, page.text[n.start : n.end].strip("\u2066\u2069")) for n in found_numbers] == [
        ("1-888-373-7888", "1-888-373-7888"),
        ("233733", "233733"),
        ("711", "711"),
    ]
    hotline, text_line, tty = found_numbers
    assert (hotline.size, hotline.bold) == (pytest.approx(30, abs=0.01), True)
    assert hotline.digit_mm == pytest.approx(30 * 0.714 / MM, abs=0.01) == 30 * DIGIT_EM / MM
    assert hotline.box.left == pytest.approx(40 * MM + _glyph("1", bold=True)[0] * 30 / 1000, abs=0.05)
    digits = [_glyph(d, bold=True) for d in "18837"]
    assert hotline.box.height == pytest.approx(
        (max(g[3] for g in digits) - min(g[1] for g in digits)) * 30 / 1000, abs=0.4
    )
    assert (text_line.size, text_line.bold, tty.size) == (
        pytest.approx(20, abs=0.01),
        False,
        pytest.approx(14, abs=0.01),
    )

    tabs = Box(0, 100 * MM, page.width, page.height)
    assert metrics.body_size(page) == 12.0
    assert metrics.body_size(page, within=tabs) == 9.0
    assert metrics.body_size(page, within=Box(0, 0, page.width, 100 * MM)) == 12.0
    assert metrics.body_size(page, within=Box(170 * MM, 0, page.width, 30 * MM)) is None


@pytest.mark.render
def test_qr_symbols_measure_the_side_without_the_quiet_zone(renderer):
    codes = [("tel:+18883737888", 20, 15, 50), ("https://humantraffickinghotline.org", 62, 62, 30)]
    body = "".join(
        f'<div style="left: {x}mm; top: {y}mm; width: {side}mm; height: {side}mm">{make_qr(payload).svg}</div>'
        for payload, x, y, side in codes
    )
    pdf = _pdf(renderer, body, 100, 100)
    for dpi in (150, 300):
        (found,) = metrics.qr_symbols(pdf, dpi)
        assert sorted(symbol.text for symbol in found) == sorted(payload for payload, *_ in codes)
        for symbol in found:
            _, x, y, side = next(code for code in codes if code[0] == symbol.text)
            modules = make_qr(symbol.text).modules
            assert symbol.side_mm == pytest.approx(side * (modules - 2 * QUIET_ZONE) / modules, abs=0.4)
            quiet = side * QUIET_ZONE / modules
            assert symbol.box.left / MM == pytest.approx(x + quiet, abs=0.4)
            assert symbol.box.top / MM == pytest.approx(y + quiet, abs=0.4)
            assert symbol.box.width / MM == pytest.approx(symbol.side_mm, abs=0.4)


BLANK_PAGE = (
    '<div style="left: 10mm; top: 10mm; width: 180mm; height: 100mm; background: #000"></div>'
    '<div style="left: 50mm; top: 40mm; width: 60mm; height: 30mm; background: #fff"></div>'
    '<div style="left: 140mm; top: 20mm; width: 25mm; height: 25mm; background: #fff"></div>'
    + _at(52, 45, 40, "SAMPLE", "color: rgba(164, 22, 26, 0.22); font-weight: 700")
)
"""200 × 120 mm: the safe area 10 mm in is black but for a 60 × 30 mm hole (with a faint SAMPLE mark
across it, which is not ink) and a 25 × 25 mm one. Outside the safe area the paper is blank."""


@pytest.mark.render
def test_the_largest_blank_region_is_the_hole_left_in_the_safe_area(renderer):
    pdf = _pdf(renderer, BLANK_PAGE, 200, 120)
    safe = Box(10 * MM, 10 * MM, 190 * MM, 110 * MM)
    pixel = 72 / metrics.BLANK_DPI
    (blank,) = metrics.largest_blank(pdf, safe)
    hole = Box(50 * MM, 40 * MM, 110 * MM, 70 * MM)
    # pixel snapping, anti-aliased edges and the one-pixel growth of ink move each side by at most two pixels
    assert tuple(blank.box) == pytest.approx(tuple(hole), abs=2 * pixel)
    assert blank.fraction == pytest.approx(blank.box.width * blank.box.height / (safe.width * safe.height), rel=0.02)
    assert 0.085 < blank.fraction <= 0.1

    # the whole page: the blank margin strip along the top or bottom (200 × 10 mm) is larger than the hole
    page = Box(0, 0, 200 * MM, 120 * MM)
    (whole,) = metrics.largest_blank(pdf, page, dpi=100)
    assert whole.box.width == pytest.approx(200 * MM, abs=72 / 100)
    assert 10 * MM - 2 * 72 / 100 <= whole.box.height <= 10 * MM
    assert whole.box.top == 0 or whole.box.bottom == pytest.approx(120 * MM, abs=72 / 100)


# Without rendering: the blank-rectangle search, the ink threshold, the number matching.


def _bitmap(*lines: str) -> list[bytes]:
    return [bytes(255 if c == "#" else 0 for c in line) for line in lines]


def _brute_force(rows: list[bytes]) -> int:
    height, width = len(rows), len(rows[0]) if rows else 0
    best = 0
    for top in range(height):
        for bottom in range(top + 1, height + 1):
            for left in range(width):
                for right in range(left + 1, width + 1):
                    if all(not rows[y][x] for y in range(top, bottom) for x in range(left, right)):
                        best = max(best, (bottom - top) * (right - left))
    return best


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("......", ".##...", "......", "...#.."), (3, 0, 3, 3)),
        (("#....#", "#....#", "#....#", "######"), (1, 0, 4, 3)),
        (("..#", "..#", "..."), (0, 0, 2, 3)),
        (("....", "....", "##.."), (0, 0, 4, 2)),
        (("#..#", "#..#", "...."), (1, 0, 2, 3)),
        (("###", "###"), (0, 0, 0, 0)),
        (("....",), (0, 0, 4, 1)),
        ((".", ".", "."), (0, 0, 1, 3)),
    ],
)
def test_the_largest_blank_rectangle_of_small_bitmaps(lines, expected):
    assert metrics.largest_blank_rectangle(_bitmap(*lines)) == expected


def test_the_largest_blank_rectangle_agrees_with_brute_force():
    rng = random.Random(20240601)
    for trial in range(300):
        width, height = rng.randint(1, 9), rng.randint(1, 8)
        density = rng.choice([0.05, 0.15, 0.3, 0.6])
        rows = [bytes(255 if rng.random() < density else 0 for _ in range(width)) for _ in range(height)]
        x, y, w, h = metrics.largest_blank_rectangle(rows)
        assert w * h == _brute_force(rows), (trial, rows)
        assert all(not rows[j][i] for j in range(y, y + h) for i in range(x, x + w)), (trial, rows)


def test_the_largest_blank_rectangle_of_nothing_is_empty():
    assert metrics.largest_blank_rectangle([]) == (0, 0, 0, 0)
    assert metrics.largest_blank_rectangle([b"", b""]) == (0, 0, 0, 0)


def test_ink_is_the_darkest_channel_under_200_grown_by_a_pixel():
    image = Image.new("RGB", (7, 3), (255, 255, 255))
    image.putpixel((1, 1), (235, 204, 205))  # the SAMPLE mark on white: not ink
    image.putpixel((3, 1), (250, 250, 199))  # one dark channel is enough
    image.putpixel((5, 1), (200, 200, 200))  # just not ink
    assert metrics.ink_rows(image, grow=0) == [bytes(7), bytes([0, 0, 0, 255, 0, 0, 0]), bytes(7)]
    assert metrics.ink_rows(image) == [bytes([0, 0, 255, 255, 255, 0, 0])] * 3


def _page(text: str, sizes: dict[int, float] | None = None) -> PageChars:
    sizes = sizes or {}
    return PageChars(
        100,
        100,
        text,
        tuple(0.0 if c.isspace() else sizes.get(i, 10.0) for i, c in enumerate(text)),
        tuple(False for _ in text),
        tuple(Box(i, 10, i + 1, 20) for i in range(len(text))),
        tuple(False for _ in text),
    )


def test_numbers_match_digits_across_separators_and_isolates_but_not_inside_longer_numbers():
    page = _page("Call 1 888 373-7888, text \u2066233733\u2069; not 1233733 or 2337334; TTY: 711.\r\n7\r\n11", {7: 8.0})
    found = metrics.numbers(page, ["1-888-373-7888", "233733", "711", "711", "call"])
    assert [(n.display, page.text[n.start : n.end]) for n in found] == [
        ("1-888-373-7888", "1 888 373-7888"),
        ("233733", "233733"),
        ("711", "711"),
        ("711", "7\r\n11"),
    ]
    assert found[0].size == 8.0 and found[0].digit_mm == pytest.approx(8 * DIGIT_EM / MM)
    assert found[0].box == Box(5, 10, 19, 20)
    assert metrics.numbers(page, ["555-0100"]) == []


def test_edge_distance_skips_white_space_empty_boxes_and_faint_characters():
    page = PageChars(
        100 * MM,
        50 * MM,
        " abc",
        (0.0, 10.0, 10.0, 40.0),
        (False, False, False, False),
        (
            Box(0, 0, 1, 1),
            Box(20 * MM, 3 * MM, 25 * MM, 8 * MM),
            Box(40 * MM, 20 * MM, 93 * MM, 30 * MM),
            Box(-5, -5, 5, 5),
        ),
        (False, False, False, True),
    )
    assert metrics.edge_distance(page) == (pytest.approx(3), "a", 1)
    assert metrics.edge_distance(_page("   ")) is None
