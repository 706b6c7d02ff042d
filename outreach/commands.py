"""The small commands beside build: check a kit, start one, list formats."""

from __future__ import annotations

import shutil
from pathlib import Path

from .checks import CheckOptions, load_checked
from .errors import OutreachError, Problem
from .formats import Format
from .glyphs import check_catalogues
from .kit import load_kit
from .paths import sample_kit_dir


def check_kit(kit_dir: Path | None, options: CheckOptions | None = None) -> list[Problem]:
    """Every warning of a kit that passes every check; raises KitError listing every problem otherwise."""
    kit = load_checked(kit_dir or sample_kit_dir(), options or CheckOptions())
    check_catalogues({code for location in kit.locations for code in kit.location_locales(location)}, kit.root)
    return kit.warnings


def init_kit(target: Path) -> Path:
    """Copy the sample kit into `target`, which must be new or empty."""
    target = target.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OutreachError(f"{target} already exists and is not empty; nothing was copied", "Give a new folder name.")
    shutil.copytree(sample_kit_dir(), target, dirs_exist_ok=True)
    return target


def list_formats(kit_dir: Path | None = None) -> list[Format]:
    kit = load_kit(kit_dir or sample_kit_dir())
    return list(kit.formats.values())
