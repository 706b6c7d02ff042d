"""Rendering on a Dask distributed cluster, when one machine is not enough (`outreach build --cluster ADDRESS`).

A render task (a document's, or a region's run sheet) is plain data, but it
names the folders its fonts and images are read from. A cluster's workers need
not share a file system with the build: the fonts, images and style sheets
under those folders are sent once, as one content-addressed bundle scattered
to every worker, and each task carries its HTML with the folders written as
placeholders. A worker writes the bundle once into its own local directory
and renders there, with the same fetcher that allows nothing outside it, so
the PDF is the same bytes a local build makes.

Workers need outreach with the `cluster` extra (`pip install 'outreach[cluster]'`),
the same version as the build: a task from another version fails by name.
`distributed` is imported only when a cluster is asked for.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from ..errors import BuildError, OutreachError, UsageError
from .task import RenderResult, RenderTask, RunSheetTask
from .workers import render_task

Portable = TypeVar("Portable", bound=RenderTask | RunSheetTask)
"""A task that names the folders it reads: a document's, or a run sheet's."""
Result = TypeVar("Result")

log = logging.getLogger(__name__)

SHIPPED = frozenset(
    {".ttf", ".otf", ".ttc", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".css"}
)
"""What rendering may read from a folder: fonts, images, style sheets. Nothing else is sent."""
BUNDLE_LIMIT = 200 * 1024 * 1024
"""A bundle larger than this is refused: a kit's assets are a few megabytes."""
PLACEHOLDER = "outreach-root-{}:"
ENVIRONMENT = "OUTREACH_CLUSTER"
"""The scheduler's address when --cluster is not given."""


@dataclass(frozen=True)
class Bundle:
    """The files of the task's folders that rendering may read, by folder index and relative path."""

    digest: str
    files: dict[str, bytes]


def bundle_of(roots: tuple[str, ...]) -> Bundle:
    """Every font, image and style sheet under `roots`, and their digest (links are not followed)."""
    files: dict[str, bytes] = {}
    size = 0
    for index, root in enumerate(roots):
        base = Path(root)
        for folder, dirs, names in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (Path(folder) / d).is_symlink())
            for name in sorted(names):
                path = Path(folder) / name
                if path.suffix.lower() in SHIPPED and not path.is_symlink() and path.is_file():
                    data = path.read_bytes()
                    size += len(data)
                    if size > BUNDLE_LIMIT:
                        raise OutreachError(
                            f"the fonts and images under {root} are over {BUNDLE_LIMIT // 2**20} MB: too much to send "
                            "to a cluster's workers",
                            "Keep only what the kit's pages use in its assets/ folder, or build on this machine.",
                        )
                    files[f"{index}/{path.relative_to(base).as_posix()}"] = data
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return Bundle(digest.hexdigest(), files)


def portable(task: Portable) -> Portable:
    """The task with its folders written as placeholders (the longest first, as one may hold another)."""
    html, base_url = task.html, task.base_url
    for index, root in sorted(enumerate(task.roots), key=lambda r: -len(r[1])):
        uri = Path(root).as_uri()
        html, base_url = html.replace(uri, PLACEHOLDER.format(index)), base_url.replace(uri, PLACEHOLDER.format(index))
    return replace(
        task, html=html, base_url=base_url, roots=tuple(PLACEHOLDER.format(i) for i in range(len(task.roots)))
    )


def _placed(task: Portable, folders: list[Path]) -> Portable:
    """A portable task with its placeholders pointing at this worker's copy of the bundle."""
    html, base_url = task.html, task.base_url
    for index in reversed(range(len(folders))):  # outreach-root-10: before outreach-root-1:
        uri = folders[index].as_uri()
        html, base_url = html.replace(PLACEHOLDER.format(index), uri), base_url.replace(PLACEHOLDER.format(index), uri)
    return replace(task, html=html, base_url=base_url, roots=tuple(str(f) for f in folders))


_unpacked: dict[str, list[Path]] = {}


def _unpack(bundle: Bundle, count: int) -> list[Path]:
    """The bundle written once into this worker's own folder: one folder per root."""
    if bundle.digest not in _unpacked:
        try:
            from distributed import get_worker

            base = Path(get_worker().local_directory)
        except (ImportError, ValueError):  # not in a dask worker (a test calling this directly)
            base = Path(tempfile.gettempdir())
        target = base / f"outreach-bundle-{bundle.digest[:16]}"
        for name, data in bundle.files.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        _unpacked[bundle.digest] = [target / str(index) for index in range(count)]
        for folder in _unpacked[bundle.digest]:
            folder.mkdir(parents=True, exist_ok=True)
    return _unpacked[bundle.digest]


STACK = ("outreach", "weasyprint", "pydyf", "fonttools", "qrcode", "pypdfium2", "zxing-cpp", "pikepdf")
"""What a worker must have in the same versions as the build, or its PDF could differ (pikepdf: the sheets and
the print bundles)."""


def stack() -> str:
    """The versions of what renders, e.g. "outreach 0.9.0, weasyprint 70.0, …"."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in STACK:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (none)")
    return ", ".join(found)


def _refusal(versions: str) -> tuple[str, str] | None:
    """Why this worker refuses a task of a build with `versions` (its bytes could differ from what the build's keys
    say): message and hint; None when its versions are the build's."""
    if versions == (here := stack()):
        return None
    return (
        f"the cluster's worker has {here}; the build has {versions}",
        "Install the same versions on the workers (pip install 'outreach[cluster]==VERSION') and build again.",
    )


def render_on_worker(task: RenderTask | RunSheetTask, bundle: Bundle, versions: str) -> RenderResult:
    """Render a portable task (a document, or a run sheet) on a cluster worker, from the bundle of its folders."""
    if refused := _refusal(versions):
        return RenderResult(b"", 0, (), 0.0, (f"{task.label}: {refused[0]}", refused[1]), 0)
    return render_task(_placed(task, _unpack(bundle, len(task.roots))))


def run_on_worker(fn: Callable[..., Result], versions: str, *args: Any, **kwargs: Any) -> Result:
    """Any other task of the build (a print bundle put together from the PDFs it carries) on a cluster worker,
    refused by a worker with other versions."""
    if refused := _refusal(versions):
        raise BuildError(*refused)
    return fn(*args, **kwargs)


class ClusterExecutor(Executor):
    """An Executor that sends render tasks (documents and run sheets) to a Dask cluster, each with the bundle of its
    folders."""

    def __init__(self, client: Any) -> None:
        self.client, self.versions = client, stack()
        self._bundles: dict[tuple[str, ...], Any] = {}  # roots → the scattered bundle's future

    @property
    def workers(self) -> int:
        """Threads across the cluster's workers: how many tasks it runs at once."""
        return max(1, sum(self.client.nthreads().values()))

    def _bundle(self, roots: tuple[str, ...]) -> Any:
        if roots not in self._bundles:
            bundle = bundle_of(roots)
            log.info("sending %d files (%s) to the cluster's workers", len(bundle.files), bundle.digest[:12])
            self._bundles[roots] = self.client.scatter(bundle, broadcast=True, hash=False)
        return self._bundles[roots]

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        if fn is render_task and len(args) == 1 and isinstance(args[0], RenderTask | RunSheetTask) and not kwargs:
            task = args[0]
            remote = self.client.submit(
                render_on_worker, portable(task), self._bundle(task.roots), self.versions, pure=False
            )
        else:
            remote = self.client.submit(run_on_worker, fn, self.versions, *args, pure=False, **kwargs)
        future: Future = Future()
        future.set_running_or_notify_cancel()

        def done(finished: Any) -> None:
            try:
                future.set_result(finished.result())
            except OutreachError as exc:  # said by the worker (another version): as it is
                future.set_exception(exc)
            except Exception as exc:  # a worker that died, a lost connection: said plainly, not as a traceback
                future.set_exception(
                    BuildError(
                        f"the cluster could not make a file of the build: {type(exc).__name__}: {exc}",
                        "Nothing was written. Check the cluster's workers (outreach[cluster] installed, enough "
                        "memory), or build on this machine without --cluster.",
                    )
                )

        remote.add_done_callback(done)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.client.close()


def connect(address: str, timeout: float = 10.0) -> ClusterExecutor:
    """An executor on the Dask scheduler at `address` (tcp://host:8786), closed with it (`with connect(...)`);
    UsageError when it cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(
            "--cluster needs Dask distributed, which is not installed",
            "Install it with: pip install 'outreach[cluster]'",
        ) from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(
            f"cannot reach a Dask scheduler at {address}: {exc}",
            "Start one with `dask scheduler` and workers with `dask worker ADDRESS` (README: Rendering on a cluster).",
        ) from None
    return ClusterExecutor(client)
