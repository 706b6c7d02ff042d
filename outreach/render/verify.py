"""Check a rendered PDF as a person would: count its pages and scan its QR codes.

Every page is rasterized at 150 dpi; the QR codes a real decoder reads there
must be exactly the ones intended. The same rasters become the thumbnails.
"""

from __future__ import annotations

import io

from ..errors import BuildError
from .task import Expectation

SCAN_DPI = 150
THUMB_WIDTH = 320


def rasterize(pdf: bytes, dpi: int = SCAN_DPI) -> list:
    """PIL images of every page at `dpi`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72).to_pil() for i in range(len(document))]
    finally:
        document.close()


def decode_qr(image) -> list[str]:
    import zxingcpp

    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    return sorted(r.text for r in zxingcpp.read_barcodes(image, formats=qr_only))


def verify(pdf: bytes, pages: int, expected: Expectation, label: str) -> list:
    """Raise BuildError unless the PDF has the intended pages and QR codes; return the page images."""
    if pages != expected.pages:
        raise BuildError(
            f"{label}: the content needs {pages} page(s) but the format has {expected.pages}; some text does not fit",
            "Shorten the longest texts (service summaries, names) or list this location's services on a larger format.",
        )
    images = rasterize(pdf)
    for index, image in enumerate(images):
        want = expected.qr.get(index)
        found = decode_qr(image)
        wanted = [want[0]] * want[1] if want else []
        if found != wanted:
            raise BuildError(
                f"{label}: page {index + 1}: the QR codes read {found or 'nothing'}, expected {wanted or 'none'}",
                "Nothing was written. A QR code that does not scan must never be printed.",
            )
    return images


def thumbnail_png(image) -> bytes:
    ratio = THUMB_WIDTH / image.width
    small = image.convert("RGB").resize((THUMB_WIDTH, max(1, round(image.height * ratio))))
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", compress_level=6)  # optimize=True: 1 % smaller, twice the time
    return buffer.getvalue()
