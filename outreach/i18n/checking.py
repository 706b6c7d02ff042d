"""Every catalogue a kit prints with, checked: the built-in ones and the kit's, each problem with file and line.

`outreach check` reads them all (outreach.commands.check): a catalogue's
header, placeholders and gettext syntax (outreach.i18n.catalogues.read_catalogue),
and, for the kit's own catalogue, a warning for each translation no template
prints — a msgid the templates no longer have, or now have with a msgctxt,
which would otherwise be silently unused.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog

from ..errors import KitError, Problem, relative
from ..paths import locales_dir
from .catalogues import (
    SOURCE_LOCALE,
    TEMPLATE,
    catalogue_paths,
    is_translated,
    message_key,
    read_catalogue,
    template_catalogue,
)
from .locales import PSEUDO_LOCALE
from .messages import msgid_of


def catalogue_problems(locales: Iterable[str], kit_root: Path | None) -> list[Problem]:
    """Every problem of every catalogue that printing `locales` uses, the built-in ones and the kit's: its
    header, its placeholders, a line that is not gettext (errors); and a warning for each translation of the
    kit's that no template prints (a msgid the templates no longer have, or have with a msgctxt). Each with
    its file and line."""
    problems: list[Problem] = []
    for code in sorted(set(locales) - {SOURCE_LOCALE, PSEUDO_LOCALE}):
        for path in catalogue_paths(code, kit_root):
            in_kit = kit_root is not None and path.is_relative_to(kit_root)
            display = relative(path, kit_root if in_kit and kit_root else locales_dir().parent)
            try:
                catalogue = read_catalogue(path, display, code)
            except KitError as error:
                problems += error.problems
                continue
            if in_kit and kit_root:
                problems += unused_translations(catalogue, display, kit_root)
    return problems


def unused_translations(catalogue: Catalog, display: str, kit_root: Path) -> list[Problem]:
    """Warnings for the translations of a kit's catalogue that no template prints: its msgid and msgctxt are in
    neither the built-in POT nor the kit's own (KIT/locales/messages.pot)."""
    templates = [template_catalogue()]
    if (own := kit_root / "locales" / TEMPLATE).is_file():
        templates.append(read_catalogue(own, relative(own, kit_root), SOURCE_LOCALE))
    known = {(message_key(m.id), m.context) for template in templates for m in template if m.id}
    contexts: dict[str, list[str]] = {}
    for template in templates:
        for m in template:
            if m.id and m.context:
                contexts.setdefault(msgid_of(m), []).append(m.context)
    found = []
    for message in catalogue:
        if not is_translated(message) or (message_key(message.id), message.context) in known:
            continue
        msgid = msgid_of(message)
        said = f"{msgid!r}" + (f" (msgctxt {message.context!r})" if message.context else "")
        if msgid in contexts:
            fix = " or ".join(f'msgctxt "{context}"' for context in dict.fromkeys(contexts[msgid]))
            advice = f"the templates print it with {fix}: put that line above its msgid"
        else:
            advice = "the templates no longer print it; `outreach i18n update --kit KIT` marks it obsolete"
        found.append(
            Problem(
                display,
                message.lineno or 1,
                "msgid",
                f"{said} is never printed, so its translation is unused: {advice}",
                "warning",
            )
        )
    return found
