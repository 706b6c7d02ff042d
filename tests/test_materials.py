"""Materials that work where they hang, measured on the printed PDFs of the sample kit in every built-in
language (outreach.render.metrics): numbers sized for the distance, QR symbols for the scanning distance,
pages filled, text inside the safe margin, channels that answer in the page's language first, pictograms."""

from __future__ import annotations

from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from babel.messages.pofile import read_po
from helpers import HOTLINE, LOCALES, SAMPLE_FORMATS, SAMPLE_LOCALES, SAMPLE_LOCATIONS, STALL_ONLY, flat, pdf_text

from outreach import BuildError, build, load_kit
from outreach.i18n.catalogues import translations
from outreach.kit.formats import NUMBER_FLOOR_MM_PER_M, NUMBER_MM_PER_M, OFFICE_MARGIN_MM, Format
from outreach.pages.sheet import cells_box
from outreach.paths import sample_kit_dir
from outreach.render import metrics

EMPHASIS = 1.5
"""Every printed phone number is at least this many times the body size."""
BLANK = 0.105
"""No blank rectangle covers more than about a tenth of the safe area. The type scale kept is a rung of a ladder
2 % apart (outreach.render.fit), and between two rungs a short heading's blank beside it moves by about half a
percent of the area: the Chinese wallet card's front measures 10.1 % on the rung it keeps."""
INK_EM = 0.1
"""Glyph ink may reach this far past a line's box (Noto Sans's J starts 0.078 em left of its origin)."""


@cache
def _kit():
    return load_kit(sample_kit_dir())


def _displays() -> list[str]:
    return [
        c.display for found in _kit().contacts.values() for c in found.values() if any(ch.isdigit() for ch in c.display)
    ]


def _by_uri() -> dict[str, str]:
    return {c.uri: c.display for found in _kit().contacts.values() for c in found.values()}


@pytest.fixture(scope="module")
def documents(sample_build, every_locale):
    """One document of every sample format in every built-in locale, with its pages measured."""
    chosen = {}
    for doc in sample_build.documents + every_locale.documents:
        if doc.job.location.id in SAMPLE_LOCATIONS:
            chosen.setdefault((doc.job.format.name, doc.job.locale), doc)
    assert len(chosen) == len(SAMPLE_FORMATS) * (len(SAMPLE_LOCALES) + len(LOCALES))  # en, es and every_locale's
    return [(doc, metrics.characters(doc.pdf)) for _, doc in sorted(chosen.items())]


def _card(doc) -> Format:
    fmt = doc.job.format
    return _kit().formats[fmt.sheet.card] if fmt.sheet else fmt


def _strip(fmt: Format, page: metrics.PageChars) -> metrics.Box:
    return metrics.Box(0, page.height - fmt.tab_height_pt, page.width, page.height)


@pytest.mark.render
def test_the_number_the_qr_code_reaches_is_sized_for_the_reading_distance(documents):
    """8 mm of digit height per metre where the page allows (English and Spanish: always), never under 5."""
    by_uri = _by_uri()
    for doc, pages in documents:
        card = _card(doc)
        metres = card.viewing_distance_cm / 100
        lead = next(by_uri[s.text] for page_symbols in metrics.qr_symbols(doc.pdf) for s in page_symbols)
        tallest = max(n.digit_mm for page in pages for n in metrics.numbers(page, [lead]))
        assert tallest >= NUMBER_FLOOR_MM_PER_M * metres, (doc.job.file, lead, tallest)
        if doc.job.locale in ("en", "es"):
            assert tallest >= NUMBER_MM_PER_M * metres - 0.1, (doc.job.file, lead, tallest)


@pytest.mark.render
def test_every_printed_phone_number_is_half_again_the_body_size(documents):
    for doc, pages in documents:
        fmt = doc.job.format
        for page in pages:
            areas = [metrics.Box(0, 0, page.width, page.height - fmt.tab_height_pt)]
            areas += [_strip(fmt, page)] if fmt.tabs else []
            for area in areas:
                body = metrics.body_size(page, area)
                found = [n for n in metrics.numbers(page, _displays()) if area.holds(n.box)]
                assert body and found, (doc.job.file, area)
                for number in found:  # the body size is counted to 0.1 pt
                    assert number.size >= EMPHASIS * (body - 0.05) - 0.01, (doc.job.file, number.display, number.size)


@pytest.mark.render
def test_qr_symbols_are_a_tenth_of_the_scanning_distance_and_inside_the_safe_margin(documents):
    for doc, pages in documents:
        fmt, card = doc.job.format, _card(doc)
        symbols = [s for page_symbols in metrics.qr_symbols(doc.pdf) for s in page_symbols]
        per_page = fmt.sheet.columns * fmt.sheet.rows if fmt.sheet else 1
        assert len(symbols) == per_page, doc.job.file
        for symbol in symbols:
            assert symbol.side_mm >= (card.scan_distance_cm or card.viewing_distance_cm) - 0.5, (doc.job.file, symbol)
            safe = fmt.safe_margin_pt
            assert min(symbol.box.left, symbol.box.top) >= safe - 1, (doc.job.file, symbol.box)
            assert pages[0].width - symbol.box.right >= safe - 1 and pages[0].height - symbol.box.bottom >= safe - 1


def _fill_area(fmt: Format, page: metrics.PageChars) -> metrics.Box:
    """What a page must fill: its safe area; on a sheet, the block of its cards (the label stock's margin
    around them is not page, and on die-cut stock it is peeled away)."""
    if fmt.sheet:
        return metrics.Box(*cells_box(fmt, _kit().formats[fmt.sheet.card]))
    safe = fmt.safe_margin_pt
    return metrics.Box(safe, safe, page.width - safe, page.height - safe)


@pytest.mark.render
def test_no_page_leaves_a_blank_block_over_a_tenth_of_its_safe_area(documents):
    blank_pages = []
    for doc, pages in documents:
        for number, blank in enumerate(metrics.largest_blank(doc.pdf, _fill_area(doc.job.format, pages[0])), start=1):
            if blank.fraction > BLANK:
                blank_pages.append((doc.job.file, number, round(blank.fraction, 3), blank.box))
    assert blank_pages == []


@pytest.mark.render
def test_text_stays_inside_the_safe_margin_and_away_from_office_paper_edges(documents):
    for doc, pages in documents:
        fmt = doc.job.format
        for page in pages:
            edge = metrics.edge_distance(page)
            assert edge is not None
            ink_mm = INK_EM * page.sizes[edge.at] * 25.4 / 72
            assert edge.mm >= fmt.safe_margin_pt / (72 / 25.4) - ink_mm, (doc.job.file, edge)
            if fmt.office:
                assert edge.mm >= OFFICE_MARGIN_MM, (doc.job.file, edge)


ANSWERS = {"en": "612-555-0101", "en-XA": "612-555-0101", "es": "612-555-0101", "so": "612-555-0101"}
"""The crisis line's text line answers in English (and the pseudo-locale, English in disguise), Spanish and
Somali; in any other language the page leads with the national hotline's calls, which have interpreters."""


@pytest.mark.render
def test_each_page_leads_with_a_way_of_reaching_help_that_answers_in_its_language(documents):
    for doc, pages in documents:
        locale, name = doc.job.locale, doc.job.format.name
        numbers = sorted((n for page in pages for n in metrics.numbers(page, _displays())), key=lambda n: -n.size)
        lead = numbers[0].display
        if name in ("stall-sticker", "mirror-cling", "small-label-sheet"):  # a text line first where one answers
            assert lead == ANSWERS.get(locale, "1-888-373-7888"), (doc.job.file, lead)
        elif name in ("poster-letter", "poster-tabloid", "tearoff-letter", "bus-card"):  # calls first
            expected = "612-555-0100" if locale in ANSWERS else "1-888-373-7888"
            assert lead == expected, (doc.job.file, lead)


@pytest.mark.render
def test_who_answers_is_said_in_the_page_language(every_locale):
    sticker = next(d for d in every_locale.documents if d.job.file == "library-restroom/stall-sticker.so.pdf")
    text = flat(" ".join(pdf_text(sticker.pdf)))
    somali = translations("so", None)
    assert flat(somali.gettext("Interpreters available")) in text  # the national hotline's calls
    spanish_and_english = somali.gettext("In %(languages)s") % {"languages": "Ingiriisi iyo Isbaanish"}
    assert flat(spanish_and_english) in text  # its text line and TTY answer in English and Spanish only


def _hotline_only(make_kit, **service):
    return make_kit(
        {
            "services/national-hotline.yaml": {**HOTLINE, **service},
            "locations.yaml": STALL_ONLY,
        }
    )


@pytest.mark.render
def test_a_text_keyword_and_tty_print_as_readers_expect_and_the_qr_code_carries_the_keyword(make_kit, tmp_path):
    kit = _hotline_only(make_kit, text_keyword="HELP", tty="711", interpreters=True, text_languages=["en", "es"])
    (doc,) = build(kit, tmp_path / "out").documents
    text = flat(" ".join(pdf_text(doc.pdf)))
    assert "Text HELP to 233733" in text and "TTY/relay 711" in text and "Interpreters available" in text
    assert [s.text for s in metrics.qr_symbols(doc.pdf)[0]] == ["sms:233733?body=HELP"]


@pytest.mark.render
def test_a_number_too_small_for_its_distance_fails_naming_format_number_and_size(make_kit, tmp_path):
    kit = _hotline_only(make_kit)
    (kit / "outreach.yaml").write_text(
        (kit / "outreach.yaml").read_text() + "formats:\n  stall-sticker:\n    viewing_distance_cm: 600\n"
    )
    with pytest.raises(BuildError) as caught:
        build(kit, tmp_path / "out")
    message = caught.value.message
    assert "format stall-sticker" in message and "233733 prints with" in message and "mm digits" in message
    assert "read from 6 m it needs at least 30.0 mm" in message
    assert not (tmp_path / "out").exists()


@pytest.mark.render
def test_a_template_that_draws_the_qr_code_too_small_fails(make_kit, tmp_path):
    kit = _hotline_only(make_kit)
    override = (
        '{% extends "builtin/stall-sticker.html" %}'
        "{% block style %}{{ super() }} .qr { width: 12mm; height: 12mm; }{% endblock %}"
    )
    (kit / "templates").mkdir()
    (kit / "templates" / "stall-sticker.html").write_text(override)
    with pytest.raises(BuildError, match=r"the QR code prints \d+\.\d mm wide; .* it needs 30 mm"):
        build(kit, tmp_path / "out")


def _icon_columns(pdf: bytes, number: metrics.NumberSize, rtl: bool) -> tuple[float, float]:
    """Where the pictogram beside a number is, and the horizontal centre of its ink within its own box."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        height = page.get_size()[1]
        icons = []
        for obj in page.get_objects(max_depth=6):
            if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            # get_bounds since pypdfium2 5, get_pos before
            left, bottom, right, top = (obj.get_bounds if hasattr(obj, "get_bounds") else obj.get_pos)()
            box = metrics.Box(left, height - top, right, height - bottom)
            square = 0.6 < box.width / max(box.height, 0.01) < 1.6 and 4 < box.height < number.box.height * 1.2
            same_line = box.bottom > number.box.top - number.box.height and box.top < number.box.bottom
            if square and same_line:
                icons.append(box)
        nearest = min(
            icons, key=lambda b: abs((b.left if rtl else b.right) - (number.box.right if rtl else number.box.left))
        )
        image = (
            page.render(
                scale=600 / 72,
                crop=(nearest.left, height - nearest.bottom, page.get_size()[0] - nearest.right, nearest.top),
            )
            .to_pil()
            .convert("L")
        )
    finally:
        document.close()
    ink = [(x, 255 - image.getpixel((x, y))) for x in range(image.width) for y in range(image.height)]
    centre = sum(x * w for x, w in ink) / max(1, sum(w for _, w in ink)) / image.width
    return (nearest.left + nearest.right) / 2, centre


@pytest.mark.render
def test_a_pictogram_stands_before_each_number_and_turns_round_on_right_to_left_pages(documents):
    """The handset sits before "Call 1-888-373-7888" in reading order, and is mirrored in Arabic."""
    found = {}
    for doc, pages in documents:
        if doc.job.format.name == "poster-letter" and doc.job.locale in ("en", "ar"):
            rtl = doc.job.locale == "ar"
            number = next(n for n in metrics.numbers(pages[0], ["1-888-373-7888"]))
            where, centre = _icon_columns(doc.pdf, number, rtl)
            assert (where > number.box.right) if rtl else (where < number.box.left), doc.job.file
            found[doc.job.locale] = centre
    assert found["en"] < 0.5 < found["ar"] or found["ar"] < 0.5 < found["en"], found  # the handset faces the other way


def test_the_built_in_copy_promises_nothing_that_is_not_true_for_every_reader():
    # what prints: the messages themselves, not the comments to translators (which may say an address is kept
    # confidential)
    printed = [
        str(m.id).lower() for m in read_po((sample_kit_dir().parent / "locales" / "messages.pot").open("rb")) if m.id
    ]
    words = " ".join(" ".join(printed).split())
    for promise in ("private", "confidential", "you decide what happens", "delete the messages"):
        assert promise not in words, promise
    assert "you choose what to share" in words and "delete the conversation if it is not safe to keep" in words


@pytest.mark.render
def test_the_formats_for_places_people_are_alone_print_and_scan(sample_build):
    cling = next(d for d in sample_build.documents if d.job.file == "library-restroom/mirror-cling.en.pdf")
    sheet = next(d for d in sample_build.documents if d.job.file == "library-restroom/small-label-sheet.en.pdf")
    assert metrics.characters(cling.pdf)[0].width == pytest.approx(5 * 72) and cling.pages == 1
    (labels,) = metrics.qr_symbols(sheet.pdf)
    assert len(labels) == 30 and {s.text for s in labels} == {"sms:+16125550101"}
