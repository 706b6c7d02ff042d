"""Importing a spreadsheet saved as CSV: the template, a round trip to print, and bad cells by row and column."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from helpers import LOCATIONS, flat, pdf_text

from outreach import build, load_kit
from outreach.importing import SourceError, csv_template, import_csv

TODAY = date(2026, 11, 26)


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig" if bom else "utf-8", newline="")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_template_has_every_column_a_row_saying_what_each_holds_and_an_example(make_kit):
    rows = list(csv.reader(io.StringIO(csv_template(make_kit()))))
    assert rows[0] == [
        "id",
        "name",
        "summary",
        "kind",
        "phone",
        "text",
        "text_keyword",
        "tty",
        "url",
        "hours",
        "languages",
        "interpreters",
        "text_languages",
        "discreet_name",
        "regions",
        "street",
        "city",
        "state",
        "postal_code",
        "confidential",
        "verified",
        "notes",
        "name:es",
        "summary:es",
        "hours:es",
        "discreet_name:es",
    ]
    helps = dict(zip(rows[0], rows[1], strict=True))
    assert helps["id"].startswith("# ")  # a comment row: the importer skips it
    assert helps["confidential"] == "yes: the address is never printed; no: it may be printed"
    assert helps["name:es"] == "name in Spanish"
    example = dict(zip(rows[0], rows[2], strict=True))
    assert (example["id"], example["phone"], example["text"], example["regions"]) == (
        "national-hotline",
        "1-888-373-7888",
        "233733",
        "all",
    )
    assert example["name:es"] == "Línea Nacional contra la Trata de Personas"
    assert (example["tty"], example["interpreters"], example["text_keyword"], example["text_languages"]) == (
        "711",
        "yes",
        "HELP",
        "en es",
    )
    assert "source" not in rows[0]  # `outreach export csv` fills it in; a new sheet has none


@pytest.mark.render
def test_template_filled_imported_and_printed(make_kit, tmp_path):
    # a tabloid poster: large enough to print addresses
    kit = make_kit({"locations.yaml": {"locations": [{**LOCATIONS["locations"][0], "formats": ["poster-tabloid"]}]}})
    template = list(csv.reader(io.StringIO(csv_template(kit))))
    header = template[0]

    def row(**cells: str) -> list[str]:
        return [cells.get(column.replace(":", "_"), "") for column in header]

    rows = template + [
        row(
            id="crisis-line",
            name="Lakeside Crisis Line",
            summary='Call or text a "local" advocate,\nany time.',
            kind="hotline",
            phone="(612) 555-0100",
            text="612 555 0101",
            hours="24 hours, every day",
            languages="en, es; so",
            regions="North County",
            verified="2026-11-02",
            name_es="Línea de Crisis de Lakeside",
            hours_es="24 horas, todos los días",
        ),
        row(
            id="riverside-clinic",
            name="Riverside Community Clinic",
            summary="Health care without insurance or ID.",
            kind="clinic",
            phone="612-555-0140",
            url="https://riverside.example.org",
            regions="north",
            street="410 River Road",
            city="Lakeside",
            state="MN",
            postal_code="55401",
            confidential="no",
            verified="2026-09-01",
        ),
        row(
            id="harbor-house",
            name="Harbor House",
            summary="A safe place to stay. Call first.",
            kind="shelter",
            phone="651-555-0160",
            regions="north",
            street="1187 Quiet Harbor Lane",
            city="Lakeside",
            confidential="yes",
            verified="2026-11-10",
            notes="Ask for Maria",
        ),
    ]
    source = write_csv(tmp_path / "services.csv", rows, delimiter=";", bom=True)
    report = import_csv(source, kit, today=TODAY)
    assert [(c.id, c.action) for c in report.changes] == [
        ("national-hotline", "changed"),
        ("crisis-line", "added"),
        ("riverside-clinic", "added"),
        ("harbor-house", "added"),
    ]

    loaded = load_kit(kit)
    crisis = loaded.services["crisis-line"]
    assert crisis.summary == {"en": 'Call or text a "local" advocate, any time.'}
    assert (crisis.phone, crisis.text, crisis.regions, crisis.languages) == (
        "612-555-0100",
        "612-555-0101",
        ["north"],
        ["en", "es", "so"],
    )
    assert crisis.name == {"en": "Lakeside Crisis Line", "es": "Línea de Crisis de Lakeside"}
    assert loaded.services["harbor-house"].notes == "Ask for Maria"

    out = build(kit, tmp_path / "out")
    text = {d.job.locale: flat(pdf_text(d.pdf)[0]) for d in out.documents}
    assert "Lakeside Crisis Line" in text["en"] and "Línea de Crisis de Lakeside" in text["es"]
    assert "612-555-0100" in text["en"] and "24 horas, todos los días" in text["es"]
    assert "410 River Road, Lakeside, MN 55401" in text["en"]
    assert "Quiet Harbor" not in text["en"] + text["es"]


BAD = [
    ["id", "name", "summary", "kind", "phone", "regions", "verified", "street", "city", "confidential"],
    ["good", "Good Line", "Talk to us.", "hotline", "612-555-0100", "north", "2026-10-01", "", "", ""],
    ["bad-phone", "Bad Phone", "Talk to us.", "hotline", "555", "west", "2026-10-01", "", "", ""],
    ["bad-kind", "Bad Kind", "Talk to us.", "hospital", "612-555-0100", "north", "10/15/2026", "", "", ""],
    [
        "no-flag",
        "No Flag",
        "Talk to us.",
        "shelter",
        "612-555-0100",
        "north",
        "2026-10-01",
        "1 Main St",
        "Lakeside",
        "",
    ],
    ["excel", "Excel", "", "hotline", "6.13E+09", "north", "2026-10-01", "", "", ""],
]


def test_every_bad_cell_is_reported_by_row_and_column_and_nothing_is_written(make_kit, tmp_path):
    kit = make_kit()
    before = snapshot(kit)
    with pytest.raises(SourceError) as caught:
        import_csv(write_csv(tmp_path / "services.csv", BAD), kit, today=TODAY)
    assert caught.value.lines() == [
        "services.csv:3:phone: error: '555' is not a valid phone number in US; check the digits "
        "(write it as dialled locally, e.g. 612-555-0123, or with + and the country code)",
        "services.csv:3:regions: error: unknown region 'west'; known: north, south, or all",
        "services.csv:4:kind: error: 'hospital' is not a kind of service; write one of: hotline, text_line, navigator, "
        "shelter, housing, clinic, legal, other",
        "services.csv:4:verified: error: '10/15/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-10-30 "
        "(in Excel, format the column as Text)",
        "services.csv:5:confidential: error: write yes (the address is never printed) or no (it may be printed)",
        "services.csv:6:summary: error: is empty; every service needs it",
        "services.csv:6:phone: error: Excel turned this number into 6.13E+09; format the column as Text and type the number again",
        "nothing was imported: 4 rows of services.csv have errors; fix them, or pass --skip-bad-rows",
    ]
    assert snapshot(kit) == before


def test_skip_bad_rows_imports_the_good_ones_and_lists_the_rest(make_kit, tmp_path):
    kit = make_kit()
    report = import_csv(write_csv(tmp_path / "services.csv", BAD), kit, skip_bad_rows=True, today=TODAY)
    assert report.skipped == [
        "row 3 (bad-phone): 2 problems",
        "row 4 (bad-kind): 2 problems",
        "row 5 (no-flag): 1 problem",
        "row 6 (excel): 2 problems",
    ]
    assert sorted(p.name for p in (kit / "services").iterdir()) == ["good.yaml", "national-hotline.yaml"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "id,name,phne\nx,X,612-555-0100\n",
            "services.csv:1:phne: error: unknown column 'phne'; known: id, name, summary,",
        ),
        ("id,name,name\n", "services.csv:1:name: error: this column appears twice; keep one"),
        ("summary,phone\n", "services.csv:1: error: needs an id or a name column to know which service each row is"),
        ("id,name:xx-nope\n", "services.csv:1:name:xx-nope: error: 'xx-nope' is not a language code such as es or so"),
    ],
)
def test_header_mistakes_are_reported_on_row_1(make_kit, tmp_path, content, expected):
    source = tmp_path / "services.csv"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        import_csv(source, make_kit(), today=TODAY)
    assert caught.value.lines()[0].startswith(expected)


def test_a_file_that_is_not_utf8_names_its_line(make_kit, tmp_path):
    source = tmp_path / "services.csv"
    source.write_bytes("id,name\nok,Fine\nbad,Línea\n".encode("cp1252"))
    with pytest.raises(SourceError) as caught:
        import_csv(source, make_kit(), today=TODAY)
    assert (
        caught.value.lines()[0] == "services.csv:3: error: is not UTF-8 text; in Excel use File › Save As › CSV UTF-8"
    )


def test_columns_left_out_are_not_touched(make_kit, tmp_path):
    """A sheet with only id and phone updates the phones and nothing else."""
    kit = make_kit(
        {
            "services/national-hotline.yaml": {
                "name": {"en": "Hotline", "es": "Línea"},
                "summary": "Talk.",
                "kind": "hotline",
                "phone": "1-888-373-7888",
                "regions": "all",
                "verified": "2026-10-15",
                "notes": "keep me",
            }
        }
    )
    report = import_csv(
        write_csv(tmp_path / "phones.csv", [["id", "phone"], ["national-hotline", "1-888-373-7889"]]), kit, today=TODAY
    )
    assert report.diff() == [
        "~ national-hotline (services/national-hotline.yaml)",
        "    phone: 1-888-373-7888 → 1-888-373-7889",
        "    source: (none) → csv:national-hotline",
    ]
    service = load_kit(kit).services["national-hotline"]
    assert (service.name, service.notes, service.regions) == ({"en": "Hotline", "es": "Línea"}, "keep me", "all")
