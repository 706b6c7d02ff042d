"""The sample kit's materials measured as their readers meet them, one row per format × language.

    .venv/bin/python benchmarks/materials.py                          # every built-in language
    .venv/bin/python benchmarks/materials.py --locales en,ar --jobs 2

Builds the embedded sample kit (office mode) into a temporary folder, takes one location per format
(the first in sample/locations.yaml that gets it), and measures each document's PDF with
outreach.render.metrics: how tall its phone numbers print for the distance it is read from, how they
stand out from the body text, how large its QR symbol prints for the distance it is scanned from, how
much of the safe area is empty, and how close text comes to the paper's edge. A cell that misses its
target ends in `!` (`!!` below the number-size floor). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from outreach import BuildError, build, load_kit
from outreach.i18n.catalogues import available_locales
from outreach.i18n.locales import PSEUDO_LOCALE
from outreach.kit.formats import NUMBER_FLOOR_MM_PER_M, NUMBER_MM_PER_M, Format, builtin_formats
from outreach.pages.sheet import cells_box
from outreach.paths import sample_kit_dir
from outreach.planning.documents import Document
from outreach.render import metrics
from outreach.render.metrics import Box

RATIO_TARGET = 1.5
"""A phone number's type at least this many times the body size around it."""
QR_MM_PER_M = 100.0
"""A QR symbol (without its quiet zone) at least a tenth of its scanning distance."""
BLANK_TARGET = 10.0
"""No empty rectangle larger than this % of the safe area."""

LEGEND = f"""\
format, locale   one location per format (the first in sample/locations.yaml that gets it)
read m           reading distance, viewing_distance_cm / 100
digits mm        digit height of the largest phone number printed (size × 0.714)
mm/m             per metre of reading distance: target {NUMBER_MM_PER_M:g} (`!`), floor {NUMBER_FLOOR_MM_PER_M:g} (`!!`)
num/body         smallest ratio of a number's size to the body size where it sits (tabs apart): ≥ {RATIO_TARGET:g}
QR mm            smallest QR symbol's side without the quiet zone: target ≥ Format.qr_mm (required, in brackets)
QR mm/m          per metre of scanning distance (scan_distance_cm or viewing_distance_cm): ≥ {QR_MM_PER_M:g}
blank %          largest rectangle without ink, % of the safe area (page inset by safe_margin; on a sheet,
                 the block of its cards): ≤ {BLANK_TARGET:g}
edge mm          smallest distance of a character's box (not the faint SAMPLE mark) from the paper's edge:
                 target ≥ safe_margin (in brackets)
×                the document was not built (the build's message is below the table)
numbers looked for: every `display` of every contact in the sample kit with digits in it"""


def _mark(text: str, missed: bool, badly: bool = False) -> str:
    return text + ("!!" if badly else "!" if missed else "")


def _below(value: float, digits: int, target: float) -> bool:
    """Whether `value`, as printed with `digits` decimals, is below `target` (1.4999 prints 1.50 and passes)."""
    return round(value, digits) < target


def _numbers_row(fmt: Format, pages: list[metrics.PageChars], displays: list[str]) -> list[str]:
    metre = fmt.viewing_distance_cm / 100
    largest = 0.0
    ratios = []
    for page in pages:
        tabs = Box(0, page.height - fmt.tab_height_pt, page.width, page.height) if fmt.tabs else None
        rest = Box(0, 0, page.width, page.height - fmt.tab_height_pt) if fmt.tabs else None
        for number in metrics.numbers(page, displays):
            largest = max(largest, number.digit_mm)
            region = (tabs if tabs and tabs.holds(number.box) else rest) if fmt.tabs else None
            body = metrics.body_size(page, within=region)
            if body:
                ratios.append(number.size / body)
    if not largest:
        return ["none!", "-", "-"]
    per_metre = largest / metre
    ratio = min(ratios) if ratios else 0.0
    return [
        f"{largest:.1f}",
        _mark(f"{per_metre:.1f}", _below(per_metre, 1, NUMBER_MM_PER_M), _below(per_metre, 1, NUMBER_FLOOR_MM_PER_M)),
        _mark(f"{ratio:.2f}", _below(ratio, 2, RATIO_TARGET)) if ratios else "-",
    ]


def _qr_row(fmt: Format, symbols: list[metrics.QrSymbol]) -> list[str]:
    if not symbols:
        return ["none!", "-"]
    side = min(symbol.side_mm for symbol in symbols)
    metres = (fmt.scan_distance_cm or fmt.viewing_distance_cm) / 100
    # half a millimetre either way is the scan's precision (a pixel at 150 dpi is 0.17 mm)
    return [
        _mark(f"{side:.1f} [{fmt.qr_mm:g}]", side < fmt.qr_mm - 0.5),
        _mark(f"{side / metres:.0f}", side < QR_MM_PER_M * metres - 0.5),
    ]


def _fill_area(fmt: Format) -> Box:
    """The safe area; on a sheet, the block of its cards (the stock's margin around them is not page)."""
    if not fmt.sheet:
        margin = fmt.safe_margin_pt
        return Box(margin, margin, fmt.width_pt - margin, fmt.height_pt - margin)
    return Box(*cells_box(fmt, builtin_formats()[fmt.sheet.card]))


def measure_document(fmt: Format, pdf: bytes, displays: list[str], times: dict[str, list[float]]) -> list[str]:
    """The row's measured cells for one document, adding each measurement's time per page to `times`."""
    start = time.perf_counter()
    pages = metrics.characters(pdf)
    times["characters"].append((time.perf_counter() - start) / len(pages))
    start = time.perf_counter()
    symbols = [symbol for page in metrics.qr_symbols(pdf) for symbol in page]
    times["QR decode"].append((time.perf_counter() - start) / len(pages))
    margin = fmt.safe_margin_pt
    start = time.perf_counter()
    blanks = metrics.largest_blank(pdf, _fill_area(fmt))
    times["largest blank"].append((time.perf_counter() - start) / len(pages))
    if fmt.name == "bus-card":
        times["largest blank, bus card"].append(times["largest blank"][-1])
    blank = max(b.fraction for b in blanks) * 100
    edges = [edge for edge in map(metrics.edge_distance, pages) if edge is not None]
    edge = min(e.mm for e in edges) if edges else float("nan")
    margin_mm = margin * 25.4 / 72
    return [
        *_numbers_row(fmt, pages, displays),
        *_qr_row(fmt, symbols),
        _mark(f"{blank:.0f}", round(blank) > BLANK_TARGET),
        _mark(f"{edge:.1f} [{margin_mm:.1f}]", not edge >= margin_mm - 0.05),  # NaN (no text) misses too
    ]


def build_each(
    out: Path, where: dict[str, str], formats: list[str], locales: list[str], jobs: int | None
) -> tuple[list[Document], dict[tuple[str, str], str]]:
    """Each format at its location in every language; when a build fails, each language again on its own,
    so that a document that does not fit costs only its own row. Returns the documents and the failures."""
    documents: list[Document] = []
    failed: dict[tuple[str, str], str] = {}
    for name in formats:
        try:
            report = build(None, out / name, locations=[where[name]], formats=[name], locales=locales, jobs=jobs)
            documents += report.documents
            continue
        except BuildError:
            pass
        for locale in locales:
            try:
                report = build(
                    None, out / f"{name}-{locale}", locations=[where[name]], formats=[name], locales=[locale], jobs=jobs
                )
                documents += report.documents
            except BuildError as exc:
                failed[(name, locale)] = " ".join(str(exc).split())
    return documents, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    every = [code for code in available_locales(None) if code != PSEUDO_LOCALE]
    parser.add_argument("--locales", default=",".join(every), help="comma-separated (default: every built-in one)")
    parser.add_argument("--jobs", type=int, default=None, help="rendering processes (default: one per core)")
    args = parser.parse_args()
    locales = [code.strip() for code in args.locales.split(",") if code.strip()]

    kit = load_kit(sample_kit_dir())
    displays = [
        c.display for service in kit.contacts.values() for c in service.values() if any(map(str.isdigit, c.display))
    ]
    where: dict[str, str] = {}  # format → the first location that gets it
    for location in kit.locations:
        for name in kit.location_formats(location):
            where.setdefault(name, location.id)
    formats = [name for name in kit.formats if name in where]
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        documents, failed = build_each(Path(tmp), where, formats, locales, args.jobs)
        built = time.perf_counter() - began
        chosen = {(doc.job.format.name, doc.job.locale): doc for doc in documents}
        times: dict[str, list[float]] = defaultdict(list)
        rows = []
        for name in formats:
            for locale in locales:
                doc = chosen.get((name, locale))
                fmt = kit.formats[name]
                if doc is None:
                    rows.append([name, locale, f"{fmt.viewing_distance_cm / 100:g}", *["×"] * 7])
                    continue
                cells = measure_document(fmt, doc.pdf, displays, times)
                rows.append([name, locale, f"{fmt.viewing_distance_cm / 100:g}", *cells])
        measured = time.perf_counter() - began - built

    header = ["format", "locale", "read m", "digits mm", "mm/m", "num/body", "QR mm", "QR mm/m", "blank %", "edge mm"]
    print(LEGEND)
    print()
    table = [header, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        cells = zip(row, widths, strict=True)
        print(
            "  ".join(
                cell.ljust(width) if i < 2 else cell.rjust(width) for i, (cell, width) in enumerate(cells)
            ).rstrip()
        )
    print()
    print(
        f"{len(documents)} documents ({len({d.sha256 for d in documents})} distinct) in {len(locales)} languages, "
        f"built in {built:.1f} s (jobs={args.jobs or 'one per core'}); measured in {measured:.1f} s"
    )
    for (name, locale), message in failed.items():
        print(f"  not built: {name} {locale}: {message[:300]}")
    for what, values in times.items():
        print(
            f"  {what:<25} {sum(values) / len(values) * 1000:6.0f} ms a page (mean), "
            f"{max(values) * 1000:6.0f} ms at most"
        )


if __name__ == "__main__":
    main()
