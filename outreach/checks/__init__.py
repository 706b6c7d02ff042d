"""Catch what would hurt someone before it is printed.

`check(kit, options)` runs every check that needs no rendering: stale data,
numbers and addresses, confidential addresses pasted into text, colour
contrast, words that shame, reading level and posting laws.
`outreach.checks.printed.check_printed` runs the ones that need the rendered
PDFs (measured type size, posting laws).
Both return `Problem`s; `outreach check` prints them and `build` refuses to
print while any is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import KitError, Problem
from ..kit.load import Kit, load_kit
from .texts import Texts

__all__ = ["CheckOptions", "Texts", "adopt", "check", "checked", "load_checked", "require"]


@dataclass(frozen=True)
class CheckOptions:
    strict: bool = False
    """Words from the language lint are errors, not warnings."""
    allow_stale: bool = False
    """Services past twice stale_after_days are printed anyway, each with a warning that says so."""
    today: date | None = None
    """The day staleness is measured from; today when None."""


def check(kit: Kit, options: CheckOptions = CheckOptions(), texts: Texts | None = None) -> list[Problem]:
    """Every problem that can be known without rendering, errors and warnings, sorted by file and line.

    `texts` may hold the materials' printed text from an earlier build (see materials.py).
    """
    # Imported here: a build that changed nothing takes the findings it kept and never loads the checks.
    from . import (
        channels,
        compliance,
        contacts,
        contrast,
        discreet,
        fallbacks,
        lint,
        markup,
        readability,
        safety_net,
        secrets,
        staleness,
    )
    from .materials import materials

    today = options.today or date.today()
    problems = staleness.check(kit, today, options.allow_stale)
    problems += contacts.check(kit)
    problems += channels.check(kit)
    problems += safety_net.check(kit)
    problems += secrets.check(kit)
    problems += markup.check(kit)
    problems += contrast.check(kit)
    printed = materials(kit, texts)
    kit.untranslated = fallbacks.untranslated(kit, printed)  # the contact sheet marks these pages
    problems += fallbacks.check(kit, kit.untranslated)
    problems += lint.check(kit, printed, options.strict)
    problems += readability.check(kit, printed)
    problems += discreet.check(kit, printed)
    problems += compliance.check(kit, printed, today)
    return sorted(set(problems))


def require(problems: list[Problem]) -> list[Problem]:
    """The warnings among `problems`; raises KitError listing all of them when any is an error."""
    if any(p.severity == "error" for p in problems):
        raise KitError(problems)
    return problems


def load_checked(kit_dir: Path, options: CheckOptions = CheckOptions()) -> Kit:
    """Load a kit and run every check; raises KitError on any error, keeps the warnings on the kit."""
    return checked(load_kit(kit_dir), options)


def checked(kit: Kit, options: CheckOptions = CheckOptions(), texts: Texts | None = None) -> Kit:
    """Run every check on a loaded kit; raises KitError on any error, keeps the warnings on the kit."""
    return adopt(kit, check(kit, options, texts))


def adopt(kit: Kit, found: list[Problem]) -> Kit:
    """The kit with the warnings among `found` kept on it; KitError with the kit's warnings too on any error."""
    try:
        kept = require(found)
    except KitError as exc:
        raise KitError(kit.warnings + exc.problems) from None
    kit.warnings = sorted(set(kit.warnings + kept))
    return kit
