"""What the preview knows, as one immutable snapshot that pages read and the build loop replaces whole."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..kit.jobs import Job


@dataclass(frozen=True)
class Pick:
    """One document: a location's format in one language."""

    location: str
    format: str
    locale: str

    @classmethod
    def of(cls, job: Job) -> Pick:
        return cls(job.location.id, job.format.name, job.locale)


@dataclass(frozen=True)
class Shown:
    """A built document the preview can show, and the save it was built after."""

    job: Job
    sha256: str
    pages: int
    generation: int


@dataclass(frozen=True)
class Planned:
    """What the kit plans to print, for the pickers."""

    organisation: str
    sample: bool
    first_locale: str
    jobs: tuple[Job, ...]


@dataclass(frozen=True)
class State:
    version: int = 0
    """Changes on every change, progress included: what /events announces."""
    content: int = 0
    """Changes when what a page shows changes (documents, the plan, errors)."""
    generation: int = 0
    """Saves seen in the kit."""
    planned: Planned | None = None
    documents: Mapping[Pick, Shown] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    """The last build's error, as `file:line: message` lines; the documents are the last good ones."""
    warnings: tuple[str, ...] = ()
    activity: str = "Reading the kit…"
    built: str = ""

    @property
    def status(self) -> str:
        if self.activity:
            return self.activity
        if self.errors:
            return "The kit has an error: fix it and save; the last good preview is shown until then."
        return self.built
