"""Benchmark: a statewide kit built cold, rebuilt unchanged, rebuilt after one service changes, against two baselines.

    .venv/bin/python benchmarks/bench_build.py                  # ~1,000 locations, 87 regions (several minutes)
    .venv/bin/python benchmarks/bench_build.py --locations 100  # a quick look

Each measurement runs in a fresh process so that its peak memory is its own.
Baseline 1 is the naive build: every location × format × locale templated,
rendered with a fresh WeasyPrint font configuration and checked (150-dpi scan
of every QR code, thumbnails) one after another in one process; baseline 2 is
one `weasyprint` command per document. Both run on a random sample of the
documents, stratified by format, and are extrapolated to all of them
(`--baseline-sample 0` runs baseline 1 on every document).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))

from documents import measure as measure_documents  # noqa: E402
from documents import report as documents_report  # noqa: E402
from sheets import measure as measure_sheets  # noqa: E402
from sheets import report as sheets_report  # noqa: E402
from statewide_kit import write_kit  # noqa: E402

from outreach.render.workers import cpu_count  # noqa: E402

MB = 1024 * 1024


def _own_peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def phase_build(kit: Path, out: Path, jobs: int) -> dict:
    from outreach import build

    start = time.perf_counter()
    report = build(kit, out, jobs=jobs)
    seconds = time.perf_counter() - start
    return {
        "planned": len(report.documents),
        "rendered": report.rendered,
        "reused": report.reused,
        "distinct": report.distinct,
        "seconds": seconds,
        "main_peak": _own_peak(),
        "worker_peak": report.peak_worker_memory,
        "reprint": len(report.reprint.rows),
        "summary": report.reprint.summary(),
    }


def _sample(jobs: list, per_format: int, seed: int = 1) -> list[tuple[object, float]]:
    """(job, weight): a random sample of each format's jobs, weighted to stand for all of them."""
    if per_format <= 0:
        return [(job, 1.0) for job in jobs]
    rng, by_format = random.Random(seed), {}
    for job in jobs:
        by_format.setdefault(job.format.name, []).append(job)
    chosen = []
    for group in by_format.values():
        picked = rng.sample(group, min(per_format, len(group)))
        chosen += [(job, len(group) / len(picked)) for job in picked]
    return chosen


def _naive(kit, job, base_url: str) -> tuple[float, float, float]:
    """One document made the way the build makes it, with a fresh Renderer (font configuration, cache)."""
    from outreach.pages.page import PrintMode, page
    from outreach.paths import builtin_root
    from outreach.render.engine import Renderer
    from outreach.render.fit import render_to_fit
    from outreach.render.glyphs import check_html
    from outreach.render.measure import measure
    from outreach.render.verify import verify

    t0 = time.perf_counter()
    html, checks = page(kit, PrintMode(), job)
    t1 = time.perf_counter()
    rendered = render_to_fit(
        Renderer([kit.root, builtin_root()]),
        html,
        base_url,
        job.label,
        checks.expectation.pages,
        checks.min_font_pt,
        tagged=checks.tagged,
    )
    t2 = time.perf_counter()
    check_html(html, checks.locale, kit.root, job.label)
    verify(rendered.data, rendered.pages, checks.expectation, job.label, rendered.qr_boxes)  # with the thumbnails
    measure(rendered.data)
    return t1 - t0, t2 - t1, time.perf_counter() - t2


def phase_baseline(kit_dir: Path, per_format: int) -> dict:
    """Every document separately, in this process, with a fresh font configuration each time."""
    from outreach import plan
    from outreach.kit.load import load_kit
    from outreach.paths import templates_dir

    kit = load_kit(kit_dir)
    jobs = plan(kit)
    sample = _sample(jobs, per_format)
    base_url = templates_dir().as_uri() + "/"
    for job in {(job.format.name, job.locale): job for job in jobs}.values():  # untimed: imports, compiled templates
        _naive(kit, job, base_url)
    render_s = check_s = template_s = 0.0
    for job, weight in sample:
        template, render, checks = _naive(kit, job, base_url)
        template_s, render_s, check_s = (
            template_s + template * weight,
            render_s + render * weight,
            check_s + checks * weight,
        )
    return {
        "documents": len(jobs),
        "sampled": len(sample),
        "template_s": template_s,
        "render_s": render_s,
        "check_s": check_s,
        "seconds": template_s + render_s + check_s,
        "main_peak": _own_peak(),
    }


def phase_cli_baseline(kit_dir: Path, per_format: int, work: Path) -> dict:
    """One `weasyprint` command per document."""
    from outreach import plan
    from outreach.kit.load import load_kit
    from outreach.pages.page import PrintMode, page
    from outreach.paths import templates_dir

    kit = load_kit(kit_dir)
    jobs = plan(kit)
    command = Path(sys.executable).with_name("weasyprint")
    total = 0.0
    sample = _sample(jobs, per_format, seed=2)
    for index, (job, weight) in enumerate(sample):
        html, _ = page(kit, PrintMode(), job)
        source = work / f"doc-{index}.html"
        source.write_text(html, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(
            [str(command), "-q", "-u", templates_dir().as_uri() + "/", str(source), str(work / f"doc-{index}.pdf")],
            check=True,
        )
        total += (time.perf_counter() - start) * weight
    return {"documents": len(jobs), "sampled": len(sample), "seconds": total}


def _run(*args: str) -> dict:
    result = subprocess.run([sys.executable, str(HERE), "--phase", *args], capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"benchmark phase {args[0]} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _timed(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _showing(out: Path, locations: set[str]) -> tuple[set[str], int]:
    """Files of these locations and the number of distinct documents among them, from the manifest."""
    with (out / "manifest.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["location"] in locations]
    return {row["file"] for row in rows}, len({row["render_key"] for row in rows})


def _phase(args: list[str]) -> dict:
    name, *rest = args
    if name == "build":
        return phase_build(Path(rest[0]), Path(rest[1]), int(rest[2]))
    if name == "baseline":
        return phase_baseline(Path(rest[0]), int(rest[1]))
    if name == "sheets":
        return measure_sheets(Path(rest[0]), int(rest[1]))
    if name == "documents":
        return measure_documents(Path(rest[0]), int(rest[1]))
    if name == "cli-baseline":
        return phase_cli_baseline(Path(rest[0]), int(rest[1]), Path(rest[2]))
    raise SystemExit(f"unknown phase {name}")


def _row(name: str, result: dict) -> str:
    per_doc = f"{result['seconds'] / result['rendered'] * 1000:9.1f}" if result.get("rendered") else f"{'-':>9}"
    memory = f"{result['main_peak'] / MB:6.0f} / {result['worker_peak'] / MB:4.0f}" if "worker_peak" in result else ""
    return (
        f"{name:<34}{result.get('planned', result.get('documents')):>8}{result.get('rendered', '-'):>9}"
        f"{result['seconds']:>10.2f}{per_doc}  {memory}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark outreach builds on a synthetic statewide kit.")
    parser.add_argument("--locations", type=int, default=1000)
    parser.add_argument("--regions", type=int, default=87)
    parser.add_argument("--jobs", type=int, default=cpu_count(), help="worker processes (default: the cores)")
    parser.add_argument("--baseline-sample", type=int, default=40, help="documents per format for baseline 1 (0: all)")
    parser.add_argument("--cli-sample", type=int, default=3, help="documents per format for baseline 2")
    parser.add_argument("--work", type=Path, help="keep the kit and the output here (default: a temporary folder)")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(_phase(args.phase)))
        return

    import yaml

    work = args.work or Path(tempfile.mkdtemp(prefix="outreach-bench-"))
    shutil.rmtree(work / "kit", ignore_errors=True)
    shutil.rmtree(work / "out", ignore_errors=True)
    kit = write_kit(work / "kit", args.locations, args.regions)
    out, jobs, outreach = work / "out", str(args.jobs), str(Path(sys.executable).with_name("outreach"))
    print(
        f"outreach benchmark: {args.locations} locations, {args.regions} regions, locales en es so vi, "
        f"3 formats per location; --jobs {jobs}"
    )
    print(
        f"machine: {cpu_count()} CPU(s) usable, {platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; work folder {work}",
        flush=True,
    )

    cold = _run("build", str(kit.root), str(out), jobs)
    again = _run("build", str(kit.root), str(out), jobs)
    again_cli = _timed([outreach, "build", str(kit.root), "-o", str(out), "--quiet", "--jobs", jobs], 3)
    region = kit.regions[min(6, len(kit.regions) - 1)]
    line = yaml.safe_load(kit.line_of(region).read_text(encoding="utf-8"))
    kit.line_of(region).write_text(
        yaml.safe_dump({**line, "phone": "507-555-0199"}, allow_unicode=True), encoding="utf-8"
    )
    changed = _run("build", str(kit.root), str(out), jobs)
    showing, distinct = _showing(out, {lid for lid, rid in kit.locations.items() if rid == region})
    with (out / "reprint.csv").open(encoding="utf-8") as handle:
        reprinted = {f"{r['location']}/{r['format']}.{r['locale']}.pdf" for r in csv.DictReader(handle)}
    baseline = _run("baseline", str(kit.root), str(args.baseline_sample))
    with tempfile.TemporaryDirectory() as scratch:
        cli = _run("cli-baseline", str(kit.root), str(args.cli_sample), scratch)
    help_s = _timed([outreach, "--help"], 5)
    sheets = _run("sheets", str(kit.root), "5")
    documents = _run("documents", str(kit.root), "3")

    print(f"\n{'':<34}{'planned':>8}{'rendered':>9}{'seconds':>10}{'ms/doc':>9}  peak MB main / worker")
    print(_row("cold build", cold))
    print(_row("no-change rebuild", again))
    print(f"{'no-change rebuild, whole command':<34}{'':>17}{again_cli:>10.2f}")
    print(_row(f"one service changed ({region})", changed))
    print(
        f"{'baseline 1: naive, one process':<34}{baseline['documents']:>8}{baseline['documents']:>9}"
        f"{baseline['seconds']:>10.1f}{baseline['seconds'] / baseline['documents'] * 1000:>9.1f}  "
        f"{baseline['main_peak'] / MB:6.0f}   (sample {baseline['sampled']}; render {baseline['render_s']:.0f} s, "
        f"checks {baseline['check_s']:.0f} s, templates {baseline['template_s']:.0f} s)"
    )
    print(
        f"{'baseline 2: weasyprint command':<34}{cli['documents']:>8}{cli['documents']:>9}{cli['seconds']:>10.1f}"
        f"{cli['seconds'] / cli['documents'] * 1000:>9.1f}  (sample {cli['sampled']}; rendering only)"
    )
    print(f"{'outreach --help':<34}{'':>17}{help_s:>10.3f}   (median of 5)")

    print("\ncard sheets imposed from their card, against the card (one process, as a worker; medians in ms)")
    for line in sheets_report(sheets)[:-1]:
        print(f"  {line}")
    print("\neach distinct single document as a worker makes it, against WeasyPrint's floor (medians in ms)")
    for line in documents_report(documents)[:-1]:
        print(f"  {line}")
    print("\nratios")
    print(f"  cold build vs baseline 1 (render + checks): {baseline['seconds'] / cold['seconds']:.1f}x faster")
    print(f"  cold build vs baseline 1, its rendering alone: {baseline['render_s'] / cold['seconds']:.1f}x faster")
    print(
        "  cold build vs baseline 2 (weasyprint command, rendering only): "
        f"{cli['seconds'] / cold['seconds']:.1f}x faster"
    )
    only = changed["rendered"] == distinct and reprinted == showing
    targets = [
        (f"cold build at most 90 s ({cold['seconds']:.0f} s)", cold["seconds"] <= 90),
        ("cold build >= 30x faster than baseline 1", baseline["seconds"] / cold["seconds"] >= 30),
        (
            f"a distinct document at most 1.3x WeasyPrint's floor (worst median {documents['worst_ratio']:.2f}x)",
            documents["worst_ratio"] <= 1.3,
        ),
        ("no-change rebuild < 1 s (whole command)", again_cli < 1 and again["rendered"] == 0),
        (
            f"one-service rebuild renders only what shows it ({changed['rendered']} rendered = {distinct} distinct "
            f"documents of {region}; reprint.csv lists exactly its {len(showing)} files)",
            only,
        ),
        ("outreach --help < 0.3 s", help_s < 0.3),
        (f"a card sheet at most 1.2x its card (worst {sheets['worst_ratio']:.2f}x)", sheets["worst_ratio"] <= 1.2),
        ("peak memory per worker < 300 MB", max(cold["worker_peak"], changed["worker_peak"]) < 300 * MB),
    ]
    print("\ntargets")
    for name, met in targets:
        print(f"  [{'met' if met else 'MISSED'}] {name}")
    print("\nreprint summary after the change:")
    for line in changed["summary"]:
        print(f"  {line}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
