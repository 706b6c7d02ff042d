"""Importing again: exactly what changed is reported, hand edits survive, --dry-run and failures write nothing."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
import yaml
from helpers import HSDS_EXAMPLES
from test_import_csv import snapshot, write_csv
from test_import_hsds import SERVICE_ID, TODAY, service_example, write_json

from outreach import KitError, OutreachError, load_kit
from outreach.importing import import_csv, import_hsds

SHEET = [
    ["id", "name", "summary", "kind", "phone", "hours", "regions", "verified"],
    [
        "crisis-line",
        "Lakeside Crisis Line",
        "Call a local advocate.",
        "hotline",
        "612-555-0100",
        "24 hours, every day",
        "north",
        "2026-11-02",
    ],
    ["open-door", "Open Door Housing", "Safe housing.", "housing", "612-555-0130", "", "north south", "2026-08-28"],
]


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_changed_phone_is_the_one_change_and_a_hand_added_translation_stays(make_kit, tmp_path):
    kit = make_kit()
    import_csv(write_csv(tmp_path / "services.csv", SHEET), kit, today=TODAY)
    edit(
        kit / "services" / "crisis-line.yaml",
        lambda d: d.update(
            name={"en": "Lakeside Crisis Line", "es": "Línea de Crisis de Lakeside"},
            notes="Ask for the night advocate.",
        ),
    )

    sheet = [row[:] for row in SHEET]
    sheet[1][4] = "612-555-0199"
    report = import_csv(write_csv(tmp_path / "services.csv", sheet), kit, today=TODAY)

    assert report.diff() == ["~ crisis-line (services/crisis-line.yaml)", "    phone: 612-555-0100 → 612-555-0199"]
    assert report.summary == "0 added, 1 changed, 1 unchanged, 0 no longer in the source"
    service = load_kit(kit).services["crisis-line"]
    assert service.phone == "612-555-0199"
    assert service.name == {"en": "Lakeside Crisis Line", "es": "Línea de Crisis de Lakeside"}
    assert service.notes == "Ask for the night advocate."


def test_hsds_again_keeps_translations_confidential_flags_kind_regions_and_a_hand_fixed_url(make_kit, tmp_path):
    kit = make_kit()
    import_hsds(HSDS_EXAMPLES / "service_full.json", kit, today=TODAY)
    path = kit / "services" / "community-counselling.yaml"

    def hand_edits(data: dict) -> None:
        data["name"]["es"] = "Consejería Comunitaria"
        data["summary"]["es"] = "Consejería con profesionales."
        data["address"]["confidential"] = False
        data.update(
            kind="clinic", regions=["north"], url="https://example.com/counselling", verified=date(2026, 11, 20)
        )

    edit(path, hand_edits)
    changed = service_example()
    changed["phones"][0]["number"] = "+44 1234 234568"
    report = import_hsds(write_json(tmp_path, changed), kit, today=TODAY)

    assert report.diff() == [
        "~ community-counselling (services/community-counselling.yaml)",
        "    phone: +44 1234 234567 ext. 100 → +44 1234 234568 ext. 100",
    ]
    service = load_kit(kit).services["community-counselling"]
    assert service.name["es"] == "Consejería Comunitaria" and service.summary["es"] == "Consejería con profesionales."
    assert service.address.confidential is False and service.kind == "clinic" and service.regions == ["north"]
    assert service.url == "https://example.com/counselling"
    assert service.verified == date(2026, 11, 20)  # a later confirmation in the kit stands


def test_a_text_changed_in_the_source_flags_its_translations_for_checking(make_kit, tmp_path):
    kit = make_kit()
    import_csv(write_csv(tmp_path / "services.csv", SHEET), kit, today=TODAY)
    edit(
        kit / "services" / "open-door.yaml",
        lambda d: d.update(summary={"en": "Safe housing.", "es": "Vivienda segura."}),
    )
    sheet = [row[:] for row in SHEET]
    sheet[2][2] = "Safe housing for adults and young people."
    report = import_csv(write_csv(tmp_path / "services.csv", sheet), kit, today=TODAY)
    assert "services.csv:3:summary: warning: changed; check its es translation, which the source does not carry" in map(
        str, report.findings
    )
    assert load_kit(kit).services["open-door"].summary == {
        "en": "Safe housing for adults and young people.",
        "es": "Vivienda segura.",
    }


def test_dry_run_shows_the_changes_and_writes_nothing(make_kit, tmp_path):
    kit = make_kit()
    before = snapshot(kit)
    report = import_hsds(HSDS_EXAMPLES / "csv", kit, dry_run=True, today=TODAY)
    assert report.diff()[0] == "+ community-counselling (new: services/community-counselling.yaml)"
    assert not report.written and snapshot(kit) == before
    report = import_csv(write_csv(tmp_path / "services.csv", SHEET), kit, dry_run=True, today=TODAY)
    assert report.count("added") == 2 and snapshot(kit) == before


def test_services_gone_from_the_source_are_listed_and_hand_made_ones_never(make_kit, tmp_path):
    kit = make_kit()
    import_csv(write_csv(tmp_path / "services.csv", SHEET), kit, today=TODAY)
    report = import_csv(write_csv(tmp_path / "services.csv", SHEET[:2]), kit, today=TODAY)
    assert report.diff() == [
        "- open-door (services/open-door.yaml): it is not in the source any more (csv:open-door); "
        "kept; --delete-missing deletes it"
    ]
    assert (kit / "services" / "open-door.yaml").exists()
    import_csv(write_csv(tmp_path / "services.csv", SHEET[:2]), kit, delete_missing=True, today=TODAY)
    assert sorted(p.name for p in (kit / "services").iterdir()) == ["crisis-line.yaml", "national-hotline.yaml"]


def test_an_interrupted_write_leaves_the_kit_as_it_was(make_kit, tmp_path, monkeypatch):
    from outreach.importing import kitfiles

    kit = make_kit()
    import_csv(write_csv(tmp_path / "services.csv", SHEET), kit, today=TODAY)
    before = snapshot(kit)
    real, failures = os.replace, []

    def interrupted(src, dst):
        if Path(dst).name == "services" and len(failures) < fail_times:
            failures.append(src)
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(kitfiles.os, "replace", interrupted)
    sheet = [row[:] for row in SHEET]
    sheet[1][4] = "612-555-0199"

    fail_times = 1  # the new folder cannot be moved in: the old one is put back
    with pytest.raises(OutreachError) as caught:
        import_csv(write_csv(tmp_path / "services.csv", sheet), kit, today=TODAY)
    assert caught.value.lines() == [
        f"cannot write {kit.resolve() / 'services'}: No space left on device",
        "Nothing in the kit was changed.",
    ]
    assert snapshot(kit) == before
    assert sorted(p.name for p in kit.iterdir()) == ["locations.yaml", "outreach.yaml", "services"]

    failures.clear()
    fail_times = 2  # nor can the old one be put back: it is kept whole, and the message says where
    with pytest.raises(OutreachError) as caught:
        import_csv(write_csv(tmp_path / "services.csv", sheet), kit, today=TODAY)
    (kept,) = [p for p in kit.iterdir() if p.name.startswith(".services.import-")]
    assert caught.value.lines() == [
        f"cannot write {kit.resolve() / 'services'}: No space left on device; the services are unchanged in {kept}",
        f"Rename {kept.name} back to services.",
    ]
    assert snapshot(kept) == {
        name.removeprefix("services/"): data for name, data in before.items() if name.startswith("services/")
    }


def test_comments_at_the_top_of_a_file_are_kept_and_others_are_warned_about(make_kit, tmp_path):
    kit = make_kit()
    import_csv(write_csv(tmp_path / "services.csv", SHEET), kit, today=TODAY)
    path = kit / "services" / "crisis-line.yaml"
    path.write_text(
        "# Checked by phone with Dana.\n"
        + path.read_text().replace("kind: hotline", "kind: hotline  # not a text line")
    )
    sheet = [row[:] for row in SHEET]
    sheet[1][4] = "612-555-0199"
    report = import_csv(write_csv(tmp_path / "services.csv", sheet), kit, today=TODAY)
    assert path.read_text().startswith("# Checked by phone with Dana.\nname:\n  en: Lakeside Crisis Line\n")
    assert (
        "services/crisis-line.yaml: warning: has comments below its first lines; rewriting it drops them. "
        "Keep such notes at the top of the file or in `notes:`" in map(str, report.findings)
    )


def test_ids_are_kept_so_a_second_import_updates_the_same_file(make_kit, tmp_path):
    kit = make_kit()
    import_hsds(HSDS_EXAMPLES / "service_full.json", kit, today=TODAY)
    renamed = service_example() | {"name": "Counselling for Everyone"}
    report = import_hsds(write_json(tmp_path, renamed), kit, today=TODAY)
    assert [(c.id, c.action) for c in report.changes] == [("community-counselling", "changed")]
    assert json.loads(json.dumps(report.diff()))[1] == (
        "    name.en: Community Counselling (Example Organization Inc.) → "
        "Counselling for Everyone (Example Organization Inc.)"
    )
    assert sorted(p.name for p in (kit / "services").iterdir()) == [
        "community-counselling.yaml",
        "national-hotline.yaml",
    ]
    assert load_kit(kit).services["community-counselling"].source == f"hsds:{SERVICE_ID}"


def test_a_number_written_another_way_in_the_kit_is_not_a_change(make_kit, tmp_path):
    kit = make_kit()
    source = write_csv(tmp_path / "services.csv", SHEET)
    import_csv(source, kit, today=TODAY)
    path = kit / "services" / "crisis-line.yaml"
    path.write_text(path.read_text().replace("phone: 612-555-0100", "phone: (612) 555-0100"))
    report = import_csv(source, kit, today=TODAY)
    assert report.summary == "0 added, 0 changed, 2 unchanged, 0 no longer in the source" and not report.written
    assert "phone: (612) 555-0100" in path.read_text()


def test_a_file_the_kit_would_reject_is_never_rewritten(make_kit, tmp_path):
    kit = make_kit()
    import_csv(write_csv(tmp_path / "services.csv", SHEET), kit, today=TODAY)
    path = kit / "services" / "crisis-line.yaml"
    path.write_text(path.read_text() + "notes: first\nnotes: second\n")
    before = snapshot(kit)
    sheet = [row[:] for row in SHEET]
    sheet[1][4] = "612-555-0199"
    with pytest.raises(KitError) as caught:
        import_csv(write_csv(tmp_path / "services.csv", sheet), kit, today=TODAY)
    assert caught.value.lines()[:2] == [
        "services: error: fix these files first; nothing was imported",
        "services/crisis-line.yaml:13: error: notes: appears twice (first on line 12); keep one",
    ]
    assert snapshot(kit) == before


def test_a_sheet_of_translations_only_keeps_the_text_it_translates(make_kit, tmp_path):
    kit = make_kit()  # national-hotline.yaml has plain text: name: National Human Trafficking Hotline
    sheet = [["id", "name:es"], ["national-hotline", "Línea Nacional contra la Trata de Personas"]]
    import_csv(write_csv(tmp_path / "es.csv", sheet), kit, today=TODAY)
    assert load_kit(kit).services["national-hotline"].name == {
        "en": "National Human Trafficking Hotline",
        "es": "Línea Nacional contra la Trata de Personas",
    }


def test_a_public_address_that_changes_is_flagged_before_it_prints(make_kit, tmp_path):
    header = ["id", "name", "summary", "kind", "phone", "regions", "verified", "street", "city", "confidential"]
    row = [
        "clinic",
        "Clinic",
        "Care.",
        "clinic",
        "612-555-0140",
        "north",
        "2026-10-01",
        "410 River Road",
        "Lakeside",
        "no",
    ]
    kit = make_kit()
    import_csv(write_csv(tmp_path / "s.csv", [header, row]), kit, today=TODAY)
    moved = row[:7] + [
        "12 Hidden Way",
        "Lakeside",
    ]  # the sheet no longer says whether it is confidential: the kit's "no" stands
    report = import_csv(write_csv(tmp_path / "s.csv", [header[:-1], moved]), kit, today=TODAY)
    assert load_kit(kit).services["clinic"].address.confidential is False
    assert (
        "s.csv:2:street: warning: changed, and will be printed (the file says confidential: false); "
        "check that the new address may be made public" in map(str, report.findings)
    )


def test_hsds_leaves_a_hand_added_text_line_and_hours_but_drops_a_number_it_no_longer_lists(make_kit, tmp_path):
    kit = make_kit()
    data = service_example()
    data["phones"] = [
        {"id": "v", "number": "612-555-0100", "type": "voice"},
        {"id": "x", "number": "612-555-0102", "type": "voice"},
    ]
    import_hsds(write_json(tmp_path, data), kit, today=TODAY)
    edit(
        kit / "services" / "community-counselling.yaml",
        lambda d: d.update(text="612-555-0101", hours={"en": "Weekdays"}),
    )
    data["phones"] = [{"id": "f", "number": "612-555-0199", "type": "fax"}]
    report = import_hsds(write_json(tmp_path, data), kit, today=TODAY)
    assert report.diff()[1:] == ["    phone: 612-555-0100 → (none)"]
    service = load_kit(kit).services["community-counselling"]
    assert (service.phone, service.text, service.hours) == (None, "612-555-0101", {"en": "Weekdays"})
