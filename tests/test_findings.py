"""The checks on the rendered PDFs run once for the same inputs: a build that changed nothing reads the findings
the previous one kept, and any change to what they read runs them again."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers import HOTLINE, NORTH_LINE

import outreach.commands.build
from outreach import build

SHELTER = {
    **NORTH_LINE,
    "name": "North Shelter",
    "kind": "shelter",
    "phone": "612-555-0160",
    "address": {"street": "12 Quiet Lane", "city": "Lakeside", "confidential": True},
}


@pytest.fixture
def counted(monkeypatch):
    """How many times the build ran the checks on the PDFs."""
    calls: list[int] = []
    original = outreach.commands.build.check_printed

    def check_printed(kit, documents):
        calls.append(len(documents))
        return original(kit, documents)

    monkeypatch.setattr(outreach.commands.build, "check_printed", check_printed)
    return calls


@pytest.mark.render
def test_a_build_that_changed_nothing_keeps_the_findings_and_any_change_checks_again(make_kit, tmp_path, counted):
    kit = make_kit({"services/national-hotline.yaml": HOTLINE, "services/north-shelter.yaml": SHELTER})
    out = tmp_path / "out"
    first = build(kit, out, jobs=1)
    kept = json.loads((out / "checks.json").read_text("utf-8"))
    assert counted == [len(first.documents)] and set(kept) == {"key", "findings"}

    again = build(kit, out, jobs=1)
    assert counted == [len(first.documents)]  # not run again
    assert again.warnings == first.warnings and json.loads((out / "checks.json").read_text("utf-8")) == kept

    # a confidential address prints nowhere, so no PDF changes; but the check for it reads it: it runs again
    moved = {**SHELTER, "address": {**SHELTER["address"], "street": "7 Other Road"}}
    (kit / "services" / "north-shelter.yaml").write_text(yaml.safe_dump(moved), encoding="utf-8")
    third = build(kit, out, jobs=1)
    assert third.rendered == 0 and len(counted) == 2
    assert json.loads((out / "checks.json").read_text("utf-8"))["key"] != kept["key"]


@pytest.mark.render
def test_a_damaged_findings_file_runs_the_checks_again(make_kit, tmp_path, counted):
    kit = make_kit()
    out = tmp_path / "out"
    build(kit, out, jobs=1)
    (out / "checks.json").write_text("{not json", encoding="utf-8")
    build(kit, out, jobs=1)
    assert len(counted) == 2
    assert json.loads((out / "checks.json").read_text("utf-8"))["key"]
