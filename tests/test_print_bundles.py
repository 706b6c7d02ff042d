"""Print bundles, run sheets and what `copies` means, checked on the PDFs a build writes in OUT/print/."""

from __future__ import annotations

import csv
import io
import json
import pickle
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from helpers import NORTH_LINE, flat, pdf_text

from outreach import build
from outreach.errors import BuildError, KitError
from outreach.kit.jobs import Job, count_pieces
from outreach.kit.load import load_kit
from outreach.paths import sample_kit_dir
from outreach.planning.documents import Document
from outreach.planning.keys import Inputs
from outreach.planning.reprint import Reprint, ReprintRow, reprint_csv
from outreach.printing.bundles import Assembly, Bundle, Section, assembled, assembly, slugs
from outreach.printing.folder import PrintFolder
from outreach.printing.selection import left_out_warnings, selections
from outreach.printing.slug import text_width
from outreach.render.task import RunSheetTask
from outreach.render.workers import InlineExecutor

NORTH = ["library-restroom", "main-street-bus-stop", "northside-clinic"]
SOUTH = ["transit-center-restroom", "eastgate-station", "harbor-house", "southside-clinic"]


def bookmarks(path: Path) -> list[tuple[str, list[tuple[str, int]]]]:
    """The outline of a bundle: each location's title, and its documents' titles with their first page."""
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        return [
            (item.title, [(child.title, pages[child.destination[0].objgen]) for child in item.children])
            for item in outline.root
        ]


def manifest(out: Path) -> list[dict]:
    with (out / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def doc(report, location: str, format_name: str, locale: str):
    return next(
        d
        for d in report.documents
        if (d.job.location.id, d.job.format.name, d.job.locale) == (location, format_name, locale)
    )


def pages_of(docs) -> list[str]:
    return [text for d in docs for text in pdf_text(d.path)]


# ---- bundles of the sample kit (one shared build, office mode) -------------------------------------------


def test_a_location_bundle_holds_each_piece_once_in_posting_order(sample_build):
    """Mirror clings and stall stickers (largest first), then the cards and labels, as sheets: each language."""
    bundle = sample_build.out / "print/locations/library-restroom.pdf"
    order = ["mirror-cling", "stall-sticker", "wallet-card-sheet", "small-label-sheet"]
    expected = [doc(sample_build, "library-restroom", name, locale) for name in order for locale in ("en", "es")]
    assert pdf_text(bundle) == pages_of(expected)  # 1 + 1 + 1 + 1 + 2 + 2 + 1 + 1 pages
    assert len(pdf_text(bundle)) == 10
    (location,) = bookmarks(bundle)
    assert location[0] == "North Branch Library, ground-floor restrooms (library-restroom)"
    assert location[1] == [
        ("mirror-cling · en · 4 copies", 0),
        ("mirror-cling · es · 4 copies", 1),
        ("stall-sticker · en · 4 copies", 2),
        ("stall-sticker · es · 4 copies", 3),
        ("wallet-card-sheet · en · 1 sheet (4 wallet-card)", 4),
        ("wallet-card-sheet · es · 1 sheet (4 wallet-card)", 6),
        ("small-label-sheet · en · 1 sheet (4 small-label)", 8),
        ("small-label-sheet · es · 1 sheet (4 small-label)", 9),
    ]
    # the big notices of a bus stop come before its cards: the bus card (28 × 11 in) before the tabloid poster
    stop = [title for title, _ in bookmarks(sample_build.out / "print/locations/main-street-bus-stop.pdf")[0][1]]
    assert stop == [
        f"{name} · {locale} · 2 copies" for name in ("bus-card", "poster-tabloid") for locale in ("en", "es")
    ]


def test_single_cards_reach_the_office_bundles_only_as_sheets(sample_build):
    for bundle in (sample_build.out / "print").rglob("*.pdf"):
        if bundle.name.startswith("run-sheet"):
            continue
        with pikepdf.open(bundle) as pdf:
            sizes = {tuple(round(float(v)) for v in page.mediabox) for page in pdf.pages}
        assert (0, 0, 252, 144) not in sizes, bundle  # a 3.5 × 2 in wallet card
        assert not [t for _, docs in bookmarks(bundle) for t, _ in docs if t.startswith("wallet-card ·")]
    # every single card stays in its location's folder for a print shop
    assert (sample_build.out / "library-restroom/wallet-card.en.pdf").is_file()


def test_a_region_bundle_is_its_locations_bundles_one_after_the_other(sample_build):
    out = sample_build.out / "print"
    for region, places in (("north", NORTH), ("south", SOUTH)):
        expected = [text for place in places for text in pdf_text(out / f"locations/{place}.pdf")]
        assert pdf_text(out / f"regions/{region}.pdf") == expected
        assert [title.rsplit(" (", 1)[1][:-1] for title, _ in bookmarks(out / f"regions/{region}.pdf")] == places
    assert sorted(p.name for p in (out / "locations").iterdir()) == sorted(f"{p}.pdf" for p in NORTH + SOUTH)


def test_the_first_builds_reprint_bundle_holds_everything_to_print(sample_build):
    out = sample_build.out / "print"
    assert all(row.why == "first build" for row in sample_build.reprint.rows)
    everything = pdf_text(out / "regions/north.pdf") + pdf_text(out / "regions/south.pdf")
    assert pdf_text(out / "reprint.pdf") == everything


def test_a_document_twice_in_a_bundle_is_opened_once_and_its_fonts_copied_once(sample_build):
    """A bundle opens each document for its first use and keeps it open until its last: the second copy of the
    same card shares the first one's fonts, as the sources are closed only when no page needs them."""
    doc = next(d for d in sample_build.documents if d.job.format.name == "poster-letter")

    def fonts(sections) -> tuple[int, int]:
        data = assembled(assembly(Bundle("print/x.pdf", "X", sections), False))
        with pikepdf.open(io.BytesIO(data)) as pdf:
            files = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and "/Length1" in o.stream_dict]
            return len(pdf.pages), len(files)

    once_pages, once_fonts = fonts((Section("A", (doc,)),))
    twice_pages, twice_fonts = fonts((Section("A", (doc,)), Section("B", (doc,))))
    assert once_fonts > 0 and twice_pages == 2 * once_pages
    assert twice_fonts == once_fonts


def test_the_same_page_twice_in_a_bundle_is_two_pages_each_with_its_own_slug(sample_build):
    """The same PDF for two locations (shared, as identical documents are): each copy carries its own slug only."""
    doc = next(d for d in sample_build.documents if d.job.format.name == "poster-letter")
    elsewhere = next(d.job for d in sample_build.documents if d.job.location.id != doc.job.location.id)
    other = replace(doc, job=elsewhere)  # the same PDF, placed for another location
    data = assembled(assembly(Bundle("print/x.pdf", "X", (Section("A", (doc,)), Section("B", (other,)))), True))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len({page.obj.objgen for page in pdf.pages}) == len(pdf.pages) == 2 * doc.pages
        drawn = [b"".join(stream.read_bytes() for stream in page.obj.Contents) for page in pdf.pages]
    ids = [doc.job.location.id.encode(), elsewhere.location.id.encode()]
    assert [[content.count(place) for place in ids] for content in drawn] == [[1, 0]] * doc.pages + [[0, 1]] * (
        doc.pages
    )
    texts = [flat(text) for text in pdf_text(data)]
    assert [slugs(doc)[0] in text for text in texts] == [True] * doc.pages + [False] * doc.pages
    assert [slugs(other)[0] in text for text in texts] == [False] * doc.pages + [True] * doc.pages


INHERITS = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] /Resources << >> >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj
4 0 obj << /Length 26 >> stream
0 0 1 rg 10 10 50 50 re f
endstream endobj
trailer << /Root 1 0 R /Size 5 >>
%%EOF"""
"""A page whose size and resources are its page tree's (the table of offsets is left for the reader to rebuild)."""


def test_a_page_that_inherits_its_size_and_resources_keeps_them_in_a_bundle(sample_build, tmp_path):
    doc = next(d for d in sample_build.documents if d.job.format.name == "poster-letter")
    (tmp_path / "inherits.pdf").write_bytes(INHERITS)
    inherits = replace(doc, path=tmp_path / "inherits.pdf", source="", sha256="inherits", pages=1)
    bundled = assembled(assembly(Bundle("print/x.pdf", "X", (Section("A", (inherits,)),)), False))

    def drawn(data: bytes):
        return pdfium.PdfDocument(data)[0].render(scale=1).to_pil().convert("RGB")

    with pikepdf.open(io.BytesIO(bundled)) as pdf:
        assert [float(v) for v in pdf.pages[0].obj.MediaBox] == [0, 0, 200, 100]
        assert "/Resources" in pdf.pages[0].obj
    assert drawn(bundled).tobytes() == drawn(INHERITS).tobytes()
    assert drawn(bundled).getpixel((30, 70)) == (0, 0, 255)  # the blue square, where the page tree's size puts it


def test_a_section_with_nothing_to_print_gets_no_bookmark(sample_build):
    doc = next(d for d in sample_build.documents if d.job.format.name == "poster-letter")
    data = assembled(assembly(Bundle("print/x.pdf", "X", (Section("Empty", ()), Section("A", (doc,)))), False))
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == ["A"] and len(pdf.pages) == doc.pages
        assert outline.root[0].destination[0] == pdf.pages[0].obj


def test_bundles_are_the_rendered_pages_and_come_out_the_same_bytes_again(sample_build):
    """Made again from the same documents, every bundle is byte-identical; its pages draw what the documents do."""
    kit = load_kit(sample_kit_dir())
    folder = PrintFolder.plan(kit, sample_build.documents, sample_build.reprint, False, Inputs.of(kit))
    for bundle in folder.bundles:
        assert assembled(assembly(bundle, False)) == (sample_build.out / bundle.file).read_bytes(), bundle.file
    with pikepdf.open(sample_build.out / "print/locations/harbor-house.pdf") as pdf:
        assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo
        assert "/StructTreeRoot" not in pdf.Root  # tags stay with the documents; a bundle is for printing
    recorded = json.loads((sample_build.out / "print.json").read_text())["files"]
    assert set(recorded) == {
        p.relative_to(sample_build.out).as_posix() for p in (sample_build.out / "print").rglob("*.pdf")
    }


# ---- run sheets ------------------------------------------------------------------------------------------


def test_a_run_sheet_lists_every_location_of_its_region_with_its_counts(sample_build):
    kit = load_kit(sample_kit_dir())
    for region, places in (("north", NORTH), ("south", SOUTH)):
        text = flat(" ".join(pdf_text(sample_build.out / f"print/run-sheet.{region}.pdf")))
        assert text.startswith(f"Run sheet · {kit.settings.regions[region]['en']}")
        assert f"{len(places)} places" in text
        shown = [loc for loc in kit.locations if loc.name in text]
        assert [loc.id for loc in shown] == places  # this region's, in the kit's order, and no other
        for loc in shown:  # each place's own row: from its name to the next place's
            start = text.index(loc.name)
            following = [text.index(other.name) for other in shown if text.index(other.name) > start]
            row = text[start : min(following, default=len(text))]
            assert loc.id in row
            if isinstance(loc.placement, dict):
                assert flat(loc.placement["en"]) in row
            elif loc.placement:
                assert flat(loc.placement) in row
            pieces = {d.job.piece for d in sample_build.documents if d.job.location.id == loc.id}
            assert row.count("in each language") == len(pieces)
            assert f"{loc.copies} in each language ({loc.copies * 2} in all)" in row
            if "wallet-card" in pieces:
                assert "on 2 sheets of 10" in row  # one sheet in English, one in Spanish
    north = flat(" ".join(pdf_text(sample_build.out / "print/run-sheet.north.pdf")))
    assert "Restroom" in north and "Bus stop or station" in north and "Clinic" in north
    assert "Stall sticker 4 × 6 in English and Spanish 4 in each language (8 in all)" in north
    assert "Inside each stall door, at eye level; labels on the soap dispensers" in north  # the sample's placement


def test_a_run_sheet_passes_the_page_checks(sample_build):
    document = pdfium.PdfDocument(str(sample_build.out / "print/run-sheet.south.pdf"))
    try:
        assert len(document) == 1  # four places fit on one Letter page, landscape
        width, height = document[0].get_size()
        assert (round(width), round(height)) == (792, 612)
    finally:
        document.close()


# ---- copies: one meaning everywhere --------------------------------------------------------------------------


def test_copies_agree_across_manifest_summary_bundles_and_run_sheets(sample_build):
    rows = manifest(sample_build.out)
    pieces: dict[str, dict[tuple[str, str], int]] = {}
    sheets: dict[str, int] = {}
    for row in rows:
        assert int(row["copies"]) == next(
            loc.copies for loc in load_kit(sample_kit_dir()).locations if loc.id == row["location"]
        )
        pieces.setdefault(row["piece"], {})[(row["location"], row["locale"])] = int(row["copies"])
        if row["sheets"]:
            assert row["format"].endswith("-sheet") and row["piece"] != row["format"]
            sheets[row["piece"]] = sheets.get(row["piece"], 0) + int(row["sheets"])
    totals = {piece: sum(by_place.values()) for piece, by_place in pieces.items()}
    assert totals["wallet-card"] == 2 * (
        4 + 6 + 3 + 5 + 2
    )  # counted once, not once for the card and again for the sheet
    summary = sample_build.printed.lines()[0]
    assert summary.startswith("To post at 7 locations: ")
    for piece, total in totals.items():
        extra = f" (on {sheets[piece]} sheet{'s' if sheets[piece] != 1 else ''})" if piece in sheets else ""
        assert f"{total} {piece}{extra}" in summary, (piece, summary)
    (first,) = sample_build.reprint.summary()
    parts = summary.split(": ", 1)[1].split(", ")
    assert first == f"First build: 7 locations, {', '.join(parts[:-1])} and {parts[-1]} copies to print"
    # the bundles' bookmarks say what the manifest says: copies, or sheets for a sheet
    by_file = {row["file"]: row for row in rows}
    for place in NORTH + SOUTH:
        for title, _ in bookmarks(sample_build.out / f"print/locations/{place}.pdf")[0][1]:
            name, locale, count = title.split(" · ")
            row = by_file[f"{place}/{name}.{locale}.pdf"]
            if row["sheets"]:
                plural = "s" if row["sheets"] != "1" else ""
                assert count == f"{row['sheets']} sheet{plural} ({row['copies']} {row['piece']})"
            else:
                assert count == f"{row['copies']} cop{'ies' if row['copies'] != '1' else 'y'}"


def test_jobs_count_pieces_once_however_they_are_printed():
    kit = load_kit(sample_kit_dir())
    place = next(loc for loc in kit.locations if loc.id == "transit-center-restroom")  # copies: 6
    card, sheet = (Job(place, kit.formats[name], "en") for name in ("wallet-card", "wallet-card-sheet"))
    assert (card.copies, card.sheets, card.prints, card.piece) == (6, 0, 6, "wallet-card")
    assert (sheet.copies, sheet.sheets, sheet.prints, sheet.piece) == (6, 1, 1, "wallet-card")
    (counted,) = count_pieces([card, sheet, Job(place, kit.formats["wallet-card-sheet"], "es")])
    assert str(counted) == "12 wallet-card (on 2 sheets)"
    (partly,) = count_pieces([card, Job(place, kit.formats["wallet-card-sheet"], "es")])
    assert str(partly) == "12 wallet-card (6 of them on 1 sheet)"


# ---- which documents, and what a coordinator is told ----------------------------------------------------------


def fake(kit, location: str, names: list[str], locales=("en",)) -> list[Document]:
    place = next(loc for loc in kit.locations if loc.id == location)
    return [
        Document(Job(place, kit.formats[name], locale), 1, f"{name}-{locale}".ljust(64, "0"), Path(name))
        for name in names
        for locale in locales
    ]


def test_office_bundles_take_sheets_print_shops_take_single_cards(make_kit):
    kit = load_kit(
        make_kit(
            {
                "locations.yaml": {
                    "locations": [
                        {
                            "id": "a",
                            "name": "A",
                            "kind": "clinic",
                            "region": "north",
                            "formats": ["wallet-card", "poster-letter", "wallet-card-sheet"],
                        },
                        {
                            "id": "b",
                            "name": "B",
                            "kind": "clinic",
                            "region": "north",
                            "formats": ["poster-letter", "wallet-card"],
                        },
                    ]
                }
            }
        )
    )
    docs = fake(kit, "a", ["wallet-card", "poster-letter", "wallet-card-sheet"]) + fake(
        kit, "b", ["poster-letter", "wallet-card"]
    )
    office = {s.location.id: s for s in selections(kit, docs, print_shop=False)}
    assert [d.job.format.name for d in office["a"].documents] == ["poster-letter", "wallet-card-sheet"]
    assert [d.job.format.name for d in office["b"].documents] == ["poster-letter"]
    assert [d.job.format.name for d in office["b"].left_out] == ["wallet-card"]
    shop = {s.location.id: s for s in selections(kit, docs, print_shop=True)}
    assert [d.job.format.name for d in shop["a"].documents] == ["poster-letter", "wallet-card"]
    assert [d.job.format.name for d in shop["b"].documents] == ["poster-letter", "wallet-card"]
    (warning,) = left_out_warnings(kit, list(office.values()))
    assert str(warning).startswith("locations.yaml:")
    assert warning.severity == "warning" and warning.field == "locations[1].formats"
    assert "b: wallet-card comes only as single cards here, which office printers do not take" in warning.message
    assert "add wallet-card-sheet to the location's formats" in warning.message


def test_reprint_csv_names_the_place_the_file_the_language_and_why(make_kit):
    kit = load_kit(
        make_kit(
            {
                "locations.yaml": {
                    "locations": [
                        {
                            "id": "a",
                            "name": '=HYPERLINK("x") Clinic',
                            "kind": "clinic",
                            "region": "north",
                            "copies": 12,
                            "formats": ["wallet-card-sheet"],
                        }
                    ]
                }
            }
        )
    )
    (sheet,) = fake(kit, "a", ["wallet-card-sheet"], ("es",))
    rows = list(
        csv.reader(
            io.StringIO(
                reprint_csv(
                    Reprint([ReprintRow("a", "wallet-card-sheet", "es", 12, "Hotline's phone changed", sheet.job)])
                ).decode()
            )
        )
    )
    assert rows == [
        ["location", "location_name", "file", "format", "locale", "language", "copies", "sheets", "why"],
        [
            "a",
            '\'=HYPERLINK("x") Clinic',
            "a/wallet-card-sheet.es.pdf",
            "wallet-card-sheet",
            "es",
            "Spanish",
            "12",
            "2",
            "Hotline's phone changed",
        ],
    ]


def test_placement_is_text_of_a_run_sheet_cell(make_kit):
    def place(placement) -> dict:
        return {
            "locations.yaml": {
                "locations": [{"id": "a", "name": "A", "kind": "restroom", "region": "north", "placement": placement}]
            }
        }

    kit = load_kit(make_kit(place({"en": "Inside each stall door", "es": "Dentro de cada puerta"})))
    assert kit.locations[0].placement == {"en": "Inside each stall door", "es": "Dentro de cada puerta"}
    for wrong, said in (
        ("x" * 201, "at most 200 characters"),
        ("", "must not be empty"),
        ({"en": 3}, "non-empty text"),
    ):
        with pytest.raises(KitError) as error:
            load_kit(make_kit(place(wrong), name=f"kit-{len(str(wrong))}"))
        assert said in "\n".join(error.value.lines())


# ---- builds of a small kit: the same bytes twice, a reprint after a phone change, the slug ---------------------

LINE = NORTH_LINE


@pytest.fixture
def small_kit(make_kit):
    return make_kit(
        {
            "outreach.yaml": {
                "organisation": "Test Network",
                "locales": ["en"],
                "phone_region": "US",
                "regions": {"north": "North County", "south": "South County"},
            },
            "services/north-line.yaml": LINE,
            "locations.yaml": {
                "locations": [
                    {
                        "id": "north-clinic",
                        "name": "North Clinic",
                        "kind": "clinic",
                        "region": "north",
                        "copies": 12,
                        "formats": ["poster-letter", "wallet-card", "wallet-card-sheet"],
                        "placement": "<b>Waiting room</b> & front desk",
                    },
                    {
                        "id": "north-stop",
                        "name": "North Stop",
                        "kind": "bus_stop",
                        "region": "north",
                        "copies": 2,
                        "formats": ["poster-letter"],
                    },
                    {
                        "id": "south-clinic",
                        "name": "South Clinic",
                        "kind": "clinic",
                        "region": "south",
                        "copies": 3,
                        "formats": ["poster-letter"],
                    },
                ]
            },
        }
    )


@pytest.mark.render
def test_two_builds_of_the_same_kit_give_identical_bundles_and_run_sheets(small_kit, tmp_path):
    one = build(small_kit, tmp_path / "one", jobs=1)
    build(small_kit, tmp_path / "two", jobs=1)
    made = sorted(p.relative_to(tmp_path / "one").as_posix() for p in (tmp_path / "one/print").rglob("*.pdf"))
    assert made == [
        "print/locations/north-clinic.pdf",
        "print/locations/north-stop.pdf",
        "print/locations/south-clinic.pdf",
        "print/regions/north.pdf",
        "print/regions/south.pdf",
        "print/reprint.pdf",
        "print/run-sheet.north.pdf",
        "print/run-sheet.south.pdf",
    ]
    for name in made + ["print.json"]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    listed = (tmp_path / "one/.outreach-files").read_text().splitlines()
    assert set(made) | {"print.json"} <= set(listed)
    # kit text on the run sheet is text: the placement prints as written
    sheet = flat(" ".join(pdf_text(tmp_path / "one/print/run-sheet.north.pdf")))
    assert "<b>Waiting room</b> & front desk" in sheet
    assert "Wallet card 3.5 × 2 in English 12 on 2 sheets of 10" in sheet
    assert [p.message for p in one.warnings if "single cards" in p.message] == []


@pytest.mark.render
def test_a_phone_change_reprints_exactly_the_documents_that_show_it(small_kit, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(small_kit, out, jobs=1)
    path = small_kit / "services/north-line.yaml"
    path.write_text(yaml.safe_dump({**LINE, "phone": "612-555-0199"}))
    report = build(small_kit, out, jobs=1)

    changed = [(r.location, r.format) for r in report.reprint.rows]
    assert changed == [("north-clinic", f) for f in ("poster-letter", "wallet-card", "wallet-card-sheet")] + [
        ("north-stop", "poster-letter")
    ]
    bundle = out / "print/reprint.pdf"
    expected = [
        doc(report, "north-clinic", "poster-letter", "en"),
        doc(report, "north-clinic", "wallet-card-sheet", "en"),
    ]
    expected.append(doc(report, "north-stop", "poster-letter", "en"))
    assert pdf_text(bundle) == pages_of(expected)  # the single card stays out: its sheet is there
    assert all("612-555-0199" in flat(text) for text in pdf_text(bundle) if "North Line" in text)
    assert [title for title, _ in bookmarks(bundle)] == ["North Clinic (north-clinic)", "North Stop (north-stop)"]
    assert report.reprint.summary() == [
        "North Line's phone changed: 2 locations, 14 poster-letter and 12 wallet-card (on 2 sheets) copies to reprint"
    ]
    assert "print/reprint.pdf: 3 documents, 4 pages" in report.printed.lines()
    with (out / "reprint.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[2] == {
        "location": "north-clinic",
        "location_name": "North Clinic",
        "file": "north-clinic/wallet-card-sheet.en.pdf",
        "format": "wallet-card-sheet",
        "locale": "en",
        "language": "English",
        "copies": "12",
        "sheets": "2",
        "why": "North Line's phone changed",
    }
    # the south region's bundle and both run sheets were the previous build's, not made again
    assert report.printed.made == 4  # north-clinic's and north-stop's bundles, the north bundle, reprint.pdf

    # nothing changed: no reprint.pdf, and the summary says so
    again = build(small_kit, out, jobs=1)
    assert not (out / "print/reprint.pdf").exists()
    assert "No print/reprint.pdf: nothing to reprint." in again.printed.lines()
    assert "print/reprint.pdf" not in (out / ".outreach-files").read_text()
    assert "print/reprint.pdf" not in (out / "print.json").read_text()
    # and a rebuild with nothing changed at all leaves OUT as it is
    before = (out / "print/regions/north.pdf").stat().st_ino
    build(small_kit, out, jobs=1)
    assert (out / "print/regions/north.pdf").stat().st_ino == before


@pytest.mark.render
def test_a_run_sheet_that_cannot_be_made_stops_the_build_and_keeps_the_previous_output(small_kit, tmp_path):
    out = tmp_path / "out"
    build(small_kit, out, jobs=1)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (small_kit / "templates").mkdir()
    (small_kit / "templates/run-sheet.html").write_text("<html><body><p>{{ places[0].name }} 龘</p></body></html>")
    with pytest.raises(BuildError, match="has no glyph"):
        build(small_kit, out, jobs=1)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    (small_kit / "templates/run-sheet.html").write_text('{% extends "builtin/run-sheet.html" %}')
    build(small_kit, out, jobs=1)  # a kit's run-sheet.html is used like any template


class Recording(InlineExecutor):
    """Renders in this process, as --jobs 1 does, what it is handed and hands back pickled, as a pool would; keeps
    every task."""

    def __init__(self) -> None:
        self.given: list = []
        self.shut = False

    def submit(self, fn, /, *args, **kwargs):
        args = pickle.loads(pickle.dumps(args))
        self.given.extend(args)
        return super().submit(lambda *sent: pickle.loads(pickle.dumps(fn(*sent))), *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.shut = True


@pytest.mark.render
def test_run_sheets_are_rendered_on_the_builds_executor_and_reused_when_unchanged(small_kit, tmp_path):
    out, executor = tmp_path / "out", Recording()
    report = build(small_kit, out, executor=executor)
    assert report.peak_worker_memory > 0
    sheets = [task for task in executor.given if isinstance(task, RunSheetTask)]
    assert [task.label for task in sheets] == [
        "run sheet print/run-sheet.north.pdf",
        "run sheet print/run-sheet.south.pdf",
    ]
    assert all(task.locale == "en" and task.roots[0] == str(small_kit) for task in sheets)
    assert len(executor.given) > len(sheets)  # the documents went the same way
    bundles = {task.title: task for task in executor.given if isinstance(task, Assembly)}  # and the bundles
    assert sorted(bundles) == sorted(
        [location.name for location in load_kit(small_kit).locations] + ["North County", "South County", "To reprint"]
    )
    assert next(iter(bundles)) == "To reprint"  # the largest first, while the run sheets are rendered
    for name in ("print/locations/north-clinic.pdf", "print/regions/north.pdf", "print/reprint.pdf"):
        with pikepdf.open(out / name) as pdf:  # each as the documents' pages, one each, in order
            parts = [part for _, section in bundles[pdf.docinfo.Title].sections for part in section]
            assert len(pdf.pages) == sum(len(part.slugs) for part in parts) > 0
    assert not executor.shut  # the caller's executor is the caller's to shut down
    north = (out / "print/run-sheet.north.pdf").read_bytes()
    assert "North Clinic" in flat(" ".join(pdf_text(out / "print/run-sheet.north.pdf")))

    # a phone changes: the documents that show it are rendered again, the run sheets are the previous build's
    (small_kit / "services/north-line.yaml").write_text(yaml.safe_dump({**LINE, "phone": "612-555-0199"}))
    again = Recording()
    report = build(small_kit, out, executor=again)
    assert again.given and not [task for task in again.given if isinstance(task, RunSheetTask)]
    assert report.printed.made == 4 and (out / "print/run-sheet.north.pdf").read_bytes() == north


@pytest.mark.render
def test_print_shop_pages_carry_a_slug_outside_the_trim(make_kit, tmp_path):
    kit = make_kit(
        {
            "outreach.yaml": {"organisation": "Test Network", "locales": ["en"], "regions": {"north": "North County"}},
            "locations.yaml": {
                "locations": [
                    {
                        "id": "clinic-a",
                        "name": "Clinic A",
                        "kind": "clinic",
                        "region": "north",
                        "copies": 4,
                        "formats": ["poster-letter"],
                    },
                    {
                        "id": "clinic-b",
                        "name": "Clinic B",
                        "kind": "clinic",
                        "region": "north",
                        "formats": ["poster-letter"],
                    },
                ]
            },
        }
    )
    build(kit, tmp_path / "out", jobs=1, print_shop=True)
    path = tmp_path / "out/print/regions/north.pdf"
    document = pdfium.PdfDocument(str(path))
    try:
        for index, slug in enumerate(
            ["clinic-a · poster-letter · en · 4 copies", "clinic-b · poster-letter · en · 1 copy"]
        ):
            page = document[index]
            trim, bleed = page.get_trimbox(), page.get_bleedbox()
            assert trim == (0, 0, 612, 792) and bleed == (-9, -9, 621, 801)  # as the document has them
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            assert text.endswith(slug)
            for i in range(text.index(slug), text.index(slug) + len(slug)):
                left, bottom, right, top = textpage.get_charbox(i)
                media = page.get_mediabox()
                assert top < bleed[1] < trim[1], (slug[i - text.index(slug)], top)  # below the trim and the bleed
                assert media[0] <= left and right <= media[2] and media[1] <= bottom  # on the paper
            assert page.get_mediabox()[1] < bleed[1] - 10  # the slug area below the bleed
            assert text_width(slug) < 612
    finally:
        document.close()
    # without the slug, the page is the document's own
    own = pdf_text(tmp_path / "out/clinic-a/poster-letter.en.pdf")[0]
    assert pdf_text(path)[0].replace("clinic-a · poster-letter · en · 4 copies", "").rstrip() == own.rstrip()
