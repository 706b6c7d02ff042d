"""The kit's own printed text as gettext: `KIT/locales/kit.pot` and `KIT/locales/<code>/kit.po`.

Service names, summaries and hours, region names, the organisation and placement
notes live in the kit's YAML. So that a translator can translate every printed
word in Poedit or Weblate, each of them is also a message of the kit template:
its `msgctxt` names what it is (`service:national-hotline:summary`), its msgid is
the text in the kit's first language, and a comment says where it prints and
which file and line it comes from. What the kit's YAML holds is decided by
outreach.kit.translations; this module only reads and writes the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from ..errors import Problem
from .catalogues import is_translated, read_catalogue, strings_of

KIT_TEMPLATE = "kit.pot"
KIT_CATALOGUE = "kit.po"


@dataclass(frozen=True)
class KitMessage:
    """One printed kit text, as the kit template holds it."""

    context: str
    """What it is, e.g. service:national-hotline:name, region:north, organisation."""
    source: str
    """The text in the kit's first language: the msgid."""
    file: str
    line: int
    comment: str
    """Where it prints, for the translator."""


@dataclass(frozen=True)
class KitTranslation:
    text: str
    line: int


def kit_template(messages: list[KitMessage]) -> Catalog:
    """The kit template: one message per printed kit text, in the order of the kit's files."""
    catalogue = Catalog(project="outreach", copyright_holder="the kit's authors", fuzzy=True)
    for message in messages:
        catalogue.add(
            message.source,
            None,
            [(message.file, message.line)],
            auto_comments=[message.comment],
            context=message.context,
        )
    return catalogue


def read_kit_catalogue(
    path: Path, display: str, code: str
) -> tuple[dict[tuple[str, str], KitTranslation], list[Problem]]:
    """The translated, not fuzzy messages of a kit catalogue by (msgctxt, msgid), and a problem for each
    translated message that has no msgctxt (it cannot say which text it translates).

    Raises KitError for a catalogue that is not valid gettext or whose header is incomplete (as every
    catalogue, see read_catalogue)."""
    found: dict[tuple[str, str], KitTranslation] = {}
    problems: list[Problem] = []
    for message in read_catalogue(path, display, code):
        if not message.id or not is_translated(message) or not isinstance(message.id, str):
            continue
        if not message.context:
            problems.append(
                Problem(
                    display,
                    message.lineno or 1,
                    "msgctxt",
                    f"{message.id!r} has no msgctxt, so it translates no kit text; the kit's messages come from "
                    "`outreach i18n extract --kit KIT` (locales/kit.pot), each with the msgctxt of what it is",
                    "warning",
                )
            )
            continue
        found[(message.context, message.id)] = KitTranslation(strings_of(message)[0], message.lineno or 1)
    return found, problems
