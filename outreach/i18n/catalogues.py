"""Translations: gettext catalogues read from `.po` files with Babel.

The built-in catalogue of a locale is `locales/<code>/messages.po`; a kit may
add or override messages in `KIT/locales/<code>/messages.po`, and the kit wins.
English is the source language and needs no catalogue.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from ..errors import KitError, Problem, relative
from ..paths import locales_dir
from .headers import header_problems
from .locales import PSEUDO_LOCALE, is_known_locale, locale_info
from .messages import msgid_of, placeholder_problems, single_forms, strings_of
from .pseudo import pseudolocalize

SOURCE_LOCALE = "en"
CATALOGUE = "messages.po"
TEMPLATE = "messages.pot"
REVIEW_HEADER = "X-Reviewed-By"
"""Names the fluent speaker who reviewed a catalogue; empty or absent: a draft."""


def catalogue_paths(code: str, kit_root: Path | None) -> list[Path]:
    roots = [locales_dir()] + ([kit_root / "locales"] if kit_root else [])
    return [root / code / CATALOGUE for root in roots if (root / code / CATALOGUE).is_file()]


def available_locales(kit_root: Path | None) -> list[str]:
    """Locales that can be printed: the source language and every catalogue found."""
    codes = {SOURCE_LOCALE, PSEUDO_LOCALE}
    for root in [locales_dir()] + ([kit_root / "locales"] if kit_root else []):
        if root.is_dir():
            codes.update(p.parent.name for p in root.glob(f"*/{CATALOGUE}"))
    return sorted(codes)


def read_catalogue(path: Path, display: str, code: str) -> Catalog:
    """A catalogue read with Babel; a line that is not gettext, a .po header that lacks a required field or
    has the wrong number of plural forms, or a translation whose placeholders do not match its source text,
    is a KitError naming the file and line."""
    catalogue = _read(path, display, code)
    problems = header_problems(path.read_text("utf-8", "replace"), display, code) if path.suffix == ".po" else []
    single = single_forms(catalogue.plural_expr, catalogue.num_plurals)
    problems += [
        Problem(display, message.lineno or 1, "msgstr", problem)
        for message in catalogue
        if message.id and not message.fuzzy
        for problem in placeholder_problems(message, single)
    ]
    if problems:
        raise KitError(problems)
    return catalogue


_CHARSET = re.compile(rb"charset=([\w.:-]+)", re.IGNORECASE)


def _mislabelled(data: bytes) -> str | None:
    """The charset a catalogue's header names when the file is really UTF-8 (it would print mojibake)."""
    named = _CHARSET.search(data)
    if not named or data.isascii():
        return None
    charset = named[1].decode("ascii", "replace")
    if charset.lower().replace("_", "-") in ("utf-8", "utf8"):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return charset


def _read(path: Path, display: str, code: str) -> Catalog:
    try:
        data = path.read_bytes()
        charset = _mislabelled(data)
        if charset:
            raise KitError(
                [
                    Problem(
                        display,
                        1,
                        "Content-Type",
                        f"gettext catalogue: the header says charset={charset}, but the file is UTF-8; its "
                        'letters would print garbled. Say "Content-Type: text/plain; charset=UTF-8\\n"',
                    )
                ]
            )
        return read_po(io.BytesIO(data), locale=code.replace("-", "_"), abort_invalid=True)
    except PoFileError as exc:
        line = exc.lineno + 1  # Babel counts from 0
        said = (
            f"this line is not valid gettext: {exc.line.strip()!r}"
            if exc.line.strip()
            else _plural_error(str(exc), data, line, code)
        )
        raise KitError(
            [Problem(display, line, "", f"gettext catalogue: {said}; check it with msgfmt --check or Poedit")]
        ) from exc
    except LookupError as exc:  # the header names a charset Python does not know
        raise KitError(
            [
                Problem(
                    display,
                    1,
                    "Content-Type",
                    f"gettext catalogue: {exc}; save the file as UTF-8 and say so in its header: "
                    '"Content-Type: text/plain; charset=UTF-8\\n"',
                )
            ]
        ) from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise KitError([Problem(display, 1, "", f"gettext catalogue cannot be read: {exc}")]) from exc


def _plural_error(said: str, data: bytes, line: int, code: str) -> str:
    """Babel's words for a message with more msgstr[N] than the language has plural forms, made precise."""
    if "num_plurals" not in said:
        return said
    lines = data.decode("utf-8", "replace").splitlines()[line - 1 :]
    entry = lines[: next((i for i, text in enumerate(lines) if not text.strip()), len(lines))]  # up to a blank line
    forms = [int(m[1]) for text in entry if (m := re.match(r"msgstr\[(\d+)\]", text))]
    named = re.search(r"nplurals\s*=\s*(\d+)", data.decode("utf-8", "replace"))
    count = named[1] if named else "?"
    name = locale_info(code).english if is_known_locale(code) else code
    return (
        f"this message has msgstr[{max(forms) if forms else '?'}], but the header gives {name} {count} plural "
        f"form{'s' if count != '1' else ''} (msgstr[0] to msgstr[{int(count) - 1 if count.isdigit() else 'N'}])"
    )


def babel_locale(code: str):
    """Babel's CLDR locale for `code`.

    Raises KeyError for a language CLDR lacks (hmn, ksw: see outreach.i18n.locales).
    """
    found = locale_info(code).babel
    if found is None:
        raise KeyError(code)
    return found


def is_translated(message: Message) -> bool:
    """A message with every form translated and not marked fuzzy."""
    return bool(message.id) and all(strings_of(message)) and not message.fuzzy


def new_catalogue(code: str) -> Catalog:
    """An empty catalogue for `code` with the right Language and Plural-Forms headers."""
    info = locale_info(code)
    catalogue = Catalog(locale=info.catalogue_language, project="outreach")
    catalogue.mime_headers = [("Plural-Forms", info.plural_forms)]
    return catalogue


def template_catalogue() -> Catalog:
    """The built-in POT: every message the built-in templates print."""
    return read_catalogue(locales_dir() / TEMPLATE, f"locales/{TEMPLATE}", SOURCE_LOCALE)


def _pseudo() -> Catalog:
    catalogue = new_catalogue(SOURCE_LOCALE)
    for message in template_catalogue():
        if message.id:
            if isinstance(message.id, str):
                message.string = pseudolocalize(message.id)
            else:  # singular and plural
                message.string = tuple(pseudolocalize(i) for i in message.id)
            catalogue[message.id] = message
    return catalogue


def _merged(code: str, kit_root: Path | None) -> Catalog:
    if code == PSEUDO_LOCALE:
        return _pseudo()
    merged = new_catalogue(code)
    for path in catalogue_paths(code, kit_root):
        base = kit_root if kit_root and path.is_relative_to(kit_root) else locales_dir().parent
        for message in read_catalogue(path, relative(path, base), code):
            if is_translated(message):
                if merged.get(message.id, message.context) is not None:  # setting it again keeps the old string
                    merged.delete(message.id, message.context)
                merged[message.id] = message
    return merged


def _stamp(code: str, kit_root: Path | None) -> tuple:
    files = catalogue_paths(code, kit_root) + [locales_dir() / TEMPLATE]
    return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.is_file())


@lru_cache(maxsize=64)
def _translations(code: str, kit_root: Path | None, stamp: tuple) -> Translations:
    buffer = io.BytesIO()
    write_mo(buffer, _merged(code, kit_root))
    buffer.seek(0)
    return Translations(fp=buffer)


def translations(code: str, kit_root: Path | None) -> Translations:
    """The merged catalogue for `code` (built-in, then the kit's, the kit winning)."""
    return _translations(code, kit_root, _stamp(code, kit_root))


def pseudo_messages() -> list[tuple[str, str]]:
    """(msgid, text) of every string the pseudo-locale prints."""
    out = []
    for message in _pseudo():
        if message.id:
            out += [(msgid_of(message), text) for text in strings_of(message)]
    return out


def reviewer(path: Path) -> str:
    """Who reviewed a catalogue, from its X-Reviewed-By header; empty for a draft."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    header = text.split("\n\n", 1)[0]
    match = re.search(r'^"X-Reviewed-By:[ \t]*(.*?)\\n"$', header, re.MULTILINE)
    return match[1].strip() if match else ""


@lru_cache(maxsize=64)
def _reviewed(code: str, kit_root: Path | None, stamp: tuple) -> bool:
    source: dict = {}  # (msgid, msgctxt) → whether the catalogue it is printed from names a reviewer
    for path in catalogue_paths(code, kit_root):
        base = kit_root if kit_root and path.is_relative_to(kit_root) else locales_dir().parent
        named = bool(reviewer(path))
        for message in read_catalogue(path, relative(path, base), code):
            if is_translated(message):
                source[(message_key(message.id), message.context)] = named
    return all(source.get((message_key(m.id), m.context), False) for m in template_catalogue() if m.id)


def message_key(msgid: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    """A msgid as a dictionary key (a plural message's is its singular and plural)."""
    return msgid if isinstance(msgid, str) else tuple(msgid)


def is_reviewed(code: str, kit_root: Path | None, declared: list[str] | tuple[str, ...] = ()) -> bool:
    """True when the pages of `code` need no "draft translation" mark.

    English is the source. Otherwise the kit declares the locale reviewed, or
    every message is translated, and each by a catalogue that names a reviewer
    (X-Reviewed-By) — the kit's where it has one, else the built-in one.
    """
    if code == SOURCE_LOCALE or code in declared:
        return True
    if code == PSEUDO_LOCALE:
        return False
    return _reviewed(code, kit_root, _stamp(code, kit_root))
