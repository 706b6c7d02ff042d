"""Rendering and checking documents in worker processes, through any concurrent.futures.Executor.

A task is plain data (the HTML, the folders it may read, the checks it must
pass) and so is its result (PDF bytes, page count, thumbnails), so any
executor can run it: a process pool (the default, `--jobs N`), the calling
process (`--jobs 1`), or a Dask cluster's (outreach.render.cluster, which sends
the fonts and images of the task's folders to each worker once). Each worker process keeps one Renderer
(one WeasyPrint font configuration and cache) for its lifetime, for documents and run sheets alike.
"""

from __future__ import annotations

import logging
import os
import resource
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from ..errors import BuildError
from ..i18n.overlong import note
from ..kit.formats import DIGIT_EM, MM
from .engine import Renderer
from .fit import render_to_fit
from .glyphs import check_html
from .hidden import HINT, hides, unseen
from .impose import made
from .measure import Printed, measure, page_texts
from .overflow import DoesNotFit
from .runsheet import render_run_sheet
from .task import Expectation, RenderResult, RenderTask, RunSheetTask, Task, Wait
from .verify import verify

log = logging.getLogger(__name__)

Key = TypeVar("Key")


_renderers: dict[tuple[str, ...], tuple[str, Renderer]] = {}
_lock = threading.Lock()  # one document at a time per process: WeasyPrint's log capture is process-wide


def _renderer(task: RenderTask | RunSheetTask) -> Renderer:
    """This process's renderer for the task's folders, made again when their fonts or images changed."""
    assets, renderer = _renderers.get(task.roots, ("", None))
    if renderer is None or assets != task.assets:
        if renderer is not None:
            renderer.close()
        renderer = Renderer([Path(root) for root in task.roots])
        _renderers[task.roots] = (task.assets, renderer)
        # A worker process ends without running Python's finalizers; multiprocessing's still run.
        from multiprocessing import util

        util.Finalize(renderer, renderer.close, exitpriority=10)
    return renderer


def render_task(task: Task) -> RenderResult:
    """Render one document and check it as a person would, with the card sheets imposed from it (or a region's
    run sheet); runs in a worker."""
    with _lock:  # PDFium, too, draws in one thread at a time
        if isinstance(task, RunSheetTask):
            return render_run_sheet(task, _renderer(task), peak_memory)
        return made(task, _render_task, peak_memory)


def _render_task(task: RenderTask) -> RenderResult:
    """One document rendered and checked; render_task holds the lock."""
    checks = task.checks
    try:
        check_html(task.html, checks.locale, Path(task.roots[0]), task.label)
        rendered = render_to_fit(
            _renderer(task),
            task.html,
            task.base_url,
            task.label,
            checks.expectation.pages,
            checks.min_font_pt,
            tagged=checks.tagged,
            safe_pt=checks.safe_pt,
            grow=checks.grow,
            template=checks.template,
            reference=task.reference,
        )
        scanned = verify(rendered.data, rendered.pages, checks.expectation, task.label, rendered.qr_boxes)
        printed = measure(rendered.data)
        if hidden := unseen(printed, scanned.images):
            raise BuildError(hides(task.label, checks.template, hidden[0]), HINT)
        thumbnails = scanned.thumbnails
        smallest = printed.smallest()[0]
        readable(printed, checks.expectation, task.label)
    except DoesNotFit as error:  # named with the translations in what does not fit, and how long they may be
        said = note([o.text for o in error.found], error.text, checks.locale, Path(task.roots[0]), checks.format)
        message = f"{error.message}; {said}" if said else error.message
        return RenderResult(b"", 0, (), 0.0, (message, error.hint), peak_memory())
    except BuildError as error:
        return RenderResult(b"", 0, (), 0.0, (error.message, error.hint), peak_memory())
    texts = tuple(whole for whole, _ in page_texts(rendered.data, 0.0))  # here, not in the build: in parallel
    return RenderResult(
        rendered.data, rendered.pages, thumbnails, smallest, None, peak_memory(), texts=texts, fitted=rendered.fitted
    )


def readable(printed: Printed, expected: Expectation, label: str) -> None:
    """Raise BuildError when the first line's number is too small to read from where the format hangs."""
    if not expected.lead:
        return
    digit_mm = printed.number_size(expected.lead) * DIGIT_EM / MM
    if digit_mm < expected.lead_floor_mm - 0.05:
        metres = expected.viewing_cm / 100
        raise BuildError(
            f"{label}: the first line's number {expected.lead} prints with {digit_mm:.1f} mm digits; read from "
            f"{metres:g} m it needs at least {expected.lead_floor_mm:.1f} mm (5 mm per metre)",
            "Nothing was written. Shorten the texts around it, give this location a larger format, or, if the format "
            "is read from closer, lower its viewing_distance_cm.",
        )


def peak_memory() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB on Linux


def cpu_count() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class InlineExecutor(Executor):
    """Runs each task in the calling process as it is submitted (`--jobs 1`)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # handed to whoever reads the result, as a pool would
            future.set_exception(exc)
        return future


@contextmanager
def owned_pool(executor: Executor | None, jobs: int, *, start: bool = False) -> Iterator[Executor]:
    """`executor` as it is, or `jobs` workers of our own (make_executor) shut down on leaving; with `start`, the
    worker processes start now, while the caller goes on (a build checks the kit), not at the first document."""
    if executor is not None:
        yield executor
        return
    pool = make_executor(jobs)
    try:
        if start:
            for _ in range(jobs):
                pool.submit(os.getpid)
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def make_executor(jobs: int) -> Executor:
    """`jobs` worker processes (see `process_pool`); with one job, this process renders."""
    return InlineExecutor() if jobs <= 1 else process_pool(jobs)


def process_pool(jobs: int, *, ignore_interrupts: bool = False) -> Executor:
    """`jobs` worker processes, never forked from this process (which may hold threads, e.g. a progress bar).

    Where it exists, a fork server that has already imported the renderer starts them in milliseconds;
    elsewhere each worker starts a fresh interpreter. Each ends when this process does (`watch_parent`);
    with `ignore_interrupts` Ctrl-C does not reach them, and whoever made the pool decides when they stop.
    """
    import multiprocessing  # here, not at the top: `outreach --help` should not pay for it
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    leftover = None
    if method == "forkserver":
        from multiprocessing import util

        context.set_forkserver_preload([__name__, "weasyprint"])
        leftover = util.get_temp_dir()  # the fork server's socket lives here
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=watch_parent, initargs=(leftover, ignore_interrupts)
    )


def watch_parent(leftover: str | None = None, ignore_interrupts: bool = False) -> None:
    """A worker's initializer: end the worker as soon as the process that started it is gone.

    A build killed with SIGKILL cannot stop its workers, and each would wait for work for ever. Every
    worker holds the read end of a pipe whose write end only the build holds (multiprocessing's parent
    sentinel, with spawn and forkserver alike), so the end of the build wakes a thread here at once. Not
    PR_SET_PDEATHSIG: with a fork server the parent of a worker is the server, which lives as long as its
    workers do. Before leaving, the worker removes its fonts' temporary folder and `leftover` (the build's
    own, which nobody else is left to remove).
    """
    import multiprocessing
    from multiprocessing.connection import wait

    if ignore_interrupts:  # Ctrl-C reaches the whole process group; the pool's owner decides how to stop
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        for _, renderer in list(_renderers.values()):
            renderer.close()
        if leftover:
            shutil.rmtree(leftover, ignore_errors=True)
        os._exit(1)

    threading.Thread(target=watch, name="outreach-watch-parent", daemon=True).start()


def render_all(
    tasks: Iterable[tuple[Key, Task] | Wait],
    executor: Executor,
    on_result: Callable[[Key, RenderResult], None],
    in_flight: int,
    *,
    until_wait: bool = False,
) -> None:
    """Submit `tasks` as they come, at most `in_flight` at a time, and hand each result to `on_result`; a Wait
    among them holds back what follows until every result before it is handed on, and first runs what it says
    to do meanwhile. With `until_wait`, the tasks before the first Wait (a few: each kind's reference page) are
    submitted at once, so that every worker is busy while the Wait's `meanwhile` runs, and their results are
    handed on only after it (nothing is written before the checks it runs have passed).

    Results arrive in completion order; what is done with them must not depend on it.
    On an exception the tasks not yet started are cancelled and the exception is raised.
    """
    pending: dict[Future, Key] = {}

    def collect(block: bool) -> None:
        done, _ = wait(pending, return_when=FIRST_COMPLETED) if block else ([f for f in pending if f.done()], None)
        for future in list(done):
            on_result(pending.pop(future), future.result())

    throttled = not until_wait
    try:
        for item in tasks:
            if isinstance(item, Wait):
                throttled = True
                if item.meanwhile is not None:
                    item.meanwhile()
                while pending:
                    collect(block=True)
                continue
            key, task = item
            pending[executor.submit(render_task, task)] = key
            if throttled:
                collect(block=len(pending) >= in_flight)
        while pending:
            collect(block=True)
    except BaseException:
        for future in pending:
            future.cancel()
        wait(pending)
        raise
