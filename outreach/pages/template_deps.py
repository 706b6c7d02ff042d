"""What a format's templates depend on: the template files they reach, and the location fields they read.

Both are read from the templates themselves (Jinja's syntax tree), for content
keys: a template file outside a format's reach cannot change its documents,
and a location field no template reads cannot make two locations' documents
differ. When a template hides what it uses (a template name in a variable,
`location` passed on as a whole), the answer is "everything".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound, meta, nodes

from ..kit.model import Location
from .templating import environment


@dataclass(frozen=True)
class Closure:
    sources: dict[str, str]
    """Template name → digest of its source, for the template and every one it extends, includes or imports."""
    complete: bool
    """False when a template names another through a variable: then every template file counts."""
    location_fields: frozenset[str] | None
    """The fields of `location` these templates read; None when they may read any."""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def closure(kit_root: Path, name: str) -> Closure:
    env = environment(kit_root, "en")
    found: dict[str, str] = {}
    fields: set[str] | None = set()
    todo, complete = [name], True
    loader = env.loader
    assert loader is not None, "outreach.pages.templating always gives its environments a loader"
    while todo:
        current = todo.pop()
        if current in found:
            continue
        try:
            source, _, _ = loader.get_source(env, current)
        except (TemplateNotFound, OSError, UnicodeDecodeError):
            found[current] = "missing"  # templating reports it, naming the folders searched
            continue
        found[current] = _digest(source)
        parsed = _read(source)
        if parsed is None:
            fields = None  # templating reports the mistake with its line
            continue
        references, read = parsed
        complete = complete and None not in references
        todo.extend(ref for ref in references if ref)
        fields = None if fields is None or read is None else fields | read
    return Closure(found, complete, frozenset(fields) if complete and fields is not None else None)


@lru_cache(maxsize=256)
def _read(source: str) -> tuple[tuple[str | None, ...], frozenset[str] | None] | None:
    """The templates a source names and the location fields it reads; None when it does not parse."""
    try:
        tree = environment(None, "en").parse(source)
    except TemplateError:
        return None
    read = location_fields(tree)
    return tuple(meta.find_referenced_templates(tree)), None if read is None else frozenset(read)


def location_fields(tree: nodes.Template) -> set[str] | None:
    """The fields of `location` a template reads, when every use is a plain `location.<field>`.

    None when `location` is used any other way: passed to a macro or filter, assigned, indexed, a
    method called — then any field may reach the page.
    """
    plain, fields = set(), set()
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name == "location":
            plain.add(id(node.node))
            fields.add(node.attr)
    if any(node.name == "location" and id(node) not in plain for node in tree.find_all(nodes.Name)):
        return None
    return fields if fields <= set(Location.model_fields) else None
