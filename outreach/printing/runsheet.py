"""Run sheets: one printable list per region for the people who post the materials.

Each place of the region in the build, in the kit's order: its name (and id),
its kind in words, where in the place to post (the location's `placement`),
what to post (each piece once, in words, with its size), in which languages,
how many (the location's `copies` in each language; for pieces that come on
sheets, the sheets too), a box to tick and a line for the date and initials.
It is the template `run-sheet.html` (a kit may override it), in the kit's
first language, on US Letter in the countries that use it (CLDR's list; the
kit's `phone_region` says which country) and on A4 elsewhere, landscape.
It is rendered and checked in a worker, as a document is (outreach.render.runsheet):
like every page, its characters must all have glyphs; its text must stay on
the paper and print at 7.5 pt or more, and no page may be empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n.catalogues import is_reviewed
from ..i18n.locales import isolate_fallback, language_name, locale_info
from ..kit.formats import Format
from ..kit.load import Kit
from ..names import location_bundle, region_bundle
from ..pages.templating import render_template
from ..pages.views import resolve
from ..paths import builtin_root, templates_dir
from ..render.task import RunSheetTask
from .selection import Selection, posting_order

TEMPLATE = "run-sheet.html"
LETTER_COUNTRIES = frozenset("BZ CA CL CO CR GT MX NI PA PH PR SV US VE".split())
"""Where US Letter is the paper (CLDR supplemental data, paperSize); A4 everywhere else."""


@dataclass(frozen=True)
class PieceRow:
    """One piece to post or hand out at a place."""

    format: Format
    """The format of one piece (a sheet's card)."""
    size: str
    languages: list[str]
    """Named in the run sheet's language."""
    copies: int
    """In each language: the location's copies."""
    total: int
    sheets: int = 0
    """The sheets the bundle prints them on, in all languages (0: printed singly)."""
    per_sheet: int = 0
    print_shop: bool = False
    """Single cards the office bundle leaves out: to get from a print shop."""


def size_label(fmt: Format) -> str:
    """'4 × 6 in', or the catalogue's lengths as written when their units differ."""
    width, height = fmt.width.strip(), fmt.height.strip()
    unit = width.lstrip("0123456789.")
    if unit and height.endswith(unit) and height[: -len(unit)].replace(".", "").isdigit():
        return f"{width[: -len(unit)]} × {height[: -len(unit)]} {unit}"
    return f"{width} × {height}"


def pieces(kit: Kit, selection: Selection, locale: str) -> list[PieceRow]:
    """Each piece of a place once, in posting order, with its languages, copies and sheets."""
    every = posting_order(selection.documents + selection.left_out)
    bundled = {id(doc) for doc in selection.documents}
    rows = []
    for piece in dict.fromkeys(doc.job.piece for doc in every):
        docs = [doc for doc in every if doc.job.piece == piece]
        locales = list(dict.fromkeys(doc.job.locale for doc in docs))
        sheets = [doc.job for doc in docs if doc.job.sheets and id(doc) in bundled]
        fmt, copies = kit.formats[piece], selection.location.copies
        rows.append(
            PieceRow(
                fmt,
                size_label(fmt),
                [language_name(code, locale) for code in locales],
                copies,
                copies * len(locales),
                sum(job.sheets for job in sheets),
                sheets[0].format.sheet.columns * sheets[0].format.sheet.rows
                if sheets and sheets[0].format.sheet
                else 0,
                any(doc.job.piece == piece for doc in selection.left_out),
            )
        )
    return rows


def _text(text: str | dict[str, str] | None, locale: str, fallbacks: list[str]) -> str:
    """Kit text in the run sheet's language; plain text, like a fallback, in its own direction."""
    return isolate_fallback(text, locale) if isinstance(text, str) else resolve(text, locale, fallbacks)


def paper(kit: Kit) -> str:
    return "letter" if kit.settings.phone_region in LETTER_COUNTRIES else "A4"


def run_sheet_html(kit: Kit, region: str, chosen: list[Selection], bundles: set[str]) -> str:
    """The run sheet of `region` for these places (their selections, in the kit's order), as HTML.

    `bundles` are the bundle files the build writes, which the sheet names."""
    locale = kit.settings.locales[0]
    fallbacks = [*kit.settings.locales, "en"]
    places = [
        {
            "id": s.location.id,
            "name": isolate_fallback(s.location.name, locale),  # plain text keeps its own direction
            "kind": s.location.kind,
            "placement": _text(s.location.placement, locale, fallbacks),
            "bundle": location_bundle(s.location.id) if location_bundle(s.location.id) in bundles else "",
            "pieces": pieces(kit, s, locale),
        }
        for s in chosen
    ]
    context = {
        "locale": locale_info(locale),
        "organisation": resolve(kit.settings.organisation, locale, fallbacks),
        "region": resolve(kit.settings.regions.get(region, region), locale, fallbacks),
        "brand": kit.settings.brand,
        "sample": kit.settings.sample,
        "draft": not is_reviewed(locale, kit.root, kit.settings.reviewed_translations),
        "paper": paper(kit),
        "places": places,
        "bundle": region_bundle(region) if region_bundle(region) in bundles else "",
    }
    return render_template(kit.root, locale, TEMPLATE, context)


def run_sheet_task(kit: Kit, html: str, label: str, assets: str = "") -> RunSheetTask:
    """What a worker renders and checks for a run sheet (outreach.render.runsheet): its HTML, the folders it may
    read (the kit's and the built-in one, as a document's) and its language; `assets` as a document task's."""
    roots = (str(kit.root), str(builtin_root()))
    return RunSheetTask(html, templates_dir().as_uri() + "/", roots, assets, label, kit.settings.locales[0])
