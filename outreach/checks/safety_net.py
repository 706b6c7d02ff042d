"""Every location keeps its safety net: a line that answers any time, and the country's national line.

A location that would print only lines with office hours leaves someone who
reads it at night with nobody to call; one that loses the national hotline
(its service file deleted, or its regions narrowed by mistake) loses the line
that answers everywhere, in every language. Neither is an error, since a
coordinator may mean it, so each is a warning naming the location, from
`outreach check` and `outreach build`.
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from ..errors import Problem
from ..kit.load import Kit
from ..kit.model import Service
from ..pages.views import services_for
from ..paths import assets_dir
from .sources import location_loc, locations_source

ANY_TIME = re.compile(r"(?<![0-9٠-٩])(24|٢٤)(?![0-9٠-٩:.])|\bany ?time\b|around the clock", re.IGNORECASE)
"""Hours that say the line answers any time: '24 hours', '24/7', '24 horas', '24 giờ', '24小时', '٢٤ ساعة'."""


@cache
def national_lines() -> dict[str, dict[str, str]]:
    """Country (phone region) → the national line every location there should show."""
    data = yaml.safe_load((assets_dir() / "national-lines.yaml").read_text(encoding="utf-8"))
    return {country: dict(line) for country, line in data.items()}


def answers_any_time(service: Service) -> bool:
    hours = service.hours
    texts = [hours] if isinstance(hours, str) else list((hours or {}).values())
    return any(ANY_TIME.search(text) for text in texts)


def check(kit: Kit) -> list[Problem]:
    problems = []
    source = locations_source(kit)
    national = national_lines().get(kit.settings.phone_region)
    for location in kit.locations:
        shown = services_for(kit, location)
        if not shown:
            continue  # `outreach check` already says nothing is shown here
        where = location_loc(kit, location) + ("region",)
        if not any(answers_any_time(kit.services[sid]) for sid in shown):
            problems.append(
                source.problem(
                    where,
                    f"{location.id}: no line shown here answers any time (no service's hours say 24 hours): "
                    "someone who reads it at night has nobody to call. Give this region a line that answers "
                    "24 hours (the national hotline serves every region with regions: all)",
                    "warning",
                )
            )
        if national and not any(
            (contact := kit.contacts.get(sid, {}).get("tel")) and contact.uri == f"tel:{national['phone']}"
            for sid in shown
        ):
            problems.append(
                source.problem(
                    where,
                    f"{location.id}: the {national['name']} ({national['phone']}) is not shown here: has its "
                    "service file been deleted, or its regions narrowed? Every location in the country should "
                    "show it (regions: all)",
                    "warning",
                )
            )
    return problems
