"""The preview's worker processes: kept for the whole session, deaf to Ctrl-C, ended at once when it stops."""

from __future__ import annotations

import signal
from concurrent.futures import Executor, ProcessPoolExecutor

from ..render.workers import cpu_count


def default_jobs() -> int:
    """Worker processes for a preview: half the cores, at least two (where there are two), at most all."""
    cores = cpu_count()
    return min(cores, max(2, cores // 2))


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group, and only the server decides how to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """`workers` processes that ignore Ctrl-C, started by a fork server that has imported the renderer."""
    import multiprocessing

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":  # the same preload as outreach.render.workers.make_executor
        context.set_forkserver_preload(["outreach.render.workers", "weasyprint"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupts)


def end_pool(pool: Executor) -> None:
    """End a pool's worker processes now, even mid-document: what they were making is not wanted any more."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
    else:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
