"""outreach: print-ready, translated outreach materials from a kit of services and locations.

The public API; the CLI (outreach.cli) is a thin layer over these functions.
"""

from .build import BuildReport, build, plan
from .checks import CheckOptions
from .errors import BuildError, KitError, OutreachError, Problem, UsageError
from .kit import Kit, load_kit
from .commands import check_kit, init_kit, list_formats

__all__ = [
    "BuildError",
    "BuildReport",
    "CheckOptions",
    "Kit",
    "KitError",
    "OutreachError",
    "Problem",
    "UsageError",
    "build",
    "check_kit",
    "init_kit",
    "list_formats",
    "load_kit",
    "plan",
]
