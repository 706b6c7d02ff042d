"""Where the built-in folders are, the same way from a checkout and a wheel.

In a source checkout (and an editable install) `templates/`, `locales/`,
`assets/` and `sample/` sit beside the `outreach/` package; a wheel carries the
same folders inside the package under `_builtin/` (see pyproject.toml).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_FOLDERS = ("templates", "locales", "assets", "sample")


@cache
def builtin_root() -> Path:
    """The folder holding the built-in templates, locales, assets and sample kit."""
    for candidate in (_PACKAGE / "_builtin", _PACKAGE.parent):
        if all((candidate / name).is_dir() for name in _FOLDERS):
            return candidate
    raise RuntimeError(f"outreach is installed without its built-in folders (looked in {_PACKAGE})")


def templates_dir() -> Path:
    return builtin_root() / "templates"


def locales_dir() -> Path:
    return builtin_root() / "locales"


def assets_dir() -> Path:
    return builtin_root() / "assets"


def sample_kit_dir() -> Path:
    return builtin_root() / "sample"
