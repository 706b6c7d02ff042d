"""Checks on the rendered PDFs, run by the build before anything is written.

Every document's smallest type is measured against its format's minimum size,
the posting laws' measured rules are applied (see posted.py), discreet pages
are read for revealing words (discreet.py) and every page for a confidential
address (secrets.py).

Each distinct PDF is read from disk once (by its sha256), each distinct PDF's text once for
every check that reads it (render.measure.page_texts), and a PDF is measured
in full (render.measure.measure: sizes, boxes, weights) only where a check
needs its type.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any, Protocol

from ..errors import Problem
from ..kit.load import Kit
from ..pages import templating
from ..render.measure import Printed, measure, page_texts
from . import compliance, discreet, posted, secrets


class Measurements:
    """Each distinct PDF measured once."""

    def __init__(self) -> None:
        self._found: dict[bytes, Printed] = {}

    def __call__(self, pdf: bytes) -> Printed:
        if pdf not in self._found:
            self._found[pdf] = measure(pdf)
        return self._found[pdf]


class PageTexts:
    """Each distinct PDF's pages' text (render.measure.page_texts), read once, or known already."""

    def __init__(self) -> None:
        self._found: dict[bytes, tuple[str, ...]] = {}

    def know(self, pdf: bytes, texts: tuple[str, ...]) -> None:
        self._found.setdefault(pdf, texts)

    def known(self, pdf: bytes) -> tuple[str, ...] | None:
        return self._found.get(pdf)

    def __call__(self, pdf: bytes) -> tuple[str, ...]:
        if pdf not in self._found:
            self._found[pdf] = tuple(whole for whole, _ in page_texts(pdf, 0.0))
        return self._found[pdf]


class Stored(compliance.Document, Protocol):
    """A document the build made or kept, known by its PDF's sha256 (outreach.planning.documents)."""

    @property
    def sha256(self) -> str: ...


class _Read:
    """A document whose PDF is read from disk when a check first asks for it, once for every document with the same
    sha256 (thousands of locations share a few hundred PDFs), as the same bytes object: hashed once wherever the
    checks look it up."""

    def __init__(self, doc: Stored, same: dict[str, bytes], pages: dict[str, tuple[str, ...]], texts: PageTexts):
        self.job: Any = doc.job
        self.smallest_pt = doc.smallest_pt
        self._doc, self._same, self._pages, self._texts = doc, same, pages, texts

    @cached_property
    def pdf(self) -> bytes:
        sha256 = self._doc.sha256
        if sha256 not in self._same:
            self._same[sha256] = self._doc.pdf
            if sha256 in self._pages:  # read where it was rendered, or by an earlier build
                self._texts.know(self._same[sha256], self._pages[sha256])
        return self._same[sha256]


def read_once(
    documents: Sequence[Stored], same: dict[str, bytes], pages: dict[str, tuple[str, ...]], texts: PageTexts
) -> list[_Read]:
    """`documents`, each distinct PDF read at most once (into `same`, by sha256); its text taken from `pages`
    when there."""
    return [_Read(doc, same, pages, texts) for doc in documents]


def template_file(kit: Kit, name: str) -> str:
    """The template a document was made from, as a person would look for it."""
    return templating.template_file(kit.root, name)


def type_size(kit: Kit, documents: Sequence[compliance.Document], measured: Measurements) -> list[Problem]:
    problems = []
    for doc in documents:
        fmt = doc.job.format
        size = doc.smallest_pt  # measured where it was rendered
        if 0 < size + 0.05 < fmt.min_font_pt:
            size, run = measured(doc.pdf).smallest()
            problems.append(
                Problem(
                    template_file(kit, fmt.template),
                    0,
                    doc.job.file,
                    (
                        f"text at {size:g} pt ({run!r}) is under {fmt.name}'s minimum of {fmt.min_font_pt:g} pt; "
                        "make it larger or shorten what surrounds it"
                    ),
                )
            )
    return problems


def check_printed(
    kit: Kit, documents: Sequence[Stored], pages: dict[str, tuple[str, ...]] | None = None
) -> list[Problem]:
    """Every finding on the PDFs. `pages` holds the pages' text of PDFs already read (sha256 → texts, as
    render.measure.page_texts reads them): those are not read again, and the ones read here are added to it."""
    pages = {} if pages is None else pages
    measured, texts, same = Measurements(), PageTexts(), dict[str, bytes]()
    read = read_once(documents, same, pages, texts)
    found = type_size(kit, read, measured) + posted.check_printed(kit, read, measured)
    found += secrets.check_printed(kit, read, lambda pdf: "\f".join(texts(pdf)))
    found += discreet.check_printed(kit, read, texts)
    for sha256, pdf in same.items():
        if (known := texts.known(pdf)) is not None:  # read by a check
            pages.setdefault(sha256, known)
    return found
