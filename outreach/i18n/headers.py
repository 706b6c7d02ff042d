"""Catalogue headers: the standard header outreach writes, and the check of a catalogue's header.

A catalogue's header (its `msgid ""` entry) must name its Language, its
Content-Type with a charset, and its Plural-Forms, whose nplurals must be the
number of plural forms CLDR gives the language (see outreach.i18n.locales).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from gettext import c2py
from importlib.metadata import PackageNotFoundError, version

from ..errors import Problem
from .locales import is_known_locale, locale_info

REQUIRED = ("Language", "Content-Type", "Plural-Forms")
PLACEHOLDERS = ("EMAIL@ADDRESS", "FULL NAME", "LL@li.org", "outreach VERSION")
"""What Babel writes into a field it has no value for; outreach writes the field empty instead."""
_FIELD = re.compile(r'^"([A-Za-z][\w-]*):')
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_RULE = re.compile(r"(?<![\w])plural\s*=\s*([^;]+)")
SAMPLE_NUMBERS = (*range(1001), 10_000, 100_000, 1_000_000, 1_000_001)
"""The whole numbers a catalogue's plural rule is compared with CLDR's on."""


@cache
def outreach_version() -> str:
    try:
        return version("outreach")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def generator() -> str:
    """The X-Generator header's value."""
    return f"outreach {outreach_version()}"


def standard_header(text: str, extra: dict[str, str]) -> str:
    """A .po/.pot file as Babel wrote it, with a header a translator's tools accept: no placeholder left
    (a field Babel filled with one is written empty), `X-Generator: outreach <version>`, then `extra`."""
    head, rest = text.split("\n\n", 1)
    year = str(datetime.now(UTC).year)
    lines = [
        line.replace("YEAR", year) if line.startswith("#") else line
        for line in head.split("\n")
        if not line.startswith("# FIRST AUTHOR")
    ]
    lines = [re.sub(r'^"([\w-]+): .*\\n"$', r'"\1: \\n"', line) if _placeholder(line) else line for line in lines]
    fields = {"Project-Id-Version": generator(), "X-Generator": generator()}
    for name, value in {**fields, **extra}.items():
        field = f'"{name}: {value}\\n"'
        at = next((i for i, line in enumerate(lines) if line.startswith(f'"{name}:')), None)
        if at is None:
            lines.append(field)
        else:
            lines[at] = field
    return "\n".join(lines) + "\n\n" + rest


def _placeholder(line: str) -> bool:
    return line.startswith('"') and any(p in line for p in PLACEHOLDERS)


def header_fields(text: str) -> tuple[int, dict[str, tuple[int, str]]]:
    """The line of a catalogue's `msgid ""` header entry (0: none) and its fields: name → (line, value)."""
    lines = text.splitlines()
    start = next(
        (i for i, line in enumerate(lines[:-1]) if line == 'msgid ""' and lines[i + 1].startswith("msgstr ")), None
    )
    if start is None:
        return 0, {}
    fields: dict[str, tuple[int, str]] = {}
    name, ended = "", True
    for number, line in enumerate(lines[start + 1 :], start + 2):
        piece = line.removeprefix("msgstr ").strip()
        if not piece.startswith('"'):
            break
        for segment in re.split(r"(?<=\\n)", piece[1:-1]):  # a line may hold several fields, each ending in \n
            found = _FIELD.match(f'"{segment}')
            if ended and found:
                name = found[1]
                fields[name] = (number, segment[len(name) + 1 :])
            elif name and segment:
                fields[name] = (fields[name][0], fields[name][1] + segment)
            ended = segment.endswith("\\n") if segment else ended
    return start + 1, {key: (line, value.removesuffix("\\n").strip()) for key, (line, value) in fields.items()}


def header_problems(text: str, display: str, code: str) -> list[Problem]:
    """What is wrong with a catalogue's header: a required field missing, a Content-Type without a charset,
    a Language other than its folder's, or a Plural-Forms whose nplurals or rule is not CLDR's for the language."""
    start, fields = header_fields(text)
    if not start:
        return [
            Problem(
                display, 1, "header", 'gettext catalogue has no header (the msgid "" entry); run `outreach i18n update`'
            )
        ]
    known = is_known_locale(code)
    plural = locale_info(code).plural_forms if known else ""
    name = locale_info(code).english if known else code
    examples = {
        "Language": code.replace("-", "_"),
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": plural or "nplurals=N; plural=EXPRESSION;",
    }
    problems = [
        Problem(display, start, "header", f'has no {field} field; add "{field}: {examples[field]}\\n"')
        for field in REQUIRED
        if field not in fields
    ]
    if "Content-Type" in fields and "charset=" not in fields["Content-Type"][1].lower():
        line = fields["Content-Type"][0]
        problems.append(Problem(display, line, "Content-Type", 'names no charset; write "text/plain; charset=UTF-8"'))
    if "Language" in fields and fields["Language"][1].replace("_", "-").lower() != code.lower():
        line, value = fields["Language"]
        problems.append(
            Problem(
                display,
                line,
                "Language",
                f"says {value!r}, but the catalogue is in the {code} folder; write {examples['Language']!r}",
            )
        )
    if "Plural-Forms" in fields and plural:
        line, value = fields["Plural-Forms"]
        said, expected = _NPLURALS.search(value), _NPLURALS.search(plural)
        if expected and (not said or said[1] != expected[1]):
            problems.append(
                Problem(
                    display,
                    line,
                    "Plural-Forms",
                    f"{'says nplurals=' + said[1] if said else 'names no nplurals'}, but {name} has "
                    f"{expected[1]} plural form{'s' if expected[1] != '1' else ''} (CLDR); write "
                    f'"Plural-Forms: {plural}\\n" and give each plural message that many msgstr[N] lines',
                )
            )
        elif expected and (wrong := rule_problem(value, plural, name)):
            problems.append(Problem(display, line, "Plural-Forms", f'{wrong}; write "Plural-Forms: {plural}\\n"'))
    return problems


def rule_problem(value: str, expected: str, name: str) -> str:
    """What is wrong with the plural rule of a Plural-Forms header whose nplurals is right: not a gettext
    expression, or one that picks another form than CLDR's rule for some whole number; empty when it is CLDR's."""
    said, wanted = _RULE.search(value), _RULE.search(expected)
    if not wanted:
        return ""
    if not said:
        return "names no plural rule (plural=...)"
    try:
        rule, cldr = c2py(said[1].strip()), c2py(wanted[1].strip())
        for n in SAMPLE_NUMBERS:
            if rule(n) != cldr(n):
                return (
                    f"plural={said[1].strip()} picks msgstr[{rule(n)}] for {n}, but {name} uses msgstr[{cldr(n)}] "
                    f"for {n} (CLDR's rule, {wanted[1].strip()})"
                )
    except (ValueError, SyntaxError, RecursionError, TypeError, ZeroDivisionError):
        return f"plural={said[1].strip()} is not a gettext plural expression"
    return ""
