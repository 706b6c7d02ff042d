"""The posting laws, read from assets/compliance.yaml: a new state is a new entry, not code.

Every rule carries the citation it comes from; unknown keys are errors, so a
typo in a new entry is reported rather than silently ignored.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import OutreachError
from ..kit.formats import points
from ..kit.yamlsource import load_yaml
from ..paths import assets_dir

DATA_FILE = "compliance.yaml"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Size(_Data):
    width: str
    height: str
    cite: str

    @field_validator("width", "height")
    @classmethod
    def _length(cls, value: str) -> str:
        points(value)
        return value


class TypeSize(_Data):
    pt: float = Field(gt=0)
    cite: str


class Languages(_Data):
    all: list[str]
    """Every one of these is required."""
    more: int = 0
    """How many other languages are required as well."""
    more_severity: Literal["error", "warning"] = "error"
    """warning where the law asks for more only "as applicable"."""
    cite: str


class Contact(_Data):
    """A number or address the notice must print: exactly one of tel, sms, toll_free, website."""

    tel: str | None = None
    """E.164, e.g. +18883737888."""
    sms: str | None = None
    """A short code, e.g. 233733."""
    toll_free: bool = False
    website: bool = False
    what: str
    cite: str

    @model_validator(mode="after")
    def _one(self) -> Contact:
        if sum([self.tel is not None, self.sms is not None, self.toll_free, self.website]) != 1:
            raise ValueError("give exactly one of tel, sms, toll_free: true, website: true")
        return self


class Cite(_Data):
    cite: str


class Law(_Data):
    code: str
    statute: str
    title: str
    applies_to: str
    min_size: Size | None = None
    min_type_pt: TypeSize | None = None
    languages: Languages | None = None
    contacts: list[Contact] = Field(default_factory=list)
    bold_numbers: Cite | None = None
    """The required phone numbers are printed in bold type."""
    not_checked: list[str] = Field(default_factory=list)
    """What the law asks that outreach cannot check; reported as a reminder."""
    unsure: list[str] = Field(default_factory=list)
    """Where this entry may be wrong or out of date."""

    def cite(self, rule: Size | TypeSize | Languages | Contact | Cite | None) -> str:
        return f"{self.code}, {rule.cite if rule else self.statute}"

    def fits(self, width: float, height: float) -> bool:
        """Large enough in either orientation (half a point of rounding allowed)."""
        if self.min_size is None:
            return True
        small, large = sorted((points(self.min_size.width), points(self.min_size.height)))
        return min(width, height) + 0.5 >= small and max(width, height) + 0.5 >= large


@cache
def laws() -> dict[str, Law]:
    path = assets_dir() / DATA_FILE
    located, problems = load_yaml(path, str(path))
    if problems or not isinstance(located.data, dict):
        raise OutreachError(f"the posting laws in {path} are broken: {problems[0] if problems else 'not a mapping'}")
    try:
        return {code: Law(code=code, **entry) for code, entry in located.data.items()}
    except (ValidationError, TypeError) as exc:
        raise OutreachError(f"the posting laws in {path} are broken: {exc}") from None
