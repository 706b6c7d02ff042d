"""Translations: gettext catalogues read from `.po` files with Babel.

The built-in catalogue of a locale is `locales/<code>/messages.po`; a kit may
add or override messages in `KIT/locales/<code>/messages.po`, and the kit wins.
English is the source language and needs no catalogue.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from .errors import KitError, Problem, relative
from .paths import locales_dir

SOURCE_LOCALE = "en"
CATALOGUE = "messages.po"


@dataclass(frozen=True)
class LocaleInfo:
    code: str
    name: str
    """The language's name in the language itself."""
    direction: str
    babel: Locale


def babel_locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


@lru_cache(maxsize=None)
def locale_info(code: str) -> LocaleInfo:
    loc = babel_locale(code)
    return LocaleInfo(code, loc.get_display_name(loc) or code, loc.text_direction, loc)


def is_known_locale(code: str) -> bool:
    try:
        babel_locale(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _catalogue_files(code: str, kit_root: Path | None) -> list[Path]:
    roots = [locales_dir()] + ([kit_root / "locales"] if kit_root else [])
    return [root / code / CATALOGUE for root in roots if (root / code / CATALOGUE).is_file()]


def available_locales(kit_root: Path | None) -> list[str]:
    """Locales that can be printed: the source language and every catalogue found."""
    codes = {SOURCE_LOCALE}
    for root in [locales_dir()] + ([kit_root / "locales"] if kit_root else []):
        if root.is_dir():
            codes.update(p.parent.name for p in root.glob(f"*/{CATALOGUE}"))
    return sorted(codes)


def read_catalogue(path: Path, display: str, code: str) -> Catalog:
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=code.replace("-", "_"), abort_invalid=True)
    except PoFileError as exc:
        line = exc.lineno + 1  # Babel counts from 0
        raise KitError([Problem(display, line, "", f"gettext catalogue: this line is not valid gettext: {exc.line.strip()!r}; "
                                "check it with msgfmt --check or Poedit")]) from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise KitError([Problem(display, 1, "", f"gettext catalogue cannot be read: {exc}")]) from exc


def _merged(code: str, kit_root: Path | None) -> Catalog:
    merged = Catalog(locale=code.replace("-", "_"))
    for path in _catalogue_files(code, kit_root):
        base = kit_root if kit_root and path.is_relative_to(kit_root) else locales_dir().parent
        for message in read_catalogue(path, relative(path, base), code):
            if message.id and message.string and not message.fuzzy:
                if message.id in merged:  # setting an existing id would keep the old string
                    del merged[message.id]
                merged[message.id] = message
    return merged


@lru_cache(maxsize=64)
def _translations(code: str, kit_root: Path | None, stamp: tuple) -> Translations:
    buffer = io.BytesIO()
    write_mo(buffer, _merged(code, kit_root))
    buffer.seek(0)
    return Translations(fp=buffer)


def translations(code: str, kit_root: Path | None) -> Translations:
    """The merged catalogue for `code` (built-in, then the kit's, the kit winning)."""
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in _catalogue_files(code, kit_root))
    return _translations(code, kit_root, stamp)
