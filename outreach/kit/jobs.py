"""What a build makes: every location × format × locale, as jobs in a stable order."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import UsageError
from ..i18n.catalogues import available_locales
from ..names import document_file
from .formats import Format
from .load import Kit
from .model import Location


@dataclass(frozen=True)
class Job:
    """One document to make: a location's materials in one format and one language."""

    location: Location
    format: Format
    locale: str

    @property
    def file(self) -> str:
        return document_file(self.location.id, self.format.name, self.locale)

    @property
    def label(self) -> str:
        return f"location {self.location.id}, format {self.format.name}, locale {self.locale}"

    @property
    def copies(self) -> int:
        """The pieces (posters, stickers, cards) the location posts or hands out in this format's piece and this
        language: the location's `copies`. A card sheet's copies are cards, the same ones as the single card's:
        two ways to print them, never counted twice (see `piece`)."""
        return self.location.copies

    @property
    def piece(self) -> str:
        """The format of one piece: a sheet's card, or the format itself. Count copies once per location, locale
        and piece."""
        return self.format.sheet.card if self.format.sheet else self.format.name

    @property
    def sheets(self) -> int:
        """For a sheet of cards or labels: the sheets that hold its copies; 0 for any other format."""
        sheet = self.format.sheet
        return math.ceil(self.copies / (sheet.columns * sheet.rows)) if sheet else 0

    @property
    def prints(self) -> int:
        """How many times to print its PDF: its sheets, or its copies."""
        return self.sheets or self.copies


@dataclass(frozen=True)
class Pieces:
    """How many of one piece a set of documents makes, each counted once."""

    piece: str
    """The format of one piece, e.g. wallet-card."""
    copies: int
    """Pieces: a location's copies for each of its languages, once whether printed singly, on sheets or both."""
    sheets: int = 0
    """Sheets printed for them (for those that come on sheets)."""
    on_sheets: int = 0
    """How many of the pieces come on those sheets."""

    def __str__(self) -> str:
        if not self.sheets:
            return f"{self.copies} {self.piece}"
        plural = "s" if self.sheets != 1 else ""
        some = "" if self.on_sheets == self.copies else f"{self.on_sheets} of them "
        return f"{self.copies} {self.piece} ({some}on {self.sheets} sheet{plural})"


def count_pieces(jobs: Iterable[Job]) -> list[Pieces]:
    """The pieces `jobs` make, by piece in order of first appearance: each location's copies counted once per
    language and piece, whether its documents are the single card, the sheet or both."""
    copies: dict[str, dict[tuple[str, str], int]] = {}
    sheets: dict[str, dict[tuple[str, str], int]] = {}
    for job in jobs:
        where = (job.location.id, job.locale)
        copies.setdefault(job.piece, {})[where] = job.copies
        if job.sheets:
            sheets.setdefault(job.piece, {})[where] = job.sheets
    return [
        Pieces(
            piece,
            sum(counted.values()),
            sum(sheets.get(piece, {}).values()),
            sum(counted[where] for where in sheets.get(piece, {})),
        )
        for piece, counted in copies.items()
    ]


def _pick(asked: list[str] | None, known: list[str], what: str) -> set[str] | None:
    if not asked:
        return None
    unknown = [name for name in asked if name not in known]
    if unknown:
        raise UsageError(f"unknown {what} {', '.join(map(repr, unknown))}; known: {', '.join(known)}")
    return set(asked)


def plan(
    kit: Kit,
    locations: list[str] | None = None,
    formats: list[str] | None = None,
    locales: list[str] | None = None,
) -> list[Job]:
    """Every location × format × locale to make, in a stable order.

    `locales` replaces each location's own languages (a translator's preview).
    """
    only_locations = _pick(locations, [loc.id for loc in kit.locations], "location")
    only_formats = _pick(formats, list(kit.formats), "format")
    _pick(locales, available_locales(kit.root), "locale")
    jobs = []
    for location in kit.locations:
        if only_locations and location.id not in only_locations:
            continue
        for name in kit.location_formats(location):
            if only_formats and name not in only_formats:
                continue
            for locale in locales or kit.location_locales(location):
                jobs.append(Job(location, kit.formats[name], locale))
    if not jobs:
        raise UsageError("nothing to build: no location has that format", "See `outreach formats` and locations.yaml.")
    return jobs
