"""Deciding, for every planned document, whether to reuse, share or render it.

A document whose content key is unchanged since the previous build takes the
previous file without even being templated. Any other is templated, once per
template key (locations that differ only in what no template reads share
it); the render key then says whether an identical document was already
rendered in this build (share it), was in the previous build (reuse that
file), or must be rendered now. `force` ignores the previous build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from ..kit.jobs import Job
from ..kit.load import Kit
from ..output import Staging
from ..render.task import Checks, RenderTask
from .keys import Inputs
from .previous import PreviousBuild, PreviousDocument

Page = Callable[[Job], tuple[str, Checks]]
"""A job's HTML and the checks its PDF must pass."""


@dataclass
class Unit:
    """One distinct document: rendered in this build, or a file of the previous one."""

    index: int
    """Order of discovery, following the plan: errors are reported for the first one."""
    render_key: str
    label: str
    owner: Job | None
    """The first planned job showing it; None for a check-only document."""
    previous: PreviousDocument | None = None
    pages: int = 0
    sha256: str = ""
    smallest_pt: float = 0.0


@dataclass(frozen=True)
class Placement:
    job: Job
    content_key: str
    unit: Unit
    own: PreviousDocument | None = None
    """The previous build's file at this very place, when it is reused."""


def card_checks(kit: Kit, jobs: list[Job]) -> list[Job]:
    """The single cards that planned sheets are made of: each must fit on its own before its sheet is printed."""
    cards: dict[str, Job] = {}
    for job in jobs:
        if job.format.sheet:
            card = replace(job, format=kit.formats[job.format.sheet.card])
            cards.setdefault(card.file, card)
    return list(cards.values())


class Schedule:
    """The plan's jobs, placed on distinct documents; iterate tasks() to learn what must be rendered."""

    def __init__(
        self,
        kit: Kit,
        jobs: list[Job],
        checks: list[Job],
        inputs: Inputs,
        previous: PreviousBuild | None,
        page: Page,
        roots: tuple[str, ...],
        base_url: str,
    ) -> None:
        self.kit, self.jobs, self.checks, self.inputs = kit, jobs, checks, inputs
        self.previous, self.page, self.roots, self.base_url = previous, page, roots, base_url
        self.placements: list[Placement] = []
        self.units: dict[str, Unit] = {}
        self.rendering: list[Unit] = []
        """Units rendered in this build, in order of discovery."""
        self.reused = 0
        """Planned documents placed so far that take a file of the previous build."""
        self.by_template: dict[str, str] = {}
        """Template key → render key of the documents templated so far."""
        self.templated = 0
        """Documents actually templated: one per distinct template key."""

    def key(self, job: Job) -> str:
        return self.inputs.content_key(self.kit, job.location, job.format.name, job.locale)

    def tasks(self) -> Iterator[tuple[Unit, RenderTask]]:
        """Place every job; yield each distinct document that must be rendered as soon as it is known.

        A check-only job (the single card a sheet is made of) is looked at only when a sheet that
        needs it is not itself reused, and is never written.
        """
        seen_keys: set[str] = set()
        needs_check: set[tuple[str, str]] = set()
        for job in self.jobs:
            content_key = self.key(job)
            seen_keys.add(content_key)
            found = self.previous.reusable(job.file, content_key) if self.previous else None
            if found:
                unit = self._unit(found.render_key, job, found)
            else:
                unit, new = self._templated(job)
                if new:
                    yield unit, new
                if job.format.sheet:
                    needs_check.add((job.location.id, job.locale))
            self.placements.append(Placement(job, content_key, unit, found))
            self.reused += unit.previous is not None
        for job in self.checks:
            if (job.location.id, job.locale) in needs_check and self.key(job) not in seen_keys:
                unit, new = self._templated(job, check_only=True)
                if new:
                    yield unit, new

    def all_reused_in_place(self) -> bool:
        """Whether every planned document is the previous build's file at the same place, nothing rendered."""
        return not self.rendering and all(placement.own for placement in self.placements)

    def _templated(self, job: Job, check_only: bool = False) -> tuple[Unit, RenderTask | None]:
        template_key = self.inputs.template_key(self.kit, job.location, job.format.name, job.locale)
        if template_key in self.by_template:  # the same HTML as a job templated before
            return self.units[self.by_template[template_key]], None
        html, checks = self.page(job)
        self.templated += 1
        render_key = self.by_template[template_key] = self.inputs.render_key(self.kit, html, checks)
        if render_key in self.units:
            return self.units[render_key], None
        earlier = self.previous.rendered_as(render_key) if self.previous else None
        unit = self._unit(render_key, None if check_only else job, earlier)
        if earlier:
            return unit, None
        self.rendering.append(unit)
        return unit, RenderTask(html, self.base_url, self.roots, self.inputs.group("asset:"), job.label, checks)

    def _unit(self, render_key: str, job: Job | None, previous: PreviousDocument | None) -> Unit:
        unit = self.units.get(render_key)
        if unit is None:
            unit = self.units[render_key] = Unit(len(self.units), render_key, job.label if job else "", job)
            if previous:
                unit.previous, unit.pages, unit.sha256 = previous, previous.pages, previous.sha256
                unit.smallest_pt = previous.smallest_pt
        return unit


def source_of(placement: Placement, staging: Staging, previous: PreviousBuild | None) -> str:
    """Where a planned document's PDF is during the build: a file of the previous build, or this build's first copy."""
    unit = placement.unit
    if unit.previous:
        assert previous is not None, "a document reused from the previous build has one"
        return previous.path((placement.own or unit.previous).file)
    assert unit.owner is not None, "a placed document that was rendered names the job that owns it"
    return staging.path(unit.owner.file)


def link_documents(schedule: Schedule, staging: Staging, previous: PreviousBuild | None) -> None:
    """Put every planned file in staging: rendered ones are there already; the others are links to
    the first file with the same content, of this build or the previous one, thumbnails included."""
    for placement in schedule.placements:
        job, unit = placement.job, placement.unit
        if unit.previous or unit.owner is not job:
            staging.link(job.file, source_of(placement, staging, previous))
        if unit.previous and previous:
            for thumb in unit.previous.thumbnails():
                if not staging.has(thumb):
                    staging.link(thumb, previous.path(thumb))
