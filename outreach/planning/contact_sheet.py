"""The contact sheet (index.html): the run planned on one page a coordinator opens after a build.

Every location with its documents: each document's pages as thumbnails drawn
at one scale (a wallet card beside a poster looks as small as it is), its trim
size, stock, copies and language (named in its own script), and a mark on what
changed since the previous build (the reprint report says what and why). Links
go to reprint.csv and to the print bundles and run sheets the build wrote.
Filters for region, kind of place and language are a little inline script
that needs no network; without it everything shows. Kit text is escaped by the
template's autoescape, and a Content-Security-Policy with the hashes of the
page's own style and script lets nothing else run.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass

from ..i18n.locales import locale_info
from ..kit.formats import Format
from ..kit.jobs import Job
from ..kit.load import Kit
from ..kit.model import LOCATION_KINDS
from ..names import INDEX, MANIFEST, REPRINT, REPRINT_BUNDLE, location_bundle, region_bundle, run_sheet
from ..pages.templating import render_template
from ..pages.views import resolve
from .documents import Document
from .previous import PreviousBuild
from .reprint import NEW_DOCUMENT, NEW_LOCATION, Reprint, reprint_csv

PX_PER_INCH = 20
"""The one scale of every thumbnail: a Letter page is 170 px wide, a 3.5 × 2 in wallet card 70 px."""

_POLICY = "__CONTENT_SECURITY_POLICY__"
"""Where the template puts the policy; filled in once the page's own style and script are known."""
_LENGTH = re.compile(r"^\s*([\d.]+)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Copies:
    """What to print of one document: the pieces posted or handed out at its location, and the sheets they
    take when the format lays several on a sheet (from Job.copies and Job.sheets, which say what copies mean)."""

    pieces: int
    sheets: int = 0
    per_sheet: int = 0


def copies(job: Job) -> Copies:
    """What the contact sheet says of a document's copies: `Job.copies` and, for a sheet, `Job.sheets`."""
    sheet = job.format.sheet
    return Copies(job.copies, job.sheets, sheet.columns * sheet.rows) if sheet else Copies(job.copies)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    """In the language itself, e.g. Soomaali, العربية, 中文."""
    english: str
    direction: str


def language(code: str) -> Language:
    try:
        info = locale_info(code)
    except KeyError:
        return Language(code, code, code, "ltr")
    name = info.name[:1].upper() + info.name[1:]  # a name on its own: "Español", not "español"
    return Language(code, name, info.english, info.direction)


def trim_label(fmt: Format) -> str:
    """'8.5 × 11 in' (or the catalogue's lengths as written when their units differ)."""
    width, height = _LENGTH.match(fmt.width), _LENGTH.match(fmt.height)
    if width and height and width[2] == height[2]:
        return f"{width[1]} × {height[1]} {width[2]}"
    return f"{fmt.width} × {fmt.height}"


def thumbnail_box(fmt: Format) -> tuple[int, int]:
    """A page's thumbnail in CSS pixels at the page's one scale, from the format's trim size."""
    return max(1, round(fmt.width_pt / 72 * PX_PER_INCH)), max(1, round(fmt.height_pt / 72 * PX_PER_INCH))


def _document(doc: Document, why: str | None, lang: Language, untranslated: tuple[str, ...]) -> dict:
    job, fmt = doc.job, doc.job.format
    width, height = thumbnail_box(fmt)
    roles = fmt.pages
    what = f"{fmt.name} in {lang.english} for {job.location.name}"
    images = [
        {
            "src": src,
            "width": width,
            "height": height,
            "alt": f"{what}, page {number} of {len(doc.thumbnails)}"
            + (f" ({roles[number - 1]})" if number <= len(roles) else ""),
        }
        for number, src in enumerate(doc.thumbnails, start=1)
    ]
    return {
        "doc": doc,
        "thumbs": doc.thumbnails,
        "file": job.file,
        "format": fmt,
        "trim": trim_label(fmt),
        "stock": fmt.stock or "",
        "copies": copies(job),
        "language": lang,
        "images": images,
        "changed": why is not None,
        "new": why in (NEW_LOCATION, NEW_DOCUMENT),
        "why": why or "",
        "untranslated": untranslated,
    }


def _printed_as(fmt: Format) -> str:
    """The format whose text a document prints: a card sheet prints its card's (see checks.materials)."""
    return fmt.sheet.card if fmt.sheet else fmt.name


def contact_sheet(kit: Kit, documents: list[Document], reprint: Reprint, has: Callable[[str], bool]) -> bytes:
    """index.html for these documents; `has(name)` says whether the build wrote a file (a bundle, a run sheet)."""
    locales = kit.settings.locales
    changed = {} if reprint.first else {(r.location, r.format, r.locale): r.why for r in reprint.rows}
    languages: dict[str, Language] = {}
    by_location: dict[str, list[Document]] = {}
    for doc in documents:
        by_location.setdefault(doc.job.location.id, []).append(doc)
        if doc.job.locale not in languages:
            languages[doc.job.locale] = language(doc.job.locale)
    regions = {key: resolve(name, "en", locales) for key, name in kit.settings.regions.items()}
    groups: list[dict] = []
    places = [location for location in kit.locations if location.id in by_location]
    untranslated = 0
    for location in places:
        docs = by_location[location.id]
        items = [
            _document(
                d,
                changed.get((location.id, d.job.format.name, d.job.locale)),
                languages[d.job.locale],
                kit.untranslated.get((location.id, _printed_as(d.job.format), d.job.locale), ()),
            )
            for d in docs
        ]
        untranslated += sum(1 for item in items if item["untranslated"])
        bundle = location_bundle(location.id)
        groups.append(
            {
                "location": location,
                "documents": items,
                "kind": location.kind.replace("_", " "),
                "region": regions.get(location.region, location.region),
                "changed": sum(1 for item in items if item["changed"]),
                "bundle": bundle if has(bundle) else "",
            }
        )
    shown_regions = [*regions, *sorted({location.region for location in places})]
    region_rows = [
        {
            "id": key,
            "name": regions.get(key, key),
            "locations": count,
            "bundle": region_bundle(key) if has(region_bundle(key)) else "",
            "run_sheet": run_sheet(key) if has(run_sheet(key)) else "",
        }
        for key in dict.fromkeys(shown_regions)
        if (count := sum(1 for location in places if location.region == key))
    ]
    order = {code: index for index, code in enumerate(locales)}
    context = {
        "csp": _POLICY,
        "organisation": resolve(kit.settings.organisation, "en", locales),
        "sample": kit.settings.sample,
        "groups": groups,
        "total": len(documents),
        "manifest": MANIFEST,
        "regions": region_rows,
        "kinds": [
            {"id": kind, "label": kind.replace("_", " ")}
            for kind in LOCATION_KINDS
            if any(location.kind == kind for location in places)
        ],
        "languages": sorted(languages.values(), key=lambda lang: (order.get(lang.code, len(order)), lang.code)),
        "reprint": {
            "file": REPRINT,
            "first": reprint.first,
            "documents": len(changed),
            "bundle": REPRINT_BUNDLE if has(REPRINT_BUNDLE) else "",
        },
        "changed": len(changed),
        "untranslated": untranslated,
        "scale": PX_PER_INCH,
    }
    html = render_template(kit.root, "en", INDEX, context)  # the template of the same name
    return html.replace(_POLICY, _policy(html), 1).encode("utf-8")


def _hashes(html: str, tag: str) -> str:
    found = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.DOTALL)
    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in found)


def _policy(html: str) -> str:
    """Only the page's own style and script, and pictures beside it: no network, no injected markup acting."""
    style, script = _hashes(html, "style") or "'none'", _hashes(html, "script") or "'none'"
    return (
        f"default-src 'none'; img-src 'self' file:; style-src {style}; script-src {script}; "
        "base-uri 'none'; form-action 'none'"
    )


def updated_contact_sheet(
    kit: Kit,
    documents: list[Document],
    reprint: Reprint,
    has: Callable[[str], bool],
    previous: PreviousBuild | None,
    index_key: str,
) -> bytes | None:
    """This build's index.html, or None when the previous build's is exactly it.

    The sheet marks what the reprint report lists, so it is made again when its inputs or the report changed
    (a no-change rebuild after a no-change rebuild makes nothing), and kept when what it makes is what is there
    (the first build and a rebuild without changes mark nothing alike)."""
    if previous and previous.unchanged_index(index_key) and previous.read(REPRINT) == reprint_csv(reprint):
        return None
    sheet = contact_sheet(kit, documents, reprint, has)
    if previous and _regular(previous.path(INDEX)) and previous.read(INDEX) == sheet:
        return None
    return sheet


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
