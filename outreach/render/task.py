"""What a worker is handed and hands back: plain data, so that any executor can carry it.

A page (outreach.pages.page) says what its rendered PDF must pass; the build
wraps its HTML into a RenderTask; a worker (outreach.render.workers) returns a
RenderResult. A card sheet is not rendered: an Imposition (outreach.pages.sheet)
says where copies of its card's rendered pages go on the paper, and the worker
that rendered the card, or a SheetTask carrying the card's PDF, makes it
(outreach.render.impose). A region's run sheet goes to the workers as a
RunSheetTask, and comes back as a RenderResult without thumbnails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .starts import Fitted


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
    format: str = ""
    """The format whose measured lengths a translation that does not fit is held to (a sheet: its card's)."""


@dataclass(frozen=True)
class Side:
    """One page of a card sheet: copies of one page of the card, and the cut marks around them."""

    card_page: int
    """The card's page (0: front, 1: back) every copy on this page shows."""
    cells: tuple[tuple[float, float], ...]
    """Where each copy's trim box goes: its top-left corner, in points from the paper's top-left corner."""
    marks: tuple[tuple[float, float, float, float], ...] = ()
    """Cut lines (x0, y0, x1, y1), in the same coordinates, in the margins outside every copy's trim."""


@dataclass(frozen=True)
class Imposition:
    """A card sheet: its paper, and where copies of the card's rendered pages go on each of its pages."""

    width: float
    height: float
    """The paper (the sheet's trim), in points."""
    card_width: float
    card_height: float
    """The card's trim, in points: each copy shows the card's TrimBox, and nothing of its bleed."""
    sides: tuple[Side, ...]
    pages: int
    """The pages the sheet's format has (its page roles): the sides must fill exactly these."""
    bleed: float = 0.0
    """--print-shop: paper beyond the trim on every side, with crop marks at the corners (TrimBox, BleedBox)."""
    safe_pt: float = 0.0
    """No QR code may sit closer than this to the paper's edge."""
    label: str = field(default="", compare=False, repr=False)
    """Names the sheet in messages; not part of what the sheet is made from (its render key is the repr)."""


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
    sheets: tuple[Imposition, ...] = ()
    """Card sheets made from this document's pages once it is rendered and checked (RenderResult.sheets)."""
    sheet_only: bool = False
    """The document is rendered and checked only to make its one sheet: the result is the sheet's."""
    reference: Fitted | None = None
    """What its kind's reference page printed and kept, face by face (outreach.planning.references): where
    fitting starts. None: this page is the reference (or has none), and fitting starts at the designed size."""


@dataclass(frozen=True)
class SheetTask:
    """A card sheet made from a card rendered and checked before (reused, or rendered earlier in this build)."""

    card: bytes
    """The card's PDF."""
    smallest_pt: float
    """The card's smallest type, which is the sheet's."""
    sheet: Imposition


@dataclass(frozen=True)
class RunSheetTask:
    """A region's run sheet (outreach.printing.runsheet templates it), rendered and checked as a list to read
    (outreach.render.runsheet): no fitting, no QR codes, no thumbnails."""

    html: str
    base_url: str
    roots: tuple[str, ...]
    """The only folders rendering may read: the kit's and the built-in one, as for a document."""
    assets: str
    """As RenderTask.assets: the worker keeps one renderer for documents and run sheets alike."""
    label: str
    locale: str
    """The run sheet's language: whose fonts must draw every character of it."""


Task = RenderTask | SheetTask | RunSheetTask
"""What a worker is handed: a document to render (with the sheets made from it), a sheet alone, or a run sheet."""


@dataclass(frozen=True)
class Wait:
    """Among the tasks handed to outreach.render.workers.render_all: hand on nothing more until every task handed
    on so far is done (what comes next depends on their results). `meanwhile`, when given, runs first, in this
    process, while the workers make those tasks (the checks before rendering, while the references are made)."""

    meanwhile: Callable[[], None] | None = None


WAIT = Wait()


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
    sheets: tuple[RenderResult, ...] = ()
    """The card sheets the task asked for, in its order (none when the document failed)."""
    texts: tuple[str, ...] = ()
    """Each page's text, as render.measure.page_texts reads it, for the checks on the PDFs (none for a run
    sheet)."""
    fitted: Fitted = ()
    """What fitting printed and kept, face by face: (characters, type scale); a reference for other pages."""
