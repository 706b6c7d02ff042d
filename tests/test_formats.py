"""Every format in the catalogue, in office and print-shop mode: boxes, sheets, tabs, variants."""

from __future__ import annotations

import csv
import ctypes
import subprocess
import sys

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from helpers import HOTLINE, flat, pdf_text
from typer.testing import CliRunner

from outreach import build
from outreach.cli import app
from outreach.kit.formats import builtin_formats
from outreach.pages.sheet import back_cells, front_cells

FORMATS = builtin_formats()
ALL = list(FORMATS)
LOCAL_LINE = {
    **HOTLINE,
    "name": "Lakeside Crisis Line",
    "phone": "612-555-0100",
    "text": "612-555-0101",
    "regions": ["north"],
}


@pytest.fixture(scope="session")
def every_format(tmp_path_factory):
    """One location with every format, built in both modes."""
    from helpers import MINIMAL_SETTINGS, write_tree

    root = tmp_path_factory.mktemp("formats")
    kit = write_tree(
        root / "kit",
        {
            "outreach.yaml": MINIMAL_SETTINGS,
            "services/national-hotline.yaml": HOTLINE,
            "services/crisis-line.yaml": LOCAL_LINE,
            "locations.yaml": {
                "locations": [
                    {
                        "id": "everything",
                        "name": "All",
                        "kind": "other",
                        "region": "north",
                        "formats": ALL,
                        "locales": ["en"],
                    },
                    {
                        "id": "quiet",
                        "name": "Quiet",
                        "kind": "restroom",
                        "region": "north",
                        "variant": "discreet",
                        "formats": ["stall-sticker", "wallet-card"],
                        "locales": ["en", "es"],
                    },
                ]
            },
        },
    )
    return {"office": build(kit, root / "office"), "print-shop": build(kit, root / "shop", print_shop=True), "kit": kit}


def boxes(path) -> list[dict[str, list[float]]]:
    document = pdfium.PdfDocument(str(path))
    found = []
    try:
        for page in document:
            entry = {}
            for name, getter in (
                ("media", pdfium_c.FPDFPage_GetMediaBox),
                ("trim", pdfium_c.FPDFPage_GetTrimBox),
                ("bleed", pdfium_c.FPDFPage_GetBleedBox),
            ):
                values = [ctypes.c_float() for _ in range(4)]
                if getter(page.raw, *(ctypes.byref(v) for v in values)):
                    entry[name] = [round(v.value, 2) for v in values]
            found.append(entry)
    finally:
        document.close()
    return found


@pytest.mark.parametrize("mode", ["office", "print-shop"])
@pytest.mark.parametrize("name", ALL)
def test_page_boxes_in_points(every_format, mode, name):
    fmt = FORMATS[name]
    w, h = round(fmt.width_pt, 2), round(fmt.height_pt, 2)
    b = round(fmt.bleed_pt, 2) if mode == "print-shop" else 0
    path = every_format[mode].out / "everything" / f"{name}.en.pdf"
    pages = boxes(path)
    assert len(pages) == len(fmt.pages)
    for page in pages:
        assert page["media"] == pytest.approx([-b, -b, w + b, h + b], abs=0.02)
        if mode == "print-shop":
            assert page["trim"] == pytest.approx([0, 0, w, h], abs=0.02)
            assert page["bleed"] == pytest.approx([-b, -b, w + b, h + b], abs=0.02)


def test_us_and_iso_bleeds(every_format):
    assert FORMATS["wallet-card"].bleed_pt == pytest.approx(9)  # 0.125 in
    assert FORMATS["wallet-card-iso"].bleed_pt == pytest.approx(8.50, abs=0.01)  # 3 mm
    assert FORMATS["poster-a4"].bleed_pt == pytest.approx(8.50, abs=0.01)


@pytest.mark.parametrize("mode", ["office", "print-shop"])
@pytest.mark.parametrize("name", ALL)
def test_the_qr_code_decodes_on_every_format(every_format, mode, name):
    fmt = FORMATS[name]
    document = pdfium.PdfDocument(str(every_format[mode].out / "everything" / f"{name}.en.pdf"))
    try:
        for role, page in zip(fmt.pages, document, strict=True):
            if role not in fmt.qr_on:
                continue
            codes = zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode)
            count = fmt.sheet.columns * fmt.sheet.rows if fmt.sheet else 1
            expected = "sms:+16125550101" if fmt.qr[0] == "sms" else "tel:+16125550100"
            assert [c.text for c in codes] == [expected] * count
    finally:
        document.close()


def test_a4_sheet_geometry_is_ten_id1_cards_centred():
    sheet, card = FORMATS["wallet-card-iso-sheet"], FORMATS["wallet-card-iso"]
    mm = 72 / 25.4
    cells = front_cells(sheet, card)
    assert [(round(c.x / mm, 2), round(c.y / mm, 2)) for c in cells] == [
        (round(19.4 + col * 85.6, 2), round(13.5 + row * 54, 2)) for row in range(5) for col in range(2)
    ]
    right = max(c.x + c.width for c in cells)
    bottom = max(c.y + c.height for c in cells)
    assert sheet.width_pt - right == pytest.approx(cells[0].x, abs=0.5)
    assert sheet.height_pt - bottom == pytest.approx(cells[0].y, abs=0.5)


@pytest.mark.parametrize("flip", ["long-edge", "short-edge"])
@pytest.mark.parametrize("name", ["wallet-card-sheet", "wallet-card-iso-sheet"])
def test_each_back_lands_behind_its_front(name, flip):
    sheet = FORMATS[name]
    card = FORMATS[sheet.sheet.card]
    for front, back in zip(front_cells(sheet, card), back_cells(sheet, card, flip), strict=True):
        if flip == "long-edge":  # turned about the vertical axis
            assert back.x == pytest.approx(sheet.width_pt - front.x - front.width, abs=0.5)
            assert back.y == pytest.approx(front.y, abs=0.5)
        else:  # turned about the horizontal axis
            assert back.x == pytest.approx(front.x, abs=0.5)
            assert back.y == pytest.approx(sheet.height_pt - front.y - front.height, abs=0.5)


def _qr_boxes(page, dpi=150) -> list[tuple[float, float]]:
    codes = zxingcpp.read_barcodes(page.render(scale=dpi / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode)
    return sorted((c.position.top_left.x * 72 / dpi, c.position.top_left.y * 72 / dpi) for c in codes)


@pytest.mark.render
def test_the_printed_backs_follow_the_duplex_flip(tmp_path, make_kit):
    """On the real sheet, every back's QR code sits inside the cell the flip puts it in, at the same offset."""
    kit = make_kit(
        {
            "locations.yaml": {
                "locations": [
                    {
                        "id": "a",
                        "name": "A",
                        "kind": "restroom",
                        "region": "north",
                        "formats": ["wallet-card-iso-sheet"],
                        "locales": ["en"],
                    },
                ]
            }
        }
    )
    sheet, card = FORMATS["wallet-card-iso-sheet"], FORMATS["wallet-card-iso"]
    for flip in ("long-edge", "short-edge"):
        report = build(kit, tmp_path / flip, duplex=flip)
        document = pdfium.PdfDocument(report.documents[0].pdf)
        try:
            found = _qr_boxes(document[1])
        finally:
            document.close()
        assert len(found) == 10
        offsets = []
        for cell in back_cells(sheet, card, flip):
            ((x, y),) = [
                (x, y) for x, y in found if cell.x <= x < cell.x + cell.width and cell.y <= y < cell.y + cell.height
            ]
            offsets.append((x - cell.x, y - cell.y))
        assert max(o[0] for o in offsets) - min(o[0] for o in offsets) < 1.0
        assert max(o[1] for o in offsets) - min(o[1] for o in offsets) < 1.0


def test_tear_off_tabs_carry_the_text_line_and_number_rotated(every_format):
    fmt = FORMATS["tearoff-letter"]
    document = pdfium.PdfDocument(str(every_format["office"].out / "everything" / "tearoff-letter.en.pdf"))
    try:
        textpage = document[0].get_textpage()
        found = []
        searcher = textpage.search("612-555-0101")
        while (match := searcher.get_next()) is not None:
            index = match[0]
            left, bottom, _, _ = textpage.get_charbox(index)
            angle = pdfium_c.FPDFText_GetCharAngle(textpage.raw, index)
            found.append((left, bottom, round(angle * 180 / 3.14159)))
    finally:
        document.close()
    tabs = [f for f in found if f[2] in (90, 270)]
    assert len(tabs) == fmt.tabs == 8
    margin = fmt.safe_margin_pt
    tab_width = (fmt.width_pt - 2 * margin) / fmt.tabs  # the tabs span the safe area, edge to edge
    assert sorted(int((left - margin) // tab_width) for left, _, _ in tabs) == list(range(8))  # one per tab
    assert all(margin <= bottom < fmt.tab_height_pt for _, bottom, _ in tabs)  # in the strip, off the edge
    text = flat(pdf_text(every_format["office"].out / "everything" / "tearoff-letter.en.pdf")[0])
    assert text.count("Text 612-555-0101") >= 8  # the line that answers in English leads with its text


def test_the_discreet_front_never_says_trafficking(every_format):
    for name in ("stall-sticker", "wallet-card"):
        for locale in ("en", "es"):
            front = pdf_text(every_format["office"].out / "quiet" / f"{name}.{locale}.pdf")[0].lower()
            assert "traffick" not in front and "trata" not in front, (name, locale)
            assert "233733" in front  # the national text line is still there
    # A card is carried away: even at a location that is not discreet, it never names its purpose.
    card = pdf_text(every_format["office"].out / "everything" / "wallet-card.en.pdf")
    assert "traffick" not in " ".join(card).lower() and "233733" in card[0]
    standard = pdf_text(every_format["office"].out / "everything" / "stall-sticker.en.pdf")[0]
    assert "Trafficking" in standard  # the standard sticker names the hotline


def test_two_builds_in_two_processes_give_equal_hashes(every_format, tmp_path):
    kit = every_format["kit"]
    for name in ("one", "two"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "outreach",
                "build",
                str(kit),
                "-o",
                str(tmp_path / name),
                "--print-shop",
                "--quiet",
            ],
            check=True,
            capture_output=True,
        )
    read = lambda name: {r["file"]: r["sha256"] for r in csv.DictReader((tmp_path / name / "manifest.csv").open())}  # noqa: E731
    assert read("one") == read("two")
    shop = {d.job.file: d.sha256 for d in every_format["print-shop"].documents}
    assert read("one") == shop


@pytest.mark.render
def test_a_kit_defined_format_is_listed_and_builds(make_kit, tmp_path):
    kit = make_kit(
        {
            "outreach.yaml": {
                "organisation": "Test",
                "locales": ["en"],
                "regions": {"north": "North"},
                "formats": {
                    "poster-legal": {
                        "title": "Legal-size poster",
                        "width": "8.5in",
                        "height": "14in",
                        "pages": ["front"],
                        "template": "poster.html",
                        "min_font_pt": 16,
                        "viewing_distance_cm": 50,
                        "qr": ["sms", "tel"],
                        "qr_on": ["front"],
                    },
                    "wallet-card": {"scan_distance_cm": 25},
                },
            },
            "locations.yaml": {
                "locations": [
                    {
                        "id": "a",
                        "name": "A",
                        "kind": "clinic",
                        "region": "north",
                        "formats": ["poster-legal", "wallet-card"],
                    }
                ]
            },
        }
    )
    listing = CliRunner().invoke(app, ["formats", str(kit)], terminal_width=240)
    assert listing.exit_code == 0
    line = next(line for line in listing.stdout.splitlines() if line.startswith("poster-legal"))
    assert "8.5in × 14in" in line and "Legal-size poster" in line
    assert "25 mm" in next(line for line in listing.stdout.splitlines() if line.startswith("wallet-card "))
    report = build(kit, tmp_path / "out")
    (legal,) = [d for d in report.documents if d.job.format.name == "poster-legal"]
    assert boxes(report.out / legal.job.file)[0]["media"] == pytest.approx([0, 0, 612, 1008], abs=0.02)
    document = pdfium.PdfDocument(legal.pdf)
    try:
        codes = zxingcpp.read_barcodes(document[0].render(scale=150 / 72).to_pil())
    finally:
        document.close()
    assert [c.text for c in codes] == ["sms:233733"]


def test_a_bad_kit_format_is_reported_with_its_line(make_kit):
    from outreach import KitError, load_kit

    kit = make_kit(
        {
            "outreach.yaml": (
                "organisation: T\nlocales: [en]\nregions: {north: North}\nformats:\n"
                "  poster-letter:\n    width: 8.5 inches\n"
            )
        }
    )
    with pytest.raises(KitError) as caught:
        load_kit(kit)
    assert [str(p) for p in caught.value.problems] == [
        "outreach.yaml:6: error: formats.poster-letter.width: '8.5 inches' is not a length; write e.g. 8.5in, 85.6mm or 612pt"
    ]
