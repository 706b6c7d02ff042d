"""The words each material will print, without rendering a PDF.

Each location × format × locale is rendered to HTML with the same templates,
translations and view as the build (Jinja only, no WeasyPrint), and its text is
read as the glyph check reads it (outreach.render.text): segments at block
boundaries, each marked when it is a heading. A card sheet prints its card's words, so the card stands for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..kit.formats import Format
from ..kit.load import Kit
from ..kit.model import Location
from ..pages.template_deps import closure
from ..pages.templating import render_template
from ..pages.views import page_context
from ..render.text import Segment, page_text
from .texts import Texts


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


def materials(kit: Kit, texts: Texts | None = None) -> list[Material]:
    """Every material the kit's locations get, in every locale, as printed text.

    Locations of one region that differ only in fields no template reads print the same text:
    it is rendered once (a thousand locations in a few dozen regions). `texts` may already hold it.
    """
    found: list[Material] = []
    seen: dict[tuple[str, str, str, str], tuple[Segment, ...]] = {}
    reads: dict[str, frozenset[str] | None] = {}
    for location, fmt, locale in _jobs(kit):
        if fmt.template not in reads:
            reads[fmt.template] = closure(kit.root, fmt.template).location_fields
        read = reads[fmt.template]
        key = (
            None
            if read is None
            else (fmt.name, locale, location.region, repr([getattr(location, f) for f in sorted(read)]))
        )
        segments = (seen.get(key) if key else None) or (texts.get(location, fmt, locale) if texts else None)
        html = None
        if segments is None:
            html = render_template(kit.root, locale, fmt.template, page_context(kit, location, fmt, locale))
            segments = page_text(html)
        if key:
            seen[key] = segments
        if texts:
            texts.put(location, fmt, locale, segments, html)  # the build renders this very page
        found.append(Material(location, fmt, locale, segments))
    return found
