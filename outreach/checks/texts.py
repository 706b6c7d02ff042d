"""What the checks need of printed text kept from an earlier build (outreach.planning.texts holds it)."""

from __future__ import annotations

from typing import Protocol

from ..kit.formats import Format
from ..kit.model import Location
from ..render.text import Segment


class Texts(Protocol):
    """Printed text kept from an earlier build, by whatever decides that nothing it depends on changed."""

    def get(self, location: Location, fmt: Format, locale: str) -> tuple[Segment, ...] | None: ...

    def put(
        self, location: Location, fmt: Format, locale: str, segments: tuple[Segment, ...], html: str | None = None
    ) -> None: ...
