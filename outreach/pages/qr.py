"""QR codes as vector SVG: one <path> of dark modules on a white square.

Error correction M, a 4-module quiet zone inside the drawn square, and a cache
by payload because choosing the mask is most of the cost. The checks find the
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
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="100%" height="100%" shape-rendering="crispEdges" role="img">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )
    return QrCode(payload, size, svg)
