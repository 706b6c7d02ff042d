"""A planned document once it is decided: the distinct document it is (a Unit) and where it goes (a Placement).

outreach.planning.schedule makes them; the build fills a Unit in when its document comes back from a worker,
and puts every placed file in the staging folder once all are made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..kit.jobs import Job
from ..output import Staging
from ..render.starts import Fitted
from .previous import PreviousBuild, PreviousDocument


@dataclass
class Unit:
    """One distinct document: rendered in this build, or a file of the previous one."""

    index: int
    """Order of discovery, following the plan: errors are reported for the first one."""
    render_key: str
    label: str
    owner: Job | None
    """The first planned job showing it; None for a card rendered only as its sheet's input."""
    previous: PreviousDocument | None = None
    pages: int = 0
    sha256: str = ""
    smallest_pt: float = 0.0
    imposed: list[Unit] = field(default_factory=list)
    """The sheets made in this document's own task, in the order of its RenderTask.sheets."""
    fitted: Fitted = ()
    """What fitting printed and kept, face by face, once rendered (RenderResult.fitted)."""


@dataclass(frozen=True)
class Placement:
    job: Job
    content_key: str
    unit: Unit
    own: PreviousDocument | None = None
    """The previous build's file at this very place, when it is reused."""


def source_of(placement: Placement, staging: Staging, previous: PreviousBuild | None) -> str:
    """Where a planned document's PDF is during the build: a file of the previous build, or this build's first copy."""
    unit = placement.unit
    if unit.previous:
        assert previous is not None, "a document reused from the previous build has one"
        return previous.path((placement.own or unit.previous).file)
    assert unit.owner is not None, "a placed document that was rendered names the job that owns it"
    return staging.path(unit.owner.file)


def link_documents(placements: Iterable[Placement], staging: Staging, previous: PreviousBuild | None) -> None:
    """Put every planned file in staging: rendered ones are there already; the others are links to
    the first file with the same content, of this build or the previous one, thumbnails included."""
    for placement in placements:
        job, unit = placement.job, placement.unit
        if unit.previous or unit.owner is not job:
            staging.link(job.file, source_of(placement, staging, previous))
        if unit.previous and previous:
            for thumb in unit.previous.thumbnails():
                if not staging.has(thumb):
                    staging.link(thumb, previous.path(thumb))
