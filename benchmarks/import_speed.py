"""How long importing a large directory takes: an HSDS JSON export and a spreadsheet of N services.

    .venv/bin/python benchmarks/import_speed.py [N]

Prints seconds and the process's peak memory so far for: a first import (every service added and
written), a dry run of the same, and a second import (nothing changed). The
services are the HSDS example service repeated with distinct ids, names and
numbers, and a current weekly schedule so opening hours are written in every
kit language. Target: 2,000 services in under 10 s for a first import on a
2-core machine, and a re-import of an unchanged export in under 5 s.
"""

from __future__ import annotations

import copy
import csv
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from outreach.importing import import_csv, import_hsds
from outreach.paths import sample_kit_dir

EXAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "hsds" / "service_full.json"


def services(count: int) -> list[dict]:
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    base["schedules"] = [
        {"id": "s", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}
    ]
    base["service_areas"] = [{"id": "a", "name": "North County"}]
    out = []
    for n in range(count):
        item = copy.deepcopy(base)
        item["id"] = f"00000000-0000-4000-8000-{n:012d}"
        item["name"] = f"Community Counselling {n}"
        item["phones"][0]["number"] = f"612-555-{n % 10000:04d}"
        out.append(item)
    return out


def measure(label: str, call) -> None:
    start = time.perf_counter()
    report = call()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{label:<34} {seconds:6.2f} s  process peak {peak:6.0f} MiB  ({report.summary})")


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        export = root / "export.json"
        export.write_text(json.dumps(services(count)), encoding="utf-8")
        sheet = root / "services.csv"
        with sheet.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "name", "summary", "kind", "phone", "hours", "regions", "verified", "name:es"])
            for n in range(count):
                writer.writerow(
                    [
                        f"service-{n}",
                        f"Service {n}",
                        "Call us, any time.",
                        "hotline",
                        f"612-555-{n % 10000:04d}",
                        "24 hours, every day",
                        "north",
                        "2026-10-01",
                        f"Servicio {n}",
                    ]
                )
        print(
            f"{count} services, {export.stat().st_size / 2**20:.1f} MiB of JSON, "
            f"{sheet.stat().st_size / 2**20:.1f} MiB of CSV"
        )
        for name, run in (
            ("hsds", lambda kit, **kw: import_hsds(export, kit, **kw)),
            ("csv", lambda kit, **kw: import_csv(sheet, kit, **kw)),
        ):
            kit = root / f"kit-{name}"
            shutil.copytree(sample_kit_dir(), kit)
            measure(f"{name}: dry run", lambda run=run, kit=kit: run(kit, dry_run=True))
            measure(f"{name}: first import (written)", lambda run=run, kit=kit: run(kit))
            measure(f"{name}: again, unchanged", lambda run=run, kit=kit: run(kit))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
