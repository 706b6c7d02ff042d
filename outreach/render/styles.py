"""A page's stylesheets parsed once per worker, not once per layout.

Fitting lays a page out two or more times (outreach.render.fit), and the
pages of a format share their CSS: parsing it (and registering its
@font-face fonts) was a quarter of a layout. A page's <style> blocks are
taken out of its parsed tree and given to WeasyPrint as stylesheets parsed
before, looked up by their text and base URL; where that could change what
the page looks like, the page is left as it is and WeasyPrint parses its CSS
itself:
- a <style> with a `type` or `media`, or a <link> (its order among the blocks
  would change);
- an inline `style` with `!important`: sheets given this way rank as the user's,
  and a user's `!important` outranks an inline one;
- @counter-style or @color-profile rules, which WeasyPrint keeps per document.

A parsed sheet is kept only after a layout that used it passed
(`Renderer._judged`): a sheet whose fonts were refused is parsed, and refused,
again on every page.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

KEPT = 64
"""Parsed style sets a worker keeps (a format's pages at nearby type scales share theirs)."""

_PER_DOCUMENT = ("@counter-style", "@color-profile")

Key = tuple[str, tuple[str, ...]]


def _blocks(html: Any) -> list[Any] | None:
    """The <style> elements of a parsed page, in order; None when its CSS must be left to WeasyPrint."""
    blocks = []
    for element in html.etree_element.iter():
        tag = element.tag
        if tag == "link":
            return None
        if tag == "style":
            if element.get("type") is not None or element.get("media") is not None or len(element):
                return None
            if any(rule in (element.text or "") for rule in _PER_DOCUMENT):
                return None
            blocks.append(element)
        elif "!important" in (element.get("style") or ""):
            return None
    return blocks


class StyleCache:
    """Parsed <style> sets by their text and base URL, the most recently used kept (KEPT)."""

    def __init__(self) -> None:
        self._kept: OrderedDict[Key, list[Any]] = OrderedDict()

    def take(self, html: Any, make: Any) -> tuple[list[Any] | None, Key | None]:
        """The stylesheets to lay `html` out with, its <style> blocks emptied; (None, None) when its CSS is
        left in the page. `make(texts)` parses the blocks' texts when they are not kept. The key returned is
        to `keep` once the layout passed (None: they were kept already)."""
        blocks = _blocks(html)
        if not blocks:
            return None, None
        key = (html.base_url or "", tuple(element.text or "" for element in blocks))
        for element in blocks:  # WeasyPrint finds them empty: their rules come as the sheets given
            element.text = None
        sheets = self._kept.get(key)
        if sheets is not None:
            self._kept.move_to_end(key)
            return sheets, None
        return make(key[1]), key

    def keep(self, key: Key, sheets: list[Any]) -> None:
        self._kept[key] = sheets
        while len(self._kept) > KEPT:
            self._kept.popitem(last=False)
