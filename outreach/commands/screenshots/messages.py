"""A catalogue's messages as a page prints them, found in the page's HTML (outreach.commands.screenshots.spots
then finds that text on the PDF).

A message prints as its translation in the page's language (its source text
where it has none), with its placeholders filled in. In a page's printed text
(outreach.render.text, block by block) a message is found by its fixed parts,
each placeholder matching what fills it within the block, so the exact text it
prints is known. An occurrence inside a longer message's occurrence does not
count ("Más ayuda" inside "Más ayuda en Condado Norte").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...i18n.catalogues import translations
from ...i18n.workflow import template_for

_PLACEHOLDER = re.compile(r"(%\(\w+\)s)")
PLURAL_PROBE = range(200)
"""The numbers whose plural form is asked for: every form of every gettext plural rule in use."""
SEPARATOR = " · "
"""How the templates set parts of a line apart: a value at a message's end runs to it, to the next message
or to the end of its block."""
TRAILING = " \t·:;,|/–—-"
"""What is cut from the end of such a value."""
WIDEST_GAP = 200
"""A placeholder's value within a block is at most this long."""


@dataclass(frozen=True)
class Message:
    """A message of the POT, and what it prints in one language."""

    context: str
    msgid: str
    plural: str
    sources: tuple[str, ...]
    """The templates it is in, as the POT names them (templates/macros.html)."""
    forms: tuple[str, ...]
    """Its translation (each plural form), or the source text where untranslated; placeholders as written."""

    @property
    def templates(self) -> frozenset[str]:
        """The template names (macros.html) it is in; empty when the POT does not say."""
        return frozenset(path.rpartition("templates/")[2] for path in self.sources)


def catalogue_messages(kit_root: Path, locale: str) -> list[Message]:
    """Every message of the kit's POT (the built-in one unless the kit extracted its own), in its order."""
    catalogue = translations(locale, kit_root)
    found = []
    for message in template_for(kit_root):
        if not message.id:
            continue
        context = message.context or ""
        if isinstance(message.id, str):
            msgid, plural = message.id, ""
            text = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
            forms: Iterable[str] = [str(text)]
        else:
            msgid, plural = str(message.id[0]), str(message.id[1])
            forms = (
                catalogue.npgettext(context, msgid, plural, n) if context else catalogue.ngettext(msgid, plural, n)
                for n in PLURAL_PROBE
            )
        sources = tuple(dict.fromkeys(path for path, _ in message.locations))
        found.append(Message(context, msgid, plural, sources, tuple(dict.fromkeys(forms))))
    return found


def parts(form: str) -> list[str | None]:
    """A message's text as its fixed parts (with %% as %) and placeholders (None)."""
    return [None if _PLACEHOLDER.fullmatch(p) else p.replace("%%", "%") for p in _PLACEHOLDER.split(form) if p]


def _fixed(text: str) -> str:
    words = [re.escape(word) for word in text.split()]
    inner = r"\s+".join(words)
    return (r"\s+" if text[:1].isspace() else "") + inner + (r"\s+" if text[-1:].isspace() and words else "")


def html_pattern(form: str) -> tuple[re.Pattern, bool] | None:
    """The pattern of a message's printed text in a block (each placeholder's value a group), and whether it
    ends with a placeholder's value; None for a message that prints nothing but its placeholders."""
    pieces = parts(form)
    if not any(piece and piece.strip() for piece in pieces):
        return None
    out = []
    for i, piece in enumerate(pieces):
        if piece is not None:
            out.append(_fixed(piece))
        elif i == 0:
            out.append(r"(\S+)")  # a leading value: the word before (a count)
        else:
            out.append(r"(.+)" if i == len(pieces) - 1 else f"(.{{1,{WIDEST_GAP}}}?)")
    first, last = pieces[0], pieces[-1]
    start = r"(?<!\w)" if first is not None and first.lstrip()[:1].isalnum() else ""
    start = r"(?<!\S)" if first is None else start
    end = r"(?!\w)" if last is not None and last.rstrip()[-1:].isalnum() else ""
    return re.compile(start + "".join(out) + end), last is None


@dataclass(frozen=True)
class _Hit:
    message: int
    block: int
    start: int
    end: int
    fixed: int
    """How many of its characters are the message's own, not a placeholder's value."""
    value: int = -1
    """Where a trailing placeholder's value starts; -1 when the message ends with fixed text."""


def inside(hit, hits: Iterable, span) -> bool:
    """Whether `hit` lies inside an occurrence of another, longer message."""
    first, last = span(hit)
    return any(
        other.message != hit.message
        and span(other)[0] <= first
        and last <= span(other)[1]
        and span(other)[1] - span(other)[0] > last - first
        for other in hits
    )


def _outweighed(hit: _Hit, hits: Iterable[_Hit]) -> bool:
    """Whether another message's occurrence overlapping `hit` has more of its own text: "Envíe un texto al"
    (Text) is not "Envíe %(keyword)s al %(number)s" with "un texto" for its keyword."""
    return any(
        other.message != hit.message
        and other.start < hit.end
        and hit.start < other.end
        and (other.fixed, other.end - other.start) > (hit.fixed, hit.end - hit.start)
        for other in hits
    )


def printed_texts(messages: Sequence[Message], blocks: Sequence[str], allowed: set[int]) -> dict[int, list[str]]:
    """The text each message (by index, those in `allowed`) prints in these blocks of a page, in page order."""
    hits: list[_Hit] = []
    for index in sorted(allowed):
        for form in messages[index].forms:
            found = html_pattern(form)
            if found is None:
                continue
            pattern, trailing = found
            for b, block in enumerate(blocks):
                for m in pattern.finditer(block):
                    values = sum(m.end(g) - m.start(g) for g in range(1, (pattern.groups or 0) + 1))
                    value = m.start(pattern.groups) if trailing else -1
                    hits.append(_Hit(index, b, m.start(), m.end(), m.end() - m.start() - values, value))
    by_block: dict[int, list[_Hit]] = {}
    for hit in hits:
        if hit.value >= 0:  # a value runs to the next message printed in the block, " · ", or the block's end
            block = blocks[hit.block]
            at = block.find(SEPARATOR, hit.value)
            cut = min(
                [o.start for o in hits if o.block == hit.block and o.message != hit.message and o.start >= hit.value]
                + [len(block)]
                + ([at] if at >= 0 else [])
            )
            end = hit.value + len(block[hit.value : cut].rstrip(TRAILING))
            hit = _Hit(hit.message, hit.block, hit.start, end, hit.fixed)
        by_block.setdefault(hit.block, []).append(hit)
    texts: dict[int, list[str]] = {}
    for number, same_block in sorted(by_block.items()):
        for hit in sorted(same_block, key=lambda h: h.start):
            if hit.end > hit.start and not _outweighed(hit, same_block):
                texts.setdefault(hit.message, []).append(blocks[number][hit.start : hit.end].strip())
    return texts
