"""Where each card sits on a print sheet, fronts and duplex-aligned backs, and its cut marks.

Positions are in points from the paper's top-left corner. A back is placed
where its front lands once the printer has turned the paper over:
- long-edge duplex (portrait paper turned like a book page): left and right
  are mirrored, rows stay where they are;
- short-edge duplex (turned like a notepad; the printer prints the back upside
  down so that it reads upright): top and bottom are mirrored, columns stay.
Either way each back stays upright: once the paper is turned, it reads the
right way up behind its own front.

The sheet is not rendered from HTML: `imposition` says where copies of its
card's rendered pages go, and outreach.render.impose places them there.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kit.formats import Format, points
from ..kit.jobs import Job
from ..kit.load import Kit
from ..render.task import Imposition, Side

MARK_GAP = 4.5
"""Points between a cut mark and the card edge it points at."""
MARK_LENGTH = 18.0


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Mark:
    """A cut line in the margin: a vertical mark when width is 0, horizontal when height is 0."""

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


def cells_box(sheet_format: Format, card: Format) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of the block of cards on a sheet (the backs mirror the same block)."""
    cells = front_cells(sheet_format, card)
    left, top = min(c.x for c in cells), min(c.y for c in cells)
    return left, top, max(c.x for c in cells) + card.width_pt, max(c.y for c in cells) + card.height_pt


def back_cells(sheet_format: Format, card: Format, flip: str | None = None) -> list[Cell]:
    """The back of card i sits at back_cells()[i]: behind front_cells()[i] once the paper is turned."""
    assert sheet_format.sheet is not None
    flip = flip or sheet_format.sheet.flip
    paper_w, paper_h = sheet_format.width_pt, sheet_format.height_pt
    if flip == "long-edge":
        return [Cell(paper_w - c.x - c.width, c.y, c.width, c.height) for c in front_cells(sheet_format, card)]
    return [Cell(c.x, paper_h - c.y - c.height, c.width, c.height) for c in front_cells(sheet_format, card)]


def cut_marks(cells: list[Cell], paper_w: float, paper_h: float) -> list[Mark]:
    """Short lines in the margins, in line with every card edge, never over a card."""
    xs = sorted({round(c.x, 3) for c in cells} | {round(c.x + c.width, 3) for c in cells})
    ys = sorted({round(c.y, 3) for c in cells} | {round(c.y + c.height, 3) for c in cells})
    top, bottom = min(ys), max(ys)
    left, right = min(xs), max(xs)
    marks = []
    for x in xs:
        marks.append(Mark(x, max(0.0, top - MARK_GAP - MARK_LENGTH), 0, min(MARK_LENGTH, top - MARK_GAP)))
        marks.append(Mark(x, bottom + MARK_GAP, 0, min(MARK_LENGTH, paper_h - bottom - MARK_GAP)))
    for y in ys:
        marks.append(Mark(max(0.0, left - MARK_GAP - MARK_LENGTH), y, min(MARK_LENGTH, left - MARK_GAP), 0))
        marks.append(Mark(right + MARK_GAP, y, min(MARK_LENGTH, paper_w - right - MARK_GAP), 0))
    return [m for m in marks if m.width > 0 or m.height > 0]


def _line(mark: Mark) -> tuple[float, float, float, float]:
    return (round(mark.x, 3), round(mark.y, 3), round(mark.x + mark.width, 3), round(mark.y + mark.height, 3))


def imposition(kit: Kit, job: Job, duplex: str | None = None, print_shop: bool = False) -> Imposition:
    """Where copies of a sheet job's card go: page 1 all fronts, page 2 all backs placed for the duplex flip
    (`duplex`, or the sheet's own), each with cut marks unless the stock is die-cut; a bleed for a print shop."""
    fmt = job.format
    sheet = fmt.sheet
    assert sheet is not None, "only a sheet format is imposed"
    card = kit.formats[sheet.card]
    paper = (fmt.width_pt, fmt.height_pt)
    sides = []
    for page in range(len(card.pages)):
        cells = back_cells(fmt, card, duplex) if page % 2 else front_cells(fmt, card)
        marks = cut_marks(cells, *paper) if sheet.cut_marks else []
        corners = tuple((round(c.x, 3), round(c.y, 3)) for c in cells)
        sides.append(Side(page, corners, tuple(_line(mark) for mark in marks)))
    return Imposition(
        *paper,
        card.width_pt,
        card.height_pt,
        tuple(sides),
        len(fmt.pages),
        bleed=fmt.bleed_pt if print_shop else 0.0,
        safe_pt=fmt.safe_margin_pt,
        label=job.label,
    )
