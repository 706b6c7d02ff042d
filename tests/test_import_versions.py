"""Importing the HSDS that directories publish: 2.0 and 1.1 packages, zips, bare folders and CSVs, and exit codes.

tests/data/hsds-1.1 is Open Referral's own HSDS 1.1 sample package as
published; tests/data/hsds-2.0 is the same records in HSDS 2.0.1's tables under
the 2.0.1 specification's datapackage.json (see tests/data/hsds-2.0/README.md).
"""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from helpers import DATA, HSDS_EXAMPLES, MINIMAL_SETTINGS, write_tree
from test_import_csv import BAD, write_csv

from outreach import load_kit
from outreach.importing import SourceError, import_hsds

HSDS_2 = DATA / "hsds-2.0"
HSDS_1 = DATA / "hsds-1.1"
TODAY = date(2026, 11, 26)
HELPLINE = "c89eb05c-62dd-4b64-b494-0cc347b6ea7f"  # Never Homeless Helpline: hours, languages, area, address


def with_phone(package: Path, tmp_path: Path, number: str = "612-555-0142") -> Path:
    """A copy of `package` in which the helpline has a number to call (the sample's numbers are not dialable)."""
    copy = tmp_path / package.name
    shutil.copytree(package, copy)
    with (copy / "phones.csv").open("a", newline="", encoding="utf-8") as out:
        row = {"id": "added-by-test", "service_id": HELPLINE, "number": number, "type": "voice"}
        fields = next(csv.reader((copy / "phones.csv").open(encoding="utf-8")))
        csv.DictWriter(out, fieldnames=fields, lineterminator="\n").writerow({k: row.get(k, "") for k in fields})
    return copy


def notes(report) -> list[str]:
    return [str(f) for f in report.findings]


def test_real_2_0_data_without_dates_imports_nothing_and_exits_1_saying_what_to_pass(run, make_kit):
    kit = make_kit()
    result = run("import", "hsds", HSDS_2, "--kit", kit, "--region", "north")
    assert result.exit_code == 1, result.output
    assert "hsds-2.0/: note: read as HSDS 2.0: it has schedules and physical_addresses" in result.stderr
    assert "pass --verified YYYY-MM-DD" in result.stderr
    assert "nothing was imported: all 10 service(s) in hsds-2.0 have errors" in result.stderr
    assert "is required" not in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in (kit / "services").iterdir()) == ["national-hotline.yaml"]


def test_real_2_0_data_with_verified_says_why_each_service_cannot_print(run, make_kit):
    result = run("import", "hsds", HSDS_2, "--kit", make_kit(), "--region", "north", "--verified", "2026-11-20")
    assert result.exit_code == 1
    assert "services.csv:2: error: a service needs at least one way to reach it: phone, text or url" in result.stderr
    assert "phones.csv:3:number: warning: '(223) 346 12361' is not a valid phone number in US" in result.stderr


@pytest.mark.parametrize("package", [HSDS_2, HSDS_1], ids=["2.0", "1.1"])
def test_older_versions_map_onto_the_kit_like_3_0(make_kit, tmp_path, package):
    kit = make_kit()
    report = import_hsds(
        with_phone(package, tmp_path), kit, regions=["north"], verified=date(2026, 11, 20), today=TODAY
    )
    assert report.written and report.count("added") == 1, notes(report)
    service = load_kit(kit).services["never-homeless-helpline"]
    assert service.name == {"en": "Never Homeless Helpline (Sanctuary Example City)"}
    assert service.summary["en"].startswith("The Never Homeless Helpline refers any persons without access")
    assert service.phone == "612-555-0142"
    assert service.languages == ["en", "es"]  # "English", "Spanish" in the source
    assert service.verified == date(2026, 11, 20)
    assert service.regions == ["north"]
    assert service.address.street == "Address 1, Address 2" and service.address.city == "New York City"
    assert service.address.confidential is True
    assert service.source == f"hsds:{HELPLINE}"
    if package == HSDS_2:  # 2.0's schedules are 3.0's
        assert service.hours["en"] == "Monday – Wednesday 9\u202fAM\u2009–\u20095\u202fPM"
    else:  # 1.1 numbers its weekdays without saying from which day
        assert service.hours is None
        assert any("weekday 1, 2, 3: HSDS 1.1 does not say which day a number means" in n for n in notes(report))
        assert "hsds-1.1/: note: read as HSDS 1.1: it has regular_schedules, which HSDS 2.0 renamed" in notes(report)


def test_a_date_in_the_source_is_not_replaced_by_verified(make_kit):
    kit = make_kit()
    import_hsds(HSDS_EXAMPLES / "service_full.json", kit, verified=date(2026, 11, 20), today=TODAY)
    assert load_kit(kit).services["community-counselling"].verified == date(2023, 3, 15)


def test_verified_in_the_future_is_refused(run, make_kit):
    result = run("import", "hsds", HSDS_2, "--kit", make_kit(), "--verified", "2999-01-01")
    assert result.exit_code != 0 and "in the future" in result.output
    result = run("import", "hsds", HSDS_2, "--kit", make_kit(name="k2"), "--verified", "2026-02-30")
    assert result.exit_code == 2 and "Traceback" not in result.output


def zipped(folder: Path, target: Path, inside: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{inside}{path.name}")
    return target


@pytest.mark.parametrize("inside", ["", "export-2024/"], ids=["flat", "one-folder"])
def test_a_zip_imports_as_its_folder_does(make_kit, tmp_path, inside):
    source = with_phone(HSDS_2, tmp_path)
    report = import_hsds(zipped(source, tmp_path / "export.zip", inside), make_kit(), verified=TODAY, today=TODAY)
    assert report.count("added") == 1
    assert f"export.zip/{inside}: note: read as HSDS 2.0: it has schedules and physical_addresses" in notes(report)


def test_a_zip_is_read_inside_its_bounds(make_kit, tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("services.csv", b"id,name,description\n" + b" " * (201 * 1024 * 1024))
    with pytest.raises(SourceError) as caught:
        import_hsds(bomb, make_kit(), today=TODAY)
    assert "would unpack to more than 200 MB" in caught.value.lines()[0]
    escape = tmp_path / "escape.zip"
    with zipfile.ZipFile(escape, "w") as archive:
        archive.writestr("../services.csv", "id,name,description\n1,Escaped,x\n")
    with pytest.raises(SourceError) as caught:
        import_hsds(escape, make_kit(name="k2"), today=TODAY)
    assert "holds neither datapackage.json nor services.csv" in "\n".join(caught.value.lines())
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(SourceError, match="nothing was imported"):
        import_hsds(tmp_path / "broken.zip", make_kit(name="k3"), today=TODAY)


def test_a_folder_of_csv_files_without_datapackage_json_imports_by_the_usual_names(make_kit, tmp_path):
    source = with_phone(HSDS_2, tmp_path)
    (source / "datapackage.json").unlink()
    kit = make_kit()
    report = import_hsds(source, kit, verified=TODAY, today=TODAY)
    assert report.count("added") == 1
    [how] = [n for n in notes(report) if "has no datapackage.json" in n]
    assert "physical_addresses.csv" in how and "schedules.csv" in how and "services_at_location.csv" in how
    assert load_kit(kit).services["never-homeless-helpline"].hours


def test_a_bare_services_csv_reads_its_folder_or_says_what_it_is(make_kit, tmp_path):
    source = with_phone(HSDS_2, tmp_path)
    report = import_hsds(source / "services.csv", make_kit(), verified=TODAY, today=TODAY)
    assert report.count("added") == 1
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(source / "services.csv", alone / "services.csv")
    report = import_hsds(alone / "services.csv", make_kit(name="k2"), verified=TODAY, today=TODAY)
    assert report.nothing_imported and report.failed == 10  # no phones table: nothing to reach them by

    sheet = tmp_path / "mine.csv"
    sheet.write_text("id,name,summary,kind,phone,regions,verified\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        import_hsds(sheet, make_kit(name="k3"), today=TODAY)
    assert "is outreach's own spreadsheet" in caught.value.lines()[0]
    assert "outreach import csv" in caught.value.lines()[0]
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        import_hsds(other, make_kit(name="k4"), today=TODAY)
    assert "is not HSDS's services table" in caught.value.lines()[0]


def test_an_unknown_version_is_named_and_read_for_what_it_shares_with_3_0(make_kit, tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "services.csv").write_text(
        "id,name,description,status\ns1,Lakeside Line,Someone answers.,active\n", encoding="utf-8"
    )
    (folder / "phones.csv").write_text("id,service_id,number,type\np1,s1,612-555-0100,voice\n", encoding="utf-8")
    report = import_hsds(folder, make_kit(), verified=TODAY, today=TODAY, regions=["north"])
    assert report.count("added") == 1
    assert any("is not a version of HSDS outreach knows (3.0, 2.0 or 1.1)" in n for n in notes(report))


def test_2_0_json_records_use_the_older_names(make_kit, tmp_path):
    service = {
        "id": "s-2",
        "name": "Lakeside Line",
        "description": "Someone answers.",
        "phones": [{"number": "612-555-0100", "type": "voice"}],
        "service_areas": [{"service_area": "North County"}],
        "languages": [{"language": "Somali"}],
        "service_at_locations": [
            {"location": {"physical_address": [{"address_1": "1 Main St", "city": "Lakeside", "state_province": "MN"}]}}
        ],
    }
    path = tmp_path / "two.json"
    path.write_text(json.dumps([service]), encoding="utf-8")
    kit = make_kit()
    report = import_hsds(path, kit, verified=TODAY, today=TODAY)
    assert "two.json: note: read as HSDS 2.0 JSON" in notes(report)
    imported = load_kit(kit).services["lakeside-line"]
    assert imported.regions == ["north"] and imported.languages == ["so"]
    assert imported.address.street == "1 Main St"


def test_3_0_data_is_named_as_such(make_kit):
    report = import_hsds(HSDS_EXAMPLES / "csv", make_kit(), today=TODAY)
    assert "csv/: note: read as HSDS 3.0: it has assured_date in services" in notes(report)


def test_a_spreadsheet_whose_every_row_is_bad_exits_1_even_when_skipping_bad_rows(run, make_kit, tmp_path):
    rows = [BAD[0], *(row for row in BAD[1:] if row[0] != "good")]
    kit = make_kit()
    result = run("import", "csv", write_csv(tmp_path / "services.csv", rows), "--kit", kit, "--skip-bad-rows")
    assert result.exit_code == 1
    assert f"nothing was imported: all {len(rows) - 1} service(s) in services.csv have errors" in result.stderr


def test_imports_print_a_misleading_address_only_when_the_kit_allows_it(make_kit, tmp_path):
    punycode = "https://xn--hotlne-3ya.org"
    service = {
        "id": "s-1",
        "name": "Lakeside Line",
        "description": "Someone answers.",
        "assured_date": "2026-11-01",
        "url": punycode,
        "phones": [{"number": "612-555-0100"}],
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps(service), encoding="utf-8")
    kit = make_kit()
    report = import_hsds(path, kit, regions=["north"], today=TODAY)
    assert any("in punycode (xn--), which can imitate another site" in n for n in notes(report))
    assert load_kit(kit).services["lakeside-line"].url is None

    allowed = {"url": punycode, "reason": "the agency's own domain, checked with their IT staff"}
    write_tree(kit, {"outreach.yaml": {**MINIMAL_SETTINGS, "allow_urls": [allowed]}})
    import_hsds(path, kit, regions=["north"], today=TODAY)
    assert load_kit(kit).services["lakeside-line"].url == punycode
