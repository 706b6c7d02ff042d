"""Benchmark: each distinct single document (poster, sticker, card) as a worker makes it, against WeasyPrint's floor.

    .venv/bin/python benchmarks/documents.py                    # the sample kit
    .venv/bin/python benchmarks/documents.py --kit my-kit --per-format 20

In one process, as a worker sees them (one renderer, warm caches, each kind's
first document as its reference, the others fitting from where it ended), for
each single format: the worker's whole task (fitted to its page, glyphs, QR
codes decoded, type sizes, hidden text, thumbnails), and the floor: WeasyPrint
on its own laying out and drawing the same HTML once, at its designed sizes
(with a warm font configuration and image cache, as a worker has, but parsing
the page's CSS as WeasyPrint does: outreach's parsed-stylesheet cache,
outreach.render.styles, is part of what is measured, not of the floor). Also
the layouts each document needed. The first document of each kind (its
reference) is a warm-up and not timed. Target: at most 1.3 times the floor.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from pathlib import Path

TARGET = 1.3
"""A distinct document costs at most this many times WeasyPrint's floor for its HTML."""


def measure(kit_dir: Path | None, per_format: int) -> dict:
    """Medians per kind of page (format, language, discreet or not: what fitting starts from; worker task, floor,
    their ratio, layouts per document)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from outreach import plan
    from outreach.kit.load import load_kit
    from outreach.pages.page import PrintMode, page
    from outreach.paths import builtin_root, sample_kit_dir, templates_dir
    from outreach.planning.references import kind_of
    from outreach.render.engine import Renderer
    from outreach.render.task import RenderTask
    from outreach.render.workers import _renderer, render_task

    kit = load_kit(kit_dir or sample_kit_dir())
    roots, base_url = (str(kit.root), str(builtin_root())), templates_dir().as_uri() + "/"
    chosen: dict[str, list] = {}
    seen: set[str] = set()
    for job in plan(kit):
        if job.format.sheet:
            continue
        html, checks = page(kit, PrintMode(), job)
        kind = kind_of(kit, job).replace("|", " ")  # as the build groups them: each starts from its kind's first
        if html in seen or len(chosen.setdefault(kind, [])) > per_format:
            continue
        seen.add(html)
        chosen[kind].append(RenderTask(html, base_url, roots, "", job.label, checks))
    layouts = [0]
    original = Renderer.layout

    def counted(self, *args, **kwargs):
        layouts[0] += 1
        return original(self, *args, **kwargs)

    Renderer.layout = counted  # type: ignore[method-assign]
    formats = {}
    try:
        for name, tasks in chosen.items():
            _renderer(tasks[0])
            fonts, images = FontConfiguration(), {}  # WeasyPrint's own, warmed by the kind's first document
            task_ms, floor_ms, ratios, counts = [], [], [], []
            reference = None
            for number, task in enumerate(tasks):
                task = replace(task, reference=reference)
                layouts[0] = 0
                start = time.perf_counter()
                result = render_task(task)
                took = time.perf_counter() - start
                assert result.error is None, result.error
                reference = reference or result.fitted
                count = layouts[0]
                start = time.perf_counter()
                HTML(string=task.html, base_url=base_url).render(font_config=fonts, cache=images).write_pdf(
                    pdf_variant="pdf/ua-1" if task.checks.tagged else None
                )
                floor = time.perf_counter() - start
                if number:  # the first of a kind warms fonts, templates and the fitting's starting point
                    task_ms.append(took * 1000)
                    floor_ms.append(floor * 1000)
                    ratios.append(took / floor)
                    counts.append(count)
            if ratios:
                formats[name] = {
                    "documents": len(ratios),
                    "task_ms": statistics.median(task_ms),
                    "floor_ms": statistics.median(floor_ms),
                    "ratio": statistics.median(ratios),
                    "layouts": statistics.mean(counts),
                }
    finally:
        Renderer.layout = original  # type: ignore[method-assign]
    return {"formats": formats, "worst_ratio": max((f["ratio"] for f in formats.values()), default=0.0)}


def report(result: dict) -> list[str]:
    lines = [f"{'kind (format, language)':<28}{'docs':>6}{'task ms':>10}{'floor ms':>10}{'ratio':>8}{'layouts':>9}"]
    for name, f in sorted(result["formats"].items()):
        lines.append(
            f"{name:<28}{f['documents']:>6}{f['task_ms']:>10.0f}{f['floor_ms']:>10.0f}{f['ratio']:>8.2f}"
            f"{f['layouts']:>9.1f}"
        )
    lines.append(f"worst median ratio {result['worst_ratio']:.2f}x; target at most {TARGET:g}x")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kit", type=Path, help="the kit (default: the embedded sample kit)")
    parser.add_argument("--per-format", type=int, default=4, help="distinct documents timed per format and language")
    args = parser.parse_args()
    for line in report(measure(args.kit, args.per_format)):
        print(line)


if __name__ == "__main__":
    main()
