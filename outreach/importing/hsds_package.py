"""An HSDS tabular data package (datapackage.json + one CSV per object) read into nested services.

The result has the shape of an HSDS JSON service (`phones`, `schedules`,
`service_areas`, `languages`, `service_at_locations[].location.addresses`), so
one mapping serves both forms. A table the package does not have is left out,
so the fields it would fill are not touched in the kit. Every row remembers
where it came from (`_at`: `phones.csv:2`) for messages. Only files inside the
package's folder are read.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from .record import Finding, SourceError

TABLES = (
    "service",
    "organization",
    "phone",
    "schedule",
    "service_area",
    "language",
    "service_at_location",
    "location",
    "address",
)


def _rows(folder: Path, relative: str, findings: list[Finding]) -> list[dict[str, Any]] | None:
    path = (folder / relative).resolve()
    if Path(relative).is_absolute() or not path.is_relative_to(folder.resolve()):
        findings.append(
            Finding(
                f"{folder.name}/datapackage.json", f"the table path {relative!r} leads outside the package; not read"
            )
        )
        return None
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except OSError as exc:
        findings.append(
            Finding(
                relative,
                f"is listed in datapackage.json but cannot be read ({exc.strerror}); its fields are not imported",
                "warning",
            )
        )
        return None
    except UnicodeDecodeError:
        findings.append(Finding(relative, "is not UTF-8 text; its fields are not imported", "warning"))
        return None
    rows = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2):
        rows.append({k: v for k, v in row.items() if k and v not in (None, "")} | {"_at": f"{relative}:{number}"})
    return rows


def _group(rows: list[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            groups[row[key]].append(row)
    return groups


def read_package(folder: Path) -> tuple[list[tuple[dict, dict | None, str]], list[Finding]]:
    """Services (each with its organization and where it is) from the package in `folder`."""
    meta_path = folder / "datapackage.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        resources = {r["name"]: r["path"] for r in meta["resources"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(
            [Finding(str(meta_path), f"is not a data package description with resources ({exc})")]
        ) from None
    findings: list[Finding] = []
    read = {name: _rows(folder, resources[name], findings) for name in TABLES if name in resources}
    tables = {name: rows for name, rows in read.items() if rows is not None}
    if "service" not in tables:
        raise SourceError(
            findings + [Finding(str(meta_path), "has no service table (services.csv); there is nothing to import")]
        )

    organizations = {row["id"]: row for row in tables.get("organization", []) if row.get("id")}
    addresses = _group(tables.get("address", []), "location_id")
    locations = {
        row["id"]: {**row, "addresses": addresses.get(row["id"], [])}
        for row in tables.get("location", [])
        if row.get("id")
    }
    children = {
        "phones": _group(tables["phone"], "service_id") if "phone" in tables else None,
        "schedules": _group(tables["schedule"], "service_id") if "schedule" in tables else None,
        "service_areas": _group(tables["service_area"], "service_id") if "service_area" in tables else None,
        "languages": _group(tables["language"], "service_id") if "language" in tables else None,
    }
    at_location = _group(tables.get("service_at_location", []), "service_id")
    for organization in organizations.values():
        organization["phones"] = [
            p
            for p in tables.get("phone", [])
            if p.get("organization_id") == organization["id"] and not p.get("service_id")
        ]

    services = []
    for row in tables["service"]:
        service = dict(row)
        for key, groups in children.items():
            if groups is not None:
                service[key] = groups.get(row.get("id", ""), [])
        if "service_at_location" in tables:
            service["service_at_locations"] = [
                {**sal, "location": locations.get(sal.get("location_id", ""), {})}
                for sal in at_location.get(row.get("id", ""), [])
            ]
        services.append((service, organizations.get(row.get("organization_id", "")), row["_at"]))
    return services, findings
