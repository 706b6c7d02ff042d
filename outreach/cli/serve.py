"""`outreach serve`: the live preview, a thin layer over outreach.serving.server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def serve(
    kit: Annotated[
        Path | None, typer.Argument(help="The kit folder; leave out for the embedded sample kit.", show_default=False)
    ] = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. Anything but 127.0.0.1, localhost or ::1 shows the kit to the network.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: any free port).")] = 8765,
    location: Annotated[
        list[str] | None, typer.Option("--location", help="Only this location id (repeatable).")
    ] = None,
    format: Annotated[list[str] | None, typer.Option("--format", help="Only this format (repeatable).")] = None,
    locale: Annotated[
        list[str] | None, typer.Option("--locale", help="Only this language, for every location (repeatable).")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes that render (default: half the cores, at least two).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """A live preview in your browser, rebuilt each time you save a kit file; Ctrl-C stops it.

    Builds go to a private temporary folder, removed when it stops; never to your output folder.
    The page shows each document's pages and printed text; a kit error shows as FILE:LINE: message.
    The translator view shows a document beside the kit's first language.
    Nothing is loaded from, or sent to, anywhere but this machine."""
    from ..serving.server import serve as run

    def ready(url: str, folder: Path) -> None:
        typer.echo(f"Previewing {kit or 'the sample kit'} at {url}  (Ctrl-C stops)")
        typer.echo(f"building in {folder} (removed when you stop)")

    run(kit, host=host, port=port, locations=location, formats=format, locales=locale, jobs=jobs, ready=ready)
    typer.echo("stopped; the preview folder is removed")
