"""QR codes as vector SVG: one <path> of dark modules on a white square.

Error correction M, a 4-module quiet zone inside the drawn square, and a cache
by payload because choosing the mask is most of the cost. The path is the
outline of the dark modules (`outline`), not a square per module or per run:
WeasyPrint reads a path's commands one by one in Python, and the outline has
about a third of the commands of a rectangle per run. The checks find the
code on the laid-out page by this markup, a square viewBox drawn crispEdges
(outreach.render.scan.drawn_codes), and decode it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4


@dataclass(frozen=True)
class QrCode:
    payload: str
    modules: int
    """Modules along one side, quiet zone included."""
    svg: str


@lru_cache(maxsize=4096)
def make_qr(payload: str) -> QrCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="100%" height="100%" shape-rendering="crispEdges" role="img">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{outline(matrix)}"/></svg>'
    )
    return QrCode(payload, size, svg)


Point = tuple[int, int]


def outline(matrix: list[list[bool]]) -> str:
    """SVG path data whose fill (nonzero, the default) is exactly the dark modules of `matrix`.

    Every side of a dark module that borders a light one (or the edge) is an edge, turned so that the dark
    module is on its right; the edges are then walked into closed loops, and each run of edges in one direction
    is written as one h or v. Winding numbers depend on the edges alone, not on how they are joined into loops,
    so the dark modules wind once and the light ones, holes included, not at all."""
    size = len(matrix)

    def dark(x: int, y: int) -> bool:
        return 0 <= x < size and 0 <= y < size and bool(matrix[y][x])

    edges: dict[Point, list[Point]] = {}
    for y in range(size):
        for x in range(size):
            if not matrix[y][x]:
                continue
            for (nx, ny), start, end in (
                ((x, y - 1), (x, y), (x + 1, y)),  # top, left to right
                ((x + 1, y), (x + 1, y), (x + 1, y + 1)),  # right, downwards
                ((x, y + 1), (x + 1, y + 1), (x, y + 1)),  # bottom, right to left
                ((x - 1, y), (x, y + 1), (x, y)),  # left, upwards
            ):
                if not dark(nx, ny):
                    edges.setdefault(start, []).append(end)
    commands: list[str] = []
    for start in sorted(edges):
        while edges.get(start):
            commands.append(f"M{start[0]} {start[1]}")
            point, direction, length = start, (0, 0), 0
            while edges.get(point):
                end = edges[point].pop()
                step = (end[0] - point[0], end[1] - point[1])
                if step != direction and length:
                    commands.append(_move(direction, length))
                    length = 0
                direction, length, point = step, length + 1, end
            commands.append(_move(direction, length) + "z")
    return "".join(commands)


def _move(direction: Point, length: int) -> str:
    dx, dy = direction
    return f"h{dx * length}" if dx else f"v{dy * length}"
