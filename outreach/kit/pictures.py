"""A kit's SVG pictures hold everything they show: nothing in them reaches for another file.

An SVG can point outside itself: an <image> or <use> of another file or web address, a stylesheet it
@imports, a url() in its CSS or attributes, an xml-stylesheet instruction, or entities declared in a
DOCTYPE. Rendering refuses every such fetch (outreach.render.engine), and a picture that cannot draw fails
the build there; here the same references are found when the kit is loaded (`outreach check`), with the
file and line to fix. The SVG is read with expat and refused at its DOCTYPE, before any entity is
declared, let alone expanded; a picture embedded as a data: URL is read the same way.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes
from xml.parsers import expat

from ..errors import Problem, relative
from .yamlsource import Located

FIX = "a picture must hold everything it shows: embed the picture (a data: URL) or use a PNG"
_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)""", re.I | re.S)
_IMPORT = re.compile(r"@import\b", re.I)
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\(.)", re.S)
_DEPTH = 3
"""Pictures embedded in pictures are read this deep, no deeper."""


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def check_svgs(root: Path) -> list[Problem]:
    """A problem for every SVG under the kit's assets/ folder that refers to anything outside itself."""
    assets = root / "assets"
    problems = []
    for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if path.suffix.lower() == ".svg" and path.is_file() and not path.is_symlink():
            try:
                with path.open("rb") as stream:
                    _read(stream.read(), 0)
            except _Refused as refused:
                problems.append(Problem(relative(path, root), refused.line, "", refused.message))
    return problems


def _read(data: bytes, depth: int) -> None:
    """Raise _Refused at the first reference outside the picture, or when it is not XML."""
    parser = expat.ParserCreate(namespace_separator=" ")
    style: list[tuple[int, list[str]]] = []  # each <style> element's line and its text, as expat hands it over
    in_style = 0

    def doctype(name, system_id, public_id, internal_subset) -> None:
        raise _Refused(
            parser.CurrentLineNumber,
            "declares a DOCTYPE, whose entities could read other files or grow without end; "
            "delete the <!DOCTYPE …> line (an SVG needs none)",
        )

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal in_style
        line = parser.CurrentLineNumber
        local = tag.rpartition(" ")[2]
        if local == "style":
            in_style += 1
            style.append((line, []))
        for name, value in attributes.items():
            if name.rpartition(" ")[2] in ("href", "src"):
                _target(value, f"<{local} {name.rpartition(' ')[2]}>", line, depth)
            for match in _URL.finditer(_unescaped(value)):
                _target(match[2], f"url() in {name.rpartition(' ')[2]}", line, depth)

    def end(tag: str) -> None:
        nonlocal in_style
        if tag.rpartition(" ")[2] == "style":
            in_style -= 1

    def text(data: str) -> None:
        if in_style:
            style[-1][1].append(data)

    def instruction(target: str, data: str) -> None:
        if target == "xml-stylesheet":
            raise _Refused(parser.CurrentLineNumber, f"loads a stylesheet from elsewhere ({data.strip()}); {FIX}")

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise _Refused(error.lineno, f"is not an SVG outreach can read: {expat.ErrorString(error.code)}") from None
    for line, pieces in style:
        css = _unescaped("".join(pieces))  # lines counted after: exact unless an escape swallows a line break
        if match := _IMPORT.search(css):
            raise _Refused(line + css[: match.start()].count("\n"), f"@imports a stylesheet from elsewhere; {FIX}")
        for match in _URL.finditer(css):
            _target(match[2], "url() in its <style>", line + css[: match.start()].count("\n"), depth)


def _unescaped(css: str) -> str:
    """CSS with its escapes read (`\\75 rl(` is `url(`), so that none hides a reference from the patterns."""

    def character(match: re.Match) -> str:
        if match[2] is not None:
            return match[2]
        code = int(match[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _ESCAPE.sub(character, css)


def _target(reference: str, where: str, line: int, depth: int) -> None:
    """Accept a reference inside the picture (#id) or a picture embedded in it (data:); refuse the rest."""
    reference = reference.strip()
    if not reference or reference.startswith("#"):
        return
    if reference[:5].lower() != "data:":
        shown = reference if len(reference) <= 80 else reference[:77] + "…"
        raise _Refused(line, f"refers to {shown} ({where}), which outreach never fetches; {FIX}")
    header, _, payload = reference[5:].partition(",")
    if "svg" not in header.lower():
        return  # a raster picture, read by Pillow: it refers to nothing
    if depth + 1 >= _DEPTH:
        raise _Refused(line, f"nests SVG pictures more than {_DEPTH} deep ({where}); {FIX}")
    try:
        inner = base64.b64decode(payload, validate=False) if header.lower().endswith(";base64") else None
    except binascii.Error:
        raise _Refused(line, f"holds an embedded picture that is not valid base64 ({where})") from None
    try:
        _read(inner if inner is not None else unquote_to_bytes(payload), depth + 1)
    except _Refused as refused:
        raise _Refused(line, f"embeds an SVG picture ({where}) that {refused.message}") from None


LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg")


def check_logo(root: Path, logo: str, src: Located, problems: list[Problem]) -> None:
    """The logo is a picture inside the kit's assets/ folder, and nowhere else."""
    assets = (root / "assets").resolve()
    path = (assets / logo).resolve()
    loc = ("brand", "logo")
    if "://" in logo or not path.is_relative_to(assets):
        problems.append(src.problem(loc, f"{logo!r} must be a file inside the kit's assets/ folder, e.g. logo.png"))
    elif not path.is_file():
        problems.append(src.problem(loc, f"assets/{logo} does not exist; put the logo file there"))
    elif path.suffix.lower() not in LOGO_TYPES:
        problems.append(src.problem(loc, f"{logo!r} is not a picture outreach can print ({', '.join(LOGO_TYPES)})"))
