"""What a worker is handed and hands back: plain data, so that any executor can carry it.

A page (outreach.pages.page) says what its rendered PDF must pass; the build
wraps its HTML into a RenderTask; a worker (outreach.render.workers) returns a
RenderResult.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Expectation:
    """What a document's PDF must show: its page count and the QR codes a scan must read."""

    pages: int
    qr: dict[int, tuple[str, int]]
    """Page index → (payload, how many codes carry it on that page)."""
    qr_mm: float = 0.0
    """The smallest side a QR symbol may print at, without its quiet zone."""
    safe_pt: float = 0.0
    """No QR code may sit closer than this to the paper's edge."""
    lead: str = ""
    """The first line's number as printed: the largest thing a reader looks for."""
    lead_floor_mm: float = 0.0
    """Its digits are at least this tall, for the distance the format is read from."""
    viewing_cm: float = 0.0


@dataclass(frozen=True)
class Checks:
    """What a rendered document must pass before it is written."""

    expectation: Expectation
    """Its pages and the QR codes a scan must read on them."""
    locale: str
    """Whose fonts must draw every character of its text."""
    min_font_pt: float
    """Text that does not fit may shrink to this size, never below."""
    tagged: bool
    """A tagged PDF (PDF/UA) for screen readers."""
    safe_pt: float = 0.0
    """The format's safe margin: no line of text may sit closer to the paper's edge."""
    grow: bool = True
    """Type may grow to fill the page (a sheet of cards keeps the cards' designed sizes)."""
    template: str = ""
    """The template the page is made from, as a person would look for it: named when it hides text."""


@dataclass(frozen=True)
class RenderTask:
    html: str
    base_url: str
    roots: tuple[str, ...]
    """The only folders rendering may read."""
    assets: str
    """A digest of the files fonts and images come from: a worker's caches are kept only while it is unchanged."""
    label: str
    """Names the document in messages: location, format and locale."""
    checks: Checks


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    thumbnails: tuple[bytes, ...]
    smallest_pt: float
    """The smallest type size on its pages."""
    error: tuple[str, str] | None
    """(message, hint) of a document that failed its checks; nothing else is set then."""
    peak_memory: int
    """The worker process's peak resident memory so far, in bytes."""
