"""`outreach i18n ...`: the translator's commands, a thin layer over outreach.catalogues."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import OutreachError

app = typer.Typer(help="Translations: extract the POT, start a language, update catalogues, show progress.",
                  no_args_is_help=True)

KitOption = Annotated[Optional[Path], typer.Option("--kit", help="Work on this kit's locales/ instead of the built-in ones.")]


def _fail(error: OutreachError) -> None:
    from .cli import _fail as fail  # the one way errors are printed; imported late: cli imports this module

    fail(error)


@app.command()
def extract(
    kit: KitOption = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Where to write the POT.")] = None,
) -> None:
    """Write locales/messages.pot: every message the templates print."""
    from .catalogues import extract as run

    try:
        path, count, changed = run(kit, output)
    except OutreachError as error:
        _fail(error)
    typer.echo(f"{path}: {count} messages{'' if changed else ' (unchanged)'}")


@app.command()
def init(
    locale: Annotated[str, typer.Argument(help="The language code, e.g. so, hmn, ar, zh-Hans.")],
    kit: KitOption = None,
    translator: Annotated[str, typer.Option(help="Your name and e-mail, for the Last-Translator header.")] = "",
) -> None:
    """Start locales/LOCALE/messages.po from the POT, with the language's plural forms."""
    from .catalogues import init as run, locale_code

    try:
        path = run(locale_code(locale), kit, translator)
    except OutreachError as error:
        _fail(error)
    typer.echo(f"created {path}: translate it (Poedit or any text editor), then preview with "
               f"`outreach build{' ' + str(kit) if kit else ''} --locale {locale_code(locale)}`")


@app.command()
def update(kit: KitOption = None) -> None:
    """Bring every catalogue up to date with the POT (new messages added, changed ones marked fuzzy)."""
    from .catalogues import update as run

    try:
        paths = run(kit)
    except OutreachError as error:
        _fail(error)
    for path in paths:
        typer.echo(f"updated {path}")


@app.command()
def status(
    kit: KitOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Per language: messages translated, fuzzy and missing, and whether a fluent speaker reviewed it."""
    from .catalogues import status as run

    try:
        rows = run(kit)
    except OutreachError as error:
        _fail(error)
    if as_json:
        typer.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    header = ("locale", "translated", "fuzzy", "missing", "reviewed", "language")
    table = [header] + [
        (r.locale, str(r.translated), str(r.fuzzy), str(r.missing),
         f"yes ({r.reviewer})" if r.reviewed else ("no" if not r.reviewer else f"outdated ({r.reviewer})"), r.name)
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    for row in table:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])
