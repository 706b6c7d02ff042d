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
from .locales import PSEUDO_LOCALE, locale_info
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


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_NUMBER = re.compile(r"\d(?:[\d\s().-]*\d){4,}")
"""Five or more digits, as a phone number or a text short code is written (a house number is fewer)."""


def placeholder_problems(message: Message) -> list[str]:
    """What is wrong with a translated message: a placeholder the source text does not have (it would stop
    the build), a number the source text does not print (a translation must not put its own number on a
    poster), or a lone % (write %% for a percent sign)."""
    source = msgid_of(message)
    known = set(_PLACEHOLDER.findall(source))
    found = []
    for string in strings_of(message):
        if not string:
            continue
        unknown = sorted(set(_PLACEHOLDER.findall(string)) - known)
        if unknown:
            have = ", ".join(f"%({name})s" for name in sorted(known)) or "none"
            found.append(
                f"uses {', '.join(f'%({name})s' for name in unknown)}, which {source!r} does not have "
                f"(it has: {have}); copy the placeholders from the source text as they are"
            )
        for number in sorted(set(_NUMBER.findall(string)) - set(_NUMBER.findall(source))):
            found.append(
                f"prints {number}, which {source!r} does not: phone numbers come from the services, "
                "never from a translation; take it out"
            )
        if "%" in _PLACEHOLDER.sub("", string).replace("%%", ""):
            found.append(f"has a lone % in {string!r}: write %% for a percent sign, %(name)s for a placeholder")
    return found


def read_catalogue(path: Path, display: str, code: str) -> Catalog:
    """A catalogue read with Babel; a line that is not gettext, a .po header that lacks a required field or
    has the wrong number of plural forms, or a translation whose placeholders do not match its source text,
    is a KitError naming the file and line."""
    catalogue = _read(path, display, code)
    problems = header_problems(path.read_text("utf-8", "replace"), display, code) if path.suffix == ".po" else []
    problems += [
        Problem(display, message.lineno or 1, "msgstr", problem)
        for message in catalogue
        if message.id and not message.fuzzy
        for problem in placeholder_problems(message)
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
        raise KitError(
            [
                Problem(
                    display,
                    line,
                    "",
                    f"gettext catalogue: this line is not valid gettext: {exc.line.strip()!r}; "
                    "check it with msgfmt --check or Poedit",
                )
            ]
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


def babel_locale(code: str):
    """Babel's CLDR locale for `code`.

    Raises KeyError for a language CLDR lacks (hmn, ksw: see outreach.i18n.locales).
    """
    found = locale_info(code).babel
    if found is None:
        raise KeyError(code)
    return found


def strings_of(message: Message) -> list[str]:
    """A message's translations: one, or one per plural form (empty where untranslated)."""
    string = message.string
    return [s or "" for s in string] if isinstance(string, (list, tuple)) else [string or ""]


def msgid_of(message: Message) -> str:
    """A message's source text (the singular, for a message with plural forms)."""
    return message.id if isinstance(message.id, str) else message.id[0]


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
                if message.id in merged:  # setting an existing id would keep the old string
                    del merged[message.id]
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
    source: dict = {}  # msgid → whether the catalogue it is printed from names a reviewer
    for path in catalogue_paths(code, kit_root):
        base = kit_root if kit_root and path.is_relative_to(kit_root) else locales_dir().parent
        named = bool(reviewer(path))
        for message in read_catalogue(path, relative(path, base), code):
            if is_translated(message):
                source[message.id] = named
    return all(source.get(m.id, False) for m in template_catalogue() if m.id)


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
