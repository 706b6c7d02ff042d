"""The preview's HTML, from the Jinja templates in ui/: every kit value is escaped (autoescape), nothing is
loaded from anywhere but this server.

Three views share one page: the document picked (`/`), the translator's view of
it beside the kit's first language (`/translate`), and every document at a
glance (`/all`). The part that changes after a build (`live.html`) is also sent
alone, to the page's script, which swaps it in without a reload.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..i18n.locales import language_name
from ..kit.jobs import Job
from .state import Pick, Planned, Shown, State
from .store import Store

UI = Path(__file__).resolve().parent / "ui"
STATIC = {"preview.css": "text/css; charset=utf-8", "preview.js": "text/javascript; charset=utf-8"}
"""The only files served from ui/, by these names and no other."""
VIEWS = {"page": "/", "translate": "/translate", "all": "/all"}


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(UI)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language(code: str) -> str:
    """`es · Spanish (español)`: the code, its English name and its own."""
    english, own = language_name(code, "en"), language_name(code, code)
    return f"{code} · {english}" + (f" ({own})" if own not in (english, code) else "")


def choose(planned: Planned, location: str, fmt: str, locale: str) -> Job:
    """The planned document nearest what was asked: the location, then its format, then the language."""
    jobs = [job for job in planned.jobs if job.location.id == location] or list(planned.jobs)
    jobs = [job for job in jobs if job.format.name == fmt] or jobs
    return next((job for job in jobs if job.locale == locale), jobs[0])


@dataclass(frozen=True)
class Column:
    """One document on the page: its pictures and printed text, or a note that it is still being built."""

    title: str
    locale: str
    shown: Shown | None
    texts: tuple[str, ...]
    stale: bool


def _pickers(planned: Planned, job: Job) -> dict:
    here = [j for j in planned.jobs if j.location.id == job.location.id]
    return {
        "locations": list({j.location.id: j.location.name for j in planned.jobs}.items()),
        "formats": list({j.format.name: j.format.title for j in here}.items()),
        "locales": [(code, language(code)) for code in dict.fromkeys(j.locale for j in here)],
    }


async def _column(state: State, store: Store, pick: Pick) -> Column:
    shown = state.documents.get(pick)
    texts = await store.texts(shown.sha256) if shown else ()
    stale = bool(shown and shown.generation < state.generation and not state.errors)
    return Column(language(pick.locale), pick.locale, shown, texts, stale)


def _url(view: str, pick: Pick | None = None) -> str:
    query = urlencode({"location": pick.location, "format": pick.format, "locale": pick.locale}) if pick else ""
    return VIEWS[view] + (f"?{query}" if query else "")


async def context(state: State, store: Store, view: str, asked: dict[str, str]) -> tuple[dict, Pick | None]:
    """What the templates need for `view` of the document `asked` for, and the document shown (to build first)."""
    planned = state.planned
    base = {
        "view": view,
        "views": {name: VIEWS[name] for name in VIEWS},
        "organisation": planned.organisation if planned else "",
        "sample": bool(planned and planned.sample),
        "errors": state.errors,
        "warnings": state.warnings,
        "status": state.status,
        "content": state.content,
        "pick": None,
        "columns": [],
        "groups": [],
        "url": _url,
    }
    if planned is None or not planned.jobs:
        return {**base, "live": f"/live?{urlencode({'view': view})}"}, None
    job = choose(planned, asked.get("location", ""), asked.get("format", ""), asked.get("locale", ""))
    pick = Pick.of(job)
    base.update(
        pick=pick, job=job, live="/live?" + urlencode({"view": view, **pick.__dict__}), **_pickers(planned, job)
    )
    if view == "all":
        groups: dict[str, list] = {}
        for each in planned.jobs:
            shown = state.documents.get(Pick.of(each))
            stale = bool(shown and shown.generation < state.generation and not state.errors)
            groups.setdefault(each.location.name, []).append((each, shown, stale, _url("page", Pick.of(each))))
        return {**base, "groups": list(groups.items())}, None
    picks = [pick]
    if view == "translate" and planned.first_locale != pick.locale:
        picks.insert(0, Pick(pick.location, pick.format, planned.first_locale))
    base["first_locale"] = language(planned.first_locale)
    base["columns"] = [await _column(state, store, each) for each in picks]
    return base, pick


def page(values: dict) -> str:
    return _environment().get_template("page.html").render(values)


def live(values: dict) -> str:
    return _environment().get_template("live.html").render(values)


def event(state: State) -> str:
    """One server-sent event: the page's status line, and whether what it shows changed."""
    data = json.dumps({"version": state.version, "content": state.content, "status": state.status})
    return f"event: state\ndata: {data}\n\n"
