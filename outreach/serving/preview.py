"""The live preview's build loop: the kit built into a private folder after every save, the page in view first.

One thread builds, one build at a time, with `outreach.commands.build.build` —
incremental, so an unchanged document is reused — on a pool of worker processes
kept for the whole session. After a save it first builds the document a page is
showing (with its counterpart in the kit's first language, for the translator
view) into a folder of its own, then everything in scope. A save, or a page
asking for a document not built yet, stops a build of everything where it is
(through the build's progress callback) and the loop starts over. A build that
fails keeps the last good documents and shows its error lines instead.

Pages read `Preview.state`, an immutable snapshot replaced whole on every change.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..commands.build import build
from ..errors import OutreachError, UsageError
from ..kit.jobs import plan
from ..kit.load import load_kit
from ..pages.views import resolve
from ..paths import sample_kit_dir
from .state import Pick, Planned, Shown, State
from .store import Store
from .watch import Watcher
from .workers import default_jobs, end_pool, process_pool

log = logging.getLogger(__name__)


class _Superseded(Exception):
    """The kit changed, or a page wants another document, while a build ran: it stops and the loop starts over."""


class Preview:
    """Builds a kit on every save into a private folder (removed by `close`) and keeps what a page shows."""

    def __init__(
        self,
        kit_dir: Path | None,
        *,
        locations: list[str] | None = None,
        formats: list[str] | None = None,
        locales: list[str] | None = None,
        jobs: int | None = None,
        watch: bool = True,
    ) -> None:
        self.kit_dir = (kit_dir or sample_kit_dir()).resolve()
        self.scope = (locations, formats, locales)
        self.jobs = jobs or default_jobs()
        self.watch = watch
        self.folder = Path()
        self.state = State()
        self._lock = threading.Condition()
        self._stopping = threading.Event()
        self._generation = 0
        self._saved = time.monotonic()
        self._focus: Pick | None = None
        self._focus_done: tuple[Pick, int] | None = None
        self._full_done = -1
        self._thread = threading.Thread(target=self._loop, name="outreach-preview", daemon=True)
        self._watcher: Watcher | None = None

    # -- the session ---------------------------------------------------------------------------------------

    def start(self) -> Preview:
        self.folder = Path(tempfile.mkdtemp(prefix="outreach-serve-"))  # readable by this user only
        self._pool = process_pool(self.jobs)
        self.store = Store(self.folder, process_pool(1))
        self._thread.start()
        if self.watch:
            self._watcher = Watcher(self.kit_dir, self.changed)
            self._watcher.start()
        log.info("previewing %s, building in %s with %d worker(s)", self.kit_dir, self.folder, self.jobs)
        return self

    def stop(self) -> None:
        """Stop building soon (a build under way stops at its next document) and end the event streams."""
        self._stopping.set()
        with self._lock:  # reentrant: safe from a signal handler on a thread that holds it
            self._lock.notify_all()

    def close(self) -> None:
        """Stop watching and building, end the worker processes and remove the private folder."""
        self.stop()
        if self._watcher:
            self._watcher.stop()
        if self._thread.is_alive():
            self._thread.join(timeout=1)  # a build stops at its next document; one that takes longer is ended
        for pool in (getattr(self, "_pool", None), getattr(getattr(self, "store", None), "pool", None)):
            if pool is not None:
                end_pool(pool)
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        if self.folder != Path():
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Preview:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    # -- what pages and the watcher tell it ----------------------------------------------------------------

    def changed(self, paths: list[str]) -> None:
        """The kit changed: build again, stopping a build under way."""
        with self._lock:
            self._generation += 1
            self._saved = time.monotonic()
            generation = self._generation
            self._lock.notify_all()
        shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        self._publish(generation=generation, activity=f"{shown} changed: building…")
        try:  # a file that does not load shows at once, even while a build of the kit before it ends
            load_kit(self.kit_dir)
        except OutreachError as error:
            if self._generation == generation:
                self._publish(True, errors=tuple(error.lines()))

    def want(self, pick: Pick) -> None:
        """A page shows `pick`: build it (and its first-language counterpart) first when it is not current."""
        with self._lock:
            if self._focus != pick:
                self._focus = pick
                self._lock.notify_all()

    # -- the loop ------------------------------------------------------------------------------------------

    def _publish(self, content: bool = False, **changes: Any) -> None:
        with self._lock:
            state = self.state
            self.state = replace(state, version=state.version + 1, content=state.content + content, **changes)

    def _current(self, pick: Pick, generation: int) -> bool:
        state = self.state
        first = state.planned.first_locale if state.planned else pick.locale
        wanted = {pick, replace(pick, locale=first)}
        return all((shown := state.documents.get(p)) and shown.generation == generation for p in wanted)

    def _focus_needed(self, generation: int) -> bool:
        """A page shows a document not built from the kit as it is now, and building it alone is worth it."""
        focus, planned = self._focus, self.state.planned
        return (
            focus is not None
            and self._focus_done != (focus, generation)
            and planned is not None
            and len(planned.jobs) > 2  # a scope this small is built whole at once
            and not self._current(focus, generation)
        )

    def _check(self, kind: str, generation: int) -> None:
        if self._stopping.is_set() or self._generation != generation:
            raise _Superseded
        if kind == "all" and self._focus_needed(generation):
            raise _Superseded

    def _loop(self) -> None:
        while True:
            with self._lock:
                while not self._stopping.is_set() and not (
                    self._full_done != self._generation or self._focus_needed(self._generation)
                ):
                    self._lock.wait()
                if self._stopping.is_set():
                    return
                generation = self._generation
            try:
                self._cycle(generation)
            except _Superseded:
                continue
            except Exception:  # a bug, not the kit: say so on the page, keep serving, wait for the next save
                if self._stopping.is_set():  # the workers were ended under the build
                    return
                log.exception("the preview could not build")
                self._full_done = generation
                self._publish(True, errors=("outreach failed unexpectedly; see the terminal",), activity="")

    def _cycle(self, generation: int) -> None:
        planned = self._plan(generation)
        if planned is None:
            return
        if self._focus is None and planned.jobs:
            self._focus = Pick.of(planned.jobs[0])  # what a page opened without a choice shows
        focus = self._focus
        if focus is not None and self._focus_needed(generation):
            locales = list(dict.fromkeys([focus.locale, planned.first_locale]))
            folder = "focus/" + hashlib.sha256(repr(focus).encode()).hexdigest()[:16]
            if not self._build("focus", generation, folder, ([focus.location], [focus.format], locales)):
                return
            self._focus_done = (focus, generation)
        if self._full_done != generation:
            if self._build("all", generation, "all", self.scope):
                self._full_done = generation

    def _plan(self, generation: int) -> Planned | None:
        try:
            kit = load_kit(self.kit_dir)
            jobs = tuple(plan(kit, *self.scope))
        except OutreachError as error:
            self._failed(error, generation)
            return None
        locales = kit.settings.locales
        planned = Planned(
            resolve(kit.settings.organisation, locales[0], locales), kit.settings.sample, locales[0], jobs
        )
        if planned != self.state.planned:
            self._publish(True, planned=planned)
        return planned

    def _failed(self, error: OutreachError, generation: int) -> None:
        self._full_done = generation
        if self._focus:
            self._focus_done = (self._focus, generation)
        self._publish(True, errors=tuple(error.lines()), activity="")

    def _build(self, kind: str, generation: int, folder: str, scope: tuple) -> bool:
        """Build `scope` into `folder` and show what it made; False when it failed (the error is shown)."""
        self._check(kind, generation)
        what = "the document on the page" if kind == "focus" else "every document"
        self._publish(activity=f"Building {what}…")

        def progress(_done: int, _total: int, line: str) -> None:
            self._check(kind, generation)
            self._publish(activity=f"Building {what}: {line}…")

        locations, formats, locales = scope
        try:
            report = build(
                self.kit_dir,
                self.folder / folder,
                locations=locations,
                formats=formats,
                locales=locales,
                jobs=self.jobs,
                executor=self._pool,
                progress=progress,
            )
        except UsageError as error:
            if kind == "focus":  # that document is no longer planned: the page will offer what is
                return True
            self._failed(error, generation)
            return False
        except OutreachError as error:
            if self._stopping.is_set():  # the workers were ended under the build: nothing to say
                raise _Superseded from None
            self._failed(error, generation)
            self._renew_pool()
            return False
        self.store.keep(report.out, report.documents)
        made = {Pick.of(doc.job): Shown(doc.job, doc.sha256, doc.pages, generation) for doc in report.documents}
        earlier = self.state.documents
        if kind == "all":  # a focus build's documents of this save stay, if the scope leaves them out
            documents = {pick: shown for pick, shown in earlier.items() if shown.generation == generation}
            documents.update(made)
            self.store.prune({shown.sha256 for shown in documents.values()})
        else:
            documents = {**earlier, **made}
        seconds = time.monotonic() - self._saved
        built = (
            f"Up to date · {time.strftime('%H:%M:%S')} · {len(report.documents)} document(s), {report.rendered} "
            f"rendered, {report.reused} reused · {seconds:.1f} s after "
            + ("starting" if generation == 0 else "your last save")
        )
        self._publish(
            True,
            documents=documents,
            errors=() if self._generation == generation else self.state.errors,  # a newer save's error stays
            warnings=tuple(str(problem) for problem in report.warnings),
            activity="" if kind == "all" or self._full_done == generation else "Building every other document…",
            built=built,
        )
        return True

    def _renew_pool(self) -> None:
        """A worker that died (out of memory, say) breaks its pool for good: start another."""
        from concurrent.futures import BrokenExecutor

        try:
            self._pool.submit(int).result()
        except BrokenExecutor:  # not after shutdown (a RuntimeError): then the preview is stopping
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = process_pool(self.jobs)
