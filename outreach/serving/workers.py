"""The preview's worker processes: kept for the whole session, deaf to Ctrl-C, ended at once when it stops."""

from __future__ import annotations

from concurrent.futures import Executor

from ..render.workers import cpu_count
from ..render.workers import process_pool as pool_of


def default_jobs() -> int:
    """Worker processes for a preview: half the cores, at least two (where there are two), at most all."""
    cores = cpu_count()
    return min(cores, max(2, cores // 2))


def process_pool(workers: int) -> Executor:
    """`workers` processes that ignore Ctrl-C (only the server decides how to stop) and end with this one."""
    return pool_of(workers, ignore_interrupts=True)


def end_pool(pool: Executor) -> None:
    """End a pool's worker processes now, even mid-document: what they were making is not wanted any more."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
    else:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
