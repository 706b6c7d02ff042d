"""The names of every file a build writes in OUT, made here and nowhere else.

A document is `<location>/<format>.<locale>.pdf`; its pages' thumbnails are
named for the PDF's content, so identical documents share them. The build's own
files (manifest, inputs, texts, reprint report, contact sheet) sit at the top.
`outreach i18n screenshots` names its files here too.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MANIFEST = "manifest.csv"
"""Every document: location, format, locale, file, pages, trim size, copies, sha256, keys."""
INPUTS = "inputs.json"
"""The digests of what the build was made from, for the next build's reprint report."""
TEXTS = "texts.json"
"""Each material's printed text, so that the next build's checks need not template it again."""
FINDINGS = "checks.json"
KIT_FINDINGS = "kit-checks.json"
"""The findings of the checks on the rendered PDFs, so that a build that changed nothing need not read them again."""
REPRINT = "reprint.csv"
"""What changed on paper since the previous build."""
INDEX = "index.html"
"""The contact sheet, made from the template of the same name."""
THUMBS = "thumbs"
"""The folder of page thumbnails."""
UNCHANGED = "unchanged.json"
"""A digest of everything the last build that changed nothing read, with its report: the next build with the
same digest need not load the kit (outreach.commands.unchanged)."""
MARKER = ".outreach-files"
"""Every file the build wrote, one path a line: what makes a folder outreach's to replace."""
FITS = "fits.json"
"""What each kind of page's reference page printed and kept, for the next build's fitting (planning.references)."""
BUILD_FILES = (MANIFEST, INPUTS, TEXTS, FINDINGS, KIT_FINDINGS, FITS, REPRINT, INDEX)
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


# `outreach i18n screenshots`: one folder per locale, a PNG per message named the same in every locale.
SCREENSHOT_INDEX = "screenshots.csv"
"""Every message in every locale: its PNG (empty when it has none, with the reason), and where it prints."""
SCREENSHOT_JSON = "screenshots.json"
"""The same as screenshots.csv, for programs (a Weblate upload script)."""


def message_slug(context: str, msgid: str, plural: str = "") -> str:
    """A message's file name without its extension: its words in ASCII, cut short, and a hash of its context,
    source text and plural source (the gettext key), so that no two messages share it and every run and every
    locale gives the same name."""
    key = (f"{context}\x04" if context else "") + msgid + (f"\x00{plural}" if plural else "")
    words = unicodedata.normalize("NFKD", f"{context} {msgid}").encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    if len(slug) > 48:
        slug = slug[:48].rsplit("-", 1)[0]
    return f"{slug or 'message'}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:8]}"


def screenshot_file(locale: str, context: str, msgid: str, plural: str = "") -> str:
    """A message's screenshot in one locale."""
    return f"{locale}/{message_slug(context, msgid, plural)}.png"


def screenshot_page(locale: str, name: str) -> str:
    """A page the screenshots of one locale were cut from, as a PDF."""
    return f"{locale}/pages/{name}.pdf"
