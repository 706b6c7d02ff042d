"""`outreach i18n screenshots`: every message of the catalogue, shown where a real page prints it.

For each locale, every page the kit prints in it is templated (each location's
formats, and each region's run sheet printed in that language), and the
messages each page's HTML prints are found (outreach.commands.screenshots.messages).
The fewest pages that hold them all are rendered as a build renders them (the
same templates, fitting, checks and local-only fetcher), each message is found
on its PDF (outreach.commands.screenshots.spots), and a crop of the page around it, its
box outlined, is written as `<locale>/<slug>.png` (outreach.names). An index,
screenshots.csv and .json, lists every message in every locale: its PNG, or why
there is none. The folder is written through `output.Staging`, replaced whole.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...checks import CheckOptions, checked
from ...errors import BuildError
from ...i18n.locales import locale_info
from ...kit.jobs import plan
from ...kit.load import Kit, load_kit
from ...names import location_bundle, region_bundle, screenshot_file, screenshot_page
from ...output import Staging, check_target
from ...pages.page import PrintMode, page
from ...pages.template_deps import closure
from ...paths import builtin_root, sample_kit_dir, templates_dir
from ...planning.documents import Document
from ...printing.runsheet import TEMPLATE as RUN_SHEET
from ...printing.runsheet import run_sheet_html, run_sheet_task
from ...printing.selection import selections
from ...render.glyphs import check_catalogues
from ...render.measure import measure
from ...render.task import RenderResult, RenderTask, RunSheetTask
from ...render.text import page_text
from ...render.verify import rasterize
from ...render.workers import cpu_count, make_executor, render_all
from .crops import crop
from .index import Shot, index_files
from .messages import Message, catalogue_messages, html_pattern, printed_texts
from .spots import Spot, locate

log = logging.getLogger(__name__)


@dataclass
class Candidate:
    """A page the kit prints in the locale: a location's format, or a region's run sheet."""

    name: str
    """Its PDF in the screenshots folder (outreach.names.screenshot_page)."""
    label: str
    format: str
    html: str
    templates: frozenset[str] | None
    """The template files it is made from; None when that cannot be known (every message may be on it)."""
    task: RenderTask | RunSheetTask
    """How it is rendered and checked, as a build does."""
    texts: dict[int, list[str]] = field(default_factory=dict)
    """Message (by index) → the texts it prints here, in page order."""
    pdf: bytes = b""


@dataclass
class ScreenshotReport:
    out: Path
    locales: list[str]
    shots: list[Shot] = field(default_factory=list)


def _kit_in(kit: Kit, locale: str) -> Kit:
    """The kit with `locale` first: what its run sheets are printed in."""
    first = [locale, *(code for code in kit.settings.locales if code != locale)]
    return replace(kit, settings=kit.settings.model_copy(update={"locales": first}))


def _run_sheets(kit: Kit, locale: str) -> Iterator[Candidate]:
    """Each region's run sheet, as a build of every location makes it, printed in `locale`."""
    planned = [Document(job, 1, "", Path(job.file)) for job in plan(kit)]
    chosen = selections(kit, planned, print_shop=False)
    order = list(kit.settings.regions)
    regions = sorted(
        dict.fromkeys(s.location.region for s in chosen), key=lambda r: order.index(r) if r in order else len(order)
    )
    names = {location_bundle(s.location.id) for s in chosen if s.documents}
    names |= {region_bundle(s.location.region) for s in chosen if s.documents}
    templates = _templates(kit, RUN_SHEET)
    printed_in = _kit_in(kit, locale)
    for region in regions:
        html = run_sheet_html(printed_in, region, [s for s in chosen if s.location.region == region], names)
        label = f"run sheet {region}, locale {locale}"
        task = run_sheet_task(printed_in, html, label)
        yield Candidate(f"run-sheet.{region}", label, "run-sheet", html, templates, task)


def _templates(kit: Kit, name: str) -> frozenset[str] | None:
    reached = closure(kit.root, name)
    return frozenset(t.removeprefix("builtin/") for t in reached.sources) if reached.complete else None


def _formats(kit: Kit, locale: str) -> Iterator[Candidate]:
    """Each location's formats in `locale`, in the order a build plans them."""
    roots, base_url = (str(kit.root), str(builtin_root())), templates_dir().as_uri() + "/"
    for job in plan(kit, locales=[locale]):
        html, checks = page(kit, PrintMode(), job)
        task = RenderTask(html, base_url, roots, "", job.label, checks)
        name = f"{job.location.id}.{job.format.name}"
        yield Candidate(name, job.label, job.format.name, html, _templates(kit, job.format.template), task)


def _allowed(message: Message, candidate: Candidate) -> bool:
    return candidate.templates is None or not message.templates or bool(message.templates & candidate.templates)


def _fewest(candidates: list[Candidate]) -> list[Candidate]:
    """The fewest pages that show every message one of them prints (each time the page showing most of those
    still missing, the first of equals), in that order."""
    left = {m for c in candidates for m in c.texts}
    chosen = []
    while left:
        best = max(range(len(candidates)), key=lambda i: (len(left & candidates[i].texts.keys()), -i))
        chosen.append(candidates[best])
        left -= candidates[best].texts.keys()
    return chosen


def _render(pages: list[Candidate], jobs: int | None) -> None:
    """Every chosen page's PDF, as a build renders it (run sheets too, in the workers)."""
    tasks = [(i, c.task) for i, c in enumerate(pages)]
    results: dict[int, RenderResult] = {}
    workers = max(1, min(jobs or cpu_count(), len(tasks)))
    pool = make_executor(workers)
    try:
        render_all(iter(tasks), pool, results.__setitem__, in_flight=2 * workers)
    except BrokenExecutor as exc:
        raise BuildError(f"a rendering worker stopped unexpectedly ({exc})", "Try fewer workers with --jobs.") from None
    finally:
        pool.shutdown(cancel_futures=True)
    for i in sorted(results):
        if error := results[i].error:
            raise BuildError(*error)
        pages[i].pdf = results[i].pdf
        log.info("rendered %s", pages[i].label)


def _reason(message: Message, candidates: list[Candidate], locale: str) -> str:
    if all(html_pattern(form) is None for form in message.forms):
        return "it prints nothing but its placeholders, so it cannot be told apart on a page"
    sources = ", ".join(message.sources) or "its template"
    if not any(_allowed(message, c) for c in candidates):
        return f"not on any printed page: {sources} is part of no format this kit prints, nor of the run sheet"
    return f"no page of this kit prints it in {locale}: {sources} prints it only for some services, places or formats"


def _shot(locale: str, message: Message, page: Candidate, spot: Spot, images: list, sizes: tuple) -> tuple[Shot, bytes]:
    """A message's screenshot, cut from the page it was found on, and its row."""
    if not images:
        images.extend(rasterize(page.pdf))
    png, area, mark = crop(images[spot.page], sizes[spot.page], spot.box)
    form = next((f for f in message.forms if (p := html_pattern(f)) and p[0].fullmatch(spot.text)), "")
    file = screenshot_file(locale, message.context, message.msgid, message.plural)
    document = screenshot_page(locale, page.name)
    return Shot(locale, message, file, form, spot.text, page.format, document, spot.page + 1, spot.box, area, mark), png


def _shoot(kit: Kit, locale: str, jobs: int | None) -> tuple[list[Shot], dict[str, bytes]]:
    """Every message's screenshot in `locale` (or the reason it has none), and the files to write."""
    messages = catalogue_messages(kit.root, locale)
    candidates = [*_formats(kit, locale), *_run_sheets(kit, locale)]
    for candidate in candidates:
        allowed = {i for i, message in enumerate(messages) if _allowed(message, candidate)}
        candidate.texts = printed_texts(messages, [s.text for s in page_text(candidate.html)], allowed)
    chosen = _fewest(candidates)
    log.info("%s: %d pages show every message printed in it", locale, len(chosen))
    _render(chosen, jobs)
    rtl = locale_info(locale).direction == "rtl"
    found: list[tuple[Candidate, dict[int, Spot], list, tuple]] = []
    for candidate in chosen:
        printed = measure(candidate.pdf)
        found.append((candidate, locate(printed, candidate.texts, rtl), [], printed.pages))
    shots, files = [], {}
    for i, message in enumerate(messages):
        page = next((entry for entry in found if i in entry[1]), None)
        if page is None:
            where = [c.label for c in chosen if i in c.texts]
            reason = f"printed on {where[0]}, but not found in the text of its PDF" if where else None
            shots.append(Shot(locale, message, reason=reason or _reason(message, candidates, locale)))
            continue
        candidate, spots, images, sizes = page
        shot, png = _shot(locale, message, candidate, spots[i], images, sizes)
        files[shot.file], files[shot.document] = png, candidate.pdf
        shots.append(shot)
    return shots, files


def printed_locales(kit: Kit) -> list[str]:
    """Every language a build of the kit prints, in the kit's order."""
    return list(dict.fromkeys(code for location in kit.locations for code in kit.location_locales(location)))


def screenshots(
    kit_dir: Path | None, out: Path, locales: list[str] | None = None, jobs: int | None = None
) -> ScreenshotReport:
    """Write `out`: for each locale (default: every one the kit prints), a PNG per message of the catalogue that
    a page prints, the PDFs they were cut from, and screenshots.csv and .json listing every message."""
    kit = checked(load_kit(kit_dir or sample_kit_dir()), CheckOptions())
    codes = list(dict.fromkeys(locales or printed_locales(kit)))
    plan(kit, locales=codes)  # an unknown locale is a UsageError naming the known ones
    check_catalogues(set(codes), kit.root)
    check_target(out, kit.root)
    report = ScreenshotReport(out.resolve(), codes)
    files: dict[str, bytes] = {}
    for code in codes:
        shots, made = _shoot(kit, code, jobs)
        report.shots += shots
        files.update(made)
    files.update(index_files(report.shots))
    staging = Staging(out)
    try:
        for name in sorted(files):
            staging.write(name, files[name])
        staging.commit()
    except BaseException:
        staging.discard()
        raise
    return report
