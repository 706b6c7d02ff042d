"""`outreach import csv|hsds`: services from a spreadsheet or Open Referral HSDS into a kit.

Options in, one library call (outreach.importing), the report out: what changes,
service by service, then what the source could not give, then what
`outreach check` says of the kit as written (outreach.commands.check).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import KitError, UsageError
from .report import warn

import_app = typer.Typer(
    rich_markup_mode=None,
    help="Import services into a kit from a spreadsheet (CSV) or Open Referral HSDS; importing again updates them.",
    no_args_is_help=True,
)

KitOption = Annotated[
    Path | None,
    typer.Option("--kit", help="The kit to import into (the folder holding outreach.yaml).", show_default=False),
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")]
DeleteMissing = Annotated[
    bool, typer.Option("--delete-missing", help="Delete services an earlier import made that the source no longer has.")
]


def _kit(kit: Path | None) -> Path:
    if kit is None:
        raise UsageError("say which kit to import into with --kit KIT")
    return kit


def _show(report: Any, kit: Path, dry_run: bool) -> None:
    """An outreach.importing.ImportReport: the diff and the findings, then `outreach check` on what was written."""
    from ..commands.check import check_report

    warn(report.findings)
    for line in report.skipped:
        typer.echo(f"skipped {line}", err=True)
    for line in report.diff():
        typer.echo(line)
    outcome = "written" if report.written else ("dry run: nothing written" if dry_run else "nothing to write")
    typer.echo(f"{report.summary}; {outcome}")
    if report.nothing_imported:
        typer.echo(
            f"nothing was imported: all {report.failed} service(s) in {report.source} have errors (listed above)",
            err=True,
        )
        raise typer.Exit(KitError.exit_code)
    if not report.written:
        return
    check = check_report(kit)
    warn(check.problems)
    if not check.ok:
        errors, them = (f"{check.errors} errors", "them") if check.errors != 1 else ("1 error", "it")
        typer.echo(f"outreach check: the kit now has {errors} (listed above); fix {them} before you build", err=True)
        raise typer.Exit(KitError.exit_code)
    typer.echo(
        f"outreach check: no errors{f', {check.warnings} warning(s) saying what to fill in' if check.warnings else ''}"
    )


@import_app.command("csv")
def csv_command(
    file: Annotated[
        Path | None,
        typer.Argument(help="The spreadsheet, saved as CSV (with --template: the file to create).", show_default=False),
    ] = None,
    kit: KitOption = None,
    template: Annotated[
        bool,
        typer.Option(
            "--template", help="Write a template with every column, a row saying what each holds and an example row."
        ),
    ] = False,
    skip_bad_rows: Annotated[
        bool,
        typer.Option(
            "--skip-bad-rows", help="Import the good rows and list the bad ones, instead of importing nothing."
        ),
    ] = False,
    dry_run: DryRun = False,
    delete_missing: DeleteMissing = False,
) -> None:
    """One service per row into KIT/services/<id>.yaml. Every bad cell is listed as FILE:ROW:COLUMN."""
    from ..importing import csv_template, import_csv, write_csv_template

    if template:
        if file is None:
            typer.echo(csv_template(kit), nl=False)
        else:
            typer.echo(
                f"wrote {write_csv_template(file, kit)}: fill in one service per row, "
                f"then run `outreach import csv {file} --kit {kit or 'KIT'}`"
            )
        return
    if file is None:
        raise UsageError("give the CSV file to import, or --template to make one")
    target = _kit(kit)
    report = import_csv(file, target, dry_run=dry_run, skip_bad_rows=skip_bad_rows, delete_missing=delete_missing)
    _show(report, target, dry_run)


@import_app.command("hsds", short_help="Services, organizations, phones and hours from Open Referral HSDS.")
def hsds_command(
    path: Annotated[
        Path,
        typer.Argument(
            help="An HSDS export (3.0, 2.0 or 1.1): a JSON file, or a data package: its folder, .zip, "
            "datapackage.json or services.csv."
        ),
    ],
    kit: KitOption = None,
    locale: Annotated[
        str | None,
        typer.Option(
            "--locale", help="The language the directory is written in; default: the kit's first.", show_default=False
        ),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option(
            "--region",
            help="Region for services whose service areas match none in outreach.yaml (repeatable; or all).",
            show_default=False,
        ),
    ] = None,
    verified: Annotated[
        datetime | None,
        typer.Option(
            "--verified",
            formats=["%Y-%m-%d"],
            help="The day you confirmed the details, for services whose source gives no date (HSDS 2.0 and 1.1).",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRun = False,
    delete_missing: DeleteMissing = False,
) -> None:
    """Services, their organization, phones, hours, languages, areas and addresses into KIT/services/."""
    from ..importing import import_hsds

    target = _kit(kit)
    report = import_hsds(
        path,
        target,
        locale=locale,
        regions=region,
        dry_run=dry_run,
        delete_missing=delete_missing,
        verified=verified.date() if verified else None,
    )
    _show(report, target, dry_run)
