"""What must never happen: markup from data, reads outside the kit, network, lost output, drift."""

from __future__ import annotations

import hashlib

import pypdfium2 as pdfium
import pytest
from helpers import HOTLINE, flat, pdf_text

from outreach import BuildError, KitError, build
from outreach.errors import OutreachError
from outreach.kit.formats import builtin_formats, points
from outreach.pages.sheet import back_cells, front_cells
from outreach.pages.views import INK_ALLOWANCE


def only_poster(out):
    return out / "clinic-a" / "poster-letter.en.pdf"


@pytest.mark.render
def test_markup_in_a_service_name_is_printed_literally(make_kit, tmp_path):
    name = '<b>Bold</b> & <img src="https://example.org/x.png"> Co'
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "name": name}})
    report = build(kit, tmp_path / "out", locales=["en"])
    text = flat(" ".join(pdf_text(only_poster(report.out))))
    squeeze = lambda words: words.replace(" ", "")  # noqa: E731  (the name wraps where the page is narrow)
    assert squeeze(name) in squeeze(text)


@pytest.mark.render
def test_rendering_never_fetches_from_the_network(make_kit, tmp_path):
    kit = make_kit(
        {
            "templates/poster.html": (
                '{% extends "builtin/poster.html" %}'
                '{% block body %}<img src="https://example.org/pixel.png">{{ super() }}{% endblock %}'
            )
        }
    )
    with pytest.raises(BuildError, match=r"refused to fetch https://example\.org/pixel\.png"):
        build(kit, tmp_path / "out", locales=["en"])


@pytest.mark.render
def test_rendering_never_reads_outside_the_kit(make_kit, tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG")
    kit = make_kit(
        {
            "templates/poster.html": (
                '{% extends "builtin/poster.html" %}'
                '{% block body %}<img src="' + outside.as_uri() + '">{{ super() }}{% endblock %}'
            )
        }
    )
    with pytest.raises(BuildError, match="outside the kit and the built-in folders"):
        build(kit, tmp_path / "out", locales=["en"])


@pytest.mark.render
def test_a_kit_template_overrides_the_built_in_one(make_kit, tmp_path):
    kit = make_kit(
        {
            "templates/poster.html": (
                '{% extends "builtin/poster.html" %}{% block top %}<p>Designed by the county</p>{% endblock %}'
            )
        }
    )
    report = build(kit, tmp_path / "out", locales=["en"])
    text = flat(" ".join(pdf_text(only_poster(report.out))))
    assert text.index("Designed by the county") < text.index("Is someone forcing you") and "1-888-373-7888" in text


def test_a_missing_template_lists_the_folders_searched(make_kit, tmp_path):
    kit = make_kit({"templates/poster.html": '{% include "nowhere.html" %}'})
    with pytest.raises(BuildError) as caught:
        build(kit, tmp_path / "out", locales=["en"])
    assert "template 'nowhere.html' not found" in caught.value.message
    assert str(kit / "templates") in caught.value.hint


@pytest.mark.render
def test_the_kits_translation_wins_over_the_built_in_one(make_kit, tmp_path):
    kit = make_kit(
        {
            "locales/es/messages.po": (
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\nLanguage: es\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                'msgctxt "verb, before a phone number"\nmsgid "Call"\nmsgstr "Marque al"\n'
            )
        }
    )
    report = build(kit, tmp_path / "out", locales=["es"])
    text = flat(" ".join(pdf_text(report.out / "clinic-a" / "poster-letter.es.pdf")))
    assert "Marque al 1-888-373-7888" in text
    assert "Envíe un texto al" in text  # the rest still comes from the built-in catalogue


def test_a_broken_catalogue_is_a_kit_error_with_its_line(make_kit):
    kit = make_kit({"locales/es/messages.po": 'msgid "Call"\nmsgstr "Llame"\nthis line is not gettext\n'})
    from outreach import load_kit

    with pytest.raises(KitError) as caught:
        load_kit(kit)
    assert str(caught.value.problems[0]).startswith(
        "locales/es/messages.po:3: error: gettext catalogue: this line is not valid gettext: 'this line is not gettext'"
    )


@pytest.mark.render
def test_a_failed_build_leaves_the_previous_output_whole(make_kit, tmp_path):
    kit = make_kit()
    out = tmp_path / "out"
    build(kit, out, locales=["en"])
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    # A kit error: nothing is rendered.
    (kit / "services" / "national-hotline.yaml").write_text("name: [broken\n")
    with pytest.raises(KitError):
        build(kit, out, locales=["en"])
    # A render error after some documents were made: text that cannot fit the poster.
    long = "A very long summary that keeps going. " * 40
    (kit / "services" / "national-hotline.yaml").write_text("")
    import yaml

    (kit / "services" / "national-hotline.yaml").write_text(yaml.safe_dump({**HOTLINE, "name": long}))
    with pytest.raises(BuildError, match="location clinic-a, format poster-letter, locale en: the content needs"):
        build(kit, out, locales=["en"])

    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit", "out"]  # no half-written folders left behind


@pytest.mark.render
def test_the_same_input_gives_byte_identical_pdfs(make_kit, tmp_path):
    kit = make_kit(
        {
            "locations.yaml": {
                "locations": [
                    {"id": "a", "name": "A", "kind": "restroom", "region": "north"},
                ]
            }
        }
    )
    first = build(kit, tmp_path / "one")
    second = build(kit, tmp_path / "two")
    hashes = lambda report: {d.job.file: hashlib.sha256(d.pdf).hexdigest() for d in report.documents}  # noqa: E731
    assert hashes(first) == hashes(second)
    assert len(hashes(first)) == 10  # sticker, card, card sheet, mirror cling, label sheet × en, es
    assert (tmp_path / "one" / "manifest.csv").read_bytes() == (tmp_path / "two" / "manifest.csv").read_bytes()


def test_card_sheet_geometry_is_avery_5371_with_backs_mirrored_for_long_edge_duplex():
    formats = builtin_formats()
    sheet, card = formats["wallet-card-sheet"], formats["wallet-card"]
    fronts, backs = front_cells(sheet, card), back_cells(sheet, card)
    inch = 72
    assert [(c.x, c.y) for c in fronts] == [
        (0.75 * inch + col * 3.5 * inch, 0.5 * inch + row * 2 * inch) for row in range(5) for col in range(2)
    ]
    for front, back in zip(fronts, backs, strict=True):
        assert back.y == front.y
        assert back.x == pytest.approx(8.5 * inch - front.x - 3.5 * inch)
    assert points("85.6mm") == pytest.approx(242.65, abs=0.01)


def test_cards_sit_where_the_geometry_says_on_the_printed_sheet(sample_build):
    """Read the real sheet: where each card's first words and each QR code landed."""
    import zxingcpp

    formats = builtin_formats()
    sheet, card = formats["wallet-card-sheet"], formats["wallet-card"]
    path = sample_build.out / "library-restroom" / "wallet-card-sheet.en.pdf"
    document = pdfium.PdfDocument(str(path))
    try:
        fronts_page = document[0]
        textpage = fronts_page.get_textpage()
        searcher = textpage.search("Need someone to talk")
        starts = []
        while (match := searcher.get_next()) is not None:
            left, _, _, top = textpage.get_charbox(match[0])
            starts.append((round(left), round(792 - top)))
        # the card's padding: its safe margin (0.125 in), and the ink allowance above the first line
        top = 9 + points(INK_ALLOWANCE)
        expected_fronts = {(round(c.x + 9), round(c.y + top)) for c in front_cells(sheet, card)}
        assert len(starts) == 10
        for x, y in starts:
            assert any(abs(x - ex) <= 1.5 and abs(y - ey) <= 4 for ex, ey in expected_fronts), (x, y)

        dpi = 150
        image = document[1].render(scale=dpi / 72).to_pil()
        codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        assert len(codes) == 10
        quiet = 4 * card.qr_mm / 25 * 72 / 25.4  # the quiet zone drawn around a 25-module symbol of qr_mm
        qr_lefts = sorted(round(r.position.top_left.x * 72 / dpi - quiet) for r in codes)
        expected_backs = sorted(round(c.x + 9) for c in back_cells(sheet, card))
        assert all(abs(a - b) <= 1.5 for a, b in zip(qr_lefts, expected_backs, strict=True))
    finally:
        document.close()


def test_a_template_mistake_is_reported_not_a_traceback(make_kit, tmp_path):
    kit = make_kit({"templates/poster.html": "{{ 1 + 'a' }}"})
    with pytest.raises(BuildError, match=r"template 'poster\.html' failed: TypeError"):
        build(kit, tmp_path / "out", locales=["en"])
    kit = make_kit({"templates/poster.html": "{% if %}"}, name="k2")
    with pytest.raises(BuildError, match=r"poster.html:1: template error"):
        build(kit, tmp_path / "out", locales=["en"])


def test_what_a_killed_build_left_is_tidied_and_a_moved_aside_output_put_back(tmp_path):
    from outreach.output import Staging

    out = tmp_path / "out"
    (tmp_path / ".out.new-killed").mkdir()
    (tmp_path / ".out.new-killed" / "half.pdf").write_bytes(b"%PDF half")
    (tmp_path / ".out.old-killed" / "previous").mkdir(parents=True)  # killed between the two renames
    (tmp_path / ".out.old-killed" / "previous" / "manifest.csv").write_text("the previous build")
    staging = Staging(out)
    staging.discard()
    assert (out / "manifest.csv").read_text() == "the previous build"  # put back, never deleted
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing else left, the lock included


def test_two_builds_never_write_the_same_output_at_once(tmp_path):
    from outreach.output import Staging

    first = Staging(tmp_path / "out")
    try:
        with pytest.raises(OutreachError, match="another outreach build is writing"):
            Staging(tmp_path / "out")
    finally:
        first.discard()
    Staging(tmp_path / "out").discard()  # free again once the first is done


@pytest.mark.render
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_no_temporary_folder_outlives_a_build(make_kit, tmp_path, jobs):
    import os
    import subprocess
    import sys

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    built = subprocess.run(
        [sys.executable, "-m", "outreach", "build", str(make_kit()), "-o", str(tmp_path / "out"), "--jobs", jobs],
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in temporary.iterdir()) == []  # WeasyPrint's font folders included


@pytest.mark.render
def test_a_picture_that_failed_fails_every_page_that_uses_it(tmp_path):
    """WeasyPrint remembers a picture it could not load, and would leave it out of a worker's next page silently."""
    from outreach.render.engine import Renderer

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "broken.png").write_bytes(b"not a picture")
    renderer = Renderer([tmp_path])
    try:
        for _ in range(2):
            with pytest.raises(BuildError, match=r"Failed to load image at .*broken\.png"):
                renderer.render('<img alt="" src="assets/broken.png">', tmp_path.as_uri() + "/", "page")
    finally:
        renderer.close()


@pytest.mark.render
def test_a_font_that_does_not_load_fails_the_page_naming_it(tmp_path):
    """A kit's @font-face whose file is not a font: WeasyPrint would print the text in another font, and say so only
    as a warning."""
    from outreach.render.engine import Renderer

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "broken.woff2").write_bytes(b"not a font")
    page = '<style>@font-face { font-family: Kit; src: url("assets/broken.woff2") } p { font-family: Kit }</style>'
    renderer = Renderer([tmp_path])
    try:
        with pytest.raises(BuildError, match=r"page: Font-face 'Kit' cannot be loaded"):
            renderer.render(page + "<p>Call 612-555-0100</p>", tmp_path.as_uri() + "/", "page")
    finally:
        renderer.close()
