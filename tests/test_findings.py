"""The checks on the rendered PDFs run once for the same inputs: a build that changed nothing reads the findings
the previous one kept, and any change to what they read runs them again."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers import HOTLINE, NORTH_LINE

import outreach.checks.printed
import outreach.errors
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
    original = outreach.checks.printed.check_printed

    def check_printed(kit, documents, pages=None):
        calls.append(len(documents))
        return original(kit, documents, pages)

    monkeypatch.setattr(outreach.checks.printed, "check_printed", check_printed)
    return calls


@pytest.mark.render
def test_a_build_that_changed_nothing_keeps_the_findings_and_any_change_checks_again(make_kit, tmp_path, counted):
    kit = make_kit({"services/national-hotline.yaml": HOTLINE, "services/north-shelter.yaml": SHELTER})
    out = tmp_path / "out"
    first = build(kit, out, jobs=1)
    kept = json.loads((out / "checks.json").read_text("utf-8"))
    assert counted == [len(first.documents)] and set(kept) == {"key", "findings", "pages", "tools"}

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
def test_the_checks_read_the_text_of_a_pdf_only_once_ever_where_it_was_drawn(make_kit, tmp_path, monkeypatch):
    """The workers read each page's text where they drew it; checks.json keeps it by sha256; the checks on the
    PDFs read only what neither knows: the first build reads nothing more, nor does a rebuild after a change."""
    from outreach.checks import printed
    from outreach.render.measure import page_texts

    read: list[bytes] = []
    monkeypatch.setattr(printed, "page_texts", lambda pdf, strip: read.append(pdf) or page_texts(pdf, strip))
    kit = make_kit({"services/national-hotline.yaml": HOTLINE, "services/north-shelter.yaml": SHELTER})
    out = tmp_path / "out"
    first = build(kit, out, jobs=1)
    pages = json.loads((out / "checks.json").read_text("utf-8"))["pages"]
    assert set(pages) == {doc.sha256 for doc in first.documents} and read == []
    for doc in first.documents:  # what the worker read is what the PDF says
        assert pages[doc.sha256] == [whole for whole, _ in page_texts(doc.pdf, 0.0)]
        assert any("12 Quiet Lane" not in text and HOTLINE["phone"] in text for text in pages[doc.sha256])

    moved = {**SHELTER, "address": {**SHELTER["address"], "street": "7 Other Road"}}  # checked again, not read
    (kit / "services" / "north-shelter.yaml").write_text(yaml.safe_dump(moved), encoding="utf-8")
    assert build(kit, out, jobs=1).rendered == 0 and read == []

    kept = json.loads((out / "checks.json").read_text("utf-8"))
    (out / "checks.json").write_text(json.dumps({**kept, "key": "another", "pages": {}}), encoding="utf-8")
    assert build(kit, out, jobs=1).rendered == 0
    assert len(read) == len({doc.sha256 for doc in first.documents})  # nothing known: each distinct PDF read once

    kept = json.loads((out / "checks.json").read_text("utf-8"))
    for damaged in ({"pages": {sha: [] for sha in kept["pages"]}}, {"tools": "an older outreach"}):
        read.clear()
        (out / "checks.json").write_text(json.dumps({**kept, "key": "another", **damaged}), encoding="utf-8")
        assert build(kit, out, jobs=1).rendered == 0
        assert len(read) == len(kept["pages"])  # texts of another count or read by another outreach: read again


@pytest.mark.render
def test_a_damaged_findings_file_runs_the_checks_again(make_kit, tmp_path, counted):
    kit = make_kit()
    out = tmp_path / "out"
    build(kit, out, jobs=1)
    (out / "checks.json").write_text("{not json", encoding="utf-8")
    build(kit, out, jobs=1)
    assert len(counted) == 2
    assert json.loads((out / "checks.json").read_text("utf-8"))["key"]


@pytest.fixture
def kit_checks(monkeypatch):
    """How many times the build ran the checks before rendering (outreach.checks.check)."""
    import outreach.planning.findings as findings

    calls: list[int] = []
    original = findings.check

    def check(kit, options, texts):
        calls.append(1)
        return original(kit, options, texts)

    monkeypatch.setattr(findings, "check", check)
    return calls


@pytest.mark.render
def test_the_checks_before_rendering_are_kept_too_and_run_again_on_any_change_or_another_day(
    make_kit, tmp_path, kit_checks
):
    from datetime import date

    from outreach.checks import CheckOptions

    kit = make_kit({"services/national-hotline.yaml": HOTLINE, "services/north-shelter.yaml": SHELTER})
    out = tmp_path / "out"
    first = build(kit, out, jobs=1)
    texts = (out / "texts.json").read_bytes()
    assert kit_checks == [1] and (out / "kit-checks.json").is_file()

    again = build(kit, out, jobs=1)
    assert kit_checks == [1] and again.warnings == first.warnings  # not run again: the same warnings
    assert (out / "texts.json").read_bytes() == texts  # the text kept for the next build is kept as it was

    # a template no format uses is still read for a confidential address: a change to it checks again
    (kit / "templates").mkdir(exist_ok=True)
    (kit / "templates" / "notes.html").write_text("North Shelter is at 12 Quiet Lane", encoding="utf-8")
    with pytest.raises(outreach.errors.KitError) as raised:
        build(kit, out, jobs=1)
    assert any("confidential address" in problem.message for problem in raised.value.problems)
    assert kit_checks == [1, 1]
    (kit / "templates" / "notes.html").unlink()

    build(kit, out, jobs=1, checks=CheckOptions(today=date(2031, 1, 1), allow_stale=True))  # another day
    assert len(kit_checks) == 3
    (out / "kit-checks.json").write_text("{not json", encoding="utf-8")  # damaged: checked again
    build(kit, out, jobs=1)
    assert len(kit_checks) == 4
