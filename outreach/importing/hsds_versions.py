"""Which HSDS an export is, and its older records in the shape of HSDS 3.0.

Directories still publish HSDS 2.0 and 1.1. What outreach reads of them
differs from 3.0 in a few places only, so older records are rewritten into
3.0's shape and one mapping serves every version:

- addresses: 2.0 and 1.1 keep `physical_addresses` and `postal_addresses`;
  3.0 has `addresses` with an `address_type`;
- service areas and languages: the text is in `service_area` and `language`,
  where 3.0 has `name` (and a language `code`);
- hours: 2.0's `schedules` are 3.0's; 1.1's `regular_schedules` give a
  `weekday` that the standard never numbered, so only day names are used;
- dates: only 3.0 says when a service's details were confirmed
  (`assured_date`); for older data the import's `--verified DATE` says it.
"""

from __future__ import annotations

from typing import Any

from .record import Finding

DAY_NAMES = {
    name: code
    for code, names in {
        "MO": ("monday", "mon"),
        "TU": ("tuesday", "tue", "tues"),
        "WE": ("wednesday", "wed"),
        "TH": ("thursday", "thu", "thur", "thurs"),
        "FR": ("friday", "fri"),
        "SA": ("saturday", "sat"),
        "SU": ("sunday", "sun"),
    }.items()
    for name in names
}

OLD_TABLES = {
    "physical_address": "physical_addresses.csv",
    "postal_address": "postal_addresses.csv",
    "regular_schedule": "regular_schedules.csv",
    "service_attribute": "service_attributes.csv",
    "service_taxonomy": "services_taxonomy.csv",
}


def table_version(names: set[str], service_columns: set[str]) -> tuple[str, str]:
    """(version, the evidence) for a tabular package with these tables (resource names) and service columns."""
    if "assured_date" in service_columns or "address" in names:
        return "3.0", "it has " + ("assured_date in services" if "assured_date" in service_columns else "addresses")
    if "regular_schedule" in names or "service_taxonomy" in names:
        which = "regular_schedules" if "regular_schedule" in names else "services_taxonomy"
        return "1.1", f"it has {which}, which HSDS 2.0 renamed"
    if "schedule" in names and ({"physical_address", "service_attribute"} & names):
        return "2.0", "it has schedules and " + (
            "physical_addresses" if "physical_address" in names else "service_attributes"
        )
    if "physical_address" in names or "postal_address" in names:
        return "2.0", "it has physical_addresses, which HSDS 3.0 replaced with addresses"
    return "unknown", "its tables match no HSDS version outreach knows"


def json_version(services: list[dict[str, Any]]) -> str:
    """ "3.0", or "2.0" when the records use the older names (physical_address, service_area, ...)."""
    for service in services:
        if "assured_date" in service:
            return "3.0"
        places = [sal.get("location") or {} for sal in service.get("service_at_locations") or []]
        old_place = any(k in p for p in places for k in ("physical_address", "physical_addresses", "postal_address"))
        old_area = any("service_area" in a for a in service.get("service_areas") or [] if isinstance(a, dict))
        old_language = any("language" in item for item in service.get("languages") or [] if isinstance(item, dict))
        if old_place or old_area or old_language or "regular_schedule" in service or "regular_schedules" in service:
            return "2.0"
    return "3.0"


def addresses(location: dict[str, Any]) -> list[dict[str, Any]]:
    """A location's addresses in 3.0's form (with `address_type`), from whichever names it uses."""
    found = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
    for key, kind in (
        ("physical_addresses", "physical"),
        ("physical_address", "physical"),
        ("postal_addresses", "postal"),
        ("postal_address", "postal"),
    ):
        value = location.get(key)
        items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        found += [{"address_type": kind, **a} for a in items if isinstance(a, dict)]
    return found


def weekly(row: dict[str, Any]) -> dict[str, Any] | None:
    """A 1.1 regular_schedule row as a 3.0 weekly schedule; None when its weekday is a number."""
    day = str(row.get("weekday") or "").strip()
    code = DAY_NAMES.get(day.casefold()) or (day.upper() if day.upper() in DAY_NAMES.values() else None)
    return (
        None if code is None else {k: v for k, v in row.items() if k != "weekday"} | {"freq": "WEEKLY", "byday": code}
    )


def _regular(rows: list[Any], findings: list[Finding], where: str) -> list[dict[str, Any]]:
    """1.1's regular schedules as 3.0 schedules; none, and one warning, if any day is a number."""
    schedules = [weekly(row) for row in rows if isinstance(row, dict)]
    if all(schedules):
        return [s for s in schedules if s]
    days = ", ".join(str(row.get("weekday")) for row, s in zip(rows, schedules, strict=False) if s is None)
    findings.append(
        Finding(
            rows[0].get("_at", where),
            f"weekday {days}: HSDS 1.1 does not say which day a number means (1 is Monday in some "
            "directories, Sunday in others), so these hours are not imported; write hours in the service file "
            "(kept on later imports), or export HSDS 3.0 if the directory can",
            "warning",
        )
    )
    return []


def upgrade(service: dict[str, Any], findings: list[Finding], where: str) -> dict[str, Any]:
    """An HSDS 2.0 or 1.1 service (JSON or assembled from tables) in the shape the 3.0 mapping reads."""
    service = dict(service)
    service["service_areas"] = [
        {"name": a.get("service_area"), **a} if isinstance(a, dict) and "name" not in a else a
        for a in service.get("service_areas") or []
    ] or service.get("service_areas")
    service["languages"] = [
        {"name": item.get("language"), **item} if isinstance(item, dict) and "name" not in item else item
        for item in service.get("languages") or []
    ] or service.get("languages")
    regular = service.pop("regular_schedules", None) or service.pop("regular_schedule", None)
    if isinstance(regular, list) and not service.get("schedules"):
        service["schedules"] = _regular(regular, findings, where)
    if isinstance(service.get("service_at_locations"), list):
        service["service_at_locations"] = [
            {**sal, "location": {**sal["location"], "addresses": addresses(sal["location"])}}
            if isinstance(sal, dict) and isinstance(sal.get("location"), dict)
            else sal
            for sal in service["service_at_locations"]
        ]
    return {k: v for k, v in service.items() if v is not None}
