"""A QR code's path is the outline of its dark modules (outreach.pages.qr.outline): filled as SVG fills it
(nonzero winding), it covers exactly the dark modules, holes and modules that touch at a corner included."""

from __future__ import annotations

import random
import re

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from outreach.pages.qr import make_qr, outline


def _filled(path: str, size: int) -> list[list[bool]]:
    """Which modules the path fills: the winding number at each module's centre, counted on a ray to the right."""
    uprights: list[tuple[int, int, int, int]] = []  # x, top, bottom, +1 downwards / -1 upwards
    subpaths = re.findall(r"M[^M]*", path)
    assert "".join(subpaths) == path
    for sub in subpaths:
        start = re.match(r"M(-?\d+) (-?\d+)", sub)
        assert start and sub.endswith("z"), sub
        x, y = int(start[1]), int(start[2])
        for letter, number in re.findall(r"([hv])(-?\d+)", sub[start.end() :]):
            length = int(number)
            if letter == "h":
                x += length
            else:
                uprights.append((x, min(y, y + length), max(y, y + length), 1 if length > 0 else -1))
                y += length
        assert (x, y) == (int(start[1]), int(start[2])), "each subpath ends where it began"
    return [
        [
            sum(s for ux, top, bottom, s in uprights if ux > cx + 0.5 and top < cy + 0.5 < bottom) != 0
            for cx in range(size)
        ]
        for cy in range(size)
    ]


def test_the_outline_fills_exactly_the_dark_modules_of_real_codes_and_of_any_pattern():
    for payload in ("tel:+16125550100", "sms:+16125550101", "https://example.org/" + "help" * 30):
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
        code.add_data(payload)
        code.make(fit=True)
        matrix = [[bool(cell) for cell in row] for row in code.get_matrix()]
        assert _filled(outline(matrix), len(matrix)) == matrix
    chance = random.Random(14)
    for _ in range(200):  # checkerboards, holes, single modules, full and empty squares
        size = chance.randint(1, 12)
        matrix = [[chance.random() < 0.5 for _ in range(size)] for _ in range(size)]
        assert _filled(outline(matrix), size) == matrix
    assert outline([[False, False], [False, False]]) == ""
    corner = [[True, False], [False, True]]  # two modules touching at a corner: one loop through that corner
    assert _filled(outline(corner), 2) == corner


def test_the_drawn_code_carries_the_outline_and_is_the_same_for_the_same_payload():
    code = make_qr("tel:+16125550100")
    assert f'viewBox="0 0 {code.modules} {code.modules}"' in code.svg and 'shape-rendering="crispEdges"' in code.svg
    path = re.search(r'<path fill="#000" d="([^"]*)"', code.svg)
    assert path and path[1].startswith("M4 4h7v7h-7v-7z")  # the top-left finder pattern's outer square
    make_qr.cache_clear()
    assert make_qr("tel:+16125550100").svg == code.svg
