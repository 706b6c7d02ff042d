"""The kit's own printed text in gettext catalogues: extracted with context, merged by a stated rule,
and pages that fall back to another language named."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po
from helpers import HOTLINE, MINIMAL_SETTINGS, NORTH_LINE, flat, pdf_text

from outreach.kit.load import load_kit

PLACEHOLDER = re.compile(r"(%\(\w+\)s|%%)")


def backwards(text: str) -> str:
    """A stand-in translation no English reader would mistake for English: each word spelt backwards,
    placeholders kept as they are."""
    return "".join(
        part if PLACEHOLDER.fullmatch(part) else re.sub(r"[A-Za-z]{2,}", lambda m: m[0][::-1].lower(), part)
        for part in PLACEHOLDER.split(text)
    )


def translate_all(path: Path, code: str) -> dict[tuple[str | None, str], str]:
    """Fill every message of a catalogue with its backwards source; returns (msgctxt, msgid) → translation."""
    catalogue = read_po(io.BytesIO(path.read_bytes()), locale=code)
    done = {}
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        message.string = tuple(backwards(i) for i in ids) if isinstance(message.id, tuple) else backwards(ids[0])
        message.flags.discard("fuzzy")
        done[(message.context, ids[0])] = backwards(ids[0])
    buffer = io.BytesIO()
    write_po(buffer, catalogue)
    path.write_bytes(buffer.getvalue())
    return done


def set_translation(path: Path, context: str, text: str) -> None:
    catalogue = read_po(io.BytesIO(path.read_bytes()), locale=path.parent.name)
    (message,) = [m for m in catalogue if m.context == context]
    message.string = text
    message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalogue)
    path.write_bytes(buffer.getvalue())


def spanish_catalogue(run, kit: Path) -> Path:
    """The kit's text extracted and a Spanish kit catalogue started: its path."""
    run("i18n", "extract", "--kit", kit)
    run("i18n", "init", "es", "--kit", kit)
    return kit / "locales" / "es" / "kit.po"


def msgid_line(po: Path, context: str) -> int:
    """The line of the msgid that follows `msgctxt "context"`, read from the file."""
    lines = po.read_text("utf-8").splitlines()
    return lines.index(f'msgctxt "{context}"') + 2


def line_of(path: Path, key: str) -> int:
    """The line a YAML key starts on, read from the file itself."""
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith(f"{key}:"))


def test_extract_writes_every_printed_kit_text_with_its_context_source_and_place(run, make_kit):
    hotline = {**HOTLINE, "summary": {"en": "Talk to someone, any time.", "es": "Hable con alguien."}}
    kit = make_kit({"services/national-hotline.yaml": {**hotline, "discreet_name": "Free helpline"}})
    result = run("i18n", "extract", "--kit", kit)
    assert result.exit_code == 0, result.output
    assert f"{kit / 'locales' / 'kit.pot'}: 7 kit texts" in result.stdout
    pot = read_po(io.BytesIO((kit / "locales" / "kit.pot").read_bytes()))
    messages = {m.context: m for m in pot if m.id}
    service = kit / "services" / "national-hotline.yaml"
    written = yaml.safe_load(service.read_text("utf-8"))
    expected = {"organisation", "region:north", "region:south"} | {
        f"service:national-hotline:{field}" for field in ("name", "discreet_name", "summary", "hours")
    }
    assert set(messages) == expected
    for field in ("name", "discreet_name", "summary", "hours"):
        message = messages[f"service:national-hotline:{field}"]
        source = written[field]["en"] if isinstance(written[field], dict) else written[field]
        assert message.id == source  # the first language's text, also from a mapping
        assert message.locations == [("services/national-hotline.yaml", line_of(service, field))]
        assert message.auto_comments and "Printed as" in " ".join(message.auto_comments)
    assert messages["region:north"].id == MINIMAL_SETTINGS["regions"]["north"]
    again = run("i18n", "extract", "--kit", kit)
    assert "7 kit texts (unchanged)" in again.stdout


def test_update_and_status_take_the_kit_catalogue_like_the_built_in_one(run, make_kit):
    kit = make_kit()
    assert run("i18n", "init", "fr", "--kit", kit).exit_code == 0
    assert not (kit / "locales" / "fr" / "kit.po").exists()  # nothing extracted yet
    run("i18n", "extract", "--kit", kit)
    result = run("i18n", "update", "--kit", kit)
    assert f"updated {kit / 'locales' / 'fr' / 'kit.po'}" in result.stdout
    set_translation(kit / "locales" / "fr" / "kit.po", "service:national-hotline:hours", "24 heures sur 24")
    rows = json.loads(run("i18n", "status", "--kit", kit, "--json").stdout)
    (row,) = [r for r in rows if r["file"] == "locales/fr/kit.po"]
    assert (row["translated"], row["fuzzy"], row["missing"]) == (1, 0, 5)
    table = run("i18n", "status", "--kit", kit).stdout
    assert "kit.po" in table and "messages.po" in table


def test_the_catalogue_wins_over_the_yaml_and_the_conflict_is_reported(run, make_kit):
    kit = make_kit(
        {"services/national-hotline.yaml": {**HOTLINE, "hours": {"en": "24 hours, every day", "es": "Siempre"}}}
    )
    po = spanish_catalogue(run, kit)
    set_translation(po, "service:national-hotline:hours", "Las 24 horas, todos los días")
    set_translation(po, "service:national-hotline:name", "Línea Nacional contra la Trata de Personas")
    loaded = load_kit(kit).services["national-hotline"]
    assert loaded.hours == {"en": "24 hours, every day", "es": "Las 24 horas, todos los días"}
    assert loaded.name == {"en": HOTLINE["name"], "es": "Línea Nacional contra la Trata de Personas"}
    result = run("check", kit)
    assert result.exit_code == 0, result.output
    conflict = [w for w in result.stderr.splitlines() if "differs from the translation" in w]
    assert len(conflict) == 1
    assert conflict[0].startswith("services/national-hotline.yaml:")
    assert f"translation in locales/es/kit.po:{msgid_line(po, 'service:national-hotline:hours')};" in conflict[0]
    assert "the catalogue's is printed" in conflict[0]


def test_a_translation_of_text_that_has_changed_is_not_printed_and_is_named(run, make_kit):
    kit = make_kit()
    po = spanish_catalogue(run, kit)
    set_translation(po, "service:national-hotline:hours", "Las 24 horas")
    (kit / "services" / "national-hotline.yaml").write_text(
        yaml.safe_dump({**HOTLINE, "hours": "Every day, 8am to 8pm"}), encoding="utf-8"
    )
    loaded = load_kit(kit)
    assert loaded.services["national-hotline"].hours == "Every day, 8am to 8pm"
    (stale,) = [w for w in loaded.warnings if "has changed since this was translated" in w.message]
    assert (stale.file, stale.line) == ("locales/es/kit.po", msgid_line(po, "service:national-hotline:hours"))
    assert run("i18n", "update", "--kit", kit).exit_code == 0
    assert "#, fuzzy" in po.read_text("utf-8")  # gettext's own way of asking for a review


def test_a_kit_catalogue_that_prints_its_own_number_fails_check_with_file_and_line(run, make_kit):
    kit = make_kit()
    po = spanish_catalogue(run, kit)
    set_translation(po, "service:national-hotline:summary", "Llame al 1-900-555-0199, a cualquier hora.")
    result = run("check", kit)
    assert result.exit_code == 1
    line = msgid_line(po, "service:national-hotline:summary")
    assert any(
        e.startswith(f"locales/es/kit.po:{line}: error: msgstr: prints 1-900-555-0199")
        for e in result.stderr.splitlines()
    ), result.stderr


def test_pages_that_fall_back_are_named_with_location_format_locale_and_fields(run, make_kit):
    places = [
        {"id": f"clinic-{n}", "name": f"Clinic {n}", "kind": "clinic", "region": "north", "locales": ["en", "so"]}
        for n in range(7)
    ]
    north = {**NORTH_LINE, "summary": {"en": "Talk to someone near you.", "so": "La hadal qof kuu dhow."}}
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "regions": {"north": {"en": "North County"}, "south": "South"}},
            "services/national-hotline.yaml": {**HOTLINE, "interpreters": True},
            "services/north-line.yaml": {**north, "hours": {"en": "24 hours, every day"}, "languages": ["en", "so"]},
            # a service that is not a line: posters list it under "More help in <region>"
            "services/north-clinic.yaml": {
                **NORTH_LINE,
                "name": "North Clinic",
                "kind": "clinic",
                "phone": "612-555-0160",
            },
            "locations.yaml": {"locations": places},
        }
    )
    result = run("check", kit)
    assert result.exit_code == 0, result.output
    (warning,) = [w for w in result.stderr.splitlines() if "Somali (so) pages" in w]
    assert warning.startswith("locations.yaml:")
    assert "clinic-0, clinic-1, clinic-2, clinic-3, clinic-4 and 2 more" in warning
    assert "(poster-letter, tearoff-letter, wallet-card)" in warning  # a clinic's formats
    assert "print English (en) text for: north-line hours, region north" in warning
    assert "summary" not in warning  # translated, so not named
    assert not any("English (en) pages" in w or "es) pages" in w for w in result.stderr.splitlines())


@pytest.mark.render
def test_a_french_kit_translated_only_in_catalogues_prints_no_english(run, sample_copy, tmp_path):
    before = {p: p.read_bytes() for p in sample_copy.rglob("*.yaml")}
    assert run("i18n", "extract", "--kit", sample_copy).exit_code == 0
    assert run("i18n", "init", "fr", "--kit", sample_copy).exit_code == 0
    sources = translate_all(sample_copy / "locales" / "fr" / "messages.po", "fr")
    kit_texts = translate_all(sample_copy / "locales" / "fr" / "kit.po", "fr")
    assert {p: p.read_bytes() for p in sample_copy.rglob("*.yaml")} == before  # no text was written in the YAML
    settings = sample_copy / "outreach.yaml"  # only the language added to the kit's list
    settings.write_text(settings.read_text("utf-8").replace("locales: [en, es]", "locales: [en, es, fr]"), "utf-8")

    out = tmp_path / "out"
    result = run("build", sample_copy, "-o", out, "--location", "northside-clinic", "--locale", "fr")
    assert result.exit_code == 0, result.output
    assert "French (fr) pages" not in result.stderr  # nothing falls back
    english = {
        word.lower()
        for text in [msgid for _, msgid in sources] + [msgid for _, msgid in kit_texts]
        for word in re.findall(r"[A-Za-z]{4,}", PLACEHOLDER.sub(" ", text))
    }
    # Marks a coordinator must read whatever the language (they are printed beside their translation), and the
    # word people text to the national line.
    english -= {"draft", "translation", "sample", "help"}
    pdfs = sorted((out / "northside-clinic").glob("*.fr.pdf"))
    assert {p.name.split(".")[0] for p in pdfs} == {
        "poster-letter",
        "tearoff-letter",
        "wallet-card",
        "wallet-card-sheet",
    }
    for pdf in pdfs:
        printed = flat(" ".join(pdf_text(pdf))).lower()
        assert not english & set(re.findall(r"[a-z]{4,}", printed)), pdf.name
    poster = flat(" ".join(pdf_text(out / "northside-clinic" / "poster-letter.fr.pdf")))
    assert kit_texts[("service:national-hotline:name", "National Human Trafficking Hotline")] in poster
    assert kit_texts[("region:north", "North County")] in poster


@pytest.mark.render
def test_build_warns_and_the_contact_sheet_marks_a_page_that_falls_back(run, make_kit, tmp_path):
    kit = make_kit(
        {
            "services/national-hotline.yaml": {**HOTLINE, "hours": {"en": "24 hours, every day"}, "interpreters": True},
            "locations.yaml": {
                "locations": [
                    {"id": "clinic-a", "name": "Clinic A", "kind": "clinic", "region": "north", "locales": ["so"]}
                ]
            },
        }
    )
    out = tmp_path / "out"
    result = run("build", kit, "-o", out, "--format", "poster-letter")
    assert result.exit_code == 0, result.output
    assert any(
        "clinic-a: Somali (so) pages (poster-letter" in w and "national-hotline hours" in w
        for w in result.stderr.splitlines()
    )
    assert "24 hours, every day" in flat(" ".join(pdf_text(out / "clinic-a" / "poster-letter.so.pdf")))
    index = (out / "index.html").read_text("utf-8")
    assert 'data-untranslated="yes"' in index
    assert "Prints text in another language than Somali: national-hotline hours" in index
