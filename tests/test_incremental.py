"""Incremental builds: identical documents rendered once, unchanged ones not at all, and the reprint report."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import NORTH_LINE, SOUTH_LINE, flat, pdf_text

from outreach import build

LOCATIONS = {
    "locations": [
        {
            "id": "north-clinic",
            "name": "North Clinic",
            "kind": "clinic",
            "region": "north",
            "copies": 5,
            "formats": ["poster-letter", "wallet-card"],
        },
        {
            "id": "north-shelter",
            "name": "North Shelter",
            "kind": "shelter",
            "region": "north",
            "copies": 3,
            "formats": ["poster-letter", "wallet-card"],
        },
        {
            "id": "south-clinic",
            "name": "South Clinic",
            "kind": "clinic",
            "region": "south",
            "copies": 2,
            "formats": ["poster-letter", "wallet-card"],
        },
    ]
}


@pytest.fixture
def regional_kit(make_kit):
    return make_kit(
        {
            "services/north-line.yaml": NORTH_LINE,
            "services/south-line.yaml": SOUTH_LINE,
            "locations.yaml": LOCATIONS,
        }
    )


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def manifest(out: Path) -> list[dict]:
    with (out / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def reprint(out: Path) -> list[dict]:
    with (out / "reprint.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def edit_yaml(path: Path, **changes) -> None:
    path.write_text(yaml.safe_dump({**yaml.safe_load(path.read_text()), **changes}, allow_unicode=True))


@pytest.mark.render
def test_identical_documents_are_rendered_once_and_the_manifest_says_so(regional_kit, tmp_path, renders):
    report = build(regional_kit, tmp_path / "out", locales=["en"], jobs=1)
    # The two north locations show the same services in the same variant: one poster, one card for both.
    assert sorted(renders) == [
        "location north-clinic, format poster-letter, locale en",
        "location north-clinic, format wallet-card, locale en",
        "location south-clinic, format poster-letter, locale en",
        "location south-clinic, format wallet-card, locale en",
    ]
    assert report.rendered == 4 and report.distinct == 4 and len(report.documents) == 6
    rows = {row["file"]: row for row in manifest(report.out)}
    shared = rows["north-shelter/poster-letter.en.pdf"]
    assert shared["same_as"] == "north-clinic/poster-letter.en.pdf"
    assert shared["sha256"] == rows["north-clinic/poster-letter.en.pdf"]["sha256"]
    assert shared["render_key"] == rows["north-clinic/poster-letter.en.pdf"]["render_key"]
    assert rows["north-clinic/poster-letter.en.pdf"]["same_as"] == ""
    assert rows["south-clinic/poster-letter.en.pdf"]["same_as"] == ""
    # Every location still has its own files; identical ones share their thumbnails.
    out = report.out
    assert (out / "north-shelter/poster-letter.en.pdf").read_bytes() == (
        out / "north-clinic/poster-letter.en.pdf"
    ).read_bytes()
    assert len(list((out / "thumbs").glob("*.png"))) == 6  # one per page of the distinct documents
    assert "North Line" in flat(pdf_text(out / "north-shelter/poster-letter.en.pdf")[0])


@pytest.mark.render
def test_a_card_people_carry_away_is_one_document_for_a_discreet_location_and_a_standard_one(
    make_kit, tmp_path, renders
):
    clinic, shelter = LOCATIONS["locations"][:2]
    kit = make_kit(
        {
            "services/north-line.yaml": NORTH_LINE,
            "services/south-line.yaml": SOUTH_LINE,
            "locations.yaml": {"locations": [clinic, {**shelter, "variant": "discreet"}]},
        }
    )
    report = build(kit, tmp_path / "out", locales=["en"], jobs=1)
    # A wallet card is discreet wherever it is left: the same page for both. Their posters differ.
    assert sorted(renders) == [
        "location north-clinic, format poster-letter, locale en",
        "location north-clinic, format wallet-card, locale en",
        "location north-shelter, format poster-letter, locale en",
    ]
    rows = {row["file"]: row for row in manifest(report.out)}
    assert rows["north-shelter/wallet-card.en.pdf"]["same_as"] == "north-clinic/wallet-card.en.pdf"
    assert rows["north-shelter/poster-letter.en.pdf"]["same_as"] == ""


@pytest.mark.render
def test_a_second_build_renders_nothing_and_changes_nothing(regional_kit, tmp_path, renders):
    out = tmp_path / "out"
    build(regional_kit, out, jobs=1)
    before = files(out)
    renders.clear()
    report = build(regional_kit, out, jobs=1)
    assert renders == []
    assert report.rendered == 0 and report.reused == len(report.documents) == 12
    after = files(out)
    header = b"location,location_name,file,format,locale,language,copies,sheets,why\n"
    assert after.pop("reprint.csv") == header
    assert before.pop("reprint.csv") != header  # the first build: all of it
    # so was the first build's print/reprint.pdf; now there is none, and what lists the files says so
    assert "print/reprint.pdf" in before and "print/reprint.pdf" not in after
    assert b'"planned": 12' in after.pop("unchanged.json")  # and it keeps that, for the next build (test_unchanged)
    for name in ("print/reprint.pdf", "print.json", ".outreach-files", "index.html"):
        before.pop(name, None)
        after.pop(name, None)
    assert after == before
    assert report.reprint.summary() == ["Nothing to reprint: every document is as it was in the previous build."]


@pytest.mark.render
def test_changing_one_phone_rerenders_exactly_the_documents_that_show_it(regional_kit, tmp_path, renders):
    out = tmp_path / "out"
    build(regional_kit, out, jobs=1)
    before = files(out)
    edit_yaml(regional_kit / "services/north-line.yaml", phone="612-555-0199")
    renders.clear()
    report = build(regional_kit, out, jobs=1)

    assert sorted(renders) == [  # one rendering per distinct document showing the North Line
        f"location north-clinic, format {fmt}, locale {locale}"
        for fmt in ("poster-letter", "wallet-card")
        for locale in ("en", "es")
    ]
    after = files(out)
    for name, data in after.items():
        if name.startswith("south-clinic/"):
            assert data == before[name], name
        elif name.startswith("north-") and name.endswith(".pdf"):
            assert data != before[name], name
            assert "612-555-0199" in flat(" ".join(pdf_text(data))), name

    rows = reprint(out)
    assert {(r["location"], r["format"], r["locale"], r["copies"]) for r in rows} == {
        (loc, fmt, locale, copies)
        for loc, copies in (("north-clinic", "5"), ("north-shelter", "3"))
        for fmt in ("poster-letter", "wallet-card")
        for locale in ("en", "es")
    }
    assert {r["why"] for r in rows} == {"North Line's phone changed"}
    assert report.reprint.summary() == [
        "North Line's phone changed: 2 locations, 16 poster-letter and 16 wallet-card copies to reprint"
    ]


@pytest.mark.render
def test_a_rebuild_after_a_change_then_none_empties_the_reprint_report(regional_kit, tmp_path):
    out = tmp_path / "out"
    build(regional_kit, out, jobs=1, locales=["en"])
    edit_yaml(regional_kit / "services/south-line.yaml", hours="Every day")
    build(regional_kit, out, jobs=1, locales=["en"])
    assert {row["location"] for row in reprint(out)} == {"south-clinic"}
    manifest_before = (out / "manifest.csv").stat()
    report = build(regional_kit, out, jobs=1, locales=["en"])
    assert reprint(out) == [] and report.reprint.summary()[0].startswith("Nothing to reprint")
    # Nothing else changed, so nothing else was written: OUT was left as it was.
    assert (out / "manifest.csv").stat().st_ino == manifest_before.st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit", "out"]


@pytest.mark.render
def test_the_contact_sheet_follows_the_locations(regional_kit, tmp_path):
    out = tmp_path / "out"
    build(regional_kit, out, jobs=1, locales=["en"])
    assert "North Shelter" in (out / "index.html").read_text(encoding="utf-8")
    renamed = [
        {**LOCATIONS["locations"][0]},
        {**LOCATIONS["locations"][1], "name": "Northern Lights Shelter"},
        LOCATIONS["locations"][2],
    ]
    edit_yaml(regional_kit / "locations.yaml", locations=renamed)
    report = build(regional_kit, out, jobs=1, locales=["en"])
    assert report.rendered == 0  # the posters do not show the location's name
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Northern Lights Shelter" in html and "North Shelter" not in html


@pytest.mark.render
def test_force_renders_everything_and_gives_the_same_bytes_as_reuse(regional_kit, tmp_path, renders):
    out = tmp_path / "out"
    build(regional_kit, out, jobs=1)
    edit_yaml(
        regional_kit / "locations.yaml",
        locations=[*LOCATIONS["locations"][:2], {**LOCATIONS["locations"][2], "copies": 7}],
    )
    build(regional_kit, out, jobs=1)  # the south clinic is templated again; its files are reused by render key
    reused = files(out)
    renders.clear()
    report = build(regional_kit, out, jobs=1, force=True)
    assert len(renders) == report.rendered == 8
    assert report.printed.made == 7  # the print folder is made again too: 3 location and 2 region bundles, 2 run sheets
    fresh = files(out)
    assert {k: v for k, v in fresh.items() if k.endswith((".pdf", ".png"))} == {
        k: v for k, v in reused.items() if k.endswith((".pdf", ".png"))
    }
    assert fresh["manifest.csv"] == reused["manifest.csv"]


def _change_template(kit: Path) -> None:
    (kit / "templates").mkdir(exist_ok=True)
    (kit / "templates/poster.html").write_text(
        '{% extends "builtin/poster.html" %}{% block top %}<p>Posted by the county</p>{% endblock %}'
    )


def _change_catalogue(kit: Path) -> None:
    (kit / "locales/es").mkdir(parents=True, exist_ok=True)
    (kit / "locales/es/messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\nLanguage: es\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\nmsgctxt "verb, before a phone number"\nmsgid "Call"\nmsgstr "Marque al"\n'
    )


def _change_font(kit: Path) -> None:
    from outreach.paths import assets_dir

    (kit / "assets/fonts").mkdir(parents=True, exist_ok=True)  # the kit's file wins over the built-in one
    shutil.copy(assets_dir() / "fonts/NotoSans-Bold.ttf", kit / "assets/fonts/NotoSans-Regular.ttf")


def _change_service(kit: Path) -> None:
    edit_yaml(kit / "services/national-hotline.yaml", hours="Every day, all day")


def _change_location(kit: Path) -> None:
    edit_yaml(kit / "locations.yaml", locations=[{**LOCATIONS["locations"][0], "variant": "discreet"}])


def _change_setting(kit: Path) -> None:
    edit_yaml(kit / "outreach.yaml", organisation="Another Network")


BOTH = [(fmt, code) for fmt in ("poster-letter", "wallet-card") for code in ("en", "es")]
POSTERS = [("poster-letter", "en"), ("poster-letter", "es")]
CHANGES = {  # change → (documents rendered again, documents whose PDF changed, why)
    "template": (_change_template, POSTERS, POSTERS, "template poster.html changed"),
    "catalogue": (
        _change_catalogue,
        [("poster-letter", "es"), ("wallet-card", "es")],
        [("poster-letter", "es"), ("wallet-card", "es")],
        "Spanish translations changed",
    ),
    "font": (_change_font, BOTH, BOTH, "fonts/NotoSans-Regular.ttf changed"),
    # The cards' fronts show the lines' hours too.
    "service": (_change_service, BOTH, BOTH, "National Human Trafficking Hotline's hours changed"),
    # A discreet poster asks its question without naming trafficking. The cards are carried away and
    # always discreet: the same page, taken from the build before, nothing to reprint.
    "location": (_change_location, POSTERS, POSTERS, "the location's variant changed"),
    "setting": (_change_setting, BOTH, BOTH, "organisation changed"),
}


@pytest.mark.render
@pytest.mark.parametrize("change", list(CHANGES))
def test_changing_any_input_rerenders_what_it_touches(make_kit, tmp_path, renders, change):
    kit = make_kit({"locations.yaml": {"locations": [LOCATIONS["locations"][0]]}})
    out = tmp_path / "out"
    build(kit, out, jobs=1)
    edit, rendered, reprinted, why = CHANGES[change]
    edit(kit)
    renders.clear()
    report = build(kit, out, jobs=1)
    assert sorted(renders) == [f"location north-clinic, format {fmt}, locale {code}" for fmt, code in rendered]
    assert report.rendered == len(rendered)
    assert [(row["format"], row["locale"], row["why"]) for row in reprint(out)] == [
        (fmt, code, why) for fmt, code in reprinted
    ]


@pytest.mark.render
def test_a_new_outreach_version_or_format_entry_rerenders_everything(make_kit, tmp_path, renders, monkeypatch):
    import outreach.planning.keys

    kit = make_kit()
    out = tmp_path / "out"
    build(kit, out, jobs=1, locales=["en"])
    monkeypatch.setattr(outreach.planning.keys, "tool_fingerprint", lambda: "a later outreach")
    renders.clear()
    build(kit, out, jobs=1, locales=["en"])
    assert renders == ["location clinic-a, format poster-letter, locale en"]
    assert reprint(out) == []  # rendered again, and the same bytes came out: nothing to reprint

    edit_yaml(kit / "outreach.yaml", formats={"poster-letter": {"scan_distance_cm": 60}})  # a larger QR code
    renders.clear()
    build(kit, out, jobs=1, locales=["en"])
    assert renders == ["location clinic-a, format poster-letter, locale en"]
    assert [row["why"] for row in reprint(out)] == ["formats changed; format poster-letter changed"]


@pytest.mark.render
def test_a_previous_file_that_was_changed_is_made_again_not_reused(regional_kit, tmp_path, renders):
    out = tmp_path / "out"
    build(regional_kit, out, jobs=1, locales=["en"])
    good = (out / "south-clinic/poster-letter.en.pdf").read_bytes()
    (out / "south-clinic/poster-letter.en.pdf").write_bytes(good + b"%tampered\n")
    renders.clear()
    build(regional_kit, out, jobs=1, locales=["en"])
    assert renders == ["location south-clinic, format poster-letter, locale en"]
    assert (out / "south-clinic/poster-letter.en.pdf").read_bytes() == good
    assert reprint(out) == []  # the printed document did not change


@pytest.mark.render
def test_a_card_sheet_is_checked_against_its_single_card(make_kit, tmp_path, renders):
    kit = make_kit(
        {
            "locations.yaml": {
                "locations": [
                    {
                        "id": "bus",
                        "name": "Bus",
                        "kind": "bus_stop",
                        "region": "north",
                        "formats": ["wallet-card-sheet"],
                    },
                ]
            }
        }
    )
    report = build(kit, tmp_path / "out", jobs=1, locales=["en"])
    assert renders == ["location bus, format wallet-card, locale en"]  # the sheet is imposed from it, not rendered
    assert report.rendered == 2
    assert [p.name for p in (report.out / "bus").glob("*.pdf")] == ["wallet-card-sheet.en.pdf"]


@pytest.mark.render
def test_new_locations_and_dropped_documents_are_reported(regional_kit, tmp_path):
    out = tmp_path / "out"
    build(regional_kit, out, jobs=1, locales=["en"])
    new = {"id": "north-library", "name": "Library", "kind": "restroom", "region": "north", "copies": 12}
    edit_yaml(regional_kit / "locations.yaml", locations=[*LOCATIONS["locations"][:2], new])
    report = build(regional_kit, out, jobs=1, locales=["en"])
    rows = reprint(out)
    assert {(r["location"], r["format"], r["copies"], r["why"]) for r in rows} == {
        ("north-library", "stall-sticker", "12", "new location"),
        ("north-library", "wallet-card", "12", "new location"),
        ("north-library", "wallet-card-sheet", "12", "new location"),  # the same 12 cards, on 2 sheets
        ("north-library", "mirror-cling", "12", "new location"),
        ("north-library", "small-label-sheet", "12", "new location"),  # on 1 sheet of 30 labels
    }
    assert {r["format"]: r["sheets"] for r in rows if r["sheets"]} == {
        "wallet-card-sheet": "2",
        "small-label-sheet": "1",
    }
    assert report.reprint.summary() == [
        "New location: 1 location, 12 stall-sticker, 12 wallet-card (on 2 sheets), 12 mirror-cling and "
        "12 small-label (on 1 sheet) copies to print",
        "2 document(s) of the previous build are not made by this one.",
    ]


@pytest.mark.render
def test_an_output_folder_from_an_older_outreach_is_rebuilt_whole(regional_kit, tmp_path, renders):
    out = tmp_path / "out"
    build(regional_kit, out, jobs=1, locales=["en"])
    rows = manifest(out)
    with (out / "manifest.csv").open("w", encoding="utf-8") as handle:  # no keys in an older manifest
        writer = csv.DictWriter(
            handle,
            ["location", "format", "locale", "file", "pages", "trim_size", "copies", "sha256"],
            extrasaction="ignore",
        )
        writer.writeheader()
        writer.writerows(rows)
    (out / "inputs.json").unlink()
    renders.clear()
    report = build(regional_kit, out, jobs=1, locales=["en"])
    assert report.rendered == 4 and report.reused == 0
    assert reprint(out) == []


@pytest.mark.render
def test_progress_shows_planned_reused_and_rendered(regional_kit, tmp_path):
    out = tmp_path / "out"
    calls = []
    build(regional_kit, out, jobs=1, locales=["en"], progress=lambda *args: calls.append(args))
    assert calls[-1] == (4, 4, "6 planned · 0 reused · 4 rendered")
    calls.clear()
    build(regional_kit, out, jobs=1, locales=["en"], progress=lambda *args: calls.append(args))
    assert calls[-1] == (0, 0, "6 planned · 6 reused · 0 rendered")


@pytest.mark.render
def test_a_no_change_rebuild_from_the_command_line_does_not_start_weasyprint(regional_kit, tmp_path):
    out = tmp_path / "out"
    code = (
        "import atexit, sys; from outreach.cli import main\n"
        "atexit.register(lambda: print('weasyprint imported' if 'weasyprint' in sys.modules else 'weasyprint not imported'))\n"
        f"sys.argv = ['outreach', 'build', {str(regional_kit)!r}, '-o', {str(out)!r}, '--jobs', '1', '--quiet']\n"
        "main()\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "weasyprint imported" in first.stdout  # it rendered in this process (--jobs 1)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert "Nothing to reprint" in second.stdout and "0 rendered, 12 reused" in second.stdout
    assert "weasyprint not imported" in second.stdout


@pytest.mark.parametrize(
    ("template", "fields"),
    [
        ("{{ location.variant }} {{ location.name|upper }}", {"variant", "name"}),
        ("{{ organisation }}", set()),
        ("{{ location }}", None),
        ("{% set here = location %}{{ here.name }}", None),
        ("{{ location['name'] }}", None),
        ("{{ location.model_dump() }}", None),
        ("{% macro m(location) %}{{ location.name }}{% endmacro %}", None),
    ],
)
def test_the_location_fields_a_template_reads_are_found_or_all_of_them_count(template, fields):
    from jinja2 import Environment

    from outreach.pages.template_deps import location_fields

    assert location_fields(Environment().parse(template)) == fields


LOCATION_NAME_TEMPLATES = {
    "plain": '{% extends "builtin/poster.html" %}{% block top %}<p>At {{ location.name }}</p>{% endblock %}',
    "hidden": (
        '{% extends "builtin/poster.html" %}{% set here = location %}'
        "{% block top %}<p>At {{ here.name }}</p>{% endblock %}"
    ),
}


@pytest.mark.render
@pytest.mark.parametrize("kind", list(LOCATION_NAME_TEMPLATES))
def test_a_template_that_prints_the_location_name_gets_a_poster_per_location(make_kit, tmp_path, renders, kind):
    kit = make_kit(
        {
            "templates/poster.html": LOCATION_NAME_TEMPLATES[kind],
            "locations.yaml": {
                "locations": [
                    {
                        "id": "a",
                        "name": "Alder Clinic",
                        "kind": "clinic",
                        "region": "north",
                        "formats": ["poster-letter"],
                    },
                    {
                        "id": "b",
                        "name": "Birch Clinic",
                        "kind": "clinic",
                        "region": "north",
                        "formats": ["poster-letter"],
                    },
                ]
            },
        }
    )
    report = build(kit, tmp_path / "out", jobs=1, locales=["en"])
    assert sorted(renders) == [
        "location a, format poster-letter, locale en",
        "location b, format poster-letter, locale en",
    ]
    text = flat(pdf_text(report.out / "a/poster-letter.en.pdf")[0])
    assert "At Alder Clinic" in text and text.index("At Alder Clinic") < text.index("Is someone forcing you")
    assert "At Birch Clinic" in flat(pdf_text(report.out / "b/poster-letter.en.pdf")[0])


@pytest.mark.render
def test_locations_that_differ_only_in_what_no_template_reads_are_templated_once(regional_kit, tmp_path, monkeypatch):
    import outreach.pages.views

    calls = []
    original = outreach.pages.views.page_context
    monkeypatch.setattr(
        sys.modules["outreach.pages.page"],
        "page_context",
        lambda kit, location, *rest: calls.append(location.id) or original(kit, location, *rest),
    )
    build(regional_kit, tmp_path / "out", jobs=1, locales=["en"])
    # north-clinic and north-shelter differ in id, name, kind and copies: the built-in templates read only the variant.
    assert sorted(calls) == ["north-clinic", "north-clinic", "south-clinic", "south-clinic"]


def test_a_template_named_at_render_time_makes_every_template_and_location_field_count(make_kit):
    from outreach.pages.template_deps import closure

    kit = make_kit(
        {
            "templates/poster.html": '{% extends "builtin/poster.html" %}'
            '{% block body %}{% include location.kind ~ ".html" %}{% endblock %}'
        }
    )
    reached = closure(kit, "poster.html")
    assert not reached.complete and reached.location_fields is None
    assert {"poster.html", "builtin/poster.html", "base.html"} <= set(reached.sources)
    builtin = closure(kit, "stall-sticker.html")
    assert builtin.complete and builtin.location_fields == {"variant"}


@pytest.mark.render
def test_the_checks_read_each_materials_text_from_the_previous_build_until_it_changes(make_kit, tmp_path, monkeypatch):
    import outreach.checks.materials  # noqa: F401  (the package exports a function of the same name)

    materials = sys.modules["outreach.checks.materials"]
    rendered = []
    original = materials.render_template
    monkeypatch.setattr(materials, "render_template", lambda *args: rendered.append(args[2]) or original(*args))
    kit, out = make_kit(), tmp_path / "out"
    build(kit, out, jobs=1, locales=["en"])
    assert rendered == ["poster.html", "poster.html"]  # the checks read the location's materials in en and es
    rendered.clear()
    build(kit, out, jobs=1, locales=["en"])
    assert rendered == []  # the text is in OUT/texts.json, made from exactly these inputs

    (kit / "templates").mkdir()
    (kit / "templates/poster.html").write_text(
        '{% extends "builtin/poster.html" %}{% block top %}<p>Not for hookers</p>{% endblock %}'
    )
    for _ in range(2):  # changed, then read back from texts.json: the lint sees the word both times
        rendered.clear()
        report = build(kit, out, jobs=1, locales=["en"])
        assert any("hookers" in str(p) and "templates/poster.html" in str(p) for p in report.warnings), report.warnings
    assert rendered == []
