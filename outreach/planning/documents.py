"""A planned document once it exists: where its PDF is, what it holds, whether it was shared or reused."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..kit.jobs import Job
from ..names import thumbnails
from ..render.measure import measure


@dataclass(frozen=True)
class Document:
    job: Job
    pages: int
    sha256: str
    path: Path
    """Where the PDF is in OUT."""
    same_as: str = ""
    """The first file with the same content (rendered once, shared); empty for that first one."""
    reused: bool = False
    """Taken from the previous build instead of rendered."""
    smallest_pt: float = 0.0
    """The smallest type on its pages, in points."""
    source: str = ""
    """Where the PDF is until the build is done (this build's staging folder, or the previous output)."""

    @property
    def pdf(self) -> bytes:
        try:
            return Path(self.source or self.path).read_bytes()
        except FileNotFoundError:  # the build is done: the staging folder became OUT
            return self.path.read_bytes()

    @property
    def smallest(self) -> tuple[float, str]:
        """The smallest type size and the text printed at it (the text measured again only when asked)."""
        return measure(self.pdf).smallest()

    @property
    def thumbnails(self) -> list[str]:
        """Its pages' thumbnails in OUT, shared by identical documents."""
        return thumbnails(self.sha256, self.pages)
