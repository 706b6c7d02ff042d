"""Every kit text that prints, as messages a translator can reach, and their translations merged in.

The texts: the organisation's name, each region's name, and each service's name,
neutral name, summary and hours (placement notes print only on run sheets, in the
kit's first language, so they are not translated). Each becomes a message of
`locales/kit.pot` (see outreach.i18n.kit_catalogue) whose msgid is its text in
the kit's first language.

The merge rule: a translated, not fuzzy message of `locales/<code>/kit.po` whose
msgid is the current source text is printed in `<code>`, and wins over a
`<code>:` entry in the YAML mapping, because it is tied to the text it
translates: when the source text changes, `outreach i18n update` marks it fuzzy
and it stops printing. A YAML entry that says something else is reported as a
conflict. A message whose source text has changed is reported too.

Also here: every kit catalogue read once at load, so that its problems are
listed with the kit's (`check_catalogues`), and what an import left to fill in
(`to_fill_in`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import KitError, Problem, relative
from ..i18n.catalogues import read_catalogue
from ..i18n.kit_catalogue import KIT_CATALOGUE, KitMessage, KitTranslation, read_kit_catalogue
from .model import Service, Settings
from .yamlsource import Located

SERVICE_FIELDS = {
    "name": "the service's name, as a heading on posters and stickers and on cards",
    "discreet_name": "a neutral name that cards, tear-off tabs and discreet pieces print instead of the name; "
    "it must not say what the service is for",
    "summary": "one or two sentences under the service's name on posters",
    "hours": "when someone answers, printed beside the service's number",
}
LENGTH_HINT = (
    "Keep it about as long as the source: pages shrink type to fit long text, within each format's minimum, and the "
    "build names the text when it no longer fits."
)
PLAIN = "Plain text in the kit: printed as it is in every language unless you translate it here. "
Text = str | dict[str, str] | None


def source_text(text: Text, settings: Settings) -> str | None:
    """The text a translation translates: in the kit's first language, else in the language pages fall back to."""
    if text is None or isinstance(text, str):
        return text or None
    return next((text[code] for code in [*settings.locales, "en"] if code in text), next(iter(text.values()), None))


def _texts(
    settings: Settings, services: dict[str, Service], sources: dict[str, Located], settings_src: Located
) -> Iterator[tuple[str, Located, tuple, Text, str]]:
    """(msgctxt, where it is written, its key there, the text, where it prints) for every translatable kit text."""
    yield (
        "organisation",
        settings_src,
        ("organisation",),
        settings.organisation,
        "the organisation's name, small on every page",
    )
    for region, name in settings.regions.items():
        yield f"region:{region}", settings_src, ("regions", region), name, 'a region\'s name, e.g. "More help in …"'
    for sid, service in services.items():
        for field, where in SERVICE_FIELDS.items():
            yield f"service:{sid}:{field}", sources[sid], (field,), getattr(service, field), where


def kit_messages(
    settings: Settings, services: dict[str, Service], sources: dict[str, Located], settings_src: Located
) -> list[KitMessage]:
    """The kit template's messages: every kit text that prints in more than one language."""
    found = []
    for context, src, loc, text, where in _texts(settings, services, sources, settings_src):
        source = source_text(text, settings)
        if source:
            kind = PLAIN if isinstance(text, str) else ""
            found.append(
                KitMessage(context, source, src.file, src.line_of(loc), f"{kind}Printed as {where}. {LENGTH_HINT}")
            )
    return found


def _with(text: Text, code: str, translation: str, source: str, settings: Settings) -> dict[str, str]:
    """`text` as a mapping that holds `translation` in `code` (plain text becomes the first language's entry)."""
    mapping = dict(text) if isinstance(text, dict) else {settings.locales[0]: source}
    mapping[code] = translation
    return mapping


def merge_translations(
    root: Path,
    settings: Settings,
    settings_src: Located,
    services: dict[str, Service],
    sources: dict[str, Located],
    locales: list[str],
) -> tuple[Settings, dict[str, Service], list[Problem]]:
    """Settings and services with the kit catalogues' translations merged in, and the conflicts found.

    Raises KitError when a kit catalogue cannot be read (not gettext, incomplete header, wrong placeholders)."""
    problems: list[Problem] = []
    updates: dict[str, dict[str, Any]] = {}  # "" for the settings, else a service id → field → new value
    errors: list[Problem] = []
    for code in locales:
        path = root / "locales" / code / KIT_CATALOGUE
        if code == settings.locales[0] or not path.is_file():
            continue
        display = relative(path, root)
        try:
            found, problems_here = read_kit_catalogue(path, display, code)
        except KitError as exc:
            errors += exc.problems
            continue
        problems += problems_here
        by_context = {context: (source, tr) for (context, source), tr in found.items()}
        used: set[str] = set()
        for context, src, loc, text, _where in _texts(settings, services, sources, settings_src):
            source = source_text(text, settings)
            if context not in by_context or not source:
                continue
            used.add(context)
            msgid, translation = by_context[context]
            if msgid != source:
                problems.append(_stale(display, translation, context, src, loc, code))
                continue
            owner, field = _owner(context)
            current = updates.get(owner, {}).get(field, text)
            if isinstance(text, dict) and text.get(code) not in (None, translation.text):
                problems.append(_conflict(display, translation, src, loc, code))
            updates.setdefault(owner, {})[field] = _with(current, code, translation.text, source, settings)
        for context in sorted(set(by_context) - used):
            problems.append(
                Problem(
                    display,
                    by_context[context][1].line,
                    "msgctxt",
                    f"{context!r} is not a text of this kit (any more); run `outreach i18n update --kit KIT`",
                    "warning",
                )
            )
    if errors:
        raise KitError(errors)
    settings = _updated_settings(settings, updates.pop("", {}))
    services = {sid: s.model_copy(update=updates[sid]) if sid in updates else s for sid, s in services.items()}
    return settings, services, problems


def _owner(context: str) -> tuple[str, str]:
    """The update a msgctxt makes: ("", "organisation"), ("", "region:north") or (service id, field)."""
    if context.startswith("service:"):
        _, sid, field = context.split(":", 2)
        return sid, field
    return "", context


def _updated_settings(settings: Settings, changes: dict[str, Any]) -> Settings:
    if not changes:
        return settings
    regions = dict(settings.regions)
    update: dict[str, Any] = {}
    for key, value in changes.items():
        if key.startswith("region:"):
            regions[key.split(":", 1)[1]] = value
        else:
            update[key] = value
    return settings.model_copy(update={**update, "regions": regions})


def _stale(display: str, tr: KitTranslation, context: str, src: Located, loc: tuple, code: str) -> Problem:
    return Problem(
        display,
        tr.line,
        "msgid",
        f"{context}: the text in {src.file}:{src.line_of(loc)} has changed since this was translated, so the "
        f"{code} pages do not print this translation; run `outreach i18n update --kit KIT` and review it",
        "warning",
    )


def _conflict(display: str, tr: KitTranslation, src: Located, loc: tuple, code: str) -> Problem:
    return src.problem(
        loc + (code,),
        f"the {code} text here differs from the translation in {display}:{tr.line}; the catalogue's is printed "
        f"(see README: Translate the kit's own text). Keep one: delete the `{code}:` line, or the translation",
        "warning",
    )


def kit_catalogue_locales(root: Path) -> list[str]:
    """The locales the kit has a kit catalogue for."""
    return sorted(p.parent.name for p in (root / "locales").glob(f"*/{KIT_CATALOGUE}"))


def check_catalogues(root: Path, available: list[str], problems: list[Problem]) -> None:
    for code in available:
        kit_po = root / "locales" / code / "messages.po"
        if kit_po.is_file():
            try:
                read_catalogue(kit_po, relative(kit_po, root), code)
            except KitError as exc:
                problems += exc.problems


def to_fill_in(service: Service, src: Located, locales: list[str]) -> list[Problem]:
    """Warnings for what an import (or a person) left to fill in: regions and translations."""
    found = []
    if service.regions == []:
        found.append(
            src.problem(
                ("regions",),
                "serves no region yet, so nothing prints it; list its regions, e.g. [north], or write all",
                "warning",
            )
        )
    for key in ("name", "summary", "hours"):
        text = getattr(service, key)
        missing = [code for code in locales if isinstance(text, dict) and code not in text]
        if missing:
            shown = next(code for code in [*locales, "en", *text] if code in text)  # as views.resolve falls back
            found.append(
                src.problem(
                    (key,),
                    f"has no {', '.join(missing)} text; those pages print the {shown} text until you add it",
                    "warning",
                )
            )
    return found
