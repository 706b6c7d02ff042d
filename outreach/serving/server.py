"""Running the preview: the port bound first (a busy one is a message, not a traceback), uvicorn serving the
application, and Ctrl-C (or SIGTERM) stopping the server, the watcher, the builds and the worker processes,
and removing the private folder.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import KitError, OutreachError, UsageError
from ..kit.jobs import plan
from ..kit.load import load_kit
from ..paths import sample_kit_dir
from .preview import Preview

log = logging.getLogger(__name__)

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
DEFAULT_PORT = 8765


def is_local(host: str) -> bool:
    """Whether only this machine can reach a server bound to `host`."""
    return host in LOCAL_HOSTS or host.startswith("127.")


def network_warning(host: str) -> str:
    return (
        f"serving on {host}: anyone who can reach this machine on the network can open the preview and see the "
        "kit's data: every document, and the kit's error and warning messages, which can quote what is never "
        "printed (notes, confidential addresses). Leave out --host to serve this machine only."
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on `host`:`port` (0: any free port); OutreachError when the port is taken."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise UsageError(
            f"cannot serve on host {host!r}: {exc.strerror}", "Give an address such as 127.0.0.1."
        ) from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise OutreachError(
                f"port {port} on {host} is already in use (another `outreach serve`?)",
                "Stop what is using it, or choose another port with --port (--port 0 picks a free one).",
            ) from None
        raise OutreachError(f"cannot serve on {host} port {port}: {exc.strerror}") from None
    sock.set_inheritable(False)
    return sock


def address_of(sock: socket.socket) -> str:
    """The address to open in a browser for a socket bound by `bind`."""
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::"):
        host = "localhost"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _server(app, preview: Preview):
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn, stopped by Ctrl-C or SIGTERM without raising the signal again when it is done."""

        def handle_exit(self, sig: int, frame) -> None:
            preview.stop()  # event streams end, so that their connections close
            super().handle_exit(sig, frame)

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            before = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in before.items():
                    signal.signal(sig, handler)

    config = uvicorn.Config(
        app,
        log_config=None,  # the application's logging as it is: warnings to stderr, -v for more
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=3,
        server_header=False,
    )
    return Server(config)


def serve(
    kit_dir: Path | None,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    locations: list[str] | None = None,
    formats: list[str] | None = None,
    locales: list[str] | None = None,
    jobs: int | None = None,
    ready: Callable[[str, Path], None] | None = None,
) -> None:
    """Preview a kit at http://host:port/ until Ctrl-C; `ready(url, private folder)` is called once it listens."""
    from .app import LOCAL_NAMES, make_app

    try:  # an unknown --location, --format or --locale is a usage mistake; the kit's own errors show on the page
        plan(load_kit(kit_dir or sample_kit_dir()), locations, formats, locales)
    except KitError:
        pass
    sock = bind(host, port)
    if not is_local(host):
        log.warning(network_warning(host))
    try:
        with Preview(kit_dir, locations=locations, formats=formats, locales=locales, jobs=jobs) as preview:
            names = [*LOCAL_NAMES, f"[{host}]" if ":" in host else host] if is_local(host) else None
            server = _server(make_app(preview, names), preview)
            if ready:
                ready(address_of(sock), preview.folder)
            server.run(sockets=[sock])
    finally:
        sock.close()
