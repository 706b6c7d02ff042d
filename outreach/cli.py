"""The `outreach` command: options in, one library call, messages out.

Exit codes: 0 ok, 1 the kit has errors (every one printed), 2 usage.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_i18n import app as i18n_app
from .cli_import import import_app
from .errors import OutreachError, UsageError

app = typer.Typer(
    help="Print-ready, translated outreach materials from a kit of services and locations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(i18n_app, name="i18n")
app.add_typer(import_app, name="import")

KitArg = Annotated[Optional[Path], typer.Argument(help="The kit folder; leave out for the embedded sample kit.", show_default=False)]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Words from the language lint are errors, not warnings.")]
AllowStaleOpt = Annotated[bool, typer.Option(
    "--allow-stale", help="Print services not confirmed for over twice stale_after_days; every one is reported.")]


def _fail(error: OutreachError) -> None:
    for line in error.lines():
        typer.echo(line, err=True)
    raise typer.Exit(2 if isinstance(error, UsageError) else 1)


def _warn(problems) -> None:
    from .checks.staleness import allowed_notice

    for problem in problems:
        typer.echo(str(problem), err=True)
    if notice := allowed_notice(problems):
        typer.echo(notice, err=True)


@app.command()
def build(
    kit: KitArg = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder; replaced only when the build succeeds.")] = Path("out"),
    location: Annotated[Optional[list[str]], typer.Option("--location", help="Only this location id (repeatable).")] = None,
    locale: Annotated[Optional[list[str]], typer.Option("--locale", help="Only this language, for every location (repeatable).")] = None,
    format: Annotated[Optional[list[str]], typer.Option("--format", help="Only this format (repeatable).")] = None,
    print_shop: Annotated[bool, typer.Option("--print-shop", help="Add bleed and crop marks for a print shop.")] = False,
    duplex: Annotated[Optional[str], typer.Option("--duplex", help="Card sheets: long-edge (default) or short-edge.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    strict: StrictOpt = False,
    allow_stale: AllowStaleOpt = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes that render (default: one per core).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Render every document, even those unchanged since the last build in OUT.")] = False,
) -> None:
    """Make every location's PDFs, manifest.csv, reprint.csv and index.html in OUT, once `check` finds no error.

    Documents unchanged since the last build in OUT are reused, not rendered again."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .build import build as run_build
    from .checks import CheckOptions

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        transient=True, disable=quiet or not sys.stderr.isatty())
    try:
        with progress:
            task = progress.add_task("rendering", total=None)
            report = run_build(
                kit, out, locations=location, formats=format, locales=locale, print_shop=print_shop, duplex=duplex,
                jobs=jobs, force=force,
                progress=lambda done, total, name: progress.update(task, completed=done, total=total, description=name),
                checks=CheckOptions(strict=strict, allow_stale=allow_stale),
            )
    except OutreachError as error:
        _fail(error)
    _warn(report.warnings)
    for line in report.reprint.summary():
        typer.echo(line)
    typer.echo(
        f"{len(report.documents)} documents ({report.distinct} distinct; {report.rendered} rendered, {report.reused} reused)"
        f" in {report.out} — open {report.out / 'index.html'}; what to print again: {report.out / 'reprint.csv'}"
    )


@app.command()
def check(
    kit: KitArg = None,
    strict: StrictOpt = False,
    allow_stale: AllowStaleOpt = False,
    output: Annotated[str, typer.Option("--format", help="text (for people) or json (for CI).")] = "text",
) -> None:
    """List every problem in a kit without rendering: FILE:LINE: error|warning: field: message."""
    from .checks import CheckOptions
    from .commands import check_kit
    from .errors import KitError

    if output not in ("text", "json"):
        _fail(UsageError(f"unknown output format {output!r}; use text or json"))
    try:
        warnings = check_kit(kit, CheckOptions(strict=strict, allow_stale=allow_stale))
    except KitError as error:
        if output == "json":
            _json_problems(error.problems)
            raise typer.Exit(1)
        _fail(error)
    except OutreachError as error:
        _fail(error)
    if output == "json":
        _json_problems(warnings)
        return
    _warn(warnings)
    typer.echo(f"ok: no errors{f', {len(warnings)} warning(s)' if warnings else ''}")


def _json_problems(problems) -> None:
    import json
    from dataclasses import asdict

    errors = sum(1 for p in problems if p.severity == "error")
    report = {"errors": errors, "warnings": len(problems) - errors, "problems": [asdict(p) for p in problems]}
    typer.echo(json.dumps(report, indent=2, ensure_ascii=False))


@app.command()
def formats(
    kit: KitArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="The whole catalogue as JSON.")] = False,
) -> None:
    """The format catalogue (built-in and the kit's): trim size, pages, type, QR code, where it goes."""
    import json

    from .commands import list_formats

    try:
        catalogue = list_formats(kit)
    except OutreachError as error:
        _fail(error)
    if as_json:
        typer.echo(json.dumps([fmt.describe() for fmt in catalogue], indent=2, ensure_ascii=False))
        return
    rows = [("FORMAT", "TRIM", "PAGES", "MIN TYPE", "QR", "DEFAULT FOR", "WHAT IT IS")] + [
        (f.name, f.size_label(), "+".join(f.pages), f"{f.min_font_pt:g} pt", f"{f.qr_mm:g} mm",
         ", ".join(f.suits) or "-", f.title)
        for f in catalogue
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])


@app.command()
def init(directory: Annotated[Path, typer.Argument(help="A new folder for the kit.")]) -> None:
    """Start a new kit in DIRECTORY, copied from the sample kit."""
    from .commands import init_kit

    try:
        target = init_kit(directory)
    except OutreachError as error:
        _fail(error)
    typer.echo(f"created {target}: edit outreach.yaml, services/ and locations.yaml, then run `outreach check {directory}`")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    app()


__all__ = ["app", "main"]
