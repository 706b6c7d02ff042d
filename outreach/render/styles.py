"""A page's stylesheets parsed once per worker, not once per layout.

Fitting lays a page out two or more times (outreach.render.fit), and the
pages of a format share their CSS: parsing it was a fifth of a layout. While
a Renderer lays a page out (`StyleCache.active`), WeasyPrint's search for the
page's <style> blocks (`weasyprint.css.find_stylesheets`) is answered from
the sheets parsed for the same blocks before (same texts, base URL and
media), in the same order and as author sheets, so that the cascade is the
one WeasyPrint computes: inline styles, SVG attributes and !important rank as
they would. WeasyPrint parses a page's CSS itself, and nothing is kept, when
- the page has a <link> or a <style> with `type` or `media`;
- its CSS defines @counter-style or @color-profile rules, which WeasyPrint
  records per document while it parses;
- the installed WeasyPrint's function is not the one this was written for
  (its parameters differ): pages are then as they were, only slower.

Sheets are kept only after the layout that parsed them passed
(`Renderer._judged`): a sheet whose fonts or imports were refused is parsed,
and refused, again on every page.
"""

from __future__ import annotations

import inspect
import logging
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

log = logging.getLogger(__name__)

KEPT = 64
"""Parsed style sets a worker keeps (a format's pages at nearby type scales share theirs)."""

_PARAMETERS = [
    "wrapper_element",
    "device_media_type",
    "url_fetcher",
    "base_url",
    "font_config",
    "counter_style",
    "color_profiles",
    "page_rules",
    "layers",
]
"""weasyprint.css.find_stylesheets's parameters in WeasyPrint 70."""

Key = tuple[str, str, tuple[str, ...]]

_active: ContextVar[StyleCache | None] = ContextVar("outreach_styles", default=None)


class StyleCache:
    """Parsed <style> sets by their texts, base URL and media, the most recently used kept (KEPT)."""

    def __init__(self) -> None:
        self._kept: OrderedDict[Key, list[Any]] = OrderedDict()
        self._parsed: list[tuple[Key, list[Any]]] = []
        self.enabled = _install()

    @contextmanager
    def active(self) -> Iterator[None]:
        """While the block runs (one page laid out), WeasyPrint takes its sheets from here; what it parsed is kept
        only when the block ends without an exception."""
        token = _active.set(self if self.enabled else None)
        self._parsed.clear()
        try:
            yield
            for key, sheets in self._parsed:
                self._kept[key] = sheets
                while len(self._kept) > KEPT:
                    self._kept.popitem(last=False)
        finally:
            self._parsed.clear()
            _active.reset(token)

    def sheets(self, original: Any, *args: Any) -> Iterator[Any]:
        """What weasyprint.css.find_stylesheets(*args) yields, parsed once per set of <style> blocks."""
        from weasyprint import CSS
        from weasyprint.css import get_child_text

        wrapper, media_type, url_fetcher, base_url, fonts, counters, profiles, page_rules, layers = args
        elements = [wrapper.etree_element for wrapper in wrapper.query_all("style", "link")]
        if any(e.tag != "style" or e.get("type") is not None or e.get("media") is not None for e in elements):
            yield from original(*args)
            return
        key = (base_url or "", media_type, tuple(get_child_text(element) for element in elements))
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
            yield from kept
            return
        before = (dict(counters), dict(profiles))  # a rule may redefine a built-in counter style: same size
        sheets = [
            CSS(
                string=text,
                base_url=base_url,
                url_fetcher=url_fetcher,
                media_type=media_type,
                font_config=fonts,
                counter_style=counters,
                page_rules=page_rules,
                color_profiles=profiles,
                layers=layers,
            )
            for text in key[2]
        ]
        if _same(before[0], counters) and _same(before[1], profiles):  # nothing recorded in the document itself
            self._parsed.append((key, sheets))
        yield from sheets


def _same(before: dict, after: Any) -> bool:
    """Whether a per-document record holds exactly what it held before: the same names, each the same object."""
    return before.keys() == after.keys() and all(after[name] is value for name, value in before.items())


def _install() -> bool:
    """Answer WeasyPrint's search for a page's sheets from the active cache (once per process); False when this
    WeasyPrint's search is not the one expected."""
    import weasyprint.css as css

    if getattr(css.find_stylesheets, "_outreach_styles", False):
        return True
    original = css.find_stylesheets
    if list(inspect.signature(original).parameters) != _PARAMETERS:
        log.debug("stylesheets are parsed on every layout: weasyprint.css.find_stylesheets is not the expected one")
        return False

    def find_stylesheets(*args: Any, **kwargs: Any) -> Iterator[Any]:
        cache = _active.get()
        if cache is None or kwargs or len(args) != len(_PARAMETERS):
            return original(*args, **kwargs)
        return cache.sheets(original, *args)

    find_stylesheets._outreach_styles = True  # type: ignore[attr-defined]
    css.find_stylesheets = find_stylesheets
    return True
