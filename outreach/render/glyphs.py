"""No missing glyphs: every character a page prints is drawn by a font of its locale's stack.

Checked before rendering, on the catalogues (each translated message, with its
file and line) and on each document's HTML (kit text, language names, dates: the
text exactly as it will print). Coverage is the union of the cmaps of the
stack's fonts (fontTools), a font's own file in the kit's assets/ winning over
the built-in one, as it does when rendering. Invisible format characters (the
bidi isolates, joiners, soft hyphens) draw nothing and need no glyph.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..errors import BuildError, KitError, Problem, relative
from ..i18n.catalogues import catalogue_paths, is_translated, pseudo_messages, read_catalogue, strings_of
from ..i18n.locales import FONT_FACES, PSEUDO_LOCALE, locale_info
from ..paths import asset_path, locales_dir
from .text import page_text

_SHOWN = 80


@lru_cache(maxsize=32)
def _cmap(path: Path, stamp: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (TTLibError, OSError, ValueError, KeyError, AssertionError) as exc:  # fontTools raises all of these
        message = f"is not a font outreach can read ({exc}); put an OpenType or TrueType file here"
        raise KitError([Problem(str(path), 0, "", message)]) from None


def _font_file(name: str, kit_root: Path | None) -> tuple[Path, int]:
    path = asset_path(name, kit_root)
    return path, path.stat().st_mtime_ns


@lru_cache(maxsize=64)
def _union(stack: tuple[tuple[tuple[Path, int], tuple[Path, int]], ...]) -> frozenset[int]:
    covered: set[int] = set()
    for regular, bold in stack:
        covered |= _cmap(*regular) & _cmap(*bold)
    return frozenset(covered)


def coverage(locale: str, kit_root: Path | None) -> frozenset[int]:
    """Code points some font of the locale's stack draws, in regular and in bold."""
    stack = tuple(
        tuple(_font_file(name, kit_root) for name in FONT_FACES[family]) for family in locale_info(locale).families
    )
    return _union(stack)


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cf", "Cc", "Zl", "Zp")


def missing(text: str, locale: str, kit_root: Path | None, covered: frozenset[int] | None = None) -> list[str]:
    """The characters of `text` that no font of the locale's stack draws, each once, in order."""
    covered = coverage(locale, kit_root) if covered is None else covered
    found: list[str] = []
    for char in text:
        if ord(char) not in covered and char not in found and not _invisible(char):
            found.append(char)
    return found


def describe(char: str, locale: str, text: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    families = ", ".join(locale_info(locale).families)
    shown = " ".join(text.split())
    shown = shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"
    return (
        f"character {char!r} (U+{ord(char):04X} {name}) has no glyph in the {locale} fonts ({families}), in {shown!r}"
    )


HINT = (
    "Nothing was written. Replace the character, or give the kit a font that has it: a file in "
    "KIT/assets/fonts/ with the built-in font's name is used instead of it (README: Fonts)."
)


def check_catalogues(locales: Iterable[str], kit_root: Path | None) -> None:
    """Raise KitError listing every translated message that has a character its locale's fonts lack."""
    problems = []
    for locale in sorted(set(locales)):
        if locale == PSEUDO_LOCALE:
            for source, text in pseudo_messages():
                problems += [
                    Problem(f"{locale} (pseudo-locale)", 0, f"msgid {source!r}", describe(c, locale, text))
                    for c in missing(text, locale, kit_root)
                ]
            continue
        for path in catalogue_paths(locale, kit_root):
            display = relative(path, kit_root if kit_root and path.is_relative_to(kit_root) else locales_dir().parent)
            for message in read_catalogue(path, display, locale):
                if not is_translated(message):
                    continue
                for text in strings_of(message):
                    problems += [
                        Problem(display, message.lineno or 0, "msgstr", describe(c, locale, text))
                        for c in missing(text, locale, kit_root)
                    ]
    if problems:
        raise KitError(problems)


def check_html(html: str, locale: str, kit_root: Path | None, label: str) -> None:
    """Raise BuildError naming the first character of the page's text that no font of the locale draws."""
    covered = coverage(locale, kit_root)
    for segment in page_text(html):
        chars = missing(segment.text, locale, kit_root, covered)
        if chars:
            raise BuildError(f"{label}: {describe(chars[0], locale, segment.text)}", HINT)
