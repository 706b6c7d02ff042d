"""The names of every file a build writes in OUT, made here and nowhere else.

A document is `<location>/<format>.<locale>.pdf`; its pages' thumbnails are
named for the PDF's content, so identical documents share them. The build's own
files (manifest, inputs, texts, reprint report, contact sheet) sit at the top.
"""

from __future__ import annotations

MANIFEST = "manifest.csv"
"""Every document: location, format, locale, file, pages, trim size, copies, sha256, keys."""
INPUTS = "inputs.json"
"""The digests of what the build was made from, for the next build's reprint report."""
TEXTS = "texts.json"
"""Each material's printed text, so that the next build's checks need not template it again."""
REPRINT = "reprint.csv"
"""What changed on paper since the previous build."""
INDEX = "index.html"
"""The contact sheet, made from the template of the same name."""
THUMBS = "thumbs"
"""The folder of page thumbnails."""
MARKER = ".outreach-files"
"""Every file the build wrote, one path a line: what makes a folder outreach's to replace."""
BUILD_FILES = (MANIFEST, INPUTS, TEXTS, REPRINT, INDEX)
PRINT = "print"
"""The folder of print bundles and run sheets, assembled from the rendered documents."""
REPRINT_BUNDLE = f"{PRINT}/reprint.pdf"
"""Only the documents that changed on paper since the previous build, ready to print."""
PRINTED = "print.json"
"""Each print bundle and run sheet: the key it was made from, its sha256 and pages, for the next build to reuse."""


def document_file(location: str, format_name: str, locale: str) -> str:
    """Where a location's document in one format and language is, relative to OUT."""
    return f"{location}/{format_name}.{locale}.pdf"


def thumb_name(sha256: str, page: int) -> str:
    """A page's thumbnail, named for the PDF's content: identical documents share one."""
    return f"{THUMBS}/{sha256[:20]}-{page}.png"


def thumbnails(sha256: str, pages: int) -> list[str]:
    """The thumbnails of every page of a document."""
    return [thumb_name(sha256, page) for page in range(1, pages + 1)]


def location_bundle(location: str) -> str:
    """One PDF with everything a location needs, in posting order."""
    return f"{PRINT}/locations/{location}.pdf"


def region_bundle(region: str) -> str:
    """Every location bundle of a region, one after the other."""
    return f"{PRINT}/regions/{region}.pdf"


def run_sheet(region: str) -> str:
    """The printable list for the people who post a region's materials."""
    return f"{PRINT}/run-sheet.{region}.pdf"
