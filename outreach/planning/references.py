"""Each kind of page's reference: the page the others of its kind start fitting their type from.

A kind of page is a format in a language (a card sheet's kind is its card's),
for discreet locations and for the others.
Its reference page is the first page of that kind in the whole kit's plan, not
only in what this build was asked for (its locations and formats), so that it
is the same page in every build of the kit. The reference is fitted from the
designed size; every other page of its kind starts where the reference ended,
corrected for the length of its own text (outreach.render.starts), and lays out
about two rungs instead of five to twelve.

Fitting is not always monotone in the type scale, so a page's PDF can depend on
where its search started: it depends on the page and on what its reference
kept, never on what a worker fitted before. What the reference kept is in the
content key and the render key of every other page of its kind, so a change to
it makes them again, and a build reuses a document only when a fresh build
would make the same. It is remembered in OUT (fits.json) with the reference's
render key: a build where the reference did not change does not fit it again.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace

from ..kit.jobs import Job, plan
from ..kit.load import Kit
from ..names import document_file
from ..render.starts import Fitted
from .tools import digest

log = logging.getLogger(__name__)


def kind_of(kit: Kit, job: Job) -> str:
    """The kind of the page a job fits: its format (a sheet's card) in its language, and whether it is discreet
    (a discreet location's page says other words, of another length: a reference of its own fits it from where it
    ends, not a rung or two away). A piece people carry away (a sheet's card is what is carried) is discreet
    wherever it is left: one kind, as its page says (`discreet` in outreach.pages.views)."""
    fitted = fitted_job(kit, job)
    discreet = job.location.variant == "discreet" and not fitted.format.carried
    return f"{fitted.piece}|{job.locale}" + ("|discreet" if discreet else "")


def fitted_job(kit: Kit, job: Job) -> Job:
    """The job whose page is fitted: the job itself, or a card sheet's card."""
    return replace(job, format=kit.formats[job.format.sheet.card]) if job.format.sheet else job


class References:
    """Every kind's reference page, and what it printed and kept once that is known."""

    def __init__(self, kit: Kit, locales: list[str] | None, remembered: bytes | None) -> None:
        self._kit = kit
        self.pages: dict[str, Job] = {}
        """Kind → its reference page's job: from the kit's whole plan, then (for a language no location has,
        asked for with --locales) from the plan in those languages."""
        for jobs in (plan(kit), plan(kit, locales=locales) if locales else []):
            for job in jobs:
                self.pages.setdefault(kind_of(kit, job), fitted_job(kit, job))
        self._remembered = _parsed(remembered)
        self._known: dict[str, tuple[str, Fitted]] = {}

    def reference(self, job: Job) -> Job:
        """The reference page of the job's kind."""
        return self.pages[kind_of(self._kit, job)]

    def remembered(self, kind: str, render_key: str) -> Fitted | None:
        """What the reference of `kind` kept in the build before, if it had the same render key."""
        key, fitted = self._remembered.get(kind, ("", ()))
        return fitted if key == render_key and fitted else None

    def know(self, kind: str, render_key: str, fitted: Fitted) -> None:
        """What the reference of `kind`, made from `render_key`, printed and kept."""
        self._known[kind] = (render_key, fitted)

    def made_from(self, job: Job) -> str:
        """The render key of the job's kind's reference page, once known."""
        return self._known[kind_of(self._kit, job)][0]

    def of(self, job: Job) -> Fitted | None:
        """Where fitting the job's page starts: its kind's reference's faces, or None when the page is the
        reference (or a sheet of it), which starts at the designed size."""
        kind = kind_of(self._kit, job)
        if self.pages[kind].file == fitted_job_file(job):
            return None
        assert kind in self._known, f"the reference of {kind} is known before its other pages are planned"
        return self._known[kind][1]

    def content_key(self, key: str, job: Job) -> str:
        """A job's content key, with what its reference kept: a page that starts elsewhere is made again."""
        fitted = self.of(job)
        return key if fitted is None else digest([key, [list(face) for face in fitted]])

    def to_json(self) -> bytes:
        """What every kind's reference kept: known in this build, or remembered from the one before."""
        known = {kind: kept for kind, kept in {**self._remembered, **self._known}.items() if kind in self.pages}
        kept = {kind: [key, [list(face) for face in fitted]] for kind, (key, fitted) in known.items()}
        lines = [f"{json.dumps(kind)}: {json.dumps(entry)}" for kind, entry in sorted(kept.items())]
        return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def fitted_job_file(job: Job) -> str:
    """The file of the page a job fits (a sheet's card's)."""
    return document_file(job.location.id, job.piece, job.locale)


def _parsed(data: bytes | None) -> dict[str, tuple[str, Fitted]]:
    """fits.json of the build before; whatever is not as this build writes it is left out (fitted again)."""
    if not data:
        return {}
    try:
        loaded = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        log.info("the previous fits.json cannot be read; references are fitted again")
        return {}
    found: dict[str, tuple[str, Fitted]] = {}
    for kind, entry in loaded.items() if isinstance(loaded, dict) else ():
        try:
            key, faces = entry
            fitted = tuple((int(chars), float(scale)) for chars, scale in faces)
        except (TypeError, ValueError):
            continue
        if isinstance(key, str) and fitted and all(chars >= 0 and 0 < scale < 100 for chars, scale in fitted):
            found[kind] = (key, fitted)
    return found
