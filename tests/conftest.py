"""Shared fixtures: kits built from dicts and one build of the sample kit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import HOTLINE, LOCATIONS, MINIMAL_SETTINGS, write_tree

from outreach import build
from outreach.paths import sample_kit_dir


@pytest.fixture
def make_kit(tmp_path):
    """A small valid kit; pass `files` to add or replace files."""

    def make(files: dict[str, object] | None = None, name: str = "kit") -> Path:
        base = {
            "outreach.yaml": MINIMAL_SETTINGS,
            "services/national-hotline.yaml": HOTLINE,
            "locations.yaml": LOCATIONS,
        }
        base.update(files or {})
        return write_tree(tmp_path / name, {k: v for k, v in base.items() if v is not None})

    return make


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    target = tmp_path / "sample"
    shutil.copytree(sample_kit_dir(), target)
    return target


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """One build of the embedded sample kit, shared by the artefact tests."""
    out = tmp_path_factory.mktemp("sample-build") / "out"
    report = build(None, out)
    return report
