"""The format catalogue: sizes, pages, templates and QR rules, read from data.

The built-in catalogue is `assets/formats.yaml`; adding a format is adding an
entry there (and a template), not writing code.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import OutreachError
from .model import LOCATION_KINDS
from .paths import assets_dir
from .yamlsource import load_yaml

_UNITS = {"in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1.0}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)\s*$")


def points(length: str) -> float:
    """A length such as '8.5in' or '85.6mm' in PostScript points."""
    match = _LENGTH.match(length)
    if not match:
        raise ValueError(f"{length!r} is not a length; write e.g. 8.5in, 85.6mm or 612pt")
    return float(match[1]) * _UNITS[match[2]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sheet(_Strict):
    """How copies of a card are laid out on a sheet of paper."""

    card: str
    """The format of one card."""
    columns: int = Field(ge=1)
    rows: int = Field(ge=1)
    left: str
    """From the paper's left edge to the first column."""
    top: str
    """From the paper's top edge to the first row."""
    gap_x: str = "0in"
    gap_y: str = "0in"
    flip: Literal["long-edge"] = "long-edge"
    """The edge the printer turns the paper over for the backs (long-edge duplex)."""


class Format(_Strict):
    name: str
    title: str
    """What it is and where it goes, for `outreach formats`."""
    width: str
    height: str
    pages: list[str] = Field(min_length=1)
    """The role of each page, e.g. [front] or [front, back]."""
    template: str
    min_font_pt: float = Field(gt=0)
    viewing_distance_cm: float = Field(gt=0)
    """How far away people read it; the QR code is about a tenth of this."""
    qr: list[Literal["tel", "sms", "url"]] = Field(min_length=1)
    """Which contact the QR code carries, in order of preference."""
    qr_on: list[str] = Field(default_factory=list)
    """The page roles that carry the QR code (on a sheet: one per card)."""
    suits: list[Literal[LOCATION_KINDS]] = Field(default_factory=list)  # type: ignore[valid-type]
    """Location kinds that get this format unless they name their own."""
    sheet: Sheet | None = None

    @field_validator("width", "height")
    @classmethod
    def _length(cls, value: str) -> str:
        points(value)
        return value

    @field_validator("qr_on")
    @classmethod
    def _roles(cls, value: list[str], info) -> list[str]:
        unknown = [role for role in value if role not in info.data.get("pages", [])]
        if unknown:
            raise ValueError(f"qr_on names page roles that are not in pages: {unknown}")
        return value

    @property
    def width_pt(self) -> float:
        return points(self.width)

    @property
    def height_pt(self) -> float:
        return points(self.height)

    @property
    def qr_mm(self) -> float:
        """QR side: a tenth of the viewing distance, never under 2 cm."""
        return max(20.0, self.viewing_distance_cm)

    def size_label(self) -> str:
        return f"{self.width} × {self.height}"


@cache
def builtin_formats() -> dict[str, Format]:
    path = assets_dir() / "formats.yaml"
    located, problems = load_yaml(path, str(path))
    if problems:
        raise OutreachError(f"the built-in format catalogue is broken: {problems[0]}")
    try:
        formats = {name: Format(name=name, **entry) for name, entry in located.data["formats"].items()}
    except (ValidationError, TypeError, KeyError) as exc:
        raise OutreachError(f"the built-in format catalogue is broken: {exc}") from exc
    for fmt in formats.values():
        if fmt.sheet and fmt.sheet.card not in formats:
            raise OutreachError(f"format {fmt.name} lays out unknown card format {fmt.sheet.card}")
    return formats


def default_formats(kind: str, catalogue: dict[str, Format]) -> list[str]:
    return [name for name, fmt in catalogue.items() if kind in fmt.suits]
