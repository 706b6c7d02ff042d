"""The CLI's one error boundary, and how it shows problems and tables.

Every `outreach` command runs inside `ReportingGroup.invoke`: an OutreachError
raised anywhere below becomes its lines on stderr and the error's exit code
(1: the kit has errors; 2: usage), never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, Protocol

import typer
from typer.core import TyperGroup

from ..errors import OutreachError, Said, allowed_notice
from ..names import INDEX, REPRINT


def fail(error: OutreachError) -> NoReturn:
    """Print an error's lines on stderr and exit with its code."""
    for line in error.lines():
        typer.echo(line, err=True)
    raise typer.Exit(error.exit_code)


class ReportingGroup(TyperGroup):
    """A Typer group whose commands, and its sub-groups' commands, report errors through `fail`."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OutreachError as error:
            fail(error)


def warn(problems: Sequence[Said]) -> None:
    """Warnings (and notes) on stderr, one per line, and one loud line when --allow-stale let stale services through."""
    for problem in problems:
        typer.echo(str(problem), err=True)
    if notice := allowed_notice(problems):
        typer.echo(notice, err=True)


def table(rows: Iterable[Sequence[str]]) -> None:
    """Rows as aligned columns; the last column, free text, is not padded."""
    rows = list(rows)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1])


class Built(Protocol):
    """What `outreach build` tells of a build: outreach.commands.build.BuildReport, or the report a build that
    changed nothing kept (outreach.commands.unchanged.Unchanged)."""

    @property
    def out(self) -> Path: ...
    @property
    def planned(self) -> int: ...
    @property
    def distinct(self) -> int: ...
    @property
    def rendered(self) -> int: ...
    @property
    def reused(self) -> int: ...
    @property
    def warnings(self) -> Sequence[Said]: ...
    def lines(self) -> list[str]: ...


def built(report: Built) -> None:
    """A build's warnings on stderr, then what to print and what was made."""
    warn(report.warnings)
    for line in report.lines():
        typer.echo(line)
    typer.echo(
        f"{report.planned} documents ({report.distinct} distinct; {report.rendered} rendered, {report.reused} reused)"
        f" in {report.out} — open {report.out / INDEX}; what to print again: {report.out / REPRINT}"
    )
