"""An HSDS tabular data package (datapackage.json + one CSV per object) read into nested services.

The result has the shape of an HSDS JSON service (`phones`, `schedules`,
`service_areas`, `languages`, `service_at_locations[].location.addresses`), so
one mapping serves both forms; HSDS 2.0 and 1.1 tables are brought into that
shape by hsds_versions. A table the package does not have is left out, so the
fields it would fill are not touched in the kit. Every row remembers where it
came from (`_at`: `phones.csv:2`) for messages. Without `datapackage.json` the
tables are found by their usual file names. Only files inside the package are
read (hsds_sources).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from typing import Any

from .hsds_sources import Tables
from .hsds_versions import OLD_TABLES, table_version, upgrade
from .record import Finding, SourceError

TABLES = {
    "service": "services.csv",
    "organization": "organizations.csv",
    "phone": "phones.csv",
    "schedule": "schedules.csv",
    "service_area": "service_areas.csv",
    "language": "languages.csv",
    "service_at_location": "service_at_location.csv",
    "location": "locations.csv",
    "address": "addresses.csv",
    **OLD_TABLES,
}
"""Resource name → its usual file; 2.0 and 1.1 name service_at_location's file services_at_location.csv."""


def _rows(tables: Tables, relative: str, findings: list[Finding]) -> list[dict[str, Any]] | None:
    try:
        text = tables.read(relative).decode("utf-8").removeprefix("\ufeff")
    except OSError as exc:
        findings.append(
            Finding(
                f"{tables.name}{relative}",
                f"is listed in datapackage.json but cannot be read ({exc.strerror}); its fields are not imported",
                "warning",
            )
        )
        return None
    except UnicodeDecodeError:
        findings.append(
            Finding(f"{tables.name}{relative}", "is not UTF-8 text; its fields are not imported", "warning")
        )
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


def _resources(tables: Tables) -> tuple[dict[str, str], list[Finding]]:
    """Resource name → its file in the package, and notes on how they were found."""
    descriptors = sorted((n for n in tables.files if n.rsplit("/", 1)[-1] == "datapackage.json"), key=_depth)
    if descriptors:
        prefix = descriptors[0][: -len("datapackage.json")]
        try:
            meta = json.loads(tables.read(descriptors[0]).decode("utf-8-sig"))
            return {r["name"]: prefix + r["path"] for r in meta["resources"]}, []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SourceError(
                [
                    Finding(
                        f"{tables.name}{descriptors[0]}",
                        f"is not a data package description with resources ({exc})",
                    )
                ]
            ) from None
    services = sorted((n for n in tables.files if n.rsplit("/", 1)[-1] == "services.csv"), key=_depth)
    if not services:
        raise SourceError(
            [
                Finding(
                    tables.name,
                    "holds neither datapackage.json nor services.csv; give an HSDS export: "
                    "a JSON file, a data package (its folder, .zip or datapackage.json) or its services.csv",
                )
            ]
        )
    prefix = services[0][: -len("services.csv")]
    usual = dict(TABLES, service_at_location="service_at_location.csv")
    found = {name: prefix + file for name, file in usual.items() if tables.has(prefix + file)}
    if tables.has(prefix + "services_at_location.csv"):
        found["service_at_location"] = prefix + "services_at_location.csv"
    note = Finding(
        tables.name,
        "has no datapackage.json; read the tables by their usual names: "
        + ", ".join(sorted(f.removeprefix(prefix) for f in found.values())),
        "note",
    )
    return found, [note]


def _depth(name: str) -> int:
    return name.count("/")


def read_package(tables: Tables) -> tuple[list[tuple[dict, dict | None, str]], list[Finding]]:
    """Services (each with its organization and where it is) from the package `tables`, and what to know of it."""
    resources, notes = _resources(tables)
    findings: list[Finding] = list(tables.notes) + notes
    read = {name: _rows(tables, resources[name], findings) for name in TABLES if name in resources}
    tables_read = {name: rows for name, rows in read.items() if rows is not None}
    if "service" not in tables_read:
        raise SourceError(
            findings + [Finding(tables.name, "has no service table (services.csv); there is nothing to import")]
        )
    columns = {k for row in tables_read["service"] for k in row}
    version, evidence = table_version(set(resources), columns)
    findings.append(Finding(tables.name, f"read as HSDS {version}: {evidence}", "note"))
    if version == "unknown":
        findings.append(
            Finding(
                tables.name,
                "is not a version of HSDS outreach knows (3.0, 2.0 or 1.1); only the fields it shares with "
                "HSDS 3.0 are read. Check what was imported, or ask the directory for an HSDS 3.0 export",
                "warning",
            )
        )
    return _assemble(tables_read, version, findings), findings


def _assemble(
    tables: dict[str, list[dict]], version: str, findings: list[Finding]
) -> list[tuple[dict, dict | None, str]]:
    organizations = {row["id"]: row for row in tables.get("organization", []) if row.get("id")}
    rows = tables.get("address", []) + [
        {"address_type": kind, **row}
        for name, kind in (("physical_address", "physical"), ("postal_address", "postal"))
        for row in tables.get(name, [])
    ]
    addresses = _group(rows, "location_id")
    locations = {
        row["id"]: {**row, "addresses": addresses.get(row["id"], [])}
        for row in tables.get("location", [])
        if row.get("id")
    }
    children = {
        key: _group(tables[name], "service_id") if name in tables else None
        for key, name in (
            ("phones", "phone"),
            ("schedules", "schedule"),
            ("regular_schedules", "regular_schedule"),
            ("service_areas", "service_area"),
            ("languages", "language"),
        )
    }
    at_location = _group(tables.get("service_at_location", []), "service_id")
    at_location_phones = _group(tables.get("phone", []), "service_at_location_id")
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
                {
                    **sal,
                    "location": locations.get(sal.get("location_id", ""), {}),
                    "phones": at_location_phones.get(sal.get("id", ""), []),
                }
                for sal in at_location.get(row.get("id", ""), [])
            ]
        if version != "3.0":
            service = upgrade(service, findings, row["_at"])
        services.append((service, organizations.get(row.get("organization_id", "")), row["_at"]))
    return services
