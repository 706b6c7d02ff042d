"""A screenshot: the part of a page image around a box, the box outlined.

Page images are drawn at `DPI` (outreach.render.verify.rasterize); boxes are in
PDF points from the page's bottom-left corner, as outreach.render.measure gives
them. The PNG carries no date or other metadata: the same page gives the same
bytes.
"""

from __future__ import annotations

import io

DPI = 150
MARGIN_PT = (54.0, 30.0)
"""What the crop shows around the box, across and down: the text before and after it, the lines above and below."""
PAD_PT = 2.5
"""Room between the text and its outline."""
HIGHLIGHT = (230, 0, 126)
"""The outline's colour: a magenta no built-in palette uses."""
LINE_PX = 3


def crop(
    image, size: tuple[float, float], box: tuple[float, float, float, float]
) -> tuple[bytes, tuple[float, float, float, float], tuple[int, int, int, int]]:
    """The PNG of `image` (a page `size` points wide and high, drawn at DPI) around `box`, with `box` outlined;
    the crop in points (left, bottom, right, top) and the outline in the PNG's pixels (left, top, right, bottom)."""
    from PIL import ImageDraw

    width, height = size
    left, bottom, right, top = box
    area = (
        max(0.0, left - MARGIN_PT[0]),
        max(0.0, bottom - MARGIN_PT[1]),
        min(width, right + MARGIN_PT[0]),
        min(height, top + MARGIN_PT[1]),
    )

    def px(points: float) -> int:
        return round(points * DPI / 72)

    x0, y0 = px(area[0]), px(height - area[3])
    piece = image.convert("RGB").crop((x0, y0, max(x0 + 1, px(area[2])), max(y0 + 1, px(height - area[1]))))
    mark = (
        max(0, px(left - PAD_PT) - x0),
        max(0, px(height - top - PAD_PT) - y0),
        min(piece.width - 1, px(right + PAD_PT) - x0),
        min(piece.height - 1, px(height - bottom + PAD_PT) - y0),
    )
    ImageDraw.Draw(piece).rectangle(mark, outline=HIGHLIGHT, width=LINE_PX)
    buffer = io.BytesIO()
    piece.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue(), area, mark
