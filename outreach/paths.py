"""Where the built-in folders are, the same way from a checkout and a wheel.

In a source checkout (and an editable install) `templates/`, `locales/`,
`assets/` and `sample/` sit beside the `outreach/` package; a wheel carries the
same folders inside the package under `_builtin/` (see pyproject.toml).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import BuildError

PACKAGE = Path(__file__).resolve().parent
"""The `outreach` package folder: every module of it, in every stage's sub-folder, is below it."""
_FOLDERS = ("templates", "locales", "assets", "sample")


@cache
def builtin_root() -> Path:
    """The folder holding the built-in templates, locales, assets and sample kit."""
    for candidate in (PACKAGE / "_builtin", PACKAGE.parent):
        if all((candidate / name).is_dir() for name in _FOLDERS):
            return candidate
    raise RuntimeError(f"outreach is installed without its built-in folders (looked in {PACKAGE})")


def builtin_folders() -> list[Path]:
    """The built-in templates, locales, assets and sample kit: every built-in file a build may read."""
    return [builtin_root() / name for name in _FOLDERS]


def templates_dir() -> Path:
    return builtin_root() / "templates"


def locales_dir() -> Path:
    return builtin_root() / "locales"


def assets_dir() -> Path:
    return builtin_root() / "assets"


def sample_kit_dir() -> Path:
    return builtin_root() / "sample"


def asset_path(name: str, kit_root: Path | None) -> Path:
    """A file from the kit's assets/ (first) or the built-in assets/."""
    folders = ([kit_root / "assets"] if kit_root else []) + [assets_dir()]
    for folder in folders:
        candidate = (folder / name).resolve()
        if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
            return candidate
    raise BuildError(f"asset {name!r} not found", "Looked in: " + ", ".join(str(f) for f in folders))
