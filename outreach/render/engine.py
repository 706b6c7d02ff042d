"""HTML → PDF with WeasyPrint, reading nothing outside the allowed folders.

WeasyPrint is imported only when a document is rendered, so `outreach --help`
and `outreach check` start fast. One Renderer keeps one font configuration
and image cache for its lifetime.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import BuildError
from .scan import Box, drawn_codes
from .spread import spread
from .starts import Fitted
from .styles import StyleCache

log = logging.getLogger(__name__)


ASSET_TYPES = frozenset({".ttf", ".otf", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
"""What rendering may read: fonts and pictures, and only from an assets/ folder."""


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    qr_boxes: tuple[tuple[Box, ...], ...] = ()
    """Page by page, where the layout drew each QR code, its quiet zone included (outreach.render.scan)."""
    fitted: Fitted = ()
    """What fitting printed and kept, face by face: (characters, type scale) (outreach.render.fit)."""


class _Capture(logging.Handler):
    """Collects WeasyPrint's warnings so that a missing glyph or file fails the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Allows data: URLs and files inside the allowed folders; refuses everything else."""

        def __init__(self, roots: tuple[Path, ...]) -> None:
            super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
            self.roots = roots
            self.refused: list[str] = []
            """What was refused, said once: WeasyPrint swallows a refusal inside an SVG or a font."""

        def fetch(self, url, headers=None):
            refusal = self._refusal(url)
            if refusal:
                self.refused.append(refusal)
                raise FatalURLFetchingError(refusal)
            return super().fetch(url, headers)

        def _refusal(self, url: str) -> str | None:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return None
            if scheme != "file":
                return f"refused to fetch {url}: rendering never uses the network"
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                return f"refused to read {path}: it is outside the kit and the built-in folders"
            # Only fonts and pictures from an assets/ folder: a template cannot attach or embed a service file
            # (a confidential address) or anything else the kit holds.
            if path.suffix.lower() not in ASSET_TYPES or not any(
                path.is_relative_to(root / "assets") for root in self.roots
            ):
                return (
                    f"refused to read {path}: a page may use only fonts and pictures "
                    f"({', '.join(sorted(ASSET_TYPES))}) from the kit's or the built-in assets/ folder"
                )
            return None

    return LocalOnlyFetcher, FatalURLFetchingError


class Renderer:
    """Turns HTML into PDF bytes; reuse one per process."""

    def __init__(self, roots: list[Path]) -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        fetcher_class, self._fatal = _fetcher_class()
        # WeasyPrint's warnings are captured per document below and judged there.
        weasyprint.LOGGER.propagate = False
        self._weasyprint = weasyprint
        self._fetcher = fetcher_class(tuple(root.resolve() for root in roots))
        self._fonts = FontConfiguration()
        self._cache: dict = {}
        self._styles = StyleCache()

    def render(self, html: str, base_url: str, label: str, tagged: bool = True) -> RenderedPdf:
        """The PDF of `html`."""
        document = self.layout(html, base_url, label)
        self.spread(document, label)
        return self.write(document, label, tagged)

    def close(self) -> None:
        """Remove the temporary folder WeasyPrint keeps the fonts of @font-face rules in."""
        folder = getattr(self._fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            self._fonts._folder = None

    def layout(self, html: str, base_url: str, label: str) -> Any:
        """`html` laid out in pages (a WeasyPrint document), not yet drawn."""
        with self._styles.active(), self._judged(label):  # kept only if the page passed
            return self._weasyprint.HTML(string=html, base_url=base_url, url_fetcher=self._fetcher).render(
                font_config=self._fonts, cache=self._cache
            )

    def spread(self, document: Any, label: str) -> None:
        """The room under a `spread` box's children shared out between them (outreach.render.spread), in place."""
        with self._judged(label):
            spread(document)

    def write(self, document: Any, label: str, tagged: bool = True) -> RenderedPdf:
        """A laid-out document drawn as PDF bytes; PDF/UA-1 when `tagged`."""
        with self._judged(label):
            # PDF/UA-1: tagged, with the title and language a screen reader announces.
            data = document.write_pdf(pdf_variant="pdf/ua-1" if tagged else None)
        return RenderedPdf(data, len(document.pages), drawn_codes(document))

    @contextmanager
    def _judged(self, label: str) -> Iterator[None]:
        """WeasyPrint's warnings while the block runs: a missing glyph or file, or a refused URL, is a BuildError."""
        capture = _Capture()
        logger = self._weasyprint.LOGGER
        logger.addHandler(capture)
        self._fetcher.refused.clear()
        try:
            yield
        except self._fatal as exc:
            raise BuildError(f"{label}: {exc}") from None
        except MemoryError:
            raise
        except Exception as exc:  # WeasyPrint failing on what a kit's template or CSS asked of it
            log.debug("%s: WeasyPrint failed", label, exc_info=True)
            raise BuildError(
                f"{label}: WeasyPrint could not make this page ({type(exc).__name__}: {exc})",
                "Nothing was written. Something in the page's template or CSS is what it failed on: undo the "
                "latest change to them (`outreach -vv build` shows where it failed).",
            ) from None
        finally:
            logger.removeHandler(capture)
        problems = self._fetcher.refused + [m for m in capture.messages if _fatal_warning(m)]
        if problems:
            # WeasyPrint remembers a picture it could not load as None, and would leave it out silently the
            # next time this process renders a page that uses it.
            for url in [url for url, image in self._cache.items() if image is None]:
                del self._cache[url]
            raise BuildError(f"{label}: {problems[0]}", "Nothing was written; fix the template or asset it names.")
        for message in capture.messages:
            log.debug("%s: weasyprint: %s", label, message)


FATAL = (".notdef", "failed to load", "error fetching", "failed to render", "cannot be loaded")
"""WeasyPrint's warnings that mean the page is not what its template asked for: a glyph, picture or font missing
(an @font-face that loaded nothing would print the text in another font)."""


def _fatal_warning(message: str) -> bool:
    lowered = message.lower()
    return any(sign in lowered for sign in FATAL)


def harfbuzz_subsetting() -> bool:
    """True when WeasyPrint subsets fonts with HarfBuzz (fast and reproducible)."""
    from weasyprint.text import ffi

    return getattr(ffi, "harfbuzz_subset", None) is not None
