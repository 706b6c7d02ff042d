"""What a build makes: every location × format × locale, as jobs in a stable order."""

from __future__ import annotations

import math
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
        sheet = self.format.sheet
        return math.ceil(self.location.copies / (sheet.columns * sheet.rows)) if sheet else self.location.copies


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
