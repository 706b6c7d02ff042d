"""The `outreach` command: options in, one library call, messages out.

Exit codes: 0 ok, 1 the kit has errors (every one printed), 2 usage. Errors
become messages in one place, outreach.cli.report. The library is imported
inside each command, so that `outreach --help` loads Typer and nothing else.
"""

from __future__ import annotations

import logging
import sys
from concurrent.futures import Executor
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Annotated

import typer

from ..errors import KitError, UsageError
from .export import export_app
from .i18n import app as i18n_app
from .importing import import_app
from .laws import laws
from .report import Built, ReportingGroup, built, table, warn
from .serve import serve

app = typer.Typer(
    rich_markup_mode=None,
    cls=ReportingGroup,
    help="Print-ready, translated outreach materials from a kit of services and locations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(i18n_app, name="i18n", short_help="Translations: the POT, catalogues, progress, screenshots.")
app.add_typer(import_app, name="import", short_help="Import services from a spreadsheet (CSV) or HSDS.")
app.command(short_help="A live preview in your browser, rebuilt on every save.")(serve)
app.command(short_help="The posting laws `compliance:` can name, with their sources.")(laws)
app.add_typer(export_app, name="export", short_help="Write a kit's services out as a spreadsheet (CSV).")

KitArg = Annotated[
    Path | None, typer.Argument(help="The kit folder; leave out for the embedded sample kit.", show_default=False)
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Words from the language lint are errors, not warnings.")]
AllowStaleOpt = Annotated[
    bool,
    typer.Option(
        "--allow-stale", help="Print services not confirmed for over twice stale_after_days; every one is reported."
    ),
]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"outreach {version('outreach')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            typer.echo("outreach (not installed; run `bash setup.sh`)")
        raise typer.Exit()


@app.callback()
def options(
    ctx: typer.Context,
    verbose: Annotated[
        int, typer.Option("-v", "--verbose", count=True, help="Show what the library does (-vv: in detail).")
    ] = 0,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Print-ready, translated outreach materials from a kit of services and locations."""
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(name)s: %(message)s"))
        logger = logging.getLogger("outreach")
        before = logger.level, logger.propagate
        logger.addHandler(handler)
        logger.setLevel(logging.INFO if verbose == 1 else logging.DEBUG)
        logger.propagate = False  # shown here, not a second time by the root logger

        def restore() -> None:
            logger.removeHandler(handler)
            logger.setLevel(before[0])
            logger.propagate = before[1]

        ctx.call_on_close(restore)


@app.command(short_help="Make every location's PDFs, print bundles and run sheets.")
def build(
    kit: KitArg = None,
    out: Annotated[
        Path, typer.Option("-o", "--out", help="Output folder; replaced only when the build succeeds.")
    ] = Path("out"),
    location: Annotated[
        list[str] | None, typer.Option("--location", help="Only this location id (repeatable).")
    ] = None,
    locale: Annotated[
        list[str] | None, typer.Option("--locale", help="Only this language, for every location (repeatable).")
    ] = None,
    format: Annotated[list[str] | None, typer.Option("--format", help="Only this format (repeatable).")] = None,
    print_shop: Annotated[
        bool, typer.Option("--print-shop", help="Add bleed and crop marks for a print shop.")
    ] = False,
    duplex: Annotated[
        str | None, typer.Option("--duplex", help="Card sheets: long-edge (default) or short-edge.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    strict: StrictOpt = False,
    allow_stale: AllowStaleOpt = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Worker processes that render (default: one per core).", show_default=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Render every document, even those unchanged since the last build in OUT.")
    ] = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            envvar="OUTREACH_CLUSTER",
            help="Render on the Dask cluster whose scheduler is at this address, e.g. tcp://10.0.0.5:8786 "
            "(needs pip install 'outreach[cluster]').",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Make every location's PDFs, print bundles and run sheets, manifest.csv, reprint.csv and index.html in OUT,
    once `check` finds no error.

    Documents unchanged since the last build in OUT are reused, not rendered again."""
    from ..commands import unchanged

    chosen = unchanged.options(location, format, locale, print_shop, duplex, strict, allow_stale, None)
    report: Built | None = None if force else unchanged.recall(kit, out, chosen)  # OUT is this very build
    if report is None:  # the kit is loaded and checked, and what changed is made
        report = _build(
            kit, out, location, format, locale, print_shop, duplex, quiet, jobs, force, cluster, strict, allow_stale
        )
    built(report)


def _build(
    kit: Path | None,
    out: Path,
    location: list[str] | None,
    format: list[str] | None,
    locale: list[str] | None,
    print_shop: bool,
    duplex: str | None,
    quiet: bool,
    jobs: int | None,
    force: bool,
    cluster: str | None,
    strict: bool,
    allow_stale: bool,
) -> Built:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..checks import CheckOptions
    from ..commands.build import build as run_build

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        disable=quiet or not sys.stderr.isatty(),
    )
    connection: AbstractContextManager[Executor | None] = nullcontext()
    if cluster:
        from ..render.cluster import connect

        connection = connect(cluster)
    with connection as executor, progress:
        task = progress.add_task("rendering", total=None)
        return run_build(
            kit,
            out,
            locations=location,
            formats=format,
            locales=locale,
            print_shop=print_shop,
            duplex=duplex,
            jobs=jobs or getattr(executor, "workers", None),
            force=force,
            executor=executor,
            progress=lambda done, total, name: progress.update(task, completed=done, total=total, description=name),
            checks=CheckOptions(strict=strict, allow_stale=allow_stale),
        )


@app.command(short_help="List every problem in a kit, without rendering.")
def check(
    kit: KitArg = None,
    strict: StrictOpt = False,
    allow_stale: AllowStaleOpt = False,
    output: Annotated[str, typer.Option("--format", help="text (for people) or json (for CI).")] = "text",
) -> None:
    """List every problem in a kit without rendering: FILE:LINE: error|warning: field: message."""
    from ..checks import CheckOptions
    from ..commands.check import check_kit, check_report

    if output not in ("text", "json"):
        raise UsageError(f"unknown output format {output!r}; use text or json")
    options = CheckOptions(strict=strict, allow_stale=allow_stale)
    if output == "json":
        report = check_report(kit, options)
        typer.echo(report.to_json())
        if not report.ok:
            raise typer.Exit(KitError.exit_code)
        return
    warnings = check_kit(kit, options)  # a KitError lists every problem, through the boundary
    warn(warnings)
    typer.echo(f"ok: no errors{f', {len(warnings)} warning(s)' if warnings else ''}")


@app.command(short_help="The format catalogue: trim, pages, minimum type, QR size.")
def formats(
    kit: KitArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="The whole catalogue as JSON.")] = False,
) -> None:
    """The format catalogue (built-in and the kit's): trim size, pages, type, QR code, where it goes."""
    import json

    from ..commands.formats import format_rows, list_formats

    catalogue = list_formats(kit)
    if as_json:
        typer.echo(json.dumps([fmt.describe() for fmt in catalogue], indent=2, ensure_ascii=False))
        return
    table(format_rows(catalogue))


@app.command()
def init(directory: Annotated[Path, typer.Argument(help="A new folder for the kit.")]) -> None:
    """Start a new kit in DIRECTORY, copied from the sample kit."""
    from ..commands.init import init_kit

    target = init_kit(directory)
    typer.echo(
        f"created {target}: edit outreach.yaml, services/ and locations.yaml, then run `outreach check {directory}`"
    )


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    app()
