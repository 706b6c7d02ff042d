"""One error family: every failure a person can fix is an OutreachError.

Library code raises these; the CLI's one boundary (outreach.cli.report) prints
their lines (never a traceback) and exits with the error's `exit_code`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a kit, pointing at the file and line to fix."""

    file: str
    line: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {self.severity}: {field}{self.message}"


class Said(Protocol):
    """Anything reported to a person with a message: a Problem, or an import's Finding."""

    @property
    def message(self) -> str: ...


ALLOWED = "printed anyway because of --allow-stale: "
"""How a warning about a stale service printed because of --allow-stale starts (outreach.checks.staleness)."""


def allowed_notice(problems: Sequence[Said]) -> str | None:
    """One loud line when --allow-stale let stale services through, else None."""
    count = sum(1 for p in problems if p.message.startswith(ALLOWED))
    if not count:
        return None
    return (
        f"WARNING: --allow-stale: {count} service{'s' if count != 1 else ''} not confirmed for over twice "
        "stale_after_days will be printed as if current. Confirm them before these materials go up."
    )


class OutreachError(Exception):
    """Base of every error outreach reports to a person."""

    exit_code = 1
    """What the `outreach` command exits with: 1, the kit (or what was asked of it) has errors."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def lines(self) -> list[str]:
        return [self.message] + ([self.hint] if self.hint else [])


class KitError(OutreachError):
    """The kit has problems; all of them are listed, each with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        errors = sum(1 for p in self.problems if p.severity == "error")
        super().__init__(f"the kit has {errors} error{'s' if errors != 1 else ''}")

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] + [self.message]


class UsageError(OutreachError):
    """The command was asked for something that does not exist."""

    exit_code = 2


class BuildError(OutreachError):
    """A document could not be made safely (overflow, unreadable QR code, ...)."""


def relative(path: Path, root: Path) -> str:
    """A path as a person reading messages about `root` wants to see it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
