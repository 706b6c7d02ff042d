"""A page's printed text, read from its HTML: the one way every check reads what a page says.

The glyph check (outreach.render.glyphs), the language lint and the reading
level (outreach.checks) all read a page through `page_text`, so what they check
is exactly what prints: the text of the body, without <head>, <style>,
<script>, <template> or <title>, split into segments at block boundaries, each
marked when it is a heading. Only HTML's own white space (space, tab, line
breaks) is folded, as a browser folds it; a no-break space or any other
character stays, because it prints and needs a glyph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

BLOCKS = {
    "p",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "br",
    "section",
    "header",
    "footer",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "article",
    "aside",
    "main",
    "nav",
    "blockquote",
    "dt",
    "dd",
}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "header"}
HEADING_CLASSES = {"lead", "headline", "name"}
"""Class names the built-in templates give to headline-like text."""
HIDDEN = {"head", "style", "script", "template", "title"}
VOID = {"br", "img", "meta", "link", "hr", "input", "source", "wbr", "col", "area", "base", "embed", "param", "track"}

HTML_SPACE = " \t\n\r\f"
"""The characters HTML folds into one space; no others."""
_SPACES = re.compile(f"[{re.escape(HTML_SPACE)}]+")


@dataclass(frozen=True)
class Segment:
    """A run of text between block boundaries."""

    text: str
    heading: bool
    """Printed as a heading or a name."""


def _blank(text: str) -> bool:
    return not text.strip(HTML_SPACE)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, heading)
        self.hidden = 0
        self.segments: list[Segment] = []
        self.current: list[str] = []
        self.current_heading = False

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.current)).strip(" ")
        if text:
            self.segments.append(Segment(text, self.current_heading))
        self.current = []

    def _heading(self) -> bool:
        return any(heading for _, heading in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        if tag in BLOCKS:
            self._flush()
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append((tag, tag in HEADINGS or bool(classes & HEADING_CLASSES)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag in BLOCKS:
            self._flush()
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.hidden or (_blank(data) and not self.current):
            return
        if not _blank(data) and self._heading() != self.current_heading and not _blank("".join(self.current)):
            self._flush()
        if not _blank(data):
            self.current_heading = self._heading()
        self.current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def page_text(html: str) -> tuple[Segment, ...]:
    """The text a page prints, in reading order, as segments."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return tuple(parser.segments)
