"""Where each card sits on a print sheet, fronts and duplex-aligned backs.

Positions are in points from the paper's top-left corner. A back is placed
where its front lands after the printer turns the paper over across its long
edge (long-edge duplex on portrait paper): left and right are mirrored, rows
stay where they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from .formats import Format, points


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    width: float
    height: float


def front_cells(sheet_format: Format, card: Format) -> list[Cell]:
    sheet = sheet_format.sheet
    assert sheet is not None
    left, top = points(sheet.left), points(sheet.top)
    gap_x, gap_y = points(sheet.gap_x), points(sheet.gap_y)
    return [
        Cell(left + col * (card.width_pt + gap_x), top + row * (card.height_pt + gap_y), card.width_pt, card.height_pt)
        for row in range(sheet.rows)
        for col in range(sheet.columns)
    ]


def back_cells(sheet_format: Format, card: Format) -> list[Cell]:
    """The back of card i sits at back_cells()[i]: behind front_cells()[i] once the paper is turned."""
    paper_w = sheet_format.width_pt
    return [Cell(paper_w - c.x - c.width, c.y, c.width, c.height) for c in front_cells(sheet_format, card)]
