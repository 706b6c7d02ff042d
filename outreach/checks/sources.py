"""Where in the kit each checked value came from, so a finding points at the line to fix."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..kit.load import LOCATIONS_FILE, SERVICES_DIR, SETTINGS_FILE, Kit
from ..kit.model import Location
from ..kit.yamlsource import Loc, Located


def settings_source(kit: Kit) -> Located:
    return kit.sources.settings if kit.sources else Located(SETTINGS_FILE, None)


def locations_source(kit: Kit) -> Located:
    return kit.sources.locations if kit.sources else Located(LOCATIONS_FILE, None)


def service_source(kit: Kit, sid: str) -> Located:
    found = kit.sources.services.get(sid) if kit.sources else None
    return found or Located(f"{SERVICES_DIR}/{sid}.yaml", None)


def location_loc(kit: Kit, location: Location) -> Loc:
    """The YAML path of a location in locations.yaml."""
    for index, candidate in enumerate(kit.locations):  # by identity first: comparing models field by field is slow
        if candidate is location:
            return ("locations", index)
    return ("locations", kit.locations.index(location))


@dataclass(frozen=True)
class TextField:
    """One piece of kit text in one language, and where it is written."""

    source: Located
    loc: Loc
    locale: str | None
    """None: plain text, printed in every language."""
    text: str
    headline: bool
    """Printed as a heading or a name."""
    printed: bool = True
    """False for text only the coordinator reads (location names and notes)."""


def _variants(value, source: Located, loc: Loc, headline: bool, printed: bool = True) -> Iterator[TextField]:
    if value is None:
        return
    if isinstance(value, str):
        yield TextField(source, loc, None, value, headline, printed)
        return
    for code, text in value.items():
        yield TextField(source, loc + (code,), code, text, headline, printed)


def text_fields(kit: Kit) -> Iterator[TextField]:
    """Every free text a kit holds: what is printed, then what only the coordinator reads."""
    settings = settings_source(kit)
    yield from _variants(kit.settings.organisation, settings, ("organisation",), True)
    for rid, name in kit.settings.regions.items():
        yield from _variants(name, settings, ("regions", rid), True)
    for sid, service in kit.services.items():
        src = service_source(kit, sid)
        yield from _variants(service.name, src, ("name",), True)
        yield from _variants(service.summary, src, ("summary",), False)
        yield from _variants(service.hours, src, ("hours",), False)
        yield from _variants(getattr(service, "notes", None), src, ("notes",), False, printed=False)
    locations = locations_source(kit)
    for index, location in enumerate(kit.locations):
        yield from _variants(location.name, locations, ("locations", index, "name"), False, printed=False)
        # printed on the region's run sheet, for the people who post the materials
        yield from _variants(location.placement, locations, ("locations", index, "placement"), False)
        yield from _variants(location.notes, locations, ("locations", index, "notes"), False, printed=False)
