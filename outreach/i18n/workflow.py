"""The translator's workflow: extract the POT, start a catalogue, update them, show progress.

Works on the built-in catalogues (`locales/` of a checkout) or, given a kit, on
the kit's own (`KIT/locales/`). The files are ordinary gettext: Poedit or any
text editor opens them, and GNU `msgfmt --check` accepts them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from ..errors import OutreachError, UsageError, relative
from ..paths import builtin_root, locales_dir, templates_dir
from .catalogues import (
    CATALOGUE,
    REVIEW_HEADER,
    TEMPLATE,
    is_translated,
    new_catalogue,
    read_catalogue,
    reviewer,
    template_catalogue,
)
from .headers import generator, header_fields, outreach_version, standard_header
from .kit_catalogue import KIT_CATALOGUE, KIT_TEMPLATE, KitMessage, kit_template
from .locales import PSEUDO_LOCALE, is_known_locale, locale_info

# The same extraction as babel.cfg (`pybabel extract -F babel.cfg`), without needing that file.
METHODS = [("**.html", "jinja2.ext:babel_extract"), ("**.css", "jinja2.ext:babel_extract")]
OPTIONS = {pattern: {"extensions": "jinja2.ext.i18n", "trimmed": "true"} for pattern, _ in METHODS}
WIDTH = 76
COMMENT_TAGS = ("Translators:",)
"""A template comment starting with this, just before a message, reaches translators (`#.` in the POT)."""


def _root(kit: Path | None, writing: bool = False) -> Path:
    if kit:
        return kit.resolve()
    root = builtin_root()
    if writing and root.name == "_builtin":
        raise UsageError(
            "the built-in catalogues are part of the installed outreach package; nothing was changed",
            "Work on your kit's own catalogues with --kit KIT (README: Add a language).",
        )
    return root


def _write(path: Path, catalogue: Catalog, review: str | None = None) -> None:
    """Write a .po/.pot file with a standard header (see outreach.i18n.headers); `review` (even empty)
    adds the X-Reviewed-By header."""
    catalogue.project, catalogue.version = "outreach", outreach_version()
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=WIDTH)
    text = standard_header(buffer.getvalue().decode("utf-8"), {} if review is None else {REVIEW_HEADER: review})
    _save(path, text.encode("utf-8"))


def _save(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise OutreachError(f"cannot write {path}: {exc.strerror}") from None


def _add(catalogue: Catalog, folder: Path, prefix: str) -> None:
    for name, line, message, comments, context in extract_from_dir(
        str(folder), METHODS, OPTIONS, comment_tags=COMMENT_TAGS
    ):
        catalogue.add(message, None, [(f"{prefix}{name}", line)], auto_comments=comments, context=context)


def _same_messages(one: Catalog, other: Catalog) -> bool:
    key = lambda c: sorted(  # noqa: E731
        (str(m.id), str(m.context), sorted(m.locations), " ".join(" ".join(m.auto_comments).split())) for m in c if m.id
    )
    return key(one) == key(other)


def extract(kit: Path | None = None, output: Path | None = None) -> tuple[Path, int, bool]:
    """Write the POT of every message the templates print; returns (path, messages, changed).

    With a kit, the kit's own templates are read too and the POT goes to
    KIT/locales/messages.pot. An unchanged POT is left as it is (its date too).
    """
    root = _root(kit, writing=output is None)
    catalogue = Catalog(project="outreach", copyright_holder="outreach contributors", fuzzy=True)
    if kit:
        if (root / "templates").is_dir():
            _add(catalogue, root / "templates", "templates/")
        _add(catalogue, templates_dir(), "outreach:templates/")
    else:
        _add(catalogue, templates_dir(), "templates/")
    target = output or root / "locales" / TEMPLATE
    count = sum(1 for m in catalogue if m.id)
    if target.is_file() and _same_messages(read_catalogue(target, str(target), "en"), catalogue):
        if header_fields(target.read_text("utf-8", "replace"))[1].get("X-Generator", (0, ""))[1] == generator():
            return target, count, False
    _write(target, catalogue)
    return target, count, True


def extract_kit(kit: Path, messages: list[KitMessage], output: Path | None = None) -> tuple[Path, int, bool]:
    """Write KIT/locales/kit.pot: every kit text that prints (see outreach.kit.translations); returns
    (path, messages, changed). An unchanged template is left as it is."""
    catalogue = kit_template(messages)
    target = output or kit.resolve() / "locales" / KIT_TEMPLATE
    if target.is_file() and _same_messages(read_catalogue(target, str(target), "en"), catalogue):
        return target, len(messages), False
    _write(target, catalogue)
    return target, len(messages), True


def template_for(kit: Path | None, name: str = TEMPLATE) -> Catalog:
    """The kit's own template `name` (messages.pot or kit.pot) when it has one, else the built-in POT."""
    if kit is not None and (own := kit / "locales" / name).is_file():
        return read_catalogue(own, relative(own, kit), "en")
    if name == KIT_TEMPLATE:
        return Catalog()
    return template_catalogue()


DOMAINS = ((CATALOGUE, TEMPLATE), (KIT_CATALOGUE, KIT_TEMPLATE))
"""Each catalogue a language has, with the template it follows: the templates' messages, the kit's own text."""


def init(code: str, kit: Path | None = None, translator: str = "") -> list[Path]:
    """Start `locales/<code>/messages.po`: in a kit, a copy of the built-in catalogue where there is one
    (its drafts, fuzzy and `# Review:` marks kept, so a review starts from them); otherwise empty, from the
    POT, with the language's plural forms and a standard header. A kit that has extracted its own text
    (locales/kit.pot) gets `locales/<code>/kit.po` too. Returns the files written."""
    if code == PSEUDO_LOCALE or code == "en":
        raise UsageError(
            f"{code} needs no catalogue: it is {'made from English' if code != 'en' else 'the source language'}"
        )
    if not is_known_locale(code):
        raise UsageError(
            f"{code!r} is not a language code that outreach knows (such as so, hmn, ar or zh-Hans)",
            "Use a CLDR code, or add the language to OWN in outreach/i18n/locales.py.",
        )
    folder = _root(kit, writing=True) / "locales" / code
    kit_template_file = kit / "locales" / KIT_TEMPLATE if kit is not None else None
    wanted = [folder / CATALOGUE] + (
        [folder / KIT_CATALOGUE] if kit_template_file and kit_template_file.is_file() else []
    )
    targets = [target for target in wanted if not target.exists()]
    if not targets:
        raise OutreachError(
            f"{', '.join(str(t) for t in wanted)} already exist{'s' if len(wanted) == 1 else ''}; nothing was changed",
            "Run `outreach i18n update` to bring them up to date with the templates.",
        )
    for target in targets:
        _start(target, code, kit, translator)
    return targets


def _start(target: Path, code: str, kit: Path | None, translator: str) -> None:
    name = KIT_TEMPLATE if target.name == KIT_CATALOGUE else TEMPLATE
    builtin = locales_dir() / code / CATALOGUE
    if kit is not None and name == TEMPLATE and builtin.is_file():
        _save(target, builtin.read_bytes())
        if translator or (kit / "locales" / TEMPLATE).is_file():  # the kit's own messages, as `update` adds them
            _update(target, template_for(kit), kit, translator)
        return
    info = locale_info(code)
    catalogue = new_catalogue(code)
    catalogue.copyright_holder = "outreach contributors"
    catalogue.header_comment = (
        f"# {info.english} translations for outreach.\n"
        f"# Copyright (C) {datetime.now(UTC).year} outreach contributors\n"
        f"# A fluent speaker who has reviewed every message puts their name in\n"
        f'# {REVIEW_HEADER}; until then pages carry a "draft translation" mark.'
    )
    catalogue.update(template_for(kit, name))
    catalogue.last_translator = translator  # empty rather than a placeholder: the translator fills it in
    catalogue.language_team = f"{info.english} ({info.name})"
    catalogue.revision_date = datetime.now(UTC)
    catalogue.fuzzy = False
    _write(target, catalogue, review="")


def catalogue_files(kit: Path | None, name: str = CATALOGUE) -> list[tuple[str, Path]]:
    folder = _root(kit) / "locales"
    return sorted((p.parent.name, p) for p in folder.glob(f"*/{name}")) if folder.is_dir() else []


def update(kit: Path | None = None) -> list[Path]:
    """Bring every catalogue up to date with its template: new messages added, changed ones marked fuzzy.
    A kit's languages get a kit.po beside their messages.po once the kit has extracted its own text."""
    _root(kit, writing=True)
    done = []
    for name, template_name in DOMAINS:
        template = template_for(kit, template_name)
        for _code, path in catalogue_files(kit, name):
            _update(path, template, kit)
            done.append(path)
        if kit is not None and name == KIT_CATALOGUE and (kit / "locales" / template_name).is_file():
            for code, path in catalogue_files(kit, CATALOGUE):
                if not (target := path.with_name(KIT_CATALOGUE)).exists():
                    _start(target, code, kit, "")
                    done.append(target)
    return sorted(done)


def _update(path: Path, template: Catalog, kit: Path | None, translator: str = "") -> None:
    catalogue = read_catalogue(path, relative(path, _root(kit)), path.parent.name)
    review = reviewer(path)
    carried = _carry_by_context(catalogue, template) if path.name == KIT_CATALOGUE else {}
    catalogue.update(template, update_header_comment=False)
    for (msgid, context), previous in carried.items():
        if found := catalogue.get(msgid, context):
            found.previous_id = [previous]
    if translator:
        catalogue.last_translator = translator
    _write(path, catalogue, review=review)


def _carry_by_context(catalogue: Catalog, template: Catalog) -> dict:
    """A kit text's msgctxt names the field it translates: when that field's source text changed, its translation
    is kept, marked fuzzy with the old source as `#| msgid`, for the translator to review (gettext's own way),
    however different the new text is. Returns (msgid, msgctxt) → the old msgid."""
    wanted = {m.context: m.id for m in template if m.id and m.context}
    carried = {}
    for message in list(catalogue):
        new = wanted.get(message.context) if message.id and message.context else None
        if new is None or new == message.id or catalogue.get(new, message.context):
            continue
        catalogue.delete(message.id, message.context)
        catalogue.add(new, message.string, context=message.context, flags={*message.flags, "fuzzy"})
        carried[(new, message.context)] = message.id
    return carried


@dataclass(frozen=True)
class Status:
    locale: str
    name: str
    file: str
    translated: int
    fuzzy: int
    missing: int
    reviewer: str
    reviewed: bool
    """A reviewer is named and nothing is fuzzy or missing."""

    def as_dict(self) -> dict:
        return asdict(self)


def status(kit: Path | None = None) -> list[Status]:
    """Per catalogue: messages translated, fuzzy and missing (against the POT), and who reviewed it."""
    rows = []
    for code, path, template in _catalogues_and_templates(kit):
        catalogue = read_catalogue(path, relative(path, _root(kit)), code)
        found = {(m.id, m.context): m for m in catalogue if m.id}
        keys = [(m.id, m.context) for m in template]
        translated = sum(1 for k in keys if k in found and is_translated(found[k]))
        fuzzy = sum(1 for k in keys if k in found and found[k].fuzzy)
        name = locale_info(code).name if is_known_locale(code) else code
        who = reviewer(path)
        missing = len(keys) - translated - fuzzy
        rows.append(
            Status(
                code,
                name,
                relative(path, _root(kit)),
                translated,
                fuzzy,
                missing,
                who,
                bool(who) and not fuzzy and not missing,
            )
        )
    return rows


def _catalogues_and_templates(kit: Path | None) -> list[tuple[str, Path, list]]:
    """Every catalogue (by language, then messages.po before kit.po) with its template's messages."""
    found = []
    for name, template_name in DOMAINS:
        template = [m for m in template_for(kit, template_name) if m.id]
        found += [(code, path, template) for code, path in catalogue_files(kit, name)]
    return sorted(found, key=lambda row: (row[0], row[1].name != CATALOGUE))


def locale_code(text: str) -> str:
    """A locale as a person may type it (zh_Hans, ZH-hans) in the form outreach uses (zh-Hans)."""
    parts = re.split(r"[-_]", text.strip())
    return "-".join([parts[0].lower()] + [p.title() if len(p) == 4 else p.upper() for p in parts[1:]])


def status_rows(rows: list[Status]) -> list[Sequence[str]]:
    """`i18n status` as a table: a header, then one row per catalogue."""
    table: list[Sequence[str]] = [("locale", "translated", "fuzzy", "missing", "reviewed", "language", "catalogue")]
    for r in rows:
        reviewed = f"yes ({r.reviewer})" if r.reviewed else ("no" if not r.reviewer else f"outdated ({r.reviewer})")
        table.append((r.locale, str(r.translated), str(r.fuzzy), str(r.missing), reviewed, r.name, Path(r.file).name))
    return table
