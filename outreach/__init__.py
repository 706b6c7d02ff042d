"""outreach: print-ready, translated outreach materials from a kit of services and locations.

The public API; the CLI (outreach.cli) is a thin layer over these functions.
Each name is imported from its module when it is first used, so that
`outreach --help` starts without loading the library (pydantic models, Babel,
Jinja, the checks); type checkers see the same names through the imports below.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import BuildError, KitError, OutreachError, Problem, UsageError

if TYPE_CHECKING:  # the lazy names below, for type checkers only
    from .checks import CheckOptions
    from .commands.build import BuildReport, build
    from .commands.check import CheckReport, check_kit, check_report
    from .commands.formats import list_formats
    from .commands.init import init_kit
    from .kit.jobs import Job, plan
    from .kit.load import Kit, load_kit

__all__ = [
    "BuildError",
    "BuildReport",
    "CheckOptions",
    "CheckReport",
    "Job",
    "Kit",
    "KitError",
    "OutreachError",
    "Problem",
    "UsageError",
    "build",
    "check_kit",
    "check_report",
    "init_kit",
    "list_formats",
    "load_kit",
    "plan",
]

_LAZY = {
    "BuildReport": ".commands.build",
    "build": ".commands.build",
    "CheckOptions": ".checks",
    "CheckReport": ".commands.check",
    "check_kit": ".commands.check",
    "check_report": ".commands.check",
    "list_formats": ".commands.formats",
    "init_kit": ".commands.init",
    "Job": ".kit.jobs",
    "plan": ".kit.jobs",
    "Kit": ".kit.load",
    "load_kit": ".kit.load",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value
