"""`outreach check`: every problem of a kit, without rendering, as a report people and CI can read."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..checks import CheckOptions, load_checked
from ..errors import KitError, Problem
from ..i18n.checking import catalogue_problems
from ..paths import sample_kit_dir
from ..render.glyphs import check_catalogues


def check_kit(kit_dir: Path | None, options: CheckOptions | None = None) -> list[Problem]:
    """Every warning of a kit that passes every check; raises KitError listing every problem otherwise."""
    kit = load_checked(kit_dir or sample_kit_dir(), options or CheckOptions())
    locales = {code for location in kit.locations for code in kit.location_locales(location)}
    # Every catalogue it would print with, the built-in ones too (the kit's were read when it loaded), each problem
    # with its file and line; then every character of their translations against the fonts.
    problems = catalogue_problems(locales, kit.root)
    if any(problem.severity == "error" for problem in problems):
        raise KitError(kit.warnings + problems)
    check_catalogues(locales, kit.root)
    return sorted(kit.warnings + problems)


@dataclass(frozen=True)
class CheckReport:
    """What `outreach check` found: errors and warnings, sorted by file and line."""

    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def ok(self) -> bool:
        """No errors: the kit can be built."""
        return not self.errors

    def to_json(self) -> str:
        """The report for CI: counts, then every problem with its file, line, field, message and severity."""
        report = {"errors": self.errors, "warnings": self.warnings, "problems": [asdict(p) for p in self.problems]}
        return json.dumps(report, indent=2, ensure_ascii=False)


def check_report(kit_dir: Path | None, options: CheckOptions | None = None) -> CheckReport:
    """Every problem of a kit, errors included, as a report; only a kit that cannot be read at all raises."""
    try:
        return CheckReport(check_kit(kit_dir, options))
    except KitError as error:
        return CheckReport(error.problems)
