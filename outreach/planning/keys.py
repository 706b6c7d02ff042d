"""Content keys: everything a document is made from, as digests.

A document's content key is a digest of all that can change its PDF: the
outreach code and the libraries it renders with, the template files its format
reaches, the merged catalogue of its locale, the files in assets/, its format's
catalogue entry, the kit settings, its location, the services it shows, and the
locale. Two builds that compute the same key make the same bytes, so a build
reuses the previous file for every unchanged key.

Its render key is a digest of what is handed to WeasyPrint (the HTML, with the
kit and built-in folders written as placeholders, and the checks it must pass):
documents with the same render key are rendered once and shared.

The inputs are kept as named digests ("service:day-one:phone") so that the next
build can say what changed. Only digests are kept, never the text; a
confidential address and a location's notes never reach a page and are not
written at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n.catalogues import available_locales
from ..kit.load import Kit
from ..kit.model import Location, Service
from ..names import INDEX
from ..pages.template_deps import closure
from ..pages.views import services_for
from ..paths import assets_dir, builtin_root, locales_dir, templates_dir
from .tools import digest, tool_fingerprint

KEY_VERSION = "outreach-keys-2"

UNPRINTED_SERVICE_FIELDS = ("notes", "source")
"""Service fields no page can show (templates see services through outreach.pages.views, which leaves them out)."""


def _files(folder: Path) -> dict[str, str]:
    """Relative path → digest of every file under `folder`."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): digest(p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def _address(service: Service) -> object:
    """What of an address can reach a page: nothing of a confidential one."""
    address = service.address
    if address is None:
        return None
    return "confidential" if address.confidential else address.model_dump(mode="json")


@dataclass
class Inputs:
    """The named digests of one kit's inputs, and the services each region shows."""

    leaves: dict[str, str]
    shown: dict[str, list[str]]
    private: dict[str, str] = field(default_factory=dict)
    """Folded into keys but never written: text that is not meant for a page."""
    closures: dict[str, list[str]] = field(default_factory=dict)
    """A format template → the template leaves it reaches."""
    location_fields: dict[str, frozenset[str] | None] = field(default_factory=dict)
    """A format template → the location fields it reads (None: any)."""
    index: str = ""
    """The key of the contact sheet (index.html) made from these inputs."""
    _groups: dict[str, str] = field(default_factory=dict, repr=False)
    _bases: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _templates: dict[tuple, str] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, kit: Kit, options: dict[str, object] | None = None) -> Inputs:
        """The inputs of a build of `kit`; `options` are the build's own (print-shop marks, duplex flip)."""
        leaves = {"outreach": tool_fingerprint()}
        leaves.update({f"build:{name}": digest(value) for name, value in (options or {}).items()})
        for origin, folder in (("kit", kit.root / "assets"), ("builtin", assets_dir())):
            leaves.update({f"asset:{origin}/{path}": value for path, value in _files(folder).items()})
        for code in available_locales(kit.root):
            files = [locales_dir() / code / "messages.po", kit.root / "locales" / code / "messages.po"]
            leaves[f"catalogue:{code}"] = digest([digest(p.read_bytes()) if p.is_file() else None for p in files])
        for name, fmt in kit.formats.items():
            leaves[f"format:{name}"] = digest(fmt.model_dump(mode="json"))
        settings = kit.settings.model_dump(mode="json")
        for key, value in settings.pop("regions").items():
            leaves[f"region:{key}"] = digest(value)
        leaves.update({f"setting:{key}": digest(value) for key, value in settings.items()})
        for sid, service in kit.services.items():
            values = service.model_dump(mode="json", exclude=set(UNPRINTED_SERVICE_FIELDS)) | {
                "address": _address(service)
            }
            leaves.update({f"service:{sid}:{key}": digest(value) for key, value in values.items()})
        private = {}
        for location in kit.locations:
            values = location.model_dump(mode="json")
            private[f"location:{location.id}:notes"] = digest(values.pop("notes"))
            leaves.update({f"location:{location.id}:{key}": digest(value) for key, value in values.items()})
        shown = {}
        for location in kit.locations:
            if location.region not in shown:
                shown[location.region] = services_for(kit, location)
                leaves[f"shown:{location.region}"] = digest(shown[location.region])
        inputs = cls(leaves, shown, private)
        inputs._add_templates(kit)
        return inputs

    def _add_templates(self, kit: Kit) -> None:
        for template in sorted({fmt.template for fmt in kit.formats.values()} | {INDEX}):
            reached = closure(kit.root, template)
            names = [f"template:{name}" for name in reached.sources]
            self.leaves.update({f"template:{name}": value for name, value in reached.sources.items()})
            if not reached.complete:  # a template chosen at render time: every file in the template folders counts
                every = _template_files(kit.root)
                self.leaves.update(every)
                names += list(every)
            self.closures[template] = sorted(names)
            self.location_fields[template] = reached.location_fields

    def group(self, name: str) -> str:
        """The digest of a group.

        `asset:`, `setting:`, `service:<id>:`, `location:<id>:`, `templates:<file>` or one leaf.
        """
        if not self._groups:
            members: dict[str, list[tuple[str, str]]] = {}
            for source in (self.leaves, self.private):
                for leaf, value in source.items():
                    members.setdefault(group_of(leaf), []).append((leaf, value))
            self._groups.update({group: digest(sorted(items)) for group, items in members.items()})
        if name not in self._groups:
            if name.startswith("templates:"):
                self._groups[name] = digest(
                    [(k, self.leaves[k]) for k in self.closures[name.removeprefix("templates:")]]
                )
            else:
                self._groups[name] = digest([(name, "absent")])
        return self._groups[name]

    def groups_of(self, kit: Kit, location: Location, format_name: str) -> list[str]:
        """The groups a document of this location and format depends on."""
        fmt = kit.formats[format_name]
        names = [
            "outreach",
            "build:",
            "asset:",
            "setting:",
            f"region:{location.region}",
            f"location:{location.id}:",
            f"shown:{location.region}",
            f"templates:{fmt.template}",
            f"format:{fmt.name}",
        ]
        if fmt.sheet:  # a sheet is checked against its single card first
            card = kit.formats[fmt.sheet.card]
            names += [f"templates:{card.template}", f"format:{card.name}"]
        return names + [f"service:{sid}:" for sid in self.shown[location.region]]

    def content_key(self, kit: Kit, location: Location, format_name: str, locale: str) -> str:
        base = self._bases.get((location.id, format_name))
        if base is None:  # the same for every locale of a location and format
            groups = self.groups_of(kit, location, format_name)
            base = self._bases[(location.id, format_name)] = digest([(name, self.group(name)) for name in groups])
        return digest(f"{KEY_VERSION}\0{locale}\0{base}\0{self.group(f'catalogue:{locale}')}".encode())

    def template_key(self, kit: Kit, location: Location, format_name: str, locale: str) -> str:
        """The content key with only the location fields the format's templates read (usually just the
        variant): locations that differ in nothing else get the same HTML, so only one is templated."""
        fmt = kit.formats[format_name]
        templates = [fmt.template] + ([kit.formats[fmt.sheet.card].template] if fmt.sheet else [])
        read = [self.location_fields.get(template) for template in templates]
        known = [fields for fields in read if fields is not None]
        if len(known) < len(read):  # a template may read any field
            return self.content_key(kit, location, format_name, locale)
        values = tuple(
            self.leaves.get(f"location:{location.id}:{f}", self.private.get(f"location:{location.id}:{f}"))
            for f in sorted(frozenset[str]().union(*known))
        )
        card = kit.formats[fmt.sheet.card] if fmt.sheet else fmt
        # whether the page is discreet (outreach.pages.views gives templates `discreet`, which is not a field):
        # it decides the page's kind too (planning.references.kind_of), so one template key is one kind
        values += ("discreet" if location.variant == "discreet" or card.carried else "",)
        memo = (format_name, locale, location.region, values)  # everything else it depends on is the same for all
        if memo not in self._templates:
            groups = [g for g in self.groups_of(kit, location, format_name) if not g.startswith("location:")]
            self._templates[memo] = digest(
                [
                    KEY_VERSION,
                    "template",
                    locale,
                    [(g, self.group(g)) for g in groups],
                    values,
                    self.group(f"catalogue:{locale}"),
                ]
            )
        return self._templates[memo]

    def render_key(self, kit: Kit, html: str, checks: object) -> str:
        """What WeasyPrint is given and what its output must pass; folders become placeholders."""
        roots = sorted([(kit.root.as_uri(), "kit:"), (builtin_root().as_uri(), "builtin:")], key=lambda r: -len(r[0]))
        for uri, placeholder in roots:
            html = html.replace(uri, placeholder)
        return digest([KEY_VERSION, self.leaves["outreach"], self.group("asset:"), repr(checks), digest(html.encode())])

    def index_key(self, kit: Kit, rows: list[dict]) -> str:
        """What the contact sheet shows: the manifest rows, the locations, the settings, the regions' names, the
        formats (titles, stock), its template."""
        places = [(loc.id, loc.name, loc.kind, loc.region, loc.copies) for loc in kit.locations]
        shown = ["outreach", "build:", "setting:", f"templates:{INDEX}", "catalogue:en"]
        shown += [f"region:{name}" for name in kit.settings.regions] + [f"format:{name}" for name in kit.formats]
        groups = [self.group(name) for name in shown]
        return digest([KEY_VERSION, groups, places, rows])

    def to_json(self) -> bytes:
        return json.dumps(
            {"version": KEY_VERSION, "leaves": self.leaves, "shown": self.shown, "index": self.index},
            sort_keys=True,
            indent=1,
        ).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Inputs | None:
        try:
            loaded = json.loads(data)
            if loaded.get("version") != KEY_VERSION:
                return None
            leaves, shown = loaded["leaves"], loaded["shown"]
            if isinstance(leaves, dict) and isinstance(shown, dict):
                return cls(
                    {str(k): str(v) for k, v in leaves.items()},
                    {str(k): list(map(str, v)) for k, v in shown.items()},
                    index=str(loaded.get("index", "")),
                )
        except (ValueError, TypeError, KeyError, AttributeError):
            pass
        return None


def group_of(leaf: str) -> str:
    """The group a leaf belongs to: `service:<id>:phone` → `service:<id>:`; `catalogue:es` is its own."""
    kind, _, rest = leaf.partition(":")
    if kind in ("asset", "setting", "build"):
        return f"{kind}:"
    if kind in ("service", "location"):
        return f"{kind}:{rest.partition(':')[0]}:"
    return leaf


def _template_files(kit_root: Path) -> dict[str, str]:
    folders = [("kit", kit_root / "templates"), ("builtin", templates_dir())]
    return {
        f"template-file:{origin}/{path}": value for origin, folder in folders for path, value in _files(folder).items()
    }
