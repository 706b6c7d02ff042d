"""The words each material will print, without rendering a PDF.

Each location × format × locale is rendered to HTML with the same templates,
translations and view as the build (Jinja only, no WeasyPrint), and its visible
text is split into segments at block boundaries, each marked when it is a
heading. A card sheet prints its card's words, so the card stands for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Protocol

from ..formats import Format
from ..kit import Kit
from ..model import Location
from ..template_deps import closure
from ..templating import render_template
from ..views import page_context

BLOCKS = {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "div", "br", "section", "header", "footer",
          "figure", "figcaption", "table", "tr", "td", "th", "article", "aside", "main", "nav", "blockquote", "dt", "dd"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "header"}
HEADING_CLASSES = {"lead", "headline", "name"}
"""Class names the built-in templates give to headline-like text."""
HIDDEN = {"head", "style", "script", "template", "title"}
VOID = {"br", "img", "meta", "link", "hr", "input", "source", "wbr", "col", "area", "base", "embed", "param", "track"}


@dataclass(frozen=True)
class Segment:
    text: str
    heading: bool


@dataclass(frozen=True)
class Material:
    location: Location
    format: Format
    locale: str
    segments: tuple[Segment, ...]

    @property
    def label(self) -> str:
        return f"{self.format.name}.{self.locale}"

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, heading)
        self.hidden = 0
        self.segments: list[Segment] = []
        self.current: list[str] = []
        self.current_heading = False

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.segments.append(Segment(text, self.current_heading))
        self.current = []

    def _heading(self) -> bool:
        return any(heading for _, heading in self.stack)

    def handle_starttag(self, tag, attrs) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        if tag in BLOCKS:
            self._flush()
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append((tag, tag in HEADINGS or bool(classes & HEADING_CLASSES)))

    def handle_endtag(self, tag) -> None:
        if tag in VOID:
            return
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag in BLOCKS:
            self._flush()
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data) -> None:
        if self.hidden or not data.strip() and not self.current:
            return
        if data.strip() and self._heading() != self.current_heading and "".join(self.current).strip():
            self._flush()
        if data.strip():
            self.current_heading = self._heading()
        self.current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def visible_text(html: str) -> tuple[Segment, ...]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return tuple(parser.segments)


def _jobs(kit: Kit) -> Iterator[tuple[Location, Format, str]]:
    for location in kit.locations:
        seen = set()
        for name in kit.location_formats(location):
            fmt = kit.formats[name]
            fmt = kit.formats[fmt.sheet.card] if fmt.sheet else fmt
            if fmt.name in seen:
                continue
            seen.add(fmt.name)
            for locale in kit.location_locales(location):
                yield location, fmt, locale


class Texts(Protocol):
    """Printed text kept from an earlier build, by whatever decides that nothing it depends on changed."""

    def get(self, location: Location, fmt: Format, locale: str) -> tuple[Segment, ...] | None: ...

    def put(self, location: Location, fmt: Format, locale: str, segments: tuple[Segment, ...]) -> None: ...


def materials(kit: Kit, texts: Texts | None = None) -> list[Material]:
    """Every material the kit's locations get, in every locale, as printed text.

    Locations of one region that differ only in fields no template reads print the same text:
    it is rendered once (a thousand locations in a few dozen regions). `texts` may already hold it.
    """
    found, seen, reads = [], {}, {}
    for location, fmt, locale in _jobs(kit):
        if fmt.template not in reads:
            reads[fmt.template] = closure(kit.root, fmt.template).location_fields
        read = reads[fmt.template]
        key = None if read is None else (fmt.name, locale, location.region, repr([getattr(location, f) for f in sorted(read)]))
        segments = seen.get(key) or (texts.get(location, fmt, locale) if texts else None)
        if segments is None:
            segments = visible_text(render_template(kit.root, locale, fmt.template, page_context(kit, location, fmt, locale)))
        if key:
            seen[key] = segments
        if texts:
            texts.put(location, fmt, locale, segments)
        found.append(Material(location, fmt, locale, segments))
    return found
