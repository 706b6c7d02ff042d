"""Sharing out the room a box of fixed height leaves under its content: the `spread` class.

A wallet card's front is as tall as the card, and its lines seldom fill it. Laid out as blocks, the room
they leave is one band under the last line; `justify-content: space-between` in a flex column would
share it out, but a flex column costs WeasyPrint about a third more to lay out, three times per item, and
its items overlap, rather than run past the bottom, when they do not fit. So a template marks such a box
with `class="spread"` and lays it out as blocks: fitting reads it as it reads any page (the lines that
do not fit run past the box's bottom, outreach.render.overflow), and once the page's size is chosen, the
room under the box's last child is shared out equally between its children (its first stays at the
top, its last ends at the box's bottom), as space-between would. Nothing else moves, and nothing is drawn
outside the box. The layout is WeasyPrint's private box tree (`page._page_box`).
"""

from __future__ import annotations

from typing import Any

CLASS = "spread"


def spread(document: Any) -> int:
    """Share out the room under the children of every `spread` box of a laid-out WeasyPrint document, in
    place; how many boxes were spread. A box whose children do not fit (no room left) is left as it is."""
    done = 0
    for page in document.pages:
        done += _walk(page._page_box)
    return done


def _walk(box: Any) -> int:
    done = 0
    if _marked(box):
        done += _share(box)
    for child in getattr(box, "children", ()):
        done += _walk(child)
    return done


def _marked(box: Any) -> bool:
    """A block box of set height (not an anonymous box, which shares its element's class) marked `spread`."""
    from weasyprint.formatting_structure import boxes

    if not isinstance(box, boxes.BlockBox) or box.element is None or box.style["height"] == "auto":
        return False
    return CLASS in (box.element.get("class") or "").split()


def _share(box: Any) -> int:
    from weasyprint.formatting_structure import boxes

    children = [
        child
        for child in box.children
        if isinstance(child, boxes.BlockLevelBox) and child.is_in_normal_flow() and not child.is_floated()
    ]
    if len(children) < 2:
        return 0
    bottom = box.content_box_y() + box.height
    last = children[-1]
    room = bottom - (last.position_y + last.margin_height())
    if room <= 0:
        return 0
    share = room / (len(children) - 1)
    for index, child in enumerate(children):
        child.translate(0, index * share)
    return 1
