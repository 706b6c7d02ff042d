"""Built documents kept by content in the preview's private folder, and their pages as pictures and text.

The next build replaces a build's output folder, so every document the preview
shows is first linked into `store/` under its sha256, with the build's
thumbnails. Pages are drawn at screen size and read as text (pypdfium2) in a
worker process of their own: PDFium must never run in two threads of one
process, and the build loop uses it in this one. Nothing is ever served by a
name a browser sent: only a sha256 the store holds, and a page number.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import threading
from concurrent.futures import Executor
from pathlib import Path

from ..planning.documents import Document

log = logging.getLogger(__name__)

SHA256 = re.compile(r"^[0-9a-f]{64}$")
PAGE_WIDTH = 1100
"""Pixels across a page picture: sharp on a laptop screen, small enough to draw in a tenth of a second."""


def draw_page(pdf: str, number: int, width: int) -> bytes:
    """Page `number` (from 1) of a PDF as a PNG `width` pixels wide; runs in the store's worker."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[number - 1]
        image = page.render(scale=width / page.get_width()).to_pil()
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG", compress_level=3)
        return buffer.getvalue()
    finally:
        document.close()


def read_text(pdf: str) -> tuple[str, ...]:
    """Each page's printed text, as PDFium reads it back; runs in the store's worker."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            text = page.get_textpage().get_text_bounded()
            texts.append("\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip())
        return tuple(texts)
    finally:
        document.close()


def _link(source: Path, target: Path) -> None:
    """`target` becomes the same file as `source` (a hard link; a copy across file systems)."""
    if target.exists():
        return
    try:
        os.link(source, target)
    except FileExistsError:
        pass
    except OSError:
        partial = target.with_name(target.name + ".part")
        shutil.copyfile(source, partial)
        partial.replace(target)


class Store:
    """PDFs, thumbnails and page pictures by sha256, in `root`; page work runs on `pool`."""

    def __init__(self, root: Path, pool: Executor) -> None:
        self.files = root / "store"
        self.pages = root / "pages"
        self.files.mkdir(parents=True, exist_ok=True)
        self.pages.mkdir(parents=True, exist_ok=True)
        self.pool = pool
        self._texts: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def keep(self, out: Path, documents: list[Document]) -> None:
        """Link a finished build's documents and thumbnails into the store (in the build loop)."""
        for doc in documents:
            _link(doc.path, self.files / f"{doc.sha256}.pdf")
            for number, name in enumerate(doc.thumbnails, start=1):
                _link(out / name, self.files / f"{doc.sha256}-{number}.png")

    def prune(self, keep: set[str]) -> None:
        """Forget every document not in `keep` (sha256s): the store holds what the preview can show."""
        for folder in (self.files, self.pages):
            for path in folder.iterdir():
                if path.name[:64] not in keep:
                    path.unlink(missing_ok=True)
        with self._lock:
            for sha in set(self._texts) - keep:
                del self._texts[sha]

    def pdf(self, sha: str) -> Path | None:
        path = self.files / f"{sha}.pdf"
        return path if SHA256.match(sha) and path.is_file() else None

    def thumbnail(self, sha: str, number: int) -> Path | None:
        path = self.files / f"{sha}-{number}.png"
        return path if SHA256.match(sha) and path.is_file() else None

    async def page(self, sha: str, number: int) -> Path | None:
        """Page `number` of a stored document as a picture at screen size, drawn once."""
        pdf = self.pdf(sha)
        if pdf is None or number < 1:
            return None
        path = self.pages / f"{sha}-{number}.png"
        if not path.is_file():
            try:
                png = await asyncio.wrap_future(self.pool.submit(draw_page, str(pdf), number, PAGE_WIDTH))
            except (IndexError, OSError, RuntimeError) as exc:  # no such page, or the PDF was pruned meanwhile
                log.debug("cannot draw page %s of %s: %s", number, sha, exc)
                return None
            partial = path.with_name(f"{path.name}.{os.getpid()}.{id(png)}.part")
            partial.write_bytes(png)
            partial.replace(path)
        return path

    async def texts(self, sha: str) -> tuple[str, ...]:
        """Each page's printed text, read once; empty when the document is not in the store."""
        with self._lock:
            known = self._texts.get(sha)
        if known is not None:
            return known
        pdf = self.pdf(sha)
        if pdf is None:
            return ()
        try:
            texts = await asyncio.wrap_future(self.pool.submit(read_text, str(pdf)))
        except (OSError, RuntimeError) as exc:
            log.debug("cannot read the text of %s: %s", sha, exc)
            return ()
        with self._lock:
            self._texts[sha] = texts
        return texts
