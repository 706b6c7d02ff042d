"""Information goes stale: every service's `verified` date against the kit's `stale_after_days`.

Older than `stale_after_days` is a warning; older than twice that is an error,
because a poster stays on a wall for years and a dead number costs someone
their chance. `--allow-stale` prints anyway and says so on every finding.
A sample kit (`sample: true`) is never posted, so its dates only warn.
"""

from __future__ import annotations

from datetime import date

from ..errors import ALLOWED, Problem
from ..kit.load import Kit
from .sources import service_source


def check(kit: Kit, today: date, allow_stale: bool = False) -> list[Problem]:
    limit = kit.settings.stale_after_days
    problems = []
    for sid, service in kit.services.items():
        src = service_source(kit, sid)
        age = (today - service.verified).days
        if age < 0:
            problems.append(
                src.problem(
                    ("verified",),
                    f"{service.verified} is in the future; write the day someone last confirmed these details",
                )
            )
            continue
        if age <= limit:
            continue
        said = f"last confirmed {service.verified}, {age} days ago"
        if age > 2 * limit:
            message = (
                f"{said}: more than twice stale_after_days ({limit}); this must not be printed until someone "
                "calls the service, confirms every detail and updates verified"
            )
            severity = "error"
        else:
            message = (
                f"{said}, longer than stale_after_days ({limit}); call the service, confirm every detail, "
                "then update verified"
            )
            severity = "warning"
        if severity == "error" and (allow_stale or kit.settings.sample):
            severity = "warning"
            message = (ALLOWED if allow_stale else "sample kit, never posted: ") + message
        problems.append(src.problem(("verified",), message, severity))
    return problems
