"""Sharing out the room a box of set height leaves under its content: the `spread` class.

A wallet card's front is as tall as the card, and its lines seldom fill it. Laid out as blocks, the room
they leave is one band under the last line; `justify-content: space-between` in a flex column would
share it out, but a flex column costs WeasyPrint about a third more to lay out (each item is laid out
three times), and its items overlap, rather than run past the bottom, when they do not fit. So a template
marks such a box with `class="spread"` and lays it out as blocks; each layout is then spread (its first
child stays at the top, its last ends at the box's bottom, the room shared out equally between them, as
space-between would) before fitting reads it: what is checked is what is drawn (outreach.render.fit).

Only what can move as a whole moves: a box is left as it is when a child of it floats (the others would
move into its band) or is placed absolutely where it falls in the flow (it would stay behind), when a
moved child holds a box placed absolutely against something outside it (it would move with the child),
or when anything in it already reaches its bottom (content may run past a child's own box: the room is
measured under the lowest of it). Links, anchors and bookmarks are gathered again after the move. The
layout is WeasyPrint's private box tree (`page._page_box`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

CLASS = "spread"


def spread(document: Any) -> None:
    """Share out the room under the children of every `spread` box of a laid-out WeasyPrint document, in
    place."""
    from weasyprint.anchors import gather_anchors
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        if sum(_share(box, boxes) for box in _marked(page._page_box, boxes)):
            # where links, anchors and bookmarks are: gathered again, as WeasyPrint does when it makes a page
            page.anchors, page.links, page.bookmarks, page.forms = {}, [], [], {None: []}
            gather_anchors(page._page_box, page.anchors, page.links, page.bookmarks, page.forms)


def _marked(box: Any, boxes: Any) -> Iterator[Any]:
    """Block boxes of set height (not anonymous ones, which share their element's class) marked `spread`."""
    if (
        isinstance(box, boxes.BlockBox)
        and box.element is not None
        and box.style["height"] != "auto"
        and CLASS in (box.element.get("class") or "").split()
    ):
        yield box
    for child in getattr(box, "children", ()):
        yield from _marked(child, boxes)


def _share(box: Any, boxes: Any) -> int:
    children = [child for child in box.children if child.is_in_normal_flow()]
    if len(children) < 2 or any(child.is_floated() or _where_it_falls(child) for child in box.children):
        return 0
    if not all(isinstance(child, boxes.BlockLevelBox) for child in children):
        return 0
    if any(_placed_outside(child, child.style["position"] != "static") for child in children[1:]):
        return 0
    room = box.content_box_y() + box.height - max(_bottom(child) for child in children)
    if room <= 0:
        return 0
    share = room / (len(children) - 1)
    for index, child in enumerate(children):
        child.translate(0, index * share)
    return 1


def _where_it_falls(box: Any) -> bool:
    """A box placed absolutely at the height it falls in the flow (neither top nor bottom set): it would stay
    there while the children around it move."""
    inner = getattr(box, "_box", box)
    style = inner.style
    return style["position"] in ("absolute", "fixed") and style["top"] == "auto" and style["bottom"] == "auto"


def _bottom(box: Any) -> float:
    """The lowest edge of `box` and of anything in it (content may run past a box of set height)."""
    lowest = box.position_y + box.margin_height()
    for child in getattr(box, "children", ()):
        lowest = max(lowest, _bottom(child))
    return lowest


def _placed_outside(box: Any, anchored: bool) -> bool:
    """Whether `box` holds a box placed absolutely (or fixed) against something outside it (`anchored`: a box
    positioned inside it, which an absolutely placed box is placed against, lies between)."""
    for child in getattr(box, "children", ()):
        inner = getattr(child, "_box", child)  # an absolutely placed box stands behind its placeholder
        position = inner.style["position"]
        if position == "fixed" or (position == "absolute" and not anchored):
            return True
        if _placed_outside(inner, anchored or position != "static"):
            return True
    return False
