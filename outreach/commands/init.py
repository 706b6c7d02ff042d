"""`outreach init`: a new kit to edit, started from the sample."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import OutreachError
from ..paths import sample_kit_dir


def init_kit(target: Path) -> Path:
    """Copy the sample kit into `target`, which must be new or empty."""
    target = target.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OutreachError(f"{target} already exists and is not empty; nothing was copied", "Give a new folder name.")
    shutil.copytree(sample_kit_dir(), target, dirs_exist_ok=True)
    return target
