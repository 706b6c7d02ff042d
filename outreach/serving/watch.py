"""Watching the kit folder: every save (a batch of changes, debounced) is handed on as the files it touched."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from ..names import MARKER

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
"""Changes this close together are one save: an editor's write, rename and touch arrive as one."""


class KitFilter:
    """What is part of the kit: not editors' swap files or version control (watchfiles' DefaultFilter), not
    hidden files, and not an output folder a build wrote inside the kit (it holds outreach's marker file)."""

    def __init__(self, root: Path) -> None:
        from watchfiles import DefaultFilter

        self.root = root
        self.default = DefaultFilter()

    def __call__(self, change: object, path: str) -> bool:
        if not self.default(change, path):  # type: ignore[arg-type]
            return False
        try:
            parts = Path(path).relative_to(self.root).parts
        except ValueError:
            return True
        if any(part.startswith(".") for part in parts):
            return False
        return not any((self.root.joinpath(*parts[:end]) / MARKER).is_file() for end in range(len(parts)))


class Watcher:
    """A thread that calls `on_change` with the kit-relative paths of every batch of changes under `root`."""

    def __init__(self, root: Path, on_change: Callable[[list[str]], None]) -> None:
        self.root = root.resolve()
        self.on_change = on_change
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outreach-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(timeout=5)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _relative(self, path: str) -> str:
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return path

    def _run(self) -> None:
        from watchfiles import watch

        changes = watch(
            self.root,
            watch_filter=KitFilter(self.root),
            debounce=DEBOUNCE_MS,
            step=50,
            stop_event=self._stop,
            rust_timeout=500,
            yield_on_timeout=True,
            raise_interrupt=False,
        )
        try:
            for batch in changes:
                self._ready.set()  # the first (empty) batch: the watcher is in place
                if batch:
                    paths = sorted({self._relative(path) for _, path in batch})
                    log.info("changed: %s", ", ".join(paths))
                    self.on_change(paths)
        except Exception as exc:  # the folder went away, or the system refused a watch: say so, keep serving
            log.warning("stopped watching %s: %s; restart `outreach serve` to watch it again", self.root, exc)
        finally:
            self._ready.set()
