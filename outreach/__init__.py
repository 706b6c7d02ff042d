"""outreach: print-ready, translated outreach materials from a kit of services and locations.

The public API; the CLI (outreach.cli) is a thin layer over these functions.
Each name is imported when it is first used, so that `outreach --help` starts
without loading the whole library (pydantic models, Babel, Jinja, the checks).
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING

from .errors import BuildError, KitError, OutreachError, Problem, UsageError

if TYPE_CHECKING:
    from .build import BuildReport, build, plan
    from .checks import CheckOptions
    from .commands import check_kit, init_kit, list_formats
    from .kit import Kit, load_kit

_LAZY = {
    "BuildReport": "build", "build": "build", "plan": "build",
    "CheckOptions": "checks",
    "Kit": "kit", "load_kit": "kit",
    "check_kit": "commands", "init_kit": "commands", "list_formats": "commands",
}

__all__ = sorted([*_LAZY, "BuildError", "KitError", "OutreachError", "Problem", "UsageError"])


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """`outreach.build` stays the build function once the module of the same name is imported."""

    def __setattr__(self, name: str, value) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return  # the import system naming the submodule; it stays in sys.modules["outreach.build"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
