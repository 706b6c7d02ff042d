"""Deciding, for every planned document, whether to reuse, share or render it.

A document whose content key is unchanged since the previous build takes the
previous file without even being templated. Any other is templated, once per
template key (locations that differ only in what no template reads share
it); the render key then says whether an identical document was already
rendered in this build (share it), was in the previous build (reuse that
file), or must be rendered now. `force` ignores the previous build.

A card sheet is not templated: it is imposed from its card's rendered pages
(outreach.render.impose), so its render key is its card's and its layout's.
The card comes first: rendered now, with every sheet of the same location and
language made from it in the same task; or, when it was reused or rendered
before, a SheetTask carries its PDF. A card that no planned job asks for is
still rendered and checked, as the sheet's input, and never written.

Each kind of page's reference (outreach.planning.references) is made first:
the pages of its kind start fitting from what it kept, so they wait for it
(all of them for all the references: one Wait, which runs the checks before
rendering while the workers make the references, when the build asks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from ..kit.jobs import Job
from ..kit.load import Kit
from ..output import Staging
from ..render.impose import fingerprint
from ..render.task import WAIT, Checks, Imposition, RenderTask, SheetTask, Task, Wait
from .keys import KEY_VERSION, Inputs, digest
from .previous import PreviousBuild, PreviousDocument
from .references import References, fitted_job, kind_of
from .units import Placement, Unit

Page = Callable[[Job], tuple[str, Checks]]
"""A job's HTML and the checks its PDF must pass."""
WHY = "the first page of its format and language in the kit: the others start fitting their type from it"
"""Said of a reference page that no job of the build plans, when it fails its checks."""
Layout = Callable[[Job], Imposition]
"""Where a sheet job's card pages go on its paper."""


class Schedule:
    """The plan's jobs, placed on distinct documents; iterate tasks() to learn what must be rendered."""

    def __init__(
        self,
        kit: Kit,
        jobs: list[Job],
        inputs: Inputs,
        previous: PreviousBuild | None,
        page: Page,
        roots: tuple[str, ...],
        base_url: str,
        layout: Layout,
        references: References | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> None:
        self.kit, self.jobs, self.inputs = kit, jobs, inputs
        self.meanwhile = meanwhile
        """Run while the references are made (the checks before rendering): a Wait after them says so."""
        self.references = references or References(kit, None, None)
        self.previous, self.page, self.roots, self.base_url, self.layout = previous, page, roots, base_url, layout
        self.placements: list[Placement] = []
        self.units: dict[str, Unit] = {}
        """Render key → the document planned jobs show."""
        self.inputs_only: dict[str, Unit] = {}
        """Render key → a card rendered only for its sheets (planned jobs never share one: it is not written)."""
        self.rendering: list[Unit] = []
        """Units rendered in this build, in order of discovery."""
        self.reused = 0
        """Planned documents placed so far that take a file of the previous build."""
        self.by_template: dict[str, str] = {}
        """Template key → render key of the documents templated so far."""
        self.templated = 0
        """Documents actually templated: one per distinct template key."""
        self.planned = {job.file: job for job in jobs}
        self.places = {job.location.id for job in jobs}
        self.sheets_of: dict[tuple[str, str, str], list[Job]] = {}
        """(location, locale, card format) → the planned sheets made of that card."""
        for job in jobs:
            if job.format.sheet:
                self.sheets_of.setdefault((job.location.id, job.locale, job.format.sheet.card), []).append(job)
        self._staging: Staging | None = None

    def key(self, job: Job) -> str:
        """The job's content key: its inputs, and where fitting its page starts (its kind's reference)."""
        key = self.inputs.content_key(self.kit, job.location, job.format.name, job.locale)
        return self.references.content_key(key, job)

    def tasks(self, staging: Staging | None = None) -> Iterator[tuple[Unit, Task] | Wait]:
        """Place every job; yield each distinct document that must be made as soon as it is known.

        First the references of the kinds planned that are made in this build; then, when what one of them
        kept is not known yet, a Wait (their results must be stored, Unit.fitted, before the pages of any kind are
        planned: every kind waits for the slowest reference); then the jobs. A card
        sheet's card is looked at only when the sheet is not itself reused. Once a unit's result is stored (its
        sha256 set, its owner's file in `staging`), sheets found later are imposed from that file.
        """
        self._staging = staging
        yield from self._references()
        for job in self.jobs:
            content_key = self.key(job)
            found = self.previous.reusable(job.file, content_key) if self.previous else None
            if found:
                unit = self._unit(found.render_key, job, found)
            elif job.format.sheet:
                unit, work = self._sheet(job)
                yield from work
            else:
                unit, task = self._templated(job)
                if task:
                    yield unit, self._with_sheets(unit, task, job)
            self.placements.append(Placement(job, content_key, unit, found))
            self.reused += unit.previous is not None

    def _references(self) -> Iterator[tuple[Unit, Task] | Wait]:
        """Each planned kind's reference: what it kept, remembered from the build before, or its task (then
        a Wait, and what it kept is known from its result)."""
        waiting: dict[str, Unit] = {}
        for kind in dict.fromkeys(kind_of(self.kit, job) for job in self.jobs):
            render_key, made = self._reference(kind)
            fitted = self.references.remembered(kind, render_key)
            if fitted is None and made is None:  # made before, but what it kept is not known: fitted again
                made = self._refit(kind, render_key)
            if fitted is not None:
                self.references.know(kind, render_key, fitted)
            elif made is not None:
                waiting[kind] = made[0]
            if made is not None:
                yield made
        if waiting or self.meanwhile:
            yield Wait(self.meanwhile) if self.meanwhile else WAIT
            for kind, unit in waiting.items():
                self.references.know(kind, unit.render_key, unit.fitted)

    def _reference(self, kind: str) -> tuple[str, tuple[Unit, RenderTask] | None]:
        """The render key of a kind's reference page, with its unit and task (making the sheets of it) when it is
        rendered in this build (a reference that no job of this build plans is rendered as an input, not written)."""
        reference = self.references.pages[kind]
        job = self.planned.get(reference.file, reference)
        input_only = reference.file not in self.planned
        found = self.previous.reusable(job.file, self.key(job)) if self.previous else None
        if found:
            return found.render_key, None
        render_key, task = self._render_key(job, input_only)
        if input_only and self.references.remembered(kind, render_key) is not None:
            return render_key, None  # never written: made only when a sheet of it is
        if input_only and task is not None:
            twin = self._twin(job)  # a planned page with the same HTML is the reference's document: written
            if twin is not None:
                job, input_only, task = twin, False, replace(task, label=twin.label)
            elif job.location.id not in self.places:  # a page of a location the build was not asked for
                task = replace(task, label=f"{job.label} ({WHY})")
        unit, task = self._placed(render_key, job, task, input_only)
        if task is None:
            return render_key, None
        return render_key, (unit, self._with_sheets(unit, task, job))

    def _twin(self, reference: Job) -> Job | None:
        """A planned job of the reference's format and language with its template key: the same HTML."""
        key = self.inputs.template_key
        wanted = key(self.kit, reference.location, reference.format.name, reference.locale)
        for job in self.jobs:
            if job.format.name == reference.format.name and job.locale == reference.locale:
                if key(self.kit, job.location, job.format.name, job.locale) == wanted:
                    return job
        return None

    def _refit(self, kind: str, render_key: str) -> tuple[Unit, RenderTask]:
        """A reference made before whose faces are not remembered (fits.json lost): rendered again, not written."""
        job = self.references.pages[kind]
        html, checks = self.page(self.planned.get(job.file, job))
        unit = self._unit(render_key, job, None, input_only=True)
        self.rendering.append(unit)
        return unit, self._task(job, html, checks)

    def all_reused_in_place(self) -> bool:
        """Whether every planned document is the previous build's file at the same place, nothing rendered."""
        return not self.rendering and all(placement.own for placement in self.placements)

    def _templated(self, job: Job, input_only: bool = False) -> tuple[Unit, RenderTask | None]:
        render_key, task = self._render_key(job, input_only)
        return self._placed(render_key, job, task, input_only)

    def _render_key(self, job: Job, input_only: bool = False) -> tuple[str, RenderTask | None]:
        """The job's render key; templated, with the task that renders it, unless a unit of that key is known."""
        template_key = self.inputs.template_key(self.kit, job.location, job.format.name, job.locale)
        render_key = self.by_template.get(template_key)
        if render_key is not None and self._known(render_key, input_only) is not None:
            return render_key, None  # the same HTML as a job templated before
        html, checks = self.page(job)
        self.templated += 1
        task = self._task(job, html, checks)
        render_key = self.inputs.render_key(self.kit, html, checks)  # as its kind's reference is keyed
        if task.reference is not None and self.references.made_from(job) == render_key:
            task = replace(task, reference=None)  # the reference's very page: the same document
        elif task.reference is not None:  # and where fitting it starts
            render_key = digest([render_key, repr(task.reference)])
        self.by_template[template_key] = render_key
        return render_key, task

    def _task(self, job: Job, html: str, checks: Checks) -> RenderTask:
        """The task that renders a job's page, fitted from its kind's reference."""
        asset = self.inputs.group("asset:")
        return RenderTask(html, self.base_url, self.roots, asset, job.label, checks, reference=self.references.of(job))

    def _placed(
        self, render_key: str, job: Job, task: RenderTask | None, input_only: bool
    ) -> tuple[Unit, RenderTask | None]:
        """The unit of a render key: known, reused from the previous build, or rendered now by `task`."""
        unit = self._known(render_key, input_only)
        if unit is not None:
            return unit, None
        earlier = self.previous.rendered_as(render_key) if self.previous else None
        unit = self._unit(render_key, job, earlier, input_only)
        if earlier:
            return unit, None
        assert task is not None, "a render key no unit has was templated just now"
        self.rendering.append(unit)
        return unit, task

    def _known(self, render_key: str, input_only: bool) -> Unit | None:
        """A unit of this render key: any for a card rendered as an input, a planned one for a planned job."""
        return self.units.get(render_key) or (self.inputs_only.get(render_key) if input_only else None)

    def _unit(self, render_key: str, job: Job, previous: PreviousDocument | None, input_only: bool = False) -> Unit:
        table = self.inputs_only if input_only else self.units
        unit = table.get(render_key)
        if unit is None:
            index = len(self.units) + len(self.inputs_only)
            unit = table[render_key] = Unit(index, render_key, job.label, None if input_only else job)
            if previous:
                unit.previous, unit.pages, unit.sha256 = previous, previous.pages, previous.sha256
                unit.smallest_pt = previous.smallest_pt
        return unit

    # ---- card sheets ------------------------------------------------------------------------------------------

    def _sheet(self, job: Job) -> tuple[Unit, list[tuple[Unit, Task]]]:
        """A sheet's unit, and the work that makes it: its card's task when the card is rendered now, or its own."""
        assert job.format.sheet is not None
        card_job = fitted_job(self.kit, job)
        card_job = self.planned.get(card_job.file, card_job)
        planned = self.planned.get(card_job.file) is card_job
        found = self.previous.reusable(card_job.file, self.key(card_job)) if planned and self.previous else None
        if found:
            card, task = self._unit(found.render_key, card_job, found), None
        else:
            render_key, task = self._render_key(card_job, input_only=not planned)
            if not planned and (made := self._made(self._sheet_key(job, render_key)[0], job)):
                return made, []  # made already, or kept from the previous build: its card is not needed
            card, task = self._placed(render_key, card_job, task, not planned)
        if task is not None:  # the card is rendered now: this sheet, and the others made of it, with it
            task = self._with_sheets(card, task, card_job)
            return self._sheet_unit(job, card.render_key)[0], [(card, task)]
        unit, layout = self._sheet_unit(job, card.render_key)
        if layout is None:
            return unit, []
        return unit, [(unit, self._sheet_task(card, card_job, layout))]

    def _made(self, render_key: str, job: Job) -> Unit | None:
        """The sheet of this render key when it is made already in this build, or kept from the previous one."""
        if render_key in self.units:
            return self.units[render_key]
        earlier = self.previous.rendered_as(render_key) if self.previous else None
        return self._unit(render_key, job, earlier) if earlier else None

    def _sheet_unit(self, job: Job, card_key: str) -> tuple[Unit, Imposition | None]:
        """The sheet's unit, with its layout when it must be made in this build."""
        render_key, layout = self._sheet_key(job, card_key)
        made = self._made(render_key, job)
        if made:
            return made, None
        unit = self._unit(render_key, job, None)
        self.rendering.append(unit)
        return unit, layout

    def _sheet_key(self, job: Job, card_key: str) -> tuple[str, Imposition]:
        """A sheet's render key: its card's, and where the card's pages go (and the code that puts them there)."""
        layout = self.layout(job)
        return digest([KEY_VERSION, "sheet", fingerprint(), card_key, repr(layout)]), layout

    def _with_sheets(self, card: Unit, task: RenderTask, card_job: Job) -> RenderTask:
        """The card's task, making every planned sheet of its location and language that is not reused."""
        layouts = []
        for job in self.sheets_of.get((card_job.location.id, card_job.locale, card_job.format.name), []):
            if self.previous and self.previous.reusable(job.file, self.key(job)):
                continue
            unit, layout = self._sheet_unit(job, card.render_key)
            if layout is not None:
                card.imposed.append(unit)
                layouts.append(layout)
        return replace(task, sheets=tuple(layouts)) if layouts else task

    def _sheet_task(self, card: Unit, card_job: Job, layout: Imposition) -> Task:
        """A sheet made from a card rendered before; when the card's PDF is not at hand yet, render it again."""
        pdf = None
        if card.previous and self.previous:
            pdf = Path(self.previous.path(card.previous.file)).read_bytes()
        elif card.sha256 and card.owner and self._staging and self._staging.has(card.owner.file):
            pdf = Path(self._staging.path(card.owner.file)).read_bytes()
        if pdf is not None:
            return SheetTask(pdf, card.smallest_pt, layout)
        html, checks = self.page(card_job)  # still being rendered, or rendered only as an input and not kept
        return replace(self._task(card_job, html, checks), sheets=(layout,), sheet_only=True)
