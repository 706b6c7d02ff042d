"""The CLI's one error boundary, and how it shows problems and tables.

Every `outreach` command runs inside `ReportingGroup.invoke`: an OutreachError
raised anywhere below becomes its lines on stderr and the error's exit code
(1: the kit has errors; 2: usage), never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from ..errors import OutreachError, Said


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
    from ..checks.staleness import allowed_notice  # here: `outreach --help` should not load the checks

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
