"""`outreach i18n ...`: the translator's commands, a thin layer over outreach.i18n.workflow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .report import table

app = typer.Typer(
    rich_markup_mode=None,
    help="Translations: extract the POT, start a language, update catalogues, show progress, screenshots for context.",
    no_args_is_help=True,
)

KitOption = Annotated[
    Path | None, typer.Option("--kit", help="Work on this kit's locales/ instead of the built-in ones.")
]


@app.command(short_help="Write locales/messages.pot: every message to translate.")
def extract(
    kit: KitOption = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Where to write the POT.")] = None,
) -> None:
    """Write locales/messages.pot: every message the templates print; with --kit, locales/kit.pot too:
    every service name, summary and hours, region name and the organisation."""
    from ..i18n.workflow import extract as run

    path, count, changed = run(kit, output)
    typer.echo(f"{path}: {count} messages{'' if changed else ' (unchanged)'}")
    if kit:
        from ..commands.translations import extract_kit_texts

        path, count, changed = extract_kit_texts(kit)
        typer.echo(f"{path}: {count} kit texts{'' if changed else ' (unchanged)'}")


@app.command(short_help="Start a catalogue for a new language.")
def init(
    locale: Annotated[str, typer.Argument(help="The language code, e.g. so, hmn, ar, zh-Hans.")],
    kit: KitOption = None,
    translator: Annotated[str, typer.Option(help="Your name and e-mail, for the Last-Translator header.")] = "",
) -> None:
    """Start locales/LOCALE/messages.po (in a kit, a copy of the built-in draft if there is one, else from the
    POT) and, once the kit's text is extracted, locales/LOCALE/kit.po."""
    from ..i18n.workflow import init as run
    from ..i18n.workflow import locale_code

    for path in run(locale_code(locale), kit, translator):
        typer.echo(f"created {path}")
    typer.echo(
        "Translate (Poedit or any text editor), then preview with "
        f"`outreach build{' ' + str(kit) if kit else ''} --locale {locale_code(locale)}`"
    )


@app.command(short_help="Bring every catalogue up to date with the POT.")
def update(kit: KitOption = None) -> None:
    """Bring every catalogue up to date with the POT (new messages added, changed ones marked fuzzy); with --kit,
    the kit's text is extracted again first if it was before."""
    from ..commands.translations import update_catalogues

    for path in update_catalogues(kit):
        typer.echo(f"updated {path}")


@app.command(short_help="Per language: messages translated, fuzzy and missing.")
def status(
    kit: KitOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Per language: messages translated, fuzzy and missing, and whether a fluent speaker reviewed it."""
    from ..i18n.workflow import status as run
    from ..i18n.workflow import status_rows

    rows = run(kit)
    if as_json:
        typer.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    table(status_rows(rows))


@app.command(short_help="A PNG per message: where the pages print it.")
def screenshots(
    kit: Annotated[
        Path | None, typer.Option("--kit", help="The kit whose pages are shown; leave out for the embedded sample kit.")
    ] = None,
    locale: Annotated[
        list[str] | None,
        typer.Option("--locale", help="Only this language (repeatable); default: every language the kit prints."),
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The folder to write; replaced whole when everything is made.")
    ] = Path("screenshots"),
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Worker processes that render (default: one per core).", show_default=False
        ),
    ] = None,
) -> None:
    """A PNG per message the pages print: a crop of a rendered page with the message outlined, named alike in
    every language, and screenshots.csv and .json saying which file shows which message (for Weblate, a review)."""
    from ..commands.screenshots import screenshots as run
    from ..i18n.workflow import locale_code
    from ..names import SCREENSHOT_INDEX, SCREENSHOT_JSON

    report = run(kit, output, [locale_code(code) for code in locale] if locale else None, jobs)
    for code in report.locales:
        shots = [shot for shot in report.shots if shot.locale == code]
        typer.echo(f"{code}: {sum(1 for s in shots if s.file)} of {len(shots)} messages shown, in {report.out / code}")
        for shot in shots:
            if not shot.file:
                context = f" ({shot.message.context})" if shot.message.context else ""
                typer.echo(f"{code}: no screenshot of {shot.message.msgid!r}{context}: {shot.reason}")
    typer.echo(f"which file shows which message: {report.out / SCREENSHOT_INDEX} and {SCREENSHOT_JSON}")
