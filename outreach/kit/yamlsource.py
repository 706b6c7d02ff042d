"""Safe YAML loading that remembers the line of every key and list item.

Only plain YAML is accepted (no tags that build Python objects), duplicate keys
are errors, and every problem is a `Problem` with the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem

MAX_BYTES = 5 * 1024 * 1024
"""A kit file larger than this is refused: real kits are far smaller."""
MAX_DEPTH = 24
"""Mappings and lists nested deeper than this are refused."""
MAX_NODES = 500_000
"""Values read from one file, aliases counted each time they are used (a guard against alias bombs)."""

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

Loc = tuple[Any, ...]


@dataclass
class Located:
    """Data loaded from one YAML file, with the line each part starts on."""

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest enclosing part that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def problem(self, loc: Loc, message: str, severity: str = "error") -> Problem:
        return Problem(self.file, self.line_of(loc), field_name(loc), message, severity)


def field_name(loc: Loc) -> str:
    """('locations', 2, 'region') → 'locations[2].region'."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


class _TooBig(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


class _Walker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.constructor = yaml.SafeLoader("")
        self.nodes = 0

    def walk(self, node: yaml.Node, loc: Loc) -> Any:
        self.nodes += 1
        line = node.start_mark.line + 1
        if self.nodes > MAX_NODES:
            raise _TooBig(line, f"holds more than {MAX_NODES:,} values (are aliases repeating a part many times?)")
        if len(loc) > MAX_DEPTH:
            raise _TooBig(line, f"is nested more than {MAX_DEPTH} levels deep; a kit file needs only a few")
        self.lines.setdefault(loc, line)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                return self._bad_tag(node, loc)
            out = []
            for index, item in enumerate(node.value):
                self.lines[loc + (index,)] = item.start_mark.line + 1
                out.append(self.walk(item, loc + (index,)))
            return out
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError:
            return self._bad_tag(node, loc)
        except (ValueError, OverflowError) as exc:  # a date that does not exist, such as 2026-02-30
            value = getattr(node, "value", "")
            return self._refuse(node, loc, f"{value!r} is not a real date ({exc}); write it as YYYY-MM-DD")

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> Any:
        if node.tag != _MAP_TAG:
            return self._bad_tag(node, loc)
        self.constructor.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.file, line, "", "a key must be plain text"))
                continue
            key = self.walk(key_node, loc + ("<key>",))
            if isinstance(key, (int, float, bool)) or key is None:
                key = key_node.value
            if key in out:
                self.problems.append(
                    Problem(
                        self.file, line, str(key), f"appears twice (first on line {self.lines[loc + (key,)]}); keep one"
                    )
                )
                continue
            self.lines[loc + (key,)] = line
            out[key] = self.walk(value_node, loc + (key,))
        self.lines.pop(loc + ("<key>",), None)
        return out

    def _bad_tag(self, node: yaml.Node, loc: Loc) -> None:
        return self._refuse(
            node, loc, f"the YAML tag {node.tag} is not allowed; write plain text, numbers, lists and mappings"
        )

    def _refuse(self, node: yaml.Node, loc: Loc, message: str) -> None:
        """A value that is left out, with the problem on its line."""
        self.problems.append(Problem(self.file, node.start_mark.line + 1, field_name(loc), message))
        return None


_PLAIN = (
    (
        "mapping values are not allowed",
        "a colon and a space inside a value start a new key: put the whole value in quotes, e.g. "
        'hours: "Call us: any time"; or, if this line is a key, indent it like the keys around it',
    ),
    ("tab", "a tab: YAML indents with spaces only; replace the tab with spaces"),
    (
        "did not find expected key",
        "this line is not indented like the lines around it: keys at the same level start in the same "
        "column (with spaces), and a text that goes on for lines is indented under its key",
    ),
    (
        "expected <block end>",
        "this line is not indented like the lines around it: keys at the same level start in the same column",
    ),
    (
        "could not find expected ':'",
        "a key needs a colon and a space after it (key: value); a text that goes on for lines is indented "
        "under its key, or put it in quotes",
    ),
    ("expected ',' or ']'", "a [ starts a list that is never closed with ]: close it, or put the text in quotes"),
    ("expected ',' or '}'", "a { starts a mapping that is never closed with }: close it, or put the text in quotes"),
    ("found undefined alias", "a * starts an alias in YAML: put the text in quotes"),
    ("found character '@'", "a value cannot start with @ in YAML: put it in quotes"),
    ("found character '`'", "a value cannot start with ` in YAML: put it in quotes"),
)
"""The parser's words for the mistakes people make most, and what to do about each."""


def plain_words(problem: str) -> str:
    """What a YAML syntax error means for someone who is not a programmer, and how to fix it."""
    for phrase, advice in _PLAIN:
        if phrase in problem:
            return advice
    return "this line is not valid YAML; compare it with the lines around it (or the README's example)"


def load_yaml(path: Path, display: str) -> tuple[Located, list[Problem]]:
    """Load `path` (shown to people as `display`); problems are returned, not raised."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Located(display, None), [
                Problem(
                    display, 0, "", f"is {size / 1048576:.1f} MB; a kit file may be at most {MAX_BYTES // 1048576} MB"
                )
            ]
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark from Windows editors is fine
    except UnicodeDecodeError as exc:
        return Located(display, None), [Problem(display, 1, "", f"is not UTF-8 text ({exc.reason}); save it as UTF-8")]
    except OSError as exc:
        return Located(display, None), [Problem(display, 0, "", f"cannot be read: {exc.strerror}")]
    try:
        node = yaml.compose(
            text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )  # libyaml when installed: 10x faster
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        source = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        advice = plain_words("tab" if "\t" in source else what)
        return Located(display, None), [Problem(display, line, "", f"{advice} (YAML: {what}{context})")]
    except yaml.YAMLError as exc:
        return Located(display, None), [Problem(display, 1, "", f"YAML syntax: {exc}")]
    except RecursionError:
        return Located(display, None), [Problem(display, 1, "", f"is nested more than {MAX_DEPTH} levels deep")]
    if node is None:
        return Located(display, None, {(): 1}), []
    walker = _Walker(display)
    try:
        data = walker.walk(node, ())
    except _TooBig as exc:
        return Located(display, None), [Problem(display, exc.line, "", exc.message)]
    return Located(display, data, walker.lines), walker.problems
