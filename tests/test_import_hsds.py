"""Importing Open Referral HSDS 3.0: the specification's own example data, as published."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers import HSDS_EXAMPLES, flat, pdf_text

from outreach import CheckOptions, build, load_kit
from outreach.importing import import_hsds

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
TODAY = date(2026, 11, 26)


def service_example() -> dict:
    return json.loads((HSDS_EXAMPLES / "service_full.json").read_text(encoding="utf-8"))


def write_json(folder: Path, data: object, name: str = "export.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def messages(report) -> list[str]:
    return [str(f) for f in report.findings]


@pytest.mark.parametrize(
    ("source", "phone_at"),
    [
        ("service_full.json", f"service_full.json: service {SERVICE_ID}: phones[0].number"),
        ("organization_full.json", f"organization_full.json: services[0] {SERVICE_ID}: phones[0].number"),
        ("service_at_location_full.json", f"service_at_location_full.json: service {SERVICE_ID}: phones[0].number"),
        ("csv", "phones.csv:2:number"),
        ("csv/datapackage.json", "phones.csv:2:number"),
    ],
)
def test_the_examples_import_with_their_fields_mapped(make_kit, source, phone_at):
    kit = make_kit()
    report = import_hsds(HSDS_EXAMPLES / source, kit, today=TODAY)
    assert report.written and report.summary.startswith("1 added")

    service = load_kit(kit).services["community-counselling"]
    assert service.name == {"en": "Community Counselling (Example Organization Inc.)"}
    assert service.summary["en"].startswith("Counselling Services provided by trained professionals. Suitable for")
    assert service.phone == "+44 1234 234567 ext. 100"  # the quote marks are gone, the extension kept
    assert load_kit(kit).contacts["community-counselling"]["tel"].uri == "tel:+441234234567"
    assert service.languages == ["ur"]
    assert service.verified == date(2023, 3, 15)  # last_modified, later than assured_date 2005-01-01
    assert service.hours is None  # the only schedule was valid for one day in 2005
    assert service.url is None  # http:// is never printed
    assert service.address.street == "1-30 Main Street, MyVillage" and service.address.postal_code == "ABC 1234"
    assert service.address.confidential is True
    assert service.regions == [] and service.kind == "other"
    assert service.source == f"hsds:{SERVICE_ID}"

    found = messages(report)
    assert f'{phone_at}: note: "+44 1234 234567" had quote marks around it; read as +44 1234 234567' in found
    assert any("was valid only until 2005-01-01; it is out of date" in m for m in found)
    assert any("'http://example.com/counselling' is not an https:// address" in m for m in found)
    assert any("is not a region in outreach.yaml" in m for m in found)


def test_an_imported_service_without_regions_is_a_warning_saying_what_to_fill_in(make_kit):
    kit = make_kit()
    import_hsds(HSDS_EXAMPLES / "service_full.json", kit, today=TODAY)
    warnings = [str(w) for w in load_kit(kit).warnings]
    assert (
        "services/community-counselling.yaml:8: warning: regions: serves no region yet, so nothing prints it; "
        "list its regions, e.g. [north], or write all" in warnings
    )
    assert any(w.startswith("services/community-counselling.yaml:1: warning: name: has no es text") for w in warnings)


def test_a_page_of_a_service_list_says_it_is_one_page_and_why_its_service_is_left_out(make_kit):
    kit = make_kit()
    report = import_hsds(HSDS_EXAMPLES / "service_list.json", kit, today=TODAY)
    assert (
        "service_list.json: warning: is page 1 of 10 of a list; services on other pages are not in it "
        "(import each page, or a full export)" in messages(report)
    )
    assert report.skipped == [
        f"service_list.json: contents[0] {SERVICE_ID}: not imported "
        "(a service needs at least one way to reach it: phone, text or url)"
    ]
    assert not report.written and not (kit / "services" / "community-counselling.yaml").exists()


def test_current_weekly_schedules_become_hours_in_every_kit_language(make_kit, tmp_path):
    data = service_example()
    data["schedules"] = [
        {
            "id": "a",
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR",
            "opens_at": "10:00",
            "closes_at": "18:00",
            "valid_from": "2026-01-01",
        },
        {"id": "b", "byday": "SA", "opens_at": "09:30:00Z", "closes_at": "13:00:00Z"},
    ]
    kit = make_kit()
    import_hsds(write_json(tmp_path, data), kit, today=TODAY)
    hours = load_kit(kit).services["community-counselling"].hours
    spaced = {
        code: " ".join(text.replace("\u202f", " ").replace("\u2009", " ").split()) for code, text in hours.items()
    }
    assert spaced == {
        "en": "Monday – Friday 10 AM – 6 PM and Saturday 9:30 AM – 1:00 PM",
        "es": "Lunes – viernes 10:00–18:00 y sábado 9:30–13:00",
    }


def test_a_schedule_that_is_not_weekly_keeps_its_description_and_says_so(make_kit, tmp_path):
    data = service_example()
    data["schedules"][0].update(valid_from=None, valid_to=None, until=None, dtstart=None, freq="MONTHLY")
    kit = make_kit()
    report = import_hsds(write_json(tmp_path, data), kit, today=TODAY)
    assert load_kit(kit).services["community-counselling"].hours == {
        "en": "The service is available from 10 am to 6pm weekdays. The service is not available on public holidays."
    }
    assert any(
        m.endswith(
            "schedules[0].freq: warning: repeats in a way a poster cannot say (freq MONTHLY); "
            "its description is used as the hours"
        )
        for m in messages(report)
    )


def test_phone_types_service_areas_and_placeholders(make_kit, tmp_path):
    data = service_example()
    data["phones"] = [
        {"id": "f", "number": "612-555-0199", "type": "fax"},
        {"id": "t", "number": "'612-555-0101'", "type": "text"},
        {"id": "v", "number": "612-555-0100", "type": "voice"},
    ]
    data["service_areas"] = [{"id": "n", "name": "north county"}, {"id": "x", "name": "extent"}]
    data["url"] = "https://example.org/counselling"
    data["description"] = "<p>Counselling, <b>free</b> &amp; private.</p>"
    kit = make_kit()
    report = import_hsds(write_json(tmp_path, data), kit, today=TODAY)
    service = load_kit(kit).services["community-counselling"]
    assert (service.phone, service.text, service.url) == (
        "612-555-0100",
        "612-555-0101",
        "https://example.org/counselling",
    )
    assert service.regions == ["north"]
    assert service.summary == {"en": "Counselling, free & private."}
    assert (
        f"export.json: service {SERVICE_ID}: service_areas: warning: the area 'extent' is not a region in outreach.yaml "
        "(known: north (North County), south (South County)); name a region after it, pass --region, or set regions "
        "in the service file (kept on later imports)" in messages(report)
    )


def test_a_service_the_source_marks_defunct_is_reported_and_deleted_only_when_asked(make_kit, tmp_path):
    kit = make_kit()
    import_hsds(HSDS_EXAMPLES / "service_full.json", kit, today=TODAY)
    data = service_example() | {"status": "defunct"}
    report = import_hsds(write_json(tmp_path, data), kit, today=TODAY)
    assert report.diff() == [
        f"- community-counselling (services/community-counselling.yaml): its status in the source is "
        f"'defunct' (hsds:{SERVICE_ID}); kept; --delete-missing deletes it"
    ]
    assert (kit / "services" / "community-counselling.yaml").exists()
    report = import_hsds(write_json(tmp_path, data), kit, today=TODAY, delete_missing=True)
    assert (
        report.deleted == ["community-counselling"] and not (kit / "services" / "community-counselling.yaml").exists()
    )
    assert (kit / "services" / "national-hotline.yaml").exists()  # never imported, never touched


@pytest.mark.render
def test_an_imported_directory_prints_without_its_confidential_address(make_kit, tmp_path):
    kit = make_kit()
    import_hsds(HSDS_EXAMPLES / "csv", kit, regions=["north"], today=TODAY)
    # The example was verified in March 2023, more than twice stale_after_days ago: printing it needs --allow-stale.
    report = build(kit, tmp_path / "out", checks=CheckOptions(allow_stale=True, today=TODAY))
    (poster,) = [d for d in report.documents if d.job.locale == "en"]
    text = flat(pdf_text(poster.pdf)[0])
    assert "Community Counselling (Example Organization Inc.)" in text
    assert "+44 1234 234567 ext. 100" in text
    assert "Main Street" not in text and "MyCity" not in text
    assert "Information checked: March 2023" in text


def test_a_json_file_that_is_not_hsds_is_refused_with_its_line(make_kit, tmp_path):
    from outreach.importing import SourceError

    bad = tmp_path / "broken.json"
    bad.write_text('{"id": "x",\n "name": }', encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        import_hsds(bad, make_kit(), today=TODAY)
    assert caught.value.lines()[0] == "broken.json:2: error: is not valid JSON: Expecting value (column 10)"
    with pytest.raises(SourceError) as caught:
        import_hsds(write_json(tmp_path, {"hello": 1}), make_kit(name="k2"), today=TODAY)
    assert "does not look like HSDS" in caught.value.lines()[0]


def test_the_examples_are_read_and_never_written(make_kit):
    before = {p: p.read_bytes() for p in HSDS_EXAMPLES.rglob("*") if p.is_file()}
    import_hsds(HSDS_EXAMPLES / "csv", make_kit(), today=TODAY)
    assert {p: p.read_bytes() for p in HSDS_EXAMPLES.rglob("*") if p.is_file()} == before
