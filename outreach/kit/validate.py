"""Kit files against the schema: pydantic's errors as `Problem`s a coordinator can act on.

Each error points at the file and line of the field (see yamlsource.Located) and
says what to write, in words rather than pydantic's.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from .yamlsource import Loc, Located

_TAG = re.compile(r"[\[\(]")
"""Parts of a pydantic error location that name a type or validator, not a field."""


def error_loc(error: Any) -> Loc:
    """Where a pydantic error is, as a path of field names and list indexes."""
    return tuple(part for part in error["loc"] if isinstance(part, int) or not _TAG.search(part))


def describe(error: Any, model: type[BaseModel]) -> str:
    """A pydantic error of `model` in words: what is wrong and what to write."""
    return friendly(error, model_at(model, error_loc(error)))


def friendly(error: dict[str, Any], model: type[BaseModel] | None) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        known = ", ".join(sorted(model.model_fields)) if model else ""
        return "is not a known field" + (f"; known fields: {known}" if known else "")
    plain = {
        "int_parsing": "must be a whole number",
        "int_type": "must be a whole number",
        "bool_parsing": "must be true or false",
        "bool_type": "must be true or false",
    }
    if kind in plain:
        return f"{plain[kind]} (got {error['input']!r})"
    if kind.startswith("date"):
        return f"must be a date written as YYYY-MM-DD, e.g. 2026-10-30 (got {error['input']!r})"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    message = message.replace("Input should be", "must be")
    if kind.startswith(("int", "bool", "literal", "string", "list", "dict", "float")):
        message += f" (got {error['input']!r})"
    return message


def model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that holds the field at the end of `loc`."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return None
        annotation = fields[part].annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            inner = getattr(candidate, "__args__", (candidate,))
            found = next((c for c in (candidate, *inner) if isinstance(c, type) and issubclass(c, BaseModel)), None)
            if found:
                current = found
                break
        else:
            return None
    return current if isinstance(current, type) else None


def validate(model: type[BaseModel], located: Located, problems: list[Problem], **extra: Any) -> Any:
    data = located.data
    if not isinstance(data, dict):
        problems.append(Problem(located.file, located.line_of(()), "", "must be a mapping of fields (key: value)"))
        return None
    try:
        return model(**{**data, **extra})
    except ValidationError as exc:
        for error in exc.errors():
            loc = error_loc(error)
            problems.append(located.problem(loc, describe(error, model)))
        return None


def within(located: Located, prefix: tuple, data: Any) -> Located:
    """The part of a file under `prefix`, keeping its line numbers."""
    n = len(prefix)
    return Located(located.file, data, {loc[n:]: line for loc, line in located.lines.items() if loc[:n] == prefix})


def prefixed(problems: list[Problem], start: int, prefix: str) -> None:
    problems[start:] = [
        Problem(p.file, p.line, f"{prefix}.{p.field}".rstrip("."), p.message, p.severity) for p in problems[start:]
    ]
