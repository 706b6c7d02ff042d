"""`outreach export csv`: a kit's services as the spreadsheet `outreach import csv` reads back.

Options in, one library call (outreach.importing.export), the sheet or the
file's name out; what the sheet cannot hold as the kit does is listed on
stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .report import warn

export_app = typer.Typer(
    rich_markup_mode=None,
    help="Write a kit's services out: as a spreadsheet (CSV) that `outreach import csv` reads back.",
    no_args_is_help=True,
)


@export_app.command("csv", short_help="Every service in KIT/services/ as one row.")
def csv_command(
    file: Annotated[
        Path | None,
        typer.Argument(help="The CSV file to create; leave out to print the sheet.", show_default=False),
    ] = None,
    kit: Annotated[
        Path | None,
        typer.Option("--kit", help="The kit to export (the folder holding outreach.yaml).", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Every service in KIT/services/ as one row, in the columns `outreach import csv` reads: edit, import back."""
    from ..importing import export_csv, write_export

    if kit is None:
        raise UsageError("say which kit to export with --kit KIT")
    if file is None:
        result = export_csv(kit)
        warn(result.findings)
        typer.echo(result.text, nl=False)
        return
    result = write_export(kit, file, force=force)
    warn(result.findings)
    typer.echo(
        f"{'replaced' if result.replaced else 'wrote'} {file}: {result.services} service(s), one per row; "
        f"edit it, save it as CSV UTF-8, then run `outreach import csv {file} --kit {kit}`"
    )
