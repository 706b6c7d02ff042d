"""Benchmark: a card sheet imposed from its rendered card, against rendering that card, measured in one run.

    .venv/bin/python benchmarks/sheets.py                 # the sample kit's first location, every sheet format
    .venv/bin/python benchmarks/sheets.py --kit my-kit --repeat 20 --no-weasyprint

In this one process, as a worker does it (one renderer, warm caches; the first
run of each is not timed), for each card sheet format and language:
- the card's whole task: rendered to fit, glyphs, the 150-dpi QR scan, type
  sizes, thumbnails (and, inside it, WeasyPrint's layout and drawing alone);
- the sheet made from that card's PDF: imposed with pikepdf, each copy's QR
  code decoded where it lands, thumbnails (and, inside it, the imposition alone);
- for reference, the same sheet laid out and drawn by WeasyPrint from
  card-sheet.html, as builds did before sheets were imposed.
Medians in milliseconds; the target is a sheet at most 1.2 times its card.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

TARGET = 1.2
"""A sheet costs at most this many times its card."""
SHEET_FORMATS = ("wallet-card-sheet", "wallet-card-iso-sheet", "small-label-sheet")


def _median_ms(work, repeat: int) -> tuple[float, object]:
    result = work()  # warm: fonts, compiled templates, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def _one(kit, sheet_job, repeat: int, weasyprint: bool) -> dict:
    from outreach.pages.page import PrintMode, page
    from outreach.pages.sheet import imposition
    from outreach.paths import builtin_root, templates_dir
    from outreach.render.fit import render_to_fit
    from outreach.render.impose import impose
    from outreach.render.task import RenderTask, SheetTask
    from outreach.render.workers import _renderer, render_task

    roots, base_url = (str(kit.root), str(builtin_root())), templates_dir().as_uri() + "/"
    card_job = replace(sheet_job, format=kit.formats[sheet_job.format.sheet.card])
    html, checks = page(kit, PrintMode(), card_job)
    card_task = RenderTask(html, base_url, roots, "", card_job.label, checks)
    card_ms, card = _median_ms(lambda: render_task(card_task), repeat)
    assert card.error is None, card.error
    renderer = _renderer(card_task)
    fit = (card_job.label, checks.expectation.pages, checks.min_font_pt)
    render_ms, _ = _median_ms(
        lambda: render_to_fit(renderer, html, base_url, *fit, tagged=checks.tagged, safe_pt=checks.safe_pt), repeat
    )
    sheet_task = SheetTask(card.pdf, card.smallest_pt, imposition(kit, sheet_job))
    sheet_ms, sheet = _median_ms(lambda: render_task(sheet_task), repeat)
    assert sheet.error is None, sheet.error
    impose_ms, _ = _median_ms(lambda: impose(card.pdf, sheet_task.sheet), repeat)
    old_ms = None
    if weasyprint:
        old_html, old_checks = page(kit, PrintMode(), sheet_job)
        old = RenderTask(old_html, base_url, roots, "", sheet_job.label, old_checks)
        old_ms, _ = _median_ms(lambda: render_task(old), max(1, repeat // 3))
    return {
        "sheet": f"{sheet_job.format.name}.{sheet_job.locale}",
        "card_ms": card_ms,
        "card_render_ms": render_ms,
        "sheet_ms": sheet_ms,
        "impose_ms": impose_ms,
        "weasyprint_sheet_ms": old_ms,
        "ratio": sheet_ms / card_ms,
    }


def measure(kit_dir: Path | None, repeat: int = 9, weasyprint: bool = True) -> dict:
    """Per sheet format and language of the kit's first location: the card's task and render, the sheet's task
    and imposition, in ms; and the worst ratio of a sheet to its card."""
    from outreach.kit.jobs import Job
    from outreach.kit.load import load_kit
    from outreach.paths import sample_kit_dir

    kit = load_kit(kit_dir or sample_kit_dir())
    location = kit.locations[0]
    rows = [
        _one(kit, Job(location, kit.formats[name], locale), repeat, weasyprint)
        for name in SHEET_FORMATS
        if name in kit.formats
        for locale in kit.location_locales(location)[:2]
    ]
    return {"rows": rows, "worst_ratio": max(row["ratio"] for row in rows), "target": TARGET}


def report(result: dict) -> list[str]:
    """The figure, one line per sheet, with the ratio and whether it meets the target."""
    lines = [
        f"{'sheet (ms, median)':<28}{'card task':>10}{'render':>8}{'sheet task':>11}{'impose':>8}"
        f"{'sheet/card':>11}{'WeasyPrint sheet':>18}"
    ]
    for row in result["rows"]:
        old = f"{row['weasyprint_sheet_ms']:.1f}" if row["weasyprint_sheet_ms"] is not None else "-"
        lines.append(
            f"{row['sheet']:<28}{row['card_ms']:>10.1f}{row['card_render_ms']:>8.1f}{row['sheet_ms']:>11.1f}"
            f"{row['impose_ms']:>8.1f}{row['ratio']:>10.2f}x{old:>18}"
        )
    met = "met" if result["worst_ratio"] <= result["target"] else "MISSED"
    lines.append(f"[{met}] a sheet at most {result['target']:g}x its card (worst {result['worst_ratio']:.2f}x)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Time card sheets imposed from their card against the card.")
    parser.add_argument("--kit", type=Path, help="a kit folder (default: the embedded sample kit)")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--no-weasyprint", action="store_true", help="skip the old WeasyPrint sheet (600+ ms each)")
    args = parser.parse_args()
    print("\n".join(report(measure(args.kit, args.repeat, not args.no_weasyprint))))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
