"""Loading and checking kits: every problem at once, each with file, line and field."""

from __future__ import annotations

import os

import pytest
from helpers import HOTLINE, write_tree

from outreach import KitError, load_kit
from outreach.pages.views import service_view, services_for


def problems_of(kit_dir) -> list[str]:
    with pytest.raises(KitError) as caught:
        load_kit(kit_dir)
    return [str(p) for p in caught.value.problems]


def test_sample_kit_loads_with_every_location_kind(sample_copy):
    kit = load_kit(sample_copy)
    assert {loc.kind for loc in kit.locations} >= {"restroom", "bus_stop", "shelter", "clinic"}
    assert len(kit.locations) >= 6
    assert kit.settings.sample is True
    assert set(kit.settings.regions) == {"north", "south"}


def test_three_mistakes_in_three_files_are_all_reported_with_their_lines(make_kit):
    kit = make_kit(
        {
            "outreach.yaml": "organisation: Test\nlocales: [en]\nregions:\n  north: North\nstale_after_days: soon\n",
            "services/national-hotline.yaml": "name: Hotline\nsummary: Talk.\nkind: hotline\nphone: 555\nregions: all\nverified: 2026-01-01\n",
            "locations.yaml": "locations:\n  - id: a\n    name: A\n    kind: restroom\n    region: north\n    colour: red\n",
        }
    )
    assert problems_of(kit) == [
        "locations.yaml:6: error: locations[0].colour: is not a known field; known fields: compliance, copies, formats, id, kind, "
        "locales, name, notes, placement, region, variant",
        "outreach.yaml:5: error: stale_after_days: must be a whole number (got 'soon')",
        "services/national-hotline.yaml:4: error: phone: '555' is not a valid phone number in US; check the digits "
        "(write it as dialled locally, e.g. 612-555-0123, or with + and the country code)",
    ]


def test_a_bad_phone_a_typo_in_a_region_and_a_missing_field_are_listed_together(make_kit):
    kit = make_kit(
        {
            "services/national-hotline.yaml": {**HOTLINE, "phone": "1-888-373-78"},
            "services/local-clinic.yaml": {k: v for k, v in HOTLINE.items() if k != "summary"} | {"regions": ["north"]},
            "locations.yaml": {"locations": [{"id": "a", "name": "A", "kind": "clinic", "region": "nort"}]},
        }
    )
    found = problems_of(kit)
    assert found == [
        "locations.yaml:5: error: locations[0].region: unknown region 'nort'; known: north, south",
        "services/local-clinic.yaml:1: error: summary: is required",
        "services/national-hotline.yaml:4: error: phone: '1-888-373-78' is not a valid phone number in US; check the digits "
        "(write it as dialled locally, e.g. 612-555-0123, or with + and the country code)",
    ]


def test_yaml_syntax_errors_name_their_line(make_kit):
    kit = make_kit({"services/broken.yaml": "name: Hotline\nsummary: [unclosed\nkind: hotline\n"})
    (found,) = problems_of(kit)
    assert found.startswith(
        "services/broken.yaml:3: error: a [ starts a list that is never closed with ]: close it, or put the text in "
        "quotes (YAML: did not find expected ',' or ']'"
    )


def test_duplicate_keys_and_python_tags_are_refused(make_kit):
    kit = make_kit(
        {
            "services/twice.yaml": "name: A\nname: B\n",
            "services/tagged.yaml": "name: !!python/object/apply:os.system [echo hi]\n",
        }
    )
    found = problems_of(kit)
    assert "services/twice.yaml:2: error: name: appears twice (first on line 1); keep one" in found
    assert any(p.startswith("services/tagged.yaml:1: error: name: the YAML tag") and "not allowed" in p for p in found)


def test_unknown_format_and_locale_and_duplicate_ids(make_kit):
    kit = make_kit(
        {
            "locations.yaml": {
                "locations": [
                    {"id": "a", "name": "A", "kind": "clinic", "region": "north", "formats": ["poster-huge"]},
                    {"id": "a", "name": "B", "kind": "clinic", "region": "north", "locales": ["xx-nope", "pt"]},
                ]
            },
        }
    )
    found = problems_of(kit)
    assert any("locations[0].formats[0]: unknown format 'poster-huge'; known: poster-letter" in p for p in found)
    assert any("locations[1].id: 'a' is used twice" in p for p in found)
    assert any("locations[1].locales[0]: 'xx-nope' is not a locale code" in p for p in found)
    assert any("locations[1].locales[1]: there is no translation for 'pt'" in p for p in found)


def test_an_address_must_say_whether_it_is_confidential(make_kit):
    kit = make_kit(
        {
            "services/shelter.yaml": {**HOTLINE, "kind": "shelter", "address": {"street": "1 Main St", "city": "X"}},
        }
    )
    assert any(
        p.startswith("services/shelter.yaml:") and "address.confidential: is required" in p for p in problems_of(kit)
    )


def test_a_link_out_of_the_kit_is_refused(make_kit, tmp_path):
    kit = make_kit()
    secret = write_tree(tmp_path / "elsewhere", {"hotline.yaml": HOTLINE}) / "hotline.yaml"
    os.symlink(secret, kit / "services" / "linked.yaml")
    assert "services/linked.yaml: error: is a link to a file outside the kit; copy the file in instead" in problems_of(
        kit
    )


def test_missing_files_are_explained(tmp_path):
    (tmp_path / "empty").mkdir()
    assert problems_of(tmp_path / "empty") == [
        "outreach.yaml: error: is missing; every kit starts with one (see `outreach init`)"
    ]


def test_a_location_gets_the_services_of_its_region_in_a_stable_order(sample_copy):
    kit = load_kit(sample_copy)
    north = next(loc for loc in kit.locations if loc.region == "north")
    south = next(loc for loc in kit.locations if loc.region == "south")
    assert services_for(kit, north) == [
        "crisis-line",
        "national-hotline",
        "north-navigator",
        "open-door-housing",
        "riverside-clinic",
        "lakes-legal-aid",
    ]
    assert "harbor-house" in services_for(kit, south) and "riverside-clinic" not in services_for(kit, south)


def test_a_confidential_address_never_reaches_a_view(sample_copy):
    kit = load_kit(sample_copy)
    view = service_view(kit, "harbor-house", "es")
    assert view.address is None and view.address_withheld
    assert "Quiet Harbor" not in repr(view)
    assert service_view(kit, "riverside-clinic", "en").address == "410 River Road, Lakeside, MN 55401"


def test_translated_fields_fall_back_to_the_kits_first_locale(make_kit):
    kit = load_kit(make_kit({"services/national-hotline.yaml": {**HOTLINE, "name": {"en": "Hotline", "es": "Línea"}}}))
    assert service_view(kit, "national-hotline", "es").name == "Línea"
    assert service_view(kit, "national-hotline", "en").name == "Hotline"
    kit = load_kit(make_kit({"services/national-hotline.yaml": {**HOTLINE, "name": {"en": "Hotline"}}}, name="k2"))
    assert service_view(kit, "national-hotline", "es").name == "Hotline"
