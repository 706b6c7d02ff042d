"""The printed text of every material, kept in OUT so that the next build's checks need not template it again.

`outreach check` reads each location's materials as text (outreach.checks.materials)
before anything is rendered. A build keeps that text in OUT/texts.json under
each material's template key (outreach.planning.keys): everything the text is made
from. The next build takes the text of every unchanged key from there.

The page the checks templated is the page the build renders: its HTML is kept
here, compressed, until the build's schedule takes it (`take_html`), so that
no page is templated twice.
"""

from __future__ import annotations

import json
import zlib

from ..kit.formats import Format
from ..kit.load import Kit
from ..kit.model import Location
from ..render.text import Segment
from .keys import KEY_VERSION, Inputs


class TextCache:
    """Materials' printed text by template key: read from the previous build, kept for the next one."""

    def __init__(self, kit: Kit, inputs: Inputs, earlier: bytes | None = None) -> None:
        self.kit, self.inputs = kit, inputs
        self.earlier: dict[str, list] = {}
        self.now: dict[str, tuple[Segment, ...]] = {}
        self.carried = False
        """The earlier text is kept as it is (the checks were taken from the earlier build, see carry)."""
        self.pages: dict[str, bytes] = {}
        """Template key → the HTML the checks templated, compressed, until the schedule takes it."""
        try:
            loaded = json.loads(earlier) if earlier else {}
            if (
                isinstance(loaded, dict)
                and loaded.get("version") == KEY_VERSION
                and isinstance(loaded.get("texts"), dict)
            ):
                self.earlier = loaded["texts"]
        except ValueError:
            pass  # a damaged file: the text is made again

    def _key(self, location: Location, fmt: Format, locale: str) -> str:
        return self.inputs.template_key(self.kit, location, fmt.name, locale)

    def get(self, location: Location, fmt: Format, locale: str) -> tuple[Segment, ...] | None:
        stored = self.earlier.get(self._key(location, fmt, locale))
        try:
            return tuple(Segment(str(text), bool(heading)) for text, heading in stored) if stored else None
        except (TypeError, ValueError):
            return None

    def put(
        self, location: Location, fmt: Format, locale: str, segments: tuple[Segment, ...], html: str | None = None
    ) -> None:
        key = self._key(location, fmt, locale)
        self.now[key] = segments
        if html is not None:
            self.pages[key] = zlib.compress(html.encode("utf-8"), 1)

    def take_html(self, location: Location, fmt: Format, locale: str) -> str | None:
        """The page's HTML as the checks templated it (once: it is let go), or None when they did not."""
        page = self.pages.pop(self._key(location, fmt, locale), None)
        return zlib.decompress(page).decode("utf-8") if page is not None else None

    def carry(self) -> None:
        """Keep the earlier build's text for the next one as it is: the checks that read it did not run again."""
        self.now = {}
        self.carried = True

    def to_json(self) -> bytes:
        texts = {key: [[s.text, s.heading] for s in segments] for key, segments in sorted(self.now.items())}
        if self.carried:
            texts = dict(sorted(self.earlier.items()))
        return json.dumps({"version": KEY_VERSION, "texts": texts}, ensure_ascii=False).encode("utf-8")
