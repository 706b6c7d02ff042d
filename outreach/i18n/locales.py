"""What outreach knows about each language: name, direction, plurals, fonts, dates and lists.

CLDR (through Babel) knows most languages. Some that Minnesota counties print
in, Hmong (`hmn`) and S'gaw Karen (`ksw`), are not in CLDR, so this module keeps
its own entries for them; everything else asks Babel. `en-XA` is the
pseudo-locale used to test layouts (see outreach.i18n.pseudo).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_skeleton
from babel.lists import format_list as babel_format_list
from babel.messages.plurals import get_plural
from babel.plural import PluralRule, to_gettext

PSEUDO_LOCALE = "en-XA"

LTR_ISOLATE = "\u2066"
"""LRI: what follows is left-to-right, whatever surrounds it."""
FIRST_STRONG_ISOLATE = "\u2068"
"""FSI: what follows takes the direction of its first letter."""
POP_ISOLATE = "\u2069"
"""PDI: the end of the isolate."""

FONT_FACES: dict[str, tuple[str, str]] = {
    "Outreach Sans": ("fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf"),
    "Outreach Arabic": ("fonts/NotoSansArabic-Regular.ttf", "fonts/NotoSansArabic-Bold.ttf"),
    "Outreach Ethiopic": ("fonts/NotoSansEthiopic-Regular.ttf", "fonts/NotoSansEthiopic-Bold.ttf"),
    "Outreach Myanmar": ("fonts/NotoSansMyanmar-Regular.ttf", "fonts/NotoSansMyanmar-Bold.ttf"),
    "Outreach CJK": ("fonts/NotoSansCJKsc-Regular.subset.otf", "fonts/NotoSansCJKsc-Bold.subset.otf"),
}
"""CSS font family → (regular, bold) files under assets/. A kit's assets/ folder
may hold a file of the same name (a fuller font, say): it is used instead."""

BASE_FAMILY = "Outreach Sans"
"""Every stack ends with Noto Sans: Latin, digits, punctuation, the bidi isolates."""

SCRIPT_FAMILIES = {
    "Arab": "Outreach Arabic",
    "Ethi": "Outreach Ethiopic",
    "Mymr": "Outreach Myanmar",
    "Hans": "Outreach CJK",
    "Hani": "Outreach CJK",
}
"""ISO 15924 script → the family that draws it; any other script is drawn by Noto Sans alone."""


@dataclass(frozen=True)
class LocaleInfo:
    code: str
    name: str
    """The language's name in the language itself."""
    english: str
    direction: str
    """ltr or rtl."""
    plural_forms: str
    """The gettext Plural-Forms header."""
    families: tuple[str, ...]
    """The CSS font stack, most specific first; always ends with Outreach Sans."""
    babel: Locale | None
    """CLDR data for dates, lists and language names; None for a language CLDR lacks."""
    pseudo: bool = False

    @property
    def font_faces(self) -> list[tuple[str, int, str]]:
        """(family, weight, file under assets/) of every font in the stack, for CSS @font-face."""
        return [
            (family, weight, FONT_FACES[family][index])
            for family in self.families
            for index, weight in enumerate((400, 700))
        ]

    @property
    def catalogue_language(self) -> str:
        """The code as gettext and Babel write it in a catalogue header (zh_Hans, not zh-Hans)."""
        return self.code.replace("-", "_")


@dataclass(frozen=True)
class _Own:
    """A language CLDR does not have: what this project knows about it."""

    name: str
    english: str
    script: str
    direction: str = "ltr"
    plural_forms: str = "nplurals=1; plural=0;"
    conjunction: str = "and"
    """The word before the last item of a list: 'A, B and C'."""
    months: tuple[str, ...] = ()
    """January … December; empty: dates are written as month/year in digits."""
    languages: dict[str, str] = field(default_factory=dict)
    """Language code → that language's name in this language."""


OWN: dict[str, _Own] = {
    # Hmong (Hmoob), in the Romanized Popular Alphabet; no grammatical plural.
    "hmn": _Own(
        name="Hmoob",
        english="Hmong",
        script="Latn",
        conjunction="thiab",
        months=tuple(
            f"Lub {n} Hlis"
            for n in ("Ib", "Ob", "Peb", "Plaub", "Tsib", "Rau", "Xya", "Yim", "Cuaj", "Kaum", "Kaum Ib", "Kaum Ob")
        ),
        languages={
            "en": "Lus Askiv",
            "es": "Lus Mev",
            "so": "Lus Somali",
            "hmn": "Lus Hmoob",
            "vi": "Lus Nyab Laj",
            "ar": "Lus Arab",
            "am": "Lus Amharic",
            "ksw": "Lus Karen",
            "zh": "Lus Suav",
        },
    ),
    # S'gaw Karen (Pgaz K'Nyau), in Myanmar script. Other languages' names fall back to English.
    "ksw": _Own(name="ကညီကျိာ်", english="S'gaw Karen", script="Mymr", conjunction="ဒီး"),
}

NAMES_ELSEWHERE: dict[str, dict[str, str]] = {
    # CLDR has no name for Karen in any language: these are used on other locales' pages.
    "ksw": {
        "en": "Karen",
        "es": "karen",
        "so": "Karen",
        "vi": "Tiếng Karen",
        "ar": "الكارينية",
        "am": "ካረንኛ",
        "zh": "克伦语",
    },
}


def _script(code: str) -> str:
    parts = code.replace("-", "_").split("_")
    if len(parts) > 1 and len(parts[1]) == 4:
        return parts[1].title()
    likely = get_global("likely_subtags").get(parts[0], "")
    found = [p for p in likely.split("_") if len(p) == 4]
    return found[0] if found else "Latn"


def _families(script: str) -> tuple[str, ...]:
    family = SCRIPT_FAMILIES.get(script)
    return (family, BASE_FAMILY) if family else (BASE_FAMILY,)


def _parse(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


@cache
def locale_info(code: str) -> LocaleInfo:
    """Everything about `code`; raises KeyError for a code neither CLDR nor this table knows."""
    if code == PSEUDO_LOCALE:
        english = _parse("en")
        return LocaleInfo(
            code,
            "English (pseudo-locale)",
            "English (pseudo-locale)",
            "ltr",
            "nplurals=2; plural=(n != 1);",
            _families("Latn"),
            english,
            pseudo=True,
        )
    own = OWN.get(code)
    if own:
        return LocaleInfo(code, own.name, own.english, own.direction, own.plural_forms, _families(own.script), None)
    try:
        loc = _parse(code)
    except (UnknownLocaleError, ValueError) as exc:
        raise KeyError(code) from exc
    return LocaleInfo(
        code,
        loc.get_display_name(loc) or code,
        loc.get_display_name("en") or code,
        loc.text_direction,
        gettext_plural_forms(loc),
        _families(_script(code)),
        loc,
    )


_EXPONENT = re.compile(r"\be\b")
_TWO_FORMS = {"(n != 1)": lambda n: n != 1, "(n > 1)": lambda n: n > 1}


def gettext_plural_forms(loc: Locale) -> str:
    """CLDR's plural rule (from Babel) for whole numbers, as a gettext Plural-Forms header.

    CLDR gives French, Spanish, Italian, Portuguese and Catalan a third form, "many", used only for
    exact millions and numbers in exponent notation (its rule needs the exponent operand `e`). GNU
    gettext, pofilter and Weblate write those languages with two forms, and so does outreach: a
    category whose rule needs `e` is left out, which makes French `nplurals=2; plural=(n > 1);`.
    """
    cldr = get_plural(loc)
    rules = {tag: rule for tag, rule in loc.plural_form.rules.items() if not _EXPONENT.search(rule)}
    if len(rules) == len(loc.plural_form.rules):
        return f"nplurals={cldr.num_plurals}; plural={cldr.plural_expr};"
    rule = PluralRule(rules)
    if set(rules) == {"one"}:
        for expr, other in _TWO_FORMS.items():
            if all((rule(n) != "one") == other(n) for n in range(1001)):
                return f"nplurals=2; plural={expr};"
    return to_gettext(rule)


def is_known_locale(code: str) -> bool:
    try:
        locale_info(code)
    except KeyError:
        return False
    return True


def format_list(items: list[str], code: str) -> str:
    """'A, B and C' in the language of `code`."""
    info = locale_info(code)
    if info.babel is not None:
        return babel_format_list(items, locale=info.babel)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {OWN[code].conjunction} {items[-1]}"


def month_year(day: date, code: str) -> str:
    """The month and year of `day`, as people writing `code` write it (e.g. 'November 2026')."""
    info = locale_info(code)
    if info.babel is not None:
        return format_skeleton("yMMMM", day, locale=info.babel)
    months = OWN[code].months
    return f"{months[day.month - 1]} {day.year}" if months else f"{day.month}/{day.year}"


def language_name(language: str, code: str) -> str:
    """The name of `language` in the language of `code`, in a script that locale's fonts draw."""
    info = locale_info(code)
    base = code.split("-")[0]
    candidates = []
    if info.babel is not None:
        candidates.append(info.babel.languages.get(language.replace("-", "_")))
    if code in OWN:
        candidates.append(OWN[code].languages.get(language))
    candidates.append(NAMES_ELSEWHERE.get(language, {}).get(base))
    if language == code:
        candidates.append(info.name)
    candidates += [_parse("en").languages.get(language.replace("-", "_")), NAMES_ELSEWHERE.get(language, {}).get("en")]
    return next((name for name in candidates if name), language)


def isolate(text: str, code: str) -> str:
    """`text` kept left-to-right inside right-to-left text (phone numbers, short codes, web addresses)."""
    if not text or locale_info(code).direction != "rtl":
        return text
    return f"{LTR_ISOLATE}{text}{POP_ISOLATE}"


def isolate_fallback(text: str, code: str) -> str:
    """Text in another language (a fallback) kept in its own direction inside right-to-left text."""
    if not text or locale_info(code).direction != "rtl":
        return text
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_ISOLATE}"
