"""One message of a catalogue: its source text, its translations, and what is wrong with its placeholders.

A translation must use the placeholders of its source text, all of them and no
other (`%(number)s` is a poster line's number), print no phone number of its
own, and write a percent sign as `%%`. A plural form the language's rule picks
for one number only (Arabic's forms for 0, 1 and 2) may say that number in
words, and leave `%(count)s` out.
"""

from __future__ import annotations

import re
from gettext import c2py

from babel.messages.catalog import Message

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_NUMBER = re.compile(r"\d(?:[\d\s().-]*\d){4,}")
"""Five or more digits, as a phone number or a text short code is written (a house number is fewer)."""


COUNT = "count"
"""The placeholder of a plural message's number (Jinja's `{% trans count=... %}`)."""


def placeholder_problems(message: Message, single: frozenset[int] = frozenset()) -> list[str]:
    """What is wrong with a translated message: a placeholder the source text does not have (it would stop
    the build), one it leaves out (a poster line without its number), a number the source text does not print
    (a translation must not put its own number on a poster), or a lone % (write %% for a percent sign).

    `single` are the plural forms the catalogue's rule picks for one number only (Arabic's forms for 0, 1 and 2):
    those may say the number in words and leave %(count)s out."""
    source = msgid_of(message)
    sources = [message.id] if isinstance(message.id, str) else [i for i in message.id if i]
    known = {name for text in sources for name in _PLACEHOLDER.findall(text)}
    found = []
    strings = strings_of(message)
    for index, string in enumerate(strings):
        if not string:
            continue
        form = f"msgstr[{index}] " if not isinstance(message.id, str) else ""
        used = set(_PLACEHOLDER.findall(string))
        unknown = sorted(used - known)
        if unknown:
            have = ", ".join(f"%({name})s" for name in sorted(known)) or "none"
            found.append(
                f"{form}uses {', '.join(f'%({name})s' for name in unknown)}, which {source!r} does not have "
                f"(it has: {have}); copy the placeholders from the source text as they are"
            )
        dropped = sorted(known - used - ({COUNT} if index in single and not isinstance(message.id, str) else set()))
        if dropped:
            names = ", ".join(f"%({name})s" for name in dropped)
            found.append(
                f"{form}leaves out {names}, which {source!r} has: the page would print without what it holds "
                f"(a number, a name); put {'each' if len(dropped) > 1 else 'it'} in the translation as written"
            )
        for number in sorted(set(_NUMBER.findall(string)) - set(_NUMBER.findall(source))):
            found.append(
                f"prints {number}, which {source!r} does not: phone numbers come from the services, "
                "never from a translation; take it out"
            )
        if "%" in _PLACEHOLDER.sub("", string).replace("%%", ""):
            found.append(f"has a lone % in {string!r}: write %% for a percent sign, %(name)s for a placeholder")
    return found


def strings_of(message: Message) -> list[str]:
    """A message's translations: one, or one per plural form (empty where untranslated)."""
    string = message.string
    return [s or "" for s in string] if isinstance(string, (list, tuple)) else [string or ""]


def msgid_of(message: Message) -> str:
    """A message's source text (the singular, for a message with plural forms)."""
    return message.id if isinstance(message.id, str) else message.id[0]


def single_forms(expression: str, forms: int) -> frozenset[int]:
    """The plural forms a gettext plural expression picks for exactly one whole number (of 0 to 1000)."""
    try:
        rule = c2py(expression)
        picked = [rule(n) for n in range(1001)]
    except (ValueError, SyntaxError, RecursionError, TypeError, ZeroDivisionError):
        return frozenset()  # the header check names a rule that is not gettext
    return frozenset(form for form in range(forms) if picked.count(form) == 1)
