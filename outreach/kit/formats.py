"""The format catalogue: sizes, pages, templates and QR rules, read from data.

The built-in catalogue is `assets/formats.yaml`; a kit adds formats or changes
built-in ones under `formats:` in its outreach.yaml. Adding a format is adding
an entry (and a template), not writing code.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import OutreachError
from ..paths import assets_dir
from .model import LocationKind
from .yamlsource import load_yaml

_UNITS = {"in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1.0}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)\s*$")
Flip = Literal["long-edge", "short-edge"]
FLIPS: tuple[str, ...] = get_args(Flip)

MM = 72 / 25.4
"""Points in a millimetre."""
NUMBER_MM_PER_M = 8.0
"""Sign practice: about 8 mm of letter height per metre of reading distance (1 in per 10 ft)."""
NUMBER_FLOOR_MM_PER_M = 5.0
"""Never less than this: a number read from further than its size allows is not read at all."""
DIGIT_EM = 0.714
"""The height of a digit in the bundled Noto Sans, as a fraction of the font size."""
MIN_QR_MM = 15.0
"""The smallest QR symbol (without its quiet zone) outreach prints, whatever the distance."""
OFFICE_MARGIN_MM = 6.0
"""Office printers cannot print within 4 to 6 mm of the paper's edge."""


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
    flip: Flip = "long-edge"
    """The edge the printer turns the paper over for the backs; `build --duplex` overrides it."""
    cut_marks: bool = True
    """Short lines in the margins where to cut; false for die-cut label stock."""

    @field_validator("left", "top", "gap_x", "gap_y")
    @classmethod
    def _length(cls, value: str) -> str:
        points(value)
        return value


class Format(_Strict):
    name: str
    title: str
    """What it is and where it goes, for `outreach formats`."""
    width: str
    height: str
    pages: list[str] = Field(min_length=1)
    """The role of each page, e.g. [front] or [front, back]."""
    template: str
    min_font_pt: float = Field(gt=0, le=200)
    """The smallest type the format may print."""
    type_scale: float = Field(default=1.0, gt=0, le=20)
    """Multiplies the template's type sizes: larger formats are read from further away."""
    safe_margin: str = "0.25in"
    """Nothing that must be read sits closer than this to the trim edge."""
    bleed: str = "0.125in"
    """Extra paper around the trim in --print-shop mode (0.125 in in the US, 3 mm for ISO sizes)."""
    viewing_distance_cm: float = Field(gt=0, le=5000)
    """How far away people read it. The first line's number aims at 8 mm of digit height per metre of
    this distance and is never under 5 mm per metre (see `number_mm`)."""
    scan_distance_cm: float | None = Field(default=None, gt=0, le=5000)
    """How far away people scan its QR code (default: the viewing distance); the symbol, without its
    quiet zone, is at least a tenth of this."""
    qr: list[Literal["tel", "sms", "url"]] = Field(min_length=1)
    """Which contact the QR code carries, in order of preference."""
    qr_on: list[str] = Field(default_factory=list)
    """The page roles that carry the QR code (on a sheet: one per card)."""
    suits: list[LocationKind] = Field(default_factory=list)
    """Location kinds that get this format unless they name their own."""
    tabs: int = Field(default=0, ge=0, le=12)
    """Tear-off tabs along the bottom edge (0 for none)."""
    tab_height: str = "2.2in"
    """How tall the tear-off tabs are, from the bottom edge of the paper."""
    office: bool = False
    """Printed on office printers, which cannot print near the paper's edge: its safe margin is at least 6 mm."""
    carried: bool = False
    """People carry it away (a card, a label): it never reveals its purpose, whatever the location's variant.
    A format's tear-off tabs are carried away too."""
    tagged: bool = True
    """Write a tagged PDF (PDF/UA-1) that screen readers can follow."""
    sheet: Sheet | None = None
    stock: str | None = Field(default=None, min_length=1, max_length=200)
    """The paper, label or card stock to print on (e.g. "Avery 5371"), for the contact sheet; never printed."""
    notice: str | None = None
    """The posting law (assets/compliance.yaml) whose prescribed notice this format prints, e.g. us-ca."""

    @field_validator("width", "height", "safe_margin", "bleed", "tab_height")
    @classmethod
    def _length(cls, value: str) -> str:
        points(value)
        return value

    @model_validator(mode="after")
    def _roles(self) -> Format:
        unknown = [role for role in self.qr_on if role not in self.pages]
        if unknown:
            raise ValueError(f"qr_on names page roles that are not in pages: {unknown}")
        if self.office and points(self.safe_margin) < OFFICE_MARGIN_MM * MM - 0.01:
            raise ValueError(
                f"an office format keeps what must be read at least {OFFICE_MARGIN_MM:g} mm from the paper's edge, "
                f"which office printers cannot print on: make safe_margin at least {OFFICE_MARGIN_MM:g}mm"
            )
        return self

    @property
    def width_pt(self) -> float:
        return points(self.width)

    @property
    def height_pt(self) -> float:
        return points(self.height)

    @property
    def bleed_pt(self) -> float:
        return points(self.bleed)

    @property
    def safe_margin_pt(self) -> float:
        return points(self.safe_margin)

    @property
    def tab_height_pt(self) -> float:
        return points(self.tab_height) if self.tabs else 0.0

    @property
    def qr_mm(self) -> float:
        """The QR symbol's side without its quiet zone: a tenth of the scanning distance, never under 15 mm."""
        return max(MIN_QR_MM, self.scan_distance_cm or self.viewing_distance_cm)

    def number_mm(self, per_metre: float = NUMBER_MM_PER_M) -> float:
        """The digit height a number read from this format's viewing distance needs, at `per_metre` mm per metre."""
        return per_metre * self.viewing_distance_cm / 100

    def size_label(self) -> str:
        return f"{self.width} × {self.height}"

    def describe(self) -> dict[str, Any]:
        """The entry as data, with sizes in points, for `outreach formats --json`."""
        return {
            **self.model_dump(exclude_none=True),
            "width_pt": round(self.width_pt, 3),
            "height_pt": round(self.height_pt, 3),
            "qr_mm": self.qr_mm,
        }

    def pt(self, size: float) -> str:
        """A template's type size, scaled for this format."""
        return f"{size * self.type_scale:.4g}pt"


@cache
def builtin_entries() -> dict[str, dict[str, Any]]:
    """The built-in catalogue as plain data, for kits to extend."""
    path = assets_dir() / "formats.yaml"
    located, problems = load_yaml(path, str(path))
    if problems or not isinstance(located.data, dict) or not isinstance(located.data.get("formats"), dict):
        raise OutreachError(f"the built-in format catalogue {path} is broken: {problems[:1] or 'no formats: mapping'}")
    return located.data["formats"]


def make_catalogue(entries: dict[str, dict[str, Any]]) -> dict[str, Format]:
    """Format objects from entries; raises ValidationError (with the name in loc) or ValueError."""
    formats = {name: Format(name=name, **entry) for name, entry in entries.items()}
    for fmt in formats.values():
        if fmt.sheet and fmt.sheet.card not in formats:
            raise ValueError(f"format {fmt.name} lays out unknown card format {fmt.sheet.card!r}")
    return formats


@cache
def builtin_formats() -> dict[str, Format]:
    try:
        return make_catalogue(builtin_entries())
    except (ValidationError, ValueError, TypeError) as exc:
        raise OutreachError(f"the built-in format catalogue is broken: {exc}") from exc


def default_formats(kind: str, catalogue: dict[str, Format]) -> list[str]:
    return [name for name, fmt in catalogue.items() if kind in fmt.suits]
