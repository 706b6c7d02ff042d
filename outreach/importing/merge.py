"""Incoming records merged into the kit's service files, with a readable diff of each.

The source owns the fields it carries; everything else in a file stays as the
kit has it: translations into other languages, `confidential`, `kind` once
chosen, `notes`, regions set by hand. A text changed in the source's language
while the kit holds translations of it is flagged so the translations get
checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from ..kit import contacts
from ..kit.model import Service, Settings
from ..kit.validate import describe
from .clean import parse_date
from .kitfiles import Existing, dump, ordered
from .record import Change, Finding, Incoming

TEXT_FIELDS = ("name", "summary", "hours", "discreet_name")


@dataclass
class Target:
    """The kit an import writes into."""

    settings: Settings
    services: dict[str, Existing]
    today: date
    default_regions: list[str] | str | None = None
    """Regions for services the source gives none that match the kit's (the --region option)."""
    taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.taken |= set(self.services)
        self.by_source = {e.source: e for e in self.services.values() if e.source}


def _text(old: Any, new: dict[str, str] | None, locales: list[str]) -> tuple[Any, list[str]]:
    """Merge the source's {locale: text} into the kit's text; also which translations may now be stale.

    Plain text in the kit (the same in every language) stays plain while the
    source brings only the kit's first language; translations make it a mapping.
    """
    if not new:
        return None, []
    base = locales[0]
    kit = old if isinstance(old, dict) else {base: old} if isinstance(old, str) else {}
    new = {  # the same words as the kit's: the kit's line breaks and spacing stand (sources send single spaces)
        code: kit[code] if isinstance(kit.get(code), str) and " ".join(kit[code].split()) == text else text
        for code, text in new.items()
    }
    if old is None:
        single = len(new) == 1 and len(locales) == 1
        return (next(iter(new.values())) if single else dict(new)), []
    if isinstance(old, str):
        return (new[base] if set(new) == {base} else {base: old, **new}), []
    merged = {**old, **new}
    changed = [code for code, text in new.items() if old.get(code) != text]
    stale = [code for code in old if code not in new] if changed else []
    return merged, stale


def _same_number(key: str, old: Any, new: Any, region: str) -> bool:
    if old is None or new is None:
        return False
    parse = contacts.tty if key == "tty" else contacts.text_line
    try:
        return parse(str(old), region) == parse(str(new), region)
    except contacts.ContactError:
        return False


def merge(old: dict[str, Any], record: Incoming, target: Target) -> tuple[dict[str, Any], list[Finding]]:
    """The file's new data: the kit's, with every field the source carries replaced."""
    data = dict(old)
    notes: list[Finding] = []
    for key, value in record.fields.items():
        if key in TEXT_FIELDS:
            data[key], stale = _text(old.get(key), value, target.settings.locales)
            if stale:
                notes.append(
                    Finding(
                        record.at(key),
                        f"changed; check its {', '.join(stale)} translation, which the source does not carry",
                        "warning",
                    )
                )
        elif key == "address" and value is not None:
            kept = old.get(key) or {}
            # an empty cell (state, postal_code) where the kit has nothing changes nothing
            data[key] = {**kept, **{k: v for k, v in value.items() if v != "" or kept.get(k) not in (None, "")}}
            if old.get(key) and old[key].get("confidential") is False and data[key] != old[key]:
                notes.append(
                    Finding(
                        record.at("address"),
                        "changed, and will be printed (the file says confidential: false); "
                        "check that the new address may be made public",
                        "warning",
                    )
                )
        elif key == "verified" and isinstance(value, date) and (confirmed := parse_date(old.get(key))):
            data[key] = old[key] if confirmed >= value else value  # a later confirmation in the kit stands
        elif key in ("phone", "text", "tty") and _same_number(key, old.get(key), value, target.settings.phone_region):
            continue  # the kit writes the same number its own way
        elif key == "notes" and isinstance(old.get(key), str) and old[key].strip() == value:
            continue  # the same notes: the kit's line breaks stand
        else:
            data[key] = value
    data = {key: value for key, value in data.items() if value is not None and value != []}  # the source says: none
    if not data.get("regions") and target.default_regions:
        data["regions"] = target.default_regions
    data.setdefault("regions", [])
    if "kind" not in data:
        data["kind"] = "other"
        notes.append(
            Finding(
                record.at("kind"),
                "the source does not say what kind of service this is; it is `other` until you set "
                "kind (hotline, text_line, navigator, shelter, housing, clinic, legal) in the file, "
                "which later imports keep",
                "note",
            )
        )
    address = data.get("address")
    if isinstance(address, dict) and "confidential" not in address:
        data["address"] = {**address, "confidential": True}
        notes.append(
            Finding(
                record.at("address"),
                "is new and marked confidential: true, so it is never printed; "
                "set confidential: false in the service file to print it (kept on later imports)",
                "note",
            )
        )
    if not (record.unsourced and old and not old.get("source")):
        data["source"] = record.key  # a service of the kit's own stays its own
    return data, notes


def check(data: dict[str, Any], record: Incoming, settings: Settings) -> list[Finding]:
    """Every reason the merged service would fail `outreach check`, pointing at the source's cell."""
    problems = []
    try:
        service = Service(**data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if isinstance(p, str) and "[" not in p and "(" not in p)
            name = next((p for p in reversed(loc) if p in record.column), loc[0] if loc else "")
            problems.append(Finding(record.at(name), describe(error, Service)))
        return problems
    for key, parse in (
        ("phone", lambda v: contacts.phone(v, settings.phone_region)),
        ("text", lambda v: contacts.text_line(v, settings.phone_region)),
        ("tty", lambda v: contacts.tty(v, settings.phone_region)),
        # http: allowed, as in a service file (`outreach check` warns); HSDS imports refuse it themselves
        ("url", lambda v: contacts.web(v, allow_http=True, allowed=settings.allowed_urls)),
    ):
        value = getattr(service, key)
        try:
            if value is not None:
                parse(value)
        except contacts.ContactError as exc:
            problems.append(Finding(record.at(key), str(exc)))
    unknown = [r for r in (service.regions if service.regions != "all" else []) if r not in settings.regions]
    if unknown:
        problems.append(
            Finding(
                record.at("regions"),
                f"unknown region {', '.join(map(repr, unknown))}; known: {', '.join(settings.regions)}",
            )
        )
    return problems


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flat(data: dict[str, Any]) -> dict[str, str]:
    out = {}
    for key, value in ordered(data).items():
        if isinstance(value, dict):
            out.update({f"{key}.{k}": _show(v) for k, v in value.items()})
        else:
            out[key] = _show(value)
    return out


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One line per field that differs: `phone: 612-555-0100 → 612-555-0199`."""
    before, after = _flat(old), _flat(new)
    keys = list(after) + [k for k in before if k not in after]
    return [f"{k}: {before.get(k, '(none)')} → {after.get(k, '(none)')}" for k in keys if before.get(k) != after.get(k)]


def place(record: Incoming, target: Target) -> tuple[str | None, list[Finding]]:
    """The service id this record updates or creates; None (and why) when it cannot have one."""
    if record.key in target.by_source:
        return target.by_source[record.key].id, []
    wanted = record.wanted_id
    existing = target.services.get(wanted)
    if record.fixed_id:
        if existing and existing.source and existing.source != record.key:
            back = f"write {existing.source} in its source cell, or " if record.unsourced else ""
            return None, [
                Finding(
                    record.at("id"),
                    f"services/{existing.file} was imported from {existing.source}; {back}choose another id",
                )
            ]
        if wanted in target.taken and not existing:
            return None, [Finding(record.at("id"), f"{wanted!r} is used by another row; ids must be unique")]
        target.taken.add(wanted)
        return wanted, []
    chosen, n = wanted, 2
    while chosen in target.taken:
        chosen, n = f"{wanted}-{n}", n + 1
    target.taken.add(chosen)
    notes = []
    if chosen != wanted:
        notes.append(
            Finding(
                record.at("name"),
                f"services/{wanted}.yaml already holds another service; this one is services/{chosen}.yaml. "
                f"If they are the same service, add `source: {record.key}` to {wanted}.yaml and delete {chosen}.yaml",
                "warning",
            )
        )
    return chosen, notes


def reconcile(record: Incoming, target: Target) -> tuple[Change | None, list[Finding]]:
    """What importing `record` does to the kit, or None and the errors that stop it."""
    sid, findings = place(record, target)
    if sid is None:
        return None, findings
    existing = target.services.get(sid)
    old = existing.data if existing else {}
    data, notes = merge(old, record, target)
    errors = [
        Finding(record.at(key), "is empty; every service needs it")
        for key in record.required
        if not data.get(key) and (not existing or old.get(key))  # empty in the kit's file too: kept so
    ] or check(data, record, target.settings)
    if errors:
        return None, findings + errors
    days = target.settings.stale_after_days
    verified = parse_date(data["verified"])
    if verified and verified < target.today - timedelta(days=days):
        notes.append(
            Finding(
                record.at("verified"),
                f"{verified} is more than {days} days ago; confirm the details, "
                "then set verified in the service file (a later date there is kept)",
                "warning",
            )
        )
    if existing and ordered(data) == ordered(old):
        return Change(sid, "unchanged"), findings + notes
    if existing and existing.inner_comments:
        notes.append(
            Finding(
                f"services/{existing.file}",
                "has comments below its first lines; rewriting it drops them. "
                "Keep such notes at the top of the file or in `notes:`",
                "warning",
            )
        )
    lines = diff(old, data) if existing else [f"{k}: {v}" for k, v in _flat(data).items()]
    file = existing.file if existing else f"{sid}.yaml"
    return Change(
        sid, "changed" if existing else "added", lines, dump(data, existing.header if existing else ""), file
    ), findings + notes
