"""The reprint report: which printed documents changed since the previous build, and why.

A document is to be reprinted when its PDF differs from the one the previous
manifest lists (or is new). Why is read from the inputs it depends on whose
digests changed: "Crisis Line's phone changed", "Spanish translations changed".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError

from ..kit.jobs import Job, count_pieces
from ..kit.load import Kit
from ..output import cell
from ..pages.views import resolve
from .documents import Document
from .keys import Inputs, group_of
from .previous import PreviousBuild

REPRINT_FIELDS = ["location", "location_name", "file", "format", "locale", "language", "copies", "sheets", "why"]
"""`copies`: the pieces to post or hand out (cards, for a card sheet); `sheets`: the sheets that hold them, for a
sheet of cards or labels; `why`: what changed, in words."""
SUMMARY_LINES = 8
"""Reasons spelled out in the terminal summary; reprint.csv has them all."""

_SERVICE_FIELDS = {"text": "text line", "url": "web address", "verified": "date checked"}
FIRST_BUILD, NEW_LOCATION, NEW_DOCUMENT = "first build", "new location", "new document"
_NEW = (FIRST_BUILD, NEW_LOCATION, NEW_DOCUMENT)


@dataclass(frozen=True)
class ReprintRow:
    location: str
    format: str
    locale: str
    copies: int
    why: str
    job: Job = field(compare=False, repr=False)
    """The document's job: its location's name, its file, piece and sheets."""

    def cells(self) -> list[object]:
        """The row of reprint.csv, in REPRINT_FIELDS' order."""
        job = self.job
        return [
            *(self.location, job.location.name, job.file, self.format, self.locale, _language(self.locale)),
            *(self.copies, job.sheets or "", self.why),
        ]


@dataclass
class Reprint:
    rows: list[ReprintRow] = field(default_factory=list)
    first: bool = False
    """There was no previous build: everything is to print."""
    dropped: int = 0
    """Documents of the previous build that this build does not make."""

    def summary(self) -> list[str]:
        """One line per reason, the commonest first.

        "X's phone changed: 37 locations, 412 wallet-card ... copies to reprint".
        """
        lines = []
        if not self.rows:
            lines.append("Nothing to reprint: every document is as it was in the previous build.")
        reasons: dict[str, list[ReprintRow]] = {}
        for row in self.rows:
            reasons.setdefault(row.why, []).append(row)
        ordered = sorted(reasons.items(), key=lambda item: (-len(item[1]), item[0]))
        for why, rows in ordered[:SUMMARY_LINES]:
            places = len({row.location for row in rows})
            counts = _and([str(pieces) for pieces in count_pieces(row.job for row in rows)])
            verb = "to print" if why in _NEW else "to reprint"
            lines.append(
                f"{why[:1].upper()}{why[1:]}: {places} location{'s' if places != 1 else ''}, {counts} copies {verb}"
            )
        if len(ordered) > SUMMARY_LINES:
            rest = sum(len(rows) for _, rows in ordered[SUMMARY_LINES:])
            lines.append(f"... and {rest} more document(s) for {len(ordered) - SUMMARY_LINES} other reason(s)")
        if self.dropped:
            lines.append(f"{self.dropped} document(s) of the previous build are not made by this one.")
        return lines


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _language(code: str) -> str:
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code


class _Reasons:
    """What changed between two sets of inputs, described for each group a document depends on."""

    def __init__(self, kit: Kit, now: Inputs, before: Inputs) -> None:
        self.kit, self.now, self.before = kit, now, before
        self.groups_now, self.groups_before = _by_group(now), _by_group(before)
        self.memo: dict[str, list[str]] = {}

    def of(self, groups: list[str]) -> str:
        found = [reason for group in groups for reason in self._group(group)]
        return "; ".join(dict.fromkeys(found))

    def _group(self, group: str) -> list[str]:
        if group not in self.memo:
            self.memo[group] = self._describe(group)
        return self.memo[group]

    def _changed(self, group: str) -> list[str]:
        now, before = self.groups_now.get(group, {}), self.groups_before.get(group, {})
        return sorted(leaf for leaf in now.keys() | before.keys() if now.get(leaf) != before.get(leaf))

    def _describe(self, group: str) -> list[str]:
        kind, _, name = group.partition(":")
        if kind == "templates":
            before = self.before.leaves
            leaves = [
                leaf
                for leaf in self.now.closures.get(name, [])
                if self.now.leaves.get(leaf) != before.get(leaf)
                and not (leaf not in before and leaf.startswith("template:builtin/"))
            ]  # newly extended, unchanged
            return [f"template {leaf.partition(':')[2]} changed" for leaf in leaves]
        if kind == "shown":
            return self._shown(name)
        changed = self._changed(group)
        if not changed:
            return []
        fields = [leaf.rpartition(":")[2] for leaf in changed]
        if kind == "service":
            sid = name.rstrip(":")
            if sid not in self.kit.services or not self.groups_before.get(group):
                return []  # a service that appeared or went away: said by the list of services shown
            labels = _and([_SERVICE_FIELDS.get(f, f) for f in fields])
            return [f"{self._service_name(sid)}'s {labels} changed"]
        if kind == "location":
            return [f"the location's {_and([f.replace('_', ' ') for f in fields])} changed"]
        if kind == "setting":
            return [f"{f.replace('_', ' ')} changed" for f in fields]
        if kind == "build":
            return [f"--{f.replace('_', '-')} changed" for f in fields]
        if kind == "asset":
            return [f"{leaf.partition(':')[2].partition('/')[2]} changed" for leaf in changed]
        if kind == "region":
            return [f"the name of region {name} changed"]
        if kind == "catalogue":
            return [f"{_language(name)} translations changed"]
        if kind == "format":
            return [f"format {name} changed"]
        if kind == "outreach":
            return ["outreach or a library it renders with changed"]
        return [f"{group} changed"]

    def _shown(self, region: str) -> list[str]:
        now, before = self.now.shown.get(region, []), self.before.shown.get(region, [])
        added = [self._service_name(sid) for sid in now if sid not in before]
        removed = [self._service_name(sid) for sid in before if sid not in now]
        reasons = ([f"now shows {_and(added)}"] if added else []) + (
            [f"no longer shows {_and(removed)}"] if removed else []
        )
        if not reasons and now != before:
            reasons.append("the order of services changed")
        return reasons

    def _service_name(self, sid: str) -> str:
        service = self.kit.services.get(sid)
        if service is None:
            return sid
        return resolve(service.name, self.kit.settings.locales[0], self.kit.settings.locales)


def _by_group(inputs: Inputs) -> dict[str, dict[str, str]]:
    groups: dict[str, dict[str, str]] = {}
    for leaf, value in inputs.leaves.items():
        groups.setdefault(group_of(leaf), {})[leaf] = value
    return groups


def compare(kit: Kit, inputs: Inputs, previous: PreviousBuild | None, documents: list[Document]) -> Reprint:
    """The documents whose PDF is new or differs from the previous manifest's, each with why."""
    if previous is None:
        return Reprint([_row(doc, FIRST_BUILD) for doc in documents], first=True)
    reasons = _Reasons(kit, inputs, previous.inputs) if previous.inputs else None
    known_locations = {doc.location for doc in previous.documents.values()}
    report = Reprint()
    for doc in documents:
        before = previous.documents.get(doc.job.file)
        if before and before.sha256 == doc.sha256:
            continue
        if before is None:
            why = NEW_DOCUMENT if doc.job.location.id in known_locations else NEW_LOCATION
        else:
            groups = inputs.groups_of(kit, doc.job.location, doc.job.format.name) + [f"catalogue:{doc.job.locale}"]
            why = (reasons.of(groups) if reasons else "") or "changed since the previous build"
        report.rows.append(_row(doc, why))
    made = {doc.job.file for doc in documents}
    report.dropped = sum(1 for file in previous.documents if file not in made)
    return report


def _row(doc: Document, why: str) -> ReprintRow:
    return ReprintRow(doc.job.location.id, doc.job.format.name, doc.job.locale, doc.job.copies, why, doc.job)


def reprint_csv(reprint: Reprint) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPRINT_FIELDS)
    writer.writerows([cell(value) for value in row.cells()] for row in reprint.rows)
    return buffer.getvalue().encode("utf-8")
