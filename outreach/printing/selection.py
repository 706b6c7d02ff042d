"""Which documents a print bundle holds, and in which order.

Each piece goes in once, in the form its printer takes: for office printers
(the default) a card or label comes as its sheet, and the single-card PDF stays
in the location's folder for a print shop; in --print-shop mode the single
card goes in (the shop imposes it on its own stock), and a sheet only when the
location has no single card of it. A location whose formats have a single card
but not its sheet gets a warning in office mode: its bundle leaves those cards
out, and its run sheet says to get them from a print shop.

Posting order: the notices first, largest first (a bus card, a tabloid poster,
a letter poster, a mirror cling, a stall sticker), then what people carry away
(cards and labels), each format in every language in the location's order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..checks.sources import location_loc, locations_source
from ..errors import Problem
from ..kit.formats import Format
from ..kit.load import Kit
from ..kit.model import Location
from ..names import location_bundle
from ..planning.documents import Document


@dataclass(frozen=True)
class Selection:
    """A location's documents as its bundle holds them, and the pieces it leaves out."""

    location: Location
    documents: list[Document]
    """In posting order."""
    left_out: list[Document]
    """Single cards without their sheet (office mode): for a print shop."""


def sheet_of(card: str, formats: dict[str, Format]) -> str | None:
    """The first format that lays `card` out on a sheet, if any."""
    return next((name for name, fmt in formats.items() if fmt.sheet and fmt.sheet.card == card), None)


def _carried(fmt: Format) -> bool:
    return fmt.carried or fmt.sheet is not None


def posting_order(documents: list[Document]) -> list[Document]:
    """Notices first, largest first; then what is carried away; formats in the order the location lists them,
    and each in its languages in the location's order."""
    formats = list(dict.fromkeys(doc.job.format.name for doc in documents))
    locales = list(dict.fromkeys(doc.job.locale for doc in documents))

    def key(doc: Document) -> tuple:
        fmt = doc.job.format
        area = 0.0 if _carried(fmt) else -fmt.width_pt * fmt.height_pt
        return (_carried(fmt), round(area), formats.index(fmt.name), locales.index(doc.job.locale))

    return sorted(documents, key=key)


def select(kit: Kit, location: Location, documents: list[Document], print_shop: bool) -> Selection:
    """The location's documents in its bundle (in posting order), and the single cards left out of it."""
    carded = {fmt.sheet.card for fmt in kit.formats.values() if fmt.sheet}
    made = {(doc.job.piece, doc.job.locale, bool(doc.job.format.sheet)) for doc in documents}
    kept, left_out = [], []
    for doc in documents:
        job = doc.job
        if job.format.sheet:  # a sheet: in office mode, and in a print shop's when there is no single card
            if not print_shop or (job.piece, job.locale, False) not in made:
                kept.append(doc)
        elif job.format.name in carded and not print_shop:  # a single card that comes on sheets
            if (job.piece, job.locale, True) not in made:
                left_out.append(doc)
        else:
            kept.append(doc)
    return Selection(location, posting_order(kept), left_out)


def selections(kit: Kit, documents: Iterable[Document], print_shop: bool) -> list[Selection]:
    """Every location with documents in this build, in the kit's order."""
    by_location: dict[str, list[Document]] = {}
    for doc in documents:
        by_location.setdefault(doc.job.location.id, []).append(doc)
    return [
        select(kit, location, by_location[location.id], print_shop)
        for location in kit.locations
        if location.id in by_location
    ]


def left_out_warnings(kit: Kit, chosen: list[Selection]) -> list[Problem]:
    """A warning for each location whose formats have a single card without its sheet (office mode)."""
    problems = []
    source = locations_source(kit)
    for selection in chosen:
        location = selection.location
        planned = kit.location_formats(location)
        for card in dict.fromkeys(doc.job.format.name for doc in selection.left_out):
            sheet = sheet_of(card, kit.formats)
            if sheet in planned:
                continue  # the sheet was left out of this build by --format: asked for
            where = location_loc(kit, location) + (("formats",) if location.formats else ("kind",))
            problems.append(
                source.problem(
                    where,
                    f"{location.id}: {card} comes only as single cards here, which office printers do not take: "
                    f"{location_bundle(location.id)} and its region's bundle leave them out, and the run sheet says "
                    f"to get them from a print shop ({location.id}/{card}.<locale>.pdf). To print them in the "
                    f"office, add {sheet} to the location's formats",
                    "warning",
                )
            )
    return problems
