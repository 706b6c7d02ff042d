"""`outreach laws`: the posting-law profiles, a thin layer over outreach.commands.laws."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from .report import table


def laws(
    law: Annotated[
        str | None, typer.Argument(help="A profile, e.g. us-md, to print in full; leave out to list them all.")
    ] = None,
) -> None:
    """The posting laws `compliance:` can name: sources and when each was checked; one in full with LAW."""
    from ..commands.laws import describe, law_rows

    if law is None:
        table(law_rows(date.today()))
        return
    for line in describe(law, date.today()):
        typer.echo(line)
