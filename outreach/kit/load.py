"""Load a kit folder into validated objects, collecting every problem at once."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KitError, OutreachError, Problem, relative
from ..i18n.catalogues import available_locales
from ..i18n.locales import is_known_locale
from . import contacts
from .formats import Format, builtin_entries, default_formats
from .model import SLUG, Location, LocationList, Service, Settings
from .pictures import check_logo, check_svgs
from .translations import check_catalogues, kit_catalogue_locales, merge_translations, to_fill_in
from .validate import prefixed, validate, within
from .yamlsource import Located, load_yaml

log = logging.getLogger(__name__)

SETTINGS_FILE = "outreach.yaml"
LOCATIONS_FILE = "locations.yaml"
SERVICES_DIR = "services"


@dataclass
class Sources:
    """The loaded YAML of each kit file, to point later checks at the line to fix."""

    settings: Located
    locations: Located
    services: dict[str, Located] = field(default_factory=dict)


@dataclass
class Kit:
    root: Path
    settings: Settings
    services: dict[str, Service]
    locations: list[Location]
    formats: dict[str, Format]
    contacts: dict[str, dict[str, contacts.Contact]]
    """Service id → channel (tel, sms, url) → parsed contact."""
    warnings: list[Problem] = field(default_factory=list)
    sources: Sources | None = None
    untranslated: dict[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)
    """(location id, format, locale) → the kit texts that page prints in another language (set by the checks)."""

    def location_formats(self, location: Location) -> list[str]:
        return location.formats or default_formats(location.kind, self.formats)

    def location_locales(self, location: Location) -> list[str]:
        return location.locales or self.settings.locales


def _formats(
    located: Located, settings: Settings | None, problems: list[Problem]
) -> tuple[dict[str, Format], set[str]]:
    """The built-in catalogue with the kit's additions and changes, and every name defined."""
    entries = {name: dict(entry) for name, entry in builtin_entries().items()}
    for name, entry in (settings.formats if settings else {}).items():
        entries[name] = {**entries.get(name, {}), **entry}
    formats: dict[str, Format] = {}
    for name, entry in entries.items():
        before = len(problems)
        fmt = validate(Format, within(located, ("formats", name), entry), problems, name=name)
        prefixed(problems, before, f"formats.{name}")
        if fmt:
            formats[name] = fmt
    for fmt in formats.values():
        if fmt.sheet and fmt.sheet.card not in formats:
            problems.append(
                located.problem(
                    ("formats", fmt.name, "sheet", "card"), _unknown("card format", fmt.sheet.card, formats)
                )
            )
    return formats, set(entries)


def _locations(located: Located, problems: list[Problem]) -> list[tuple[int, Location]]:
    """Each location validated on its own, so one bad entry does not hide the others' problems."""
    items = located.data.get("locations") if isinstance(located.data, dict) else None
    if not isinstance(items, list) or not items:
        validate(LocationList, located, problems)  # says what is missing
        return []
    locations = []
    lines: dict[int, dict] = {}  # each entry's lines, gathered in one pass (a thousand locations, ten thousand lines)
    for loc, line in located.lines.items():
        if len(loc) >= 2 and loc[0] == "locations":
            lines.setdefault(loc[1], {})[loc[2:]] = line
    for index, item in enumerate(items):
        before = len(problems)
        location = validate(Location, Located(located.file, item, lines.get(index, {})), problems)
        prefixed(problems, before, f"locations[{index}]")
        if location:
            locations.append((index, location))
    extra = set(located.data) - {"locations"}
    for key in sorted(extra):
        problems.append(located.problem((key,), "is not a known field; the file holds one list, `locations:`"))
    return locations


def _check_links(root: Path, problems: list[Problem]) -> None:
    """Refuse links that lead outside the kit: nothing is read from outside it."""
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                problems.append(
                    Problem(
                        relative(path, root), 0, "", "is a link to a file outside the kit; copy the file in instead"
                    )
                )


def _contacts(
    service: Service, located: Located, region: str, allowed: frozenset[str], problems: list[Problem]
) -> dict[str, contacts.Contact]:
    found: dict[str, contacts.Contact] = {}
    for key, channel, parse in (
        ("phone", "tel", lambda raw: contacts.phone(raw, region)),
        ("text", "sms", lambda raw: contacts.text_line(raw, region, service.text_keyword)),
        ("tty", "tty", lambda raw: contacts.tty(raw, region)),
        # http: a warning from outreach check; addresses that look misleading only when the kit allows them
        ("url", "url", lambda raw: contacts.web(raw, allow_http=True, allowed=allowed)),
    ):
        raw = getattr(service, key)
        if raw is None:
            continue
        try:
            found[channel] = parse(raw)
        except contacts.ContactError as exc:
            problems.append(located.problem((key,), str(exc)))
    return found


def _check_locales(codes: list[str], where: Located, loc: tuple, available: list[str], problems: list[Problem]) -> None:
    for index, code in enumerate(codes):
        if not is_known_locale(code):
            problems.append(where.problem(loc + (index,), f"{code!r} is not a locale code such as en, es or so"))
        elif code not in available:
            problems.append(
                where.problem(
                    loc + (index,),
                    f"there is no translation for {code!r}; available: {', '.join(available)} "
                    f"(add one as locales/{code}/messages.po)",
                )
            )


def load_kit(root: Path) -> Kit:
    """Load and check the kit in `root`; raises KitError listing every problem."""
    root = root.resolve()
    if not root.is_dir():
        raise OutreachError(
            f"{root} is not a folder",
            "Give the folder that holds outreach.yaml, or run `outreach init DIR` to start one.",
        )
    problems: list[Problem] = []
    _check_links(root, problems)
    problems += check_svgs(root)
    if not (root / SETTINGS_FILE).is_file():
        raise KitError(
            problems + [Problem(SETTINGS_FILE, 0, "", "is missing; every kit starts with one (see `outreach init`)")]
        )

    settings_src, found = load_yaml(root / SETTINGS_FILE, SETTINGS_FILE)
    problems += found
    settings: Settings | None = None if found else validate(Settings, settings_src, problems)
    services, sources = _services(root, problems)
    locations_src, locations = _load_locations(root, problems)
    warnings: list[Problem] = []
    if settings:
        try:
            settings, services, warnings = merge_translations(
                root, settings, settings_src, services, sources, kit_catalogue_locales(root)
            )
        except KitError as exc:
            problems += exc.problems

    # Cross-checks use what the settings file says even when part of it is wrong,
    # so that one mistake there does not hide the others.
    raw = settings_src.data if isinstance(settings_src.data, dict) else {}
    phone_region = settings.phone_region if settings else str(raw.get("phone_region", "US")).upper()
    regions = settings.regions if settings else (raw.get("regions") if isinstance(raw.get("regions"), dict) else None)
    available = available_locales(root)
    check_catalogues(root, available, problems)
    if settings:
        _check_locales(settings.locales, settings_src, ("locales",), available, problems)

    formats, format_names = _formats(settings_src, settings, problems)
    if settings and settings.brand.logo:
        check_logo(root, settings.brand.logo, settings_src, problems)
    kit_contacts: dict[str, dict[str, contacts.Contact]] = {}
    allowed_urls = settings.allowed_urls if settings else frozenset()
    for sid, service in services.items():
        src = sources[sid]
        if re.fullmatch(r"[A-Z]{2}", phone_region):
            kit_contacts[sid] = _contacts(service, src, phone_region, allowed_urls, problems)
        if regions is not None and service.regions != "all":
            for index, region in enumerate(service.regions):
                if region not in regions:
                    problems.append(src.problem(("regions", index), _unknown("region", region, regions)))
        if service.address and not service.address.confidential and service.kind == "shelter":
            warnings.append(
                src.problem(
                    ("address", "confidential"),
                    "a shelter's address will be printed; set confidential: true unless it is meant to be public",
                    "warning",
                )
            )
        if settings:
            warnings += to_fill_in(service, src, settings.locales)

    seen: dict[str, int] = {}
    for index, location in locations:
        loc = ("locations", index)
        if location.id in seen:
            problems.append(
                locations_src.problem(
                    loc + ("id",),
                    f"{location.id!r} is used twice (also locations[{seen[location.id]}]); ids must be unique",
                )
            )
        seen.setdefault(location.id, index)
        if regions is not None and location.region not in regions:
            problems.append(locations_src.problem(loc + ("region",), _unknown("region", location.region, regions)))
        elif services and not any(s.regions == "all" or location.region in s.regions for s in services.values()):
            problems.append(
                locations_src.problem(
                    loc + ("region",),
                    f"no service serves region {location.region!r}; add the region to a service's regions",
                )
            )
        if location.locales:
            _check_locales(location.locales, locations_src, loc + ("locales",), available, problems)
        for f_index, name in enumerate(location.formats or []):
            if name not in format_names:  # a format with errors of its own is reported there
                problems.append(locations_src.problem(loc + ("formats", f_index), _unknown("format", name, formats)))

    if any(p.severity == "error" for p in problems) or settings is None:
        raise KitError(problems + warnings)
    for warning in warnings:
        log.debug("%s", warning)  # the caller shows warnings; logging them too would print them twice
    kit_locations = [location for _, location in locations]
    return Kit(
        root,
        settings,
        dict(sorted(services.items())),
        kit_locations,
        formats,
        kit_contacts,
        warnings,
        Sources(settings_src, locations_src, sources),
    )


def _services(root: Path, problems: list[Problem]) -> tuple[dict[str, Service], dict[str, Located]]:
    services: dict[str, Service] = {}
    sources: dict[str, Located] = {}
    files = sorted((root / SERVICES_DIR).glob("*.yaml")) + sorted((root / SERVICES_DIR).glob("*.yml"))
    if not files:
        problems.append(
            Problem(
                f"{SERVICES_DIR}/", 0, "", "holds no services; add one file per service, e.g. services/hotline.yaml"
            )
        )
    for path in files:
        display = f"{SERVICES_DIR}/{path.name}"
        located, found = load_yaml(path, display)
        problems += found
        if not SLUG.match(path.stem):
            problems.append(
                Problem(display, 1, "", "file names are service ids: use lower-case letters, digits and dashes")
            )
        if path.stem in services:
            problems.append(Problem(display, 1, "", f"a service named {path.stem} is already defined; keep one file"))
            continue
        service = None if found else validate(Service, located, problems)
        if service:
            services[path.stem] = service
            sources[path.stem] = located
    return services, sources


def _load_locations(root: Path, problems: list[Problem]) -> tuple[Located, list[tuple[int, Location]]]:
    if not (root / LOCATIONS_FILE).is_file():
        problems.append(
            Problem(LOCATIONS_FILE, 0, "", "is missing; list where materials are posted under `locations:`")
        )
        return Located(LOCATIONS_FILE, None), []
    located, found = load_yaml(root / LOCATIONS_FILE, LOCATIONS_FILE)
    problems += found
    return located, ([] if found else _locations(located, problems))


def _unknown(what: str, name: str, known: dict) -> str:
    return f"unknown {what} {name!r}; known: {', '.join(known)}"
