"""Kit text that looks like markup or code is printed as it is, and the coordinator is told.

Templates escape every kit value, so `<b>`, `{{ x }}` or `url(...)` in a
summary can never change a page; but a coordinator who pasted it probably did
not mean to print those characters.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..kit.load import Kit
from .sources import text_fields

_MARKUP = re.compile(r"<\s*[a-zA-Z/!]|\{\{|\{%|\burl\s*\(|\bjavascript\s*:|@import", re.IGNORECASE)


def check(kit: Kit) -> list[Problem]:
    problems = []
    for field in text_fields(kit):
        if field.printed and (match := _MARKUP.search(field.text)):
            problems.append(
                field.source.problem(
                    field.loc,
                    f"contains {match.group(0)!r}, which looks like markup or code; it is printed exactly as written, "
                    "as text (nothing in it is run) — remove it unless you mean to print those characters",
                    "warning",
                )
            )
    return problems
