"""One HSDS service (in 3.0's shape: hsds_read brings older versions to it) → an incoming record.

What is mapped, and how, is in README.md ("Importing from HSDS"). Values are
cleaned only where that is safe (quote marks around a number, markup in a
description); anything else that cannot be used is reported and left out, and
the kit keeps what it had for that field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..kit import contacts
from ..kit.model import Settings
from .clean import is_placeholder, language_code, parse_date, plain, region_match, slug, unquote
from .hours import schedule_hours
from .record import Finding, Incoming

RETIRED = ("inactive", "defunct", "temporarily closed")
COLUMNS = {
    "summary": "description",
    "verified": "assured_date",
    "phone": "phones",
    "text": "phones",
    "hours": "schedules",
    "regions": "service_areas",
    "address": "service_at_locations",
    "kind": "kind",
}


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Mapper:
    """One HSDS service → an Incoming record, with findings about what could not be used."""

    def __init__(
        self, settings: Settings, base: str, today: date, *, verified: date | None = None, regions_given: bool = False
    ) -> None:
        self.settings, self.base, self.today = settings, base, today
        self.default_verified = verified
        """--verified: the date for services whose source gives none."""
        self.regions_given = regions_given
        """--region was passed, so a service without a known area is not worth a warning."""
        self.where = ""
        self.findings: list[Finding] = []

    def record(
        self, service: dict, organization: dict | None, where: str
    ) -> tuple[Incoming | None, str | None, list[Finding]]:
        """The record; or None and the reason it is retired (its status); or None and findings saying why not."""
        self.findings = []
        sid = str(service.get("id") or "").strip()
        if not sid:
            return None, None, [Finding(where, "has no id; an HSDS service needs one, so it was not imported")]
        self.where = where if "_at" in service else f"{where} {sid}"
        status = str(service.get("status") or "active").strip().lower()
        if status in RETIRED:
            return None, f"its status in the source is {status!r}", []
        fields: dict[str, Any] = {}
        name = self.text(service, "name")
        org_name = self.text(organization or {}, "name")
        if name:
            full = name if not org_name or org_name.casefold() in name.casefold() else f"{name} ({org_name})"
            fields["name"] = {self.base: full}
        if "description" in service:
            summary = self.text(service, "description")
            fields["summary"] = {self.base: summary} if summary else None
            if summary and len(summary) > 300:
                self.note(
                    service,
                    "description",
                    f"is {len(summary)} characters long; a poster has room for about two sentences: "
                    "shorten the summary",
                )
        self.url(service, organization, fields)
        self.phones(service, organization, fields)
        self.languages(service, fields)
        self.hours(service, fields)
        self.regions(service, fields)
        self.address(service, fields)
        self.verified(service, fields)
        alert = self.text(service, "alert")
        if alert:
            self.note(service, "alert", f"is not printed: {_short(alert, 120)!r}", "note")
        column = {**COLUMNS, "name": "name", "url": "url", "languages": "languages"}
        sep = ":" if "_at" in service else ": "
        return Incoming(f"hsds:{sid}", slug(name or sid), fields, self.where, column, sep=sep), None, self.findings

    def at(self, obj: dict, field: str, path: str = "") -> str:
        """Where a value is: `phones.csv:2:number` in a package, `FILE: service ID: phones[0].number` in JSON."""
        if "_at" in obj:
            return f"{obj['_at']}:{field}"
        return f"{self.where}: {path}{'.' if path else ''}{field}"

    def note(self, obj: dict, field: str, message: str, severity: str = "warning", path: str = "") -> None:
        self.findings.append(Finding(self.at(obj, field, path), message, severity))

    def text(self, obj: dict, field: str, path: str = "") -> str:
        value = obj.get(field)
        if value is None or isinstance(value, (dict, list)):
            return ""
        cleaned = plain(str(value))
        if cleaned and is_placeholder(cleaned, field):
            self.note(obj, field, f"holds the placeholder {cleaned!r}; not used", path=path)
            return ""
        return cleaned

    def url(self, service: dict, organization: dict | None, fields: dict) -> None:
        for obj, key, path in ((service, "url", ""), (organization or {}, "website", "organization")):
            raw = self.text(obj, key, path)
            if not raw:
                continue
            try:
                fields["url"] = contacts.web(raw, allowed=self.settings.allowed_urls).uri
            except contacts.ContactError as exc:
                why = (
                    f"{raw!r} is not an https:// address, and posters print only those; if https://{raw[7:]} works, "
                    "write that as url in the service file (kept while the source has no https address)"
                    if raw.startswith("http://")
                    else f"{exc}; not imported"
                )
                self.note(obj, key, why, path=path)
                return
            if obj is not service:
                self.note(service, "url", f"the service has none; the organization's website {raw} is used", "note")
            return

    def phones(self, service: dict, organization: dict | None, fields: dict) -> None:
        """voice (or cell) → phone, text → text line; the first usable number of each.

        Directories seldom list text lines, so one the kit has is kept unless the
        source lists one; a number to call the source no longer lists is removed.
        """
        sources = [(service.get("phones"), "phones")]
        sources += [
            (sal.get("phones"), f"service_at_locations[{i}].phones")
            for i, sal in enumerate(service.get("service_at_locations") or [])
        ]
        sources += [((organization or {}).get("phones"), "organization.phones")]
        carried = [(phones, path) for phones, path in sources if isinstance(phones, list)]
        if not carried:
            return
        phones, path = next(((p, path) for p, path in carried if p), carried[0])
        found: dict[str, list[str]] = {"phone": [], "text": []}
        for index, phone in enumerate(phones):
            kind = str(phone.get("type") or "voice").strip().lower()
            key = {"voice": "phone", "cell": "phone", "text": "text"}.get(kind)
            number = self.number(phone, f"{path}[{index}]", key)
            if key and number:
                found[key].append(number)
        for key, numbers in found.items():
            if numbers:
                fields[key] = numbers[0]
                if len(numbers) > 1:
                    self.note(
                        service,
                        path,
                        f"lists {len(numbers)} {'voice' if key == 'phone' else 'text'} numbers; "
                        f"only the first, {numbers[0]}, is printed",
                        "note",
                    )
            elif key == "phone" and not any(str(p.get("type") or "voice").lower() in ("voice", "cell") for p in phones):
                fields[key] = None  # the source lists no number to call: the old one is likely wrong
        if path == "organization.phones" and found["phone"]:
            self.note(
                service,
                "phones",
                f"the service has none; the organization's number {found['phone'][0]} is used",
                "note",
            )

    def number(self, phone: dict, path: str, key: str | None) -> str | None:
        raw = str(phone.get("number") or "").strip()
        cleaned = unquote(raw)
        if not key or not cleaned:
            return None
        if cleaned != raw:
            self.note(phone, "number", f"{raw} had quote marks around it; read as {cleaned}", "note", path)
        extension = phone.get("extension")
        if isinstance(extension, (int, float)) or str(extension or "").strip().replace(".0", "").isdigit():
            extension = int(float(str(extension)))
            cleaned += f" ext. {extension}"
            self.note(
                phone,
                "extension",
                f"{extension} is printed beside the number; the QR code dials the main number",
                "note",
                path,
            )
        try:
            parse = contacts.phone if key == "phone" else contacts.text_line
            return parse(cleaned, self.settings.phone_region).display
        except contacts.ContactError as exc:
            self.note(phone, "number", f"{exc}; this number is not imported", path=path)
            return None

    def languages(self, service: dict, fields: dict) -> None:
        if not isinstance(service.get("languages"), list):
            return
        codes = []
        for index, item in enumerate(service["languages"]):
            raw = str(item.get("code") or "").strip() or str(item.get("name") or "").strip()
            code = language_code(raw) if raw else None
            if code:
                codes.append(code)
            else:
                self.note(
                    item,
                    "code",
                    f"{raw!r} is not a language code such as en, es or so; not imported",
                    path=f"languages[{index}]",
                )
        if codes:
            fields["languages"] = list(dict.fromkeys(codes))

    def hours(self, service: dict, fields: dict) -> None:
        schedules, path = service.get("schedules"), "schedules"
        if not schedules:
            for index, sal in enumerate(service.get("service_at_locations") or []):
                if sal.get("schedules"):
                    schedules, path = sal["schedules"], f"service_at_locations[{index}].schedules"
                    break
        if not isinstance(schedules, list):
            return
        texts, why = schedule_hours(schedules, self.settings.locales, self.base, self.today)
        hint = "" if texts else "; write hours in the service file (kept while the source has none)"
        for index, field, reason in why:
            self.note(schedules[index], field, reason + hint, path=f"{path}[{index}]")
        if texts:
            fields["hours"] = texts

    def regions(self, service: dict, fields: dict) -> None:
        areas = service.get("service_areas")
        if not isinstance(areas, list):
            return
        found: list[str] = []
        unknown: list[str] = []
        for area in areas:
            name = self.text(area, "name")
            match = region_match(name, self.settings.regions) if name else None
            (found if match else unknown).append(match or name)
        if found:
            fields["regions"] = list(dict.fromkeys(found))
        known = ", ".join(
            f"{rid} ({names if isinstance(names, str) else next(iter(names.values()))})"
            for rid, names in self.settings.regions.items()
        )
        for name in filter(None, unknown):
            self.note(
                service,
                "service_areas",
                f"the area {_short(name)!r} is not a region in outreach.yaml (known: {known}); "
                + (
                    "--region applies"
                    if self.regions_given
                    else "name a region after it, pass --region, or set regions in the service file "
                    "(kept on later imports)"
                ),
                "note" if self.regions_given else "warning",
            )
        if not found and not any(unknown) and not self.regions_given:
            self.note(
                service,
                "service_areas",
                "the source gives no area; set regions in the service file (kept on later imports) or pass --region",
            )

    def address(self, service: dict, fields: dict) -> None:
        places = [sal.get("location") or {} for sal in service.get("service_at_locations") or []]
        places = [
            p for p in places if str(p.get("location_type") or "physical").lower() != "virtual" and p.get("addresses")
        ]
        if not places:
            return
        addresses = sorted(
            places[0]["addresses"], key=lambda a: str(a.get("address_type") or "physical").lower() != "physical"
        )
        chosen = addresses[0]
        street = ", ".join(filter(None, (self.text(chosen, "address_1"), self.text(chosen, "address_2"))))
        city = self.text(chosen, "city")
        if not (street and city):
            self.note(chosen, "address_1", "the address has no street or city; not imported")
            return
        fields["address"] = {
            "street": street,
            "city": city,
            "state": self.text(chosen, "state_province"),
            "postal_code": self.text(chosen, "postal_code"),
        }
        if str(chosen.get("address_type") or "").lower() == "postal":
            self.note(
                chosen, "address_type", "the only address is a postal one; check that it is where people go", "note"
            )
        if len(places) > 1:
            self.note(
                service,
                "service_at_locations",
                f"the service is at {len(places)} locations; only the first one's address is kept",
                "note",
            )

    def verified(self, service: dict, fields: dict) -> None:
        """The later of assured_date (when the details were checked) and last_modified."""
        dates = [
            d
            for d in (parse_date(service.get("assured_date") or ""), parse_date(service.get("last_modified") or ""))
            if d
        ]
        if dates:
            fields["verified"] = max(dates)
        elif self.default_verified:
            fields["verified"] = self.default_verified
