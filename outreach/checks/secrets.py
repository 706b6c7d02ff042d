"""A confidential address must never be printed, wherever it is pasted.

outreach.pages.views keeps confidential addresses out of every template. This check finds
one that was written somewhere else: in any kit text (names, summaries, hours,
service notes, region and location names and notes, in every language), in the kit's own
translations and templates, or as the printed address of another service.

An address is found by its house number and street name ("1187 Quiet Harbor",
whatever the street type is written as) and by its street name with its type
("Quiet Harbor Lane", "Quiet Harbor Ln"), in any case and spacing, and however
it is disguised: HTML entities, compatibility forms (full-width digits),
zero-width and bidi control characters, Cyrillic or Greek look-alike letters.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, relative
from ..kit.load import Kit
from .compliance import Document
from .sources import service_source, text_fields

STREET_TYPES = [
    {"street", "st", "str"},
    {"avenue", "ave", "av"},
    {"road", "rd"},
    {"lane", "ln"},
    {"drive", "dr"},
    {"boulevard", "blvd"},
    {"court", "ct"},
    {"place", "pl"},
    {"way", "wy"},
    {"terrace", "ter"},
    {"circle", "cir"},
    {"parkway", "pkwy"},
    {"highway", "hwy"},
    {"trail", "trl"},
    {"square", "sq"},
    {"alley", "aly"},
    {"plaza", "plz"},
]
"""English street types, written out or abbreviated, as the last word of a street. Other forms
(Calle Mayor 12) are found as the whole street, in any case and spacing."""
_GAP = r"[\s.,#-]*"
"""Between the words of an address: nothing at all too ("Quiet\\u00adHarbor" once invisible characters go)."""


def _latin(char: str) -> str:
    """The Latin letter `char` looks like (Cyrillic а, Greek ο), from Unicode's confusables data; else itself."""
    if char.isascii() or not char.isalpha():
        return char
    return _LOOKALIKES[char]


class _Lookalikes(dict):
    """Non-Latin letter → the Latin letter it is confusable with, looked up once per letter."""

    def __missing__(self, char: str) -> str:
        from confusable_homoglyphs import confusables

        found = confusables.is_confusable(char, greedy=True, preferred_aliases=["latin"]) or []
        latin = [g["c"] for f in found for g in f["homoglyphs"] if g["n"].startswith("LATIN") and len(g["c"]) == 1]
        self[char] = latin[0] if latin else char
        return self[char]


_LOOKALIKES = _Lookalikes()


class _Seen(dict[int, str | None]):
    """A character (by code point) → as normalised() leaves it: None for an invisible format character, the Latin
    letter a look-alike stands for, else itself; for str.translate, worked out once per character."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        self[code] = None if unicodedata.category(char) == "Cf" else _latin(char)
        return self[code]


_SEEN = _Seen()


def normalised(text: str) -> str:
    """Text as a reader sees it: HTML entities decoded, compatibility forms folded (NFKC), invisible format
    characters removed (zero-width spaces, bidi controls, soft hyphens), look-alike letters made Latin."""
    return unicodedata.normalize("NFKC", html.unescape(text)).translate(_SEEN)


_ASCII = "abcdefghijklmnopqrstuvwxyz0123456789"
_IGNORING_CASE = {char: re.compile(char, re.IGNORECASE) for char in _ASCII}


class _AsAscii(dict[int, int]):
    """A character (by code point) → the ASCII letter or digit the patterns (re.IGNORECASE, so 'Q', and 'K' the
    Kelvin sign) match it as, itself when none; for str.translate, asked of `re` once per character."""

    def __missing__(self, code: int) -> int:
        self[code] = next((ord(a) for a in _ASCII if _IGNORING_CASE[a].fullmatch(chr(code))), code)
        return self[code]


_AS_ASCII = _AsAscii()


@dataclass(frozen=True)
class Secret:
    sid: str
    street: str
    patterns: tuple[re.Pattern, ...]
    needs: tuple[str, ...] = ()
    """ASCII words each pattern finds only where the text holds them (translated by _AS_ASCII); none: search."""


def held(secrets: Sequence[Secret], text: str) -> list[Secret]:
    """The secrets `text` holds, however disguised; the text is normalised once for them all, and a secret whose
    words it does not hold is not searched for."""
    plain = normalised(text)
    letters = plain.translate(_AS_ASCII)
    return [
        secret
        for secret in secrets
        if all(word in letters for word in secret.needs) and any(p.search(plain) for p in secret.patterns)
    ]


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def _phrase(words: list[str]) -> str:
    return _GAP.join(re.escape(w) for w in words)


def secret_patterns(street: str) -> tuple[tuple[re.Pattern, ...], tuple[str, ...]]:
    """What betrays a street address: '1187 Quiet Harbor' and 'Quiet Harbor Lane'/'Ln'; and the words all of them
    need (Secret.needs): the street's name without its number or type, when it is all ASCII."""
    words = _words(street)
    kinds = next((k for k in STREET_TYPES if len(words) > 1 and words[-1] in k), None)
    name = words[:-1] if kinds else words  # without the street type
    numbered = bool(name) and name[0][0].isdigit() and len(name) > 1
    patterns = []
    if numbered:
        patterns.append(_phrase(name))
    if kinds:
        types = "|".join(sorted(map(re.escape, kinds)))
        patterns.append(f"{_phrase(name[1:] if numbered else name)}{_GAP}(?:{types})")
    if words and not patterns:
        patterns.append(_phrase(words))
    needs = name[1:] if numbered else name  # in every pattern; `words` itself when it has no type
    found = tuple(re.compile(rf"(?<!\w){p}(?!\w)", re.IGNORECASE) for p in patterns)
    return found, tuple(needs) if all(word.isascii() for word in needs) else ()


def secrets(kit: Kit) -> list[Secret]:
    return [
        Secret(sid, s.address.street, *secret_patterns(s.address.street))
        for sid, s in kit.services.items()
        if s.address and s.address.confidential
    ]


def _kit_files(kit: Kit) -> Iterator[Path]:
    for folder, pattern in (("locales", "*/messages.po"), ("templates", "**/*")):
        root = kit.root / folder
        if root.is_dir():
            yield from sorted(p for p in root.glob(pattern) if p.is_file())


def _message(secret: Secret) -> str:
    return (
        f"holds the confidential address of {secret.sid} ({secret.street!r}); it must never be printed. "
        "Remove it; materials say 'Call for the address.' instead"
    )


def check(kit: Kit) -> list[Problem]:
    found = secrets(kit)
    if not found:
        return []
    problems = []
    for field in text_fields(kit):
        for secret in held(found, field.text):
            problems.append(field.source.problem(field.loc, _message(secret)))
    for sid, service in kit.services.items():
        if service.address and not service.address.confidential:
            for secret in held(found, service.address.street):
                if secret.sid != sid:
                    problems.append(
                        service_source(kit, sid).problem(
                            ("address", "street"),
                            (
                                f"is the confidential address of {secret.sid} and would be printed here; "
                                "set confidential: true, or check which address is right"
                            ),
                        )
                    )
    for path in _kit_files(kit):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # unreadable files are reported where they are loaded
        for number, line in enumerate(lines, start=1):
            for secret in held(found, line):
                problems.append(Problem(relative(path, kit.root), number, "", _message(secret)))
    return problems


def check_printed(kit: Kit, documents: Sequence[Document], text_of: Callable[[bytes], str]) -> list[Problem]:
    """The last guard: the extracted text of every rendered document, read for a confidential address
    (whatever put it there: a template, a translation, a font's ligature)."""
    found = secrets(kit)
    if not found:
        return []
    read: dict[bytes, list[Secret]] = {}  # documents that share a PDF are read once
    problems = []
    for doc in documents:
        if doc.pdf not in read:
            read[doc.pdf] = held(found, " ".join(text_of(doc.pdf).split()))
        if read[doc.pdf]:
            problems.append(Problem(doc.job.file, 0, "", f"the rendered page {_message(read[doc.pdf][0])}"))
    return problems
