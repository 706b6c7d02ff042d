"""An HSDS export read into services in HSDS 3.0's shape: JSON, or a tabular data package.

JSON may be one service, a list of services, a page of an API's service list
(`contents`), an organization with its `services`, or a service at a location;
HSDS 2.0 JSON is recognised by its older names and rewritten (hsds_versions).
A data package is opened by hsds_sources and assembled by hsds_package.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .hsds_package import read_package
from .hsds_sources import open_tables
from .hsds_versions import json_version, upgrade
from .record import Finding, SourceError


def load(path: Path) -> tuple[list[tuple[dict, dict | None, str]], list[Finding]]:
    """(service, its organization, where it is) for every service in the export at `path`, and what to know of it.

    `path` is a JSON file, or a data package: its folder, its `.zip`, its
    `datapackage.json`, a folder of its CSV files, or its `services.csv`.
    """
    if path.is_dir() or path.suffix.lower() != ".json" or path.name == "datapackage.json":
        return read_package(open_tables(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise SourceError([Finding(str(path), f"cannot be read: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise SourceError([Finding(str(path), "is not UTF-8 text")]) from None
    except json.JSONDecodeError as exc:
        raise SourceError(
            [Finding(f"{path.name}:{exc.lineno}", f"is not valid JSON: {exc.msg} (column {exc.colno})")]
        ) from None
    items, findings = _shapes(data, path.name)
    version = json_version([service for service, _, _ in items])
    findings.append(Finding(path.name, f"read as HSDS {version} JSON", "note"))
    if version != "3.0":
        items = [(upgrade(service, findings, where), org, where) for service, org, where in items]
    return items, findings


def _shapes(data: Any, file: str) -> tuple[list[tuple[dict, dict | None, str]], list[Finding]]:
    findings = []
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        if data.get("last_page") is False or (data.get("total_pages") or 1) > 1:
            findings.append(
                Finding(
                    file,
                    f"is page {data.get('page_number', '?')} of {data.get('total_pages', '?')} of a list; "
                    "services on other pages are not in it (import each page, or a full export)",
                    "warning",
                )
            )
        items = [
            (s, s.get("organization"), f"contents[{i}]") for i, s in enumerate(data["contents"]) if isinstance(s, dict)
        ]
    elif isinstance(data, list):
        items = [(s, s.get("organization"), f"[{i}]") for i, s in enumerate(data) if isinstance(s, dict)]
    elif isinstance(data, dict) and isinstance(data.get("services"), list):
        organization = {k: v for k, v in data.items() if k != "services"}
        items = [
            (s, s.get("organization") or organization, f"services[{i}]")
            for i, s in enumerate(data["services"])
            if isinstance(s, dict)
        ]
    elif isinstance(data, dict) and isinstance(data.get("service"), dict):
        at_location = {k: v for k, v in data.items() if k != "service"}
        service = {"service_at_locations": [at_location], **data["service"]}
        items = [(service, service.get("organization"), "service")]
    elif isinstance(data, dict) and "id" in data and "name" in data:
        items = [(data, data.get("organization"), "service")]
    else:
        raise SourceError(
            [
                Finding(
                    file,
                    "does not look like HSDS: expected a service, a list of services, or an organization with services",
                )
            ]
        )
    return [(s, o if isinstance(o, dict) else None, f"{file}: {where}") for s, o, where in items], findings
