"""The real artefacts of a build of the sample kit: pages, sizes, text, QR codes, the manifest."""

from __future__ import annotations

import csv
import hashlib

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from helpers import flat, pdf_text

from outreach.kit.formats import builtin_formats

FORMATS = builtin_formats()
CONFIDENTIAL = ["1187", "Quiet Harbor", "55409"]


def page_sizes(path) -> list[tuple[float, float]]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [tuple(round(v, 2) for v in document[i].get_size()) for i in range(len(document))]
    finally:
        document.close()


def scan(path, dpi: int = 150) -> list[list[zxingcpp.Result]]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [
            zxingcpp.read_barcodes(document[i].render(scale=dpi / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode)
            for i in range(len(document))
        ]
    finally:
        document.close()


def docs(report, fmt=None, locale=None):
    """The build's documents of a format and locale; never none, so a loop over them cannot pass empty."""
    found = [
        d
        for d in report.documents
        if (fmt is None or d.job.format.name == fmt) and (locale is None or d.job.locale == locale)
    ]
    assert found, f"the build has no {fmt or 'documents'} in {locale or 'any locale'}"
    return found


def test_every_location_gets_its_formats_in_every_locale(sample_build):
    made = {(d.job.location.id, d.job.format.name, d.job.locale) for d in sample_build.documents}
    assert ("library-restroom", "stall-sticker", "es") in made
    assert ("library-restroom", "wallet-card-sheet", "en") in made
    assert ("northside-clinic", "poster-letter", "es") in made
    assert ("main-street-bus-stop", "bus-card", "en") in made
    assert ("main-street-bus-stop", "poster-tabloid", "es") in made
    assert ("harbor-house", "tearoff-letter", "en") in made
    for location in {d.job.location.id for d in sample_build.documents}:
        for locale in ("en", "es"):
            assert any(d.job.location.id == location and d.job.locale == locale for d in sample_build.documents)
    for doc in sample_build.documents:
        assert (sample_build.out / doc.job.location.id / f"{doc.job.format.name}.{doc.job.locale}.pdf").is_file()


@pytest.mark.parametrize(
    "name",
    [
        "poster-letter",
        "poster-tabloid",
        "tearoff-letter",
        "bus-card",
        "stall-sticker",
        "wallet-card",
        "wallet-card-sheet",
    ],
)
def test_page_size_and_count_match_the_catalogue(sample_build, name):
    fmt = FORMATS[name]
    for doc in docs(sample_build, name):
        sizes = page_sizes(sample_build.out / doc.job.file)
        assert sizes == [(round(fmt.width_pt, 2), round(fmt.height_pt, 2))] * len(fmt.pages)
    assert (FORMATS["poster-letter"].width_pt, FORMATS["poster-letter"].height_pt) == (612, 792)
    assert (FORMATS["wallet-card"].width_pt, FORMATS["wallet-card"].height_pt) == (252, 144)


EXPECTED_QR = {
    # The poster and cards carry the first line's phone (the local crisis line, listed
    # before the national hotline); the sticker leads with its text line.
    "poster-letter": "tel:+16125550100",
    "poster-tabloid": "tel:+16125550100",
    "tearoff-letter": "tel:+16125550100",
    "bus-card": "tel:+16125550100",
    "wallet-card": "tel:+16125550100",
    "wallet-card-sheet": "tel:+16125550100",
    "stall-sticker": "sms:+16125550101",
}


@pytest.mark.parametrize("name", list(EXPECTED_QR))
def test_qr_codes_decode_to_the_intended_payload_at_150_dpi(sample_build, name):
    fmt = FORMATS[name]
    for doc in docs(sample_build, name, "en")[:2] + docs(sample_build, name, "es")[:1]:
        pages = scan(sample_build.out / doc.job.file)
        per_page = fmt.sheet.columns * fmt.sheet.rows if fmt.sheet else 1
        for role, results in zip(fmt.pages, pages, strict=True):
            expected = [EXPECTED_QR[name]] * per_page if role in fmt.qr_on else []
            assert sorted(r.text for r in results) == expected, (doc.job.file, role)


def test_qr_symbol_is_a_tenth_of_the_scanning_distance_and_never_under_2_cm(sample_build):
    for name in ("poster-letter", "stall-sticker", "wallet-card", "poster-tabloid"):
        fmt = FORMATS[name]
        doc = docs(sample_build, name, "en")[0]
        pages = scan(sample_build.out / doc.job.file, dpi=300)
        (result,) = [r for page in pages for r in page]
        symbol_mm = (result.position.top_right.x - result.position.top_left.x) / 300 * 25.4  # without quiet zone
        assert result.extra["ECLevel"] in ("M", "Q", "H")
        assert symbol_mm == pytest.approx(fmt.qr_mm, rel=0.05)
        assert symbol_mm >= (fmt.scan_distance_cm or fmt.viewing_distance_cm) / 10 - 0.5
        assert symbol_mm >= 20 - 0.1  # a pixel at 300 dpi is 0.085 mm


def test_the_numbers_and_the_spanish_words_are_in_the_text(sample_build):
    for doc in docs(sample_build, "poster-letter"):
        text = flat(" ".join(pdf_text(sample_build.out / doc.job.file)))
        assert "1-888-373-7888" in text and "233733" in text and "612-555-0100" in text
        if doc.job.locale == "es":
            assert "¿Alguien le obliga a hacer cosas que usted no quiere hacer?" in text
            assert "Línea Nacional contra la Trata de Personas" in text
        else:
            assert "Is someone forcing you to do things you don't want to do?" in text
    sticker = flat(" ".join(pdf_text(sample_build.out / "library-restroom/stall-sticker.es.pdf")))
    assert "Envíe un texto al" in sticker


def test_every_page_carries_the_sample_mark(sample_build):
    for doc in sample_build.documents:
        for page in pdf_text(sample_build.out / doc.job.file):
            assert "SAMPLE" in page, doc.job.file


def test_the_confidential_address_is_in_no_pdf(sample_build):
    for doc in sample_build.documents:
        text = " ".join(pdf_text(sample_build.out / doc.job.file))
        for secret in CONFIDENTIAL:
            assert secret not in text, doc.job.file
        assert b"Quiet Harbor" not in doc.pdf
    # The tabloid posters have room for addresses: the shelter's is withheld, the clinic's printed.
    poster = flat(" ".join(pdf_text(sample_build.out / "eastgate-station/poster-tabloid.en.pdf")))
    assert "Harbor House" in poster and "Call for the address." in poster
    poster = flat(" ".join(pdf_text(sample_build.out / "main-street-bus-stop/poster-tabloid.en.pdf")))
    assert "410 River Road" in poster


def _font_sizes(path) -> list[float]:
    """Type sizes in points. FPDFText_GetFontSize alone reads WeasyPrint's px (16 pt as 21.33): measure() scales."""
    from outreach.render.measure import measure

    return [size for size in measure(path.read_bytes()).sizes if size]


def test_poster_text_is_never_under_16_pt(sample_build):
    for doc in docs(sample_build, "poster-letter"):
        assert min(_font_sizes(sample_build.out / doc.job.file)) >= 16 - 0.01, doc.job.file


def _fonts(path) -> set[tuple[str, bool]]:
    """(base font name, embedded?) of every font that draws text in the PDF."""
    import ctypes

    document = pdfium.PdfDocument(str(path))
    found = set()
    try:
        for i in range(len(document)):
            textpage = document[i].get_textpage()
            for index in range(textpage.count_chars()):
                font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(textpage.raw, index))
                if not font:
                    continue
                buffer = ctypes.create_string_buffer(256)
                pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 256)
                found.add((buffer.value.decode(), bool(pdfium_c.FPDFFont_GetIsEmbedded(font))))
    finally:
        document.close()
    return found


def test_fonts_are_the_bundled_noto_sans_embedded_and_subset(sample_build):
    fonts = _fonts(sample_build.out / docs(sample_build, "poster-letter", "es")[0].job.file)
    assert {name.split("+", 1)[1] for name, _ in fonts} == {
        "Outreach-Sans",
        "Outreach-Sans-Bold",
    }  # the @font-face family
    assert all(embedded for _, embedded in fonts)
    assert all(len(name.split("+", 1)[0]) == 6 for name, _ in fonts)  # ABCDEF+ marks a subset


def test_weasyprint_subsets_fonts_with_harfbuzz():
    from outreach.render.engine import harfbuzz_subsetting

    assert harfbuzz_subsetting(), "install libharfbuzz-subset0 (bash setup.sh does)"


def test_manifest_lists_every_file_with_its_hash(sample_build):
    with (sample_build.out / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(sample_build.documents)
    for row in rows:
        data = (sample_build.out / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        assert int(row["pages"]) == len(FORMATS[row["format"]].pages)
        assert row["trim_size"] == FORMATS[row["format"]].size_label()
    sheet = next(r for r in rows if r["location"] == "transit-center-restroom" and r["format"] == "wallet-card-sheet")
    card = next(r for r in rows if r["location"] == "transit-center-restroom" and r["format"] == "wallet-card")
    # copies are the 6 cards to hand out, the same ones whether printed singly or on a sheet: one sheet of 10
    assert (sheet["piece"], sheet["copies"], sheet["sheets"]) == ("wallet-card", "6", "1")
    assert (card["piece"], card["copies"], card["sheets"]) == ("wallet-card", "6", "")


def test_index_shows_a_thumbnail_of_every_page(sample_build):
    import re

    html = (sample_build.out / "index.html").read_text(encoding="utf-8")
    for doc in sample_build.documents:
        link = re.search(f'<a href="{re.escape(doc.job.file)}">(.*?)</a>', html)
        thumbs = re.findall(r'<img src="([^"]+)"', link.group(1))
        assert len(thumbs) == doc.pages, doc.job.file
        for thumb in thumbs:
            assert (sample_build.out / thumb).read_bytes().startswith(b"\x89PNG")
    # Identical documents share their thumbnails: one per page of each distinct PDF.
    distinct_pages = sum({d.sha256: d.pages for d in sample_build.documents}.values())
    assert len(list((sample_build.out / "thumbs").glob("*.png"))) == distinct_pages


def test_qr_codes_are_vector_paths_not_images(sample_build):
    for name in ("poster-letter", "stall-sticker", "wallet-card"):
        doc = docs(sample_build, name, "en")[0]
        document = pdfium.PdfDocument(doc.pdf)
        try:
            for role, page in zip(FORMATS[name].pages, document, strict=True):
                kinds = {obj.type for obj in page.get_objects(max_depth=5)}
                assert pdfium_c.FPDF_PAGEOBJ_IMAGE not in kinds, doc.job.file
                if role in FORMATS[name].qr_on:
                    assert pdfium_c.FPDF_PAGEOBJ_PATH in kinds
        finally:
            document.close()


def test_the_lines_show_hours_and_languages(sample_build):
    text = flat(" ".join(pdf_text(sample_build.out / "harbor-house/poster-letter.es.pdf")))
    assert "24 horas, todos los días" in text
    # A card says every line's languages; a poster only those of a line that does not answer in its own.
    text = flat(" ".join(pdf_text(sample_build.out / "harbor-house/wallet-card.es.pdf")))
    assert "24 horas, todos los días" in text and "En inglés, español y somalí" in text
    text = flat(" ".join(pdf_text(sample_build.out / "harbor-house/wallet-card.en.pdf")))
    assert "In English, Spanish, and Somali" in text
