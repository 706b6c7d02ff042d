"""Print bundles: the rendered PDFs put together with pikepdf, never rendered again.

A bundle holds one copy of each of its documents, in posting order, with a
bookmark for each location and each document; how many of each to print is on
the run sheet, in the bookmark and, in --print-shop mode, on the slug of every
page (printing N copies is the printer's job). Pages keep their own size, so a
bundle mixes paper (stickers, posters, card sheets): print it document by
document on the stock each needs. Bundles are for printing: their pages keep
their drawing and lose the tags and links a screen reader follows (the
documents in the location folders keep theirs).

The same documents in the same order give byte-identical bundles: no dates,
a document ID derived from the content, objects written in page order.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from functools import cache

import pikepdf

from ..planning.documents import Document
from ..planning.tools import digest, tool_fingerprint
from ..render.impose import saved
from .slug import add_slug, slug_font, slug_text

BUNDLE_VERSION = "outreach-bundle-1"


@dataclass(frozen=True)
class Section:
    """The documents of one location in a bundle, under a bookmark with its name."""

    title: str
    documents: tuple[Document, ...]


@dataclass(frozen=True)
class Part:
    """A document as a bundle takes it: its content, its bookmark, and its pages' slugs (one a page)."""

    sha256: str
    bookmark: str
    slugs: tuple[str, ...]


@dataclass(frozen=True)
class Bundle:
    file: str
    """Where it goes, relative to OUT (outreach.names)."""
    title: str
    """The PDF's title."""
    sections: tuple[Section, ...]

    @property
    def documents(self) -> list[Document]:
        return [doc for section in self.sections for doc in section.documents]

    @property
    def pages(self) -> int:
        return sum(doc.pages for doc in self.documents)

    def parts(self) -> tuple[tuple[str, tuple[Part, ...]], ...]:
        """Each section's title and its documents as the bundle takes them."""
        return tuple(
            (section.title, tuple(Part(doc.sha256, bookmark(doc), tuple(slugs(doc))) for doc in section.documents))
            for section in self.sections
        )

    def key(self, print_shop: bool) -> str:
        """A digest of everything that makes its bytes: the documents' content, their bookmarks and slugs, the
        mode, and the code and library that put them together."""
        parts = [
            (title, [(part.sha256, part.bookmark, part.slugs if print_shop else []) for part in parts])
            for title, parts in self.parts()
        ]
        return digest([BUNDLE_VERSION, _versions(), tool_fingerprint(), print_shop, self.file, self.title, parts])


@cache
def _versions() -> tuple[str, str]:
    return pikepdf.__version__, pikepdf.__libqpdf_version__


def bookmark(doc: Document) -> str:
    """A document's bookmark: its format, language and how many to print."""
    return slug_text(doc.job, 0, ["front"]).split(" · ", 1)[1]


def slugs(doc: Document) -> list[str]:
    return [slug_text(doc.job, page, doc.job.format.pages) for page in range(doc.pages)]


def _fit(page: pikepdf.Object) -> pikepdf.Array:
    """A bookmark's destination: the whole page."""
    return pikepdf.Array([page, pikepdf.Name.Fit])


def _copied(pdf: pikepdf.Pdf, page: pikepdf.Page, placed: dict[tuple[int, int], dict]) -> pikepdf.Object:
    """A document's page copied into the bundle (qpdf puts what a page inherits from its page tree in the page's own
    dictionary when it opens a document), without its tags and links. The same page copied again is a page of its
    own, made from the first copy as it was before anything was drawn on it (a slug): they share content and
    resources, and nothing else."""
    copy = pdf.copy_foreign(page.obj)  # the same page of the same open document: the same copy
    if copy.objgen in placed:
        return pdf.make_indirect(pikepdf.Dictionary(placed[copy.objgen]))
    for key in ("/StructParents", "/Annots", "/Tabs"):  # the document's tags and links, not this one's
        if key in copy:
            del copy[key]
    placed[copy.objgen] = dict(copy.items())  # a slug replaces these entries, and changes none of them
    return copy


@dataclass(frozen=True)
class Assembly:
    """Everything that makes a bundle's bytes, as plain data: a worker, or a cluster's, puts it together."""

    title: str
    sections: tuple[tuple[str, tuple[Part, ...]], ...]
    print_shop: bool
    pdfs: dict[str, bytes]
    """Each distinct document's PDF, by sha256."""


def assembly(bundle: Bundle, print_shop: bool) -> Assembly:
    """The bundle as plain data, its documents' PDFs read."""
    pdfs: dict[str, bytes] = {}
    for doc in bundle.documents:
        if doc.sha256 not in pdfs:
            pdfs[doc.sha256] = doc.pdf
    return Assembly(bundle.title, bundle.parts(), print_shop, pdfs)


def assemble_task(plan: Assembly) -> tuple[bytes, int]:
    """The bundle's bytes, and the peak memory of the process that put it together; runs in a worker."""
    from ..render.workers import peak_memory

    return assembled(plan), peak_memory()


def assembled(plan: Assembly) -> bytes:
    """The bundle as PDF bytes: each document's pages in order, bookmarked, with slugs in print-shop mode.

    Each document is opened at its first use and closed after its last: the bundle keeps what it copied, and
    closing frees what was parsed to copy it (a bundle of every statewide document peaks at 220 MB, not 560 MB).
    The page tree is written once, at the end: adding the pages one by one costs time in proportion to the pages
    already there (a first build's reprint.pdf of 12,000 pages took 16 s, and takes 2 s).
    """
    pdf = pikepdf.new()
    font = slug_font(pdf) if plan.print_shop else None
    uses = Counter(part.sha256 for _, parts in plan.sections for part in parts)
    sources: dict[str, pikepdf.Pdf] = {}
    marks: list[tuple[str, list[tuple[str, pikepdf.Object]]]] = []  # each section's documents' first pages
    pages: list[pikepdf.Object] = []
    placed: dict[tuple[int, int], dict] = {}
    try:
        for title, parts in plan.sections:
            children: list[tuple[str, pikepdf.Object]] = []
            for part in parts:
                if part.sha256 not in sources:
                    sources[part.sha256] = pikepdf.open(io.BytesIO(plan.pdfs[part.sha256]))
                for index, text in enumerate(part.slugs):
                    page = _copied(pdf, sources[part.sha256].pages[index], placed)
                    if font is not None:
                        add_slug(pdf, pikepdf.Page(page), text, font)
                    pages.append(page)
                    if not index:
                        children.append((part.bookmark, page))
                uses[part.sha256] -= 1
                if not uses[part.sha256]:
                    sources.pop(part.sha256).close()
            if children:  # a section with nothing to print gets no bookmark
                marks.append((title, children))
    finally:
        for source in sources.values():
            source.close()
    for page in pages:
        page.Parent = pdf.Root.Pages
    pdf.Root.Pages.Kids = pikepdf.Array(pages)
    pdf.Root.Pages.Count = len(pages)
    with pdf.open_outline() as outline:  # to the pages themselves: a page number would be looked up again
        for title, children in marks:
            item = pikepdf.OutlineItem(title, _fit(children[0][1]))  # a section opens at its first document
            item.children.extend(pikepdf.OutlineItem(name, _fit(page)) for name, page in children)
            outline.root.append(item)
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    pdf.docinfo = pdf.make_indirect(
        pikepdf.Dictionary(Title=plan.title, Producer=f"outreach (pikepdf {_versions()[0]})")
    )
    data = saved(pdf)
    pdf.close()
    return data
