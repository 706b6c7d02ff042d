"""How long `outreach check` and the build's checks on rendered PDFs take, on the sample kit.

Run: .venv/bin/python benchmarks/checks.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from outreach import CheckOptions, build, load_kit
from outreach.checks import check
from outreach.checks.materials import materials
from outreach.checks.printed import check_printed
from outreach.paths import sample_kit_dir
from outreach.render.measure import measure


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def main() -> None:
    kit = load_kit(sample_kit_dir())
    ms, _ = timed(lambda: load_kit(sample_kit_dir()))
    print(f"load the sample kit:                 {ms:7.1f} ms")
    ms, found = timed(lambda: materials(kit))
    print(f"render its {len(found)} materials' text (Jinja): {ms:7.1f} ms")
    ms, problems = timed(lambda: check(kit, CheckOptions()))
    print(f"every check before rendering:        {ms:7.1f} ms  ({len(problems)} findings)")

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = build(None, Path(tmp) / "out")
        total = (time.perf_counter() - start) * 1000
    distinct = {d.pdf: d for d in report.documents}
    ms, _ = timed(lambda: check_printed(kit, report.documents), repeat=3)
    print(
        f"checks on the rendered PDFs:         {ms:7.1f} ms  for {len(report.documents)} documents "
        f"({len(distinct)} distinct), of a {total:.0f} ms build"
    )
    for name in ("poster-letter", "stall-sticker", "wallet-card", "wallet-card-sheet"):
        doc = next(d for d in report.documents if d.job.format.name == name)
        ms, printed = timed(lambda doc=doc: measure(doc.pdf))
        print(f"  measure one {name:<18} {ms:7.1f} ms  ({len(printed.text)} characters)")


if __name__ == "__main__":
    main()
