"""Every language on paper: whole scripts, the right direction, no missing glyphs, nothing overflowing."""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from helpers import HOTLINE, LOCALES, SAMPLE_FORMATS, flat, pdf_text

from outreach import BuildError, KitError, build
from outreach.i18n.catalogues import translations
from outreach.kit.formats import builtin_formats

HEADLINE = "Is someone forcing you to do things you don't want to do?"
FORMATS = builtin_formats()
SCRIPT = {"ar": "ARABIC", "am": "ETHIOPIC", "ksw": "MYANMAR", "zh-Hans": "CJK"}


def _docs(report, locale):
    found = [d for d in report.documents if d.job.locale == locale]
    assert found, f"the build has no {locale} documents"
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_builds_every_format_with_its_words_and_a_readable_qr_code(every_locale, locale):
    docs = _docs(every_locale, locale)
    assert {d.job.format.name for d in docs} == SAMPLE_FORMATS
    headline = translations(locale, None).gettext(HEADLINE)
    for doc in docs:
        pages = pdf_text(doc.pdf)
        assert len(pages) == len(doc.job.format.pages)
        text = flat(" ".join(pages))
        if doc.job.format.name == "poster-letter":
            if locale in ("ar", "ksw"):  # complex scripts extract in glyph order: compare the letters
                assert set(headline) <= set(text), doc.job.file
            else:
                assert flat(headline) in text, doc.job.file
            assert "1-888-373-7888" in text and "612-555-0100" in text
        if locale in SCRIPT:
            assert any(SCRIPT[locale] in unicodedata.name(c, "") for c in text), doc.job.file
    sticker = next(d for d in docs if d.job.format.name == "stall-sticker")
    image = pdfium.PdfDocument(sticker.pdf)[0].render(scale=150 / 72).to_pil()
    # The crisis line's texts are answered in English, Spanish and Somali; in other languages the sticker
    # leads with the national hotline's calls, which have interpreters, and its code calls that number.
    expected = "sms:+16125550101" if locale in ("so", "en-XA") else "tel:+18883737888"
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [expected]


def test_pages_from_unreviewed_catalogues_carry_the_draft_mark(every_locale, sample_build):
    for doc in every_locale.documents + sample_build.documents:
        for page in pdf_text(doc.pdf):
            # Arabic pages extract in visual order, the separator glued on: "translation Draft·"
            words = flat(page).replace("·", " ").split()
            assert ("Draft" in words and "translation" in words) == (doc.job.locale != "en"), doc.job.file


@pytest.mark.render
def test_a_kit_that_declares_a_translation_reviewed_prints_no_draft_mark(make_kit, tmp_path):
    from helpers import MINIMAL_SETTINGS

    kit = make_kit({"outreach.yaml": {**MINIMAL_SETTINGS, "reviewed_translations": ["es"]}})
    report = build(kit, tmp_path / "out", locales=["es", "so"])
    marks = {d.job.locale: "Draft translation" in flat(" ".join(pdf_text(d.pdf))) for d in report.documents}
    assert marks == {"es": False, "so": True}


def _left(pdf: bytes, needle: str) -> float:
    document = pdfium.PdfDocument(pdf)
    textpage = document[0].get_textpage()
    match = textpage.search(needle).get_next()
    assert match, needle
    return textpage.get_charbox(match[0])[0]


def _right(pdf: bytes, needle: str) -> float:
    document = pdfium.PdfDocument(pdf)
    textpage = document[0].get_textpage()
    match = textpage.search(needle).get_next()
    assert match, needle
    return max(textpage.get_charbox(i)[2] for i in range(match[0], match[0] + match[1]))


def test_arabic_is_right_to_left_with_numbers_in_order(every_locale, sample_build):
    poster = next(d for d in _docs(every_locale, "ar") if d.job.format.name == "poster-letter")
    text = flat(" ".join(pdf_text(poster.pdf)))
    assert "1-888-373-7888" in text and "233733" in text and "612-555-0100" in text
    assert "7888-373-888-1" not in text
    assert sum(1 for c in text if "ARABIC" in unicodedata.name(c, "")) > 200
    # Each page leads with the line that answers in its language (in Arabic, the national hotline's calls,
    # with interpreters), its number starting where the language starts: the right in Arabic, the left in English.
    english = next(d for d in _docs(sample_build, "en") if d.job.format.name == "poster-letter")
    assert _right(poster.pdf, "1-888-373-7888") > 612 / 2 > _left(english.pdf, "612-555-0100")
    # The isolates that keep numbers in order draw nothing and extract as nothing.
    assert "\u2066" not in text and "\u2069" not in text


@pytest.mark.render
def test_a_character_no_font_draws_is_an_error_naming_it(make_kit, tmp_path):
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "name": "Hotline क"}})
    with pytest.raises(BuildError) as caught:
        build(kit, tmp_path / "out", locales=["en"])
    message = caught.value.message
    assert "character 'क' (U+0915 DEVANAGARI LETTER KA) has no glyph in the en fonts (Outreach Sans)" in message
    assert "in 'Hotline क" in message and "locale en" in message  # the text it is in
    assert not (tmp_path / "out").exists()


def test_a_catalogue_character_no_font_draws_is_a_kit_error_with_its_line(make_kit, tmp_path):
    kit = make_kit(
        {
            "locales/am/messages.po": (
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\nLanguage: am\\nPlural-Forms: nplurals=2; plural=(n > 1);\\n"\n\nmsgid "Call"\nmsgstr "ይደውሉ 電"\n'
            )
        }
    )
    with pytest.raises(KitError) as caught:
        build(kit, tmp_path / "out", locales=["am"])
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        "locales/am/messages.po:5: error: msgstr: character '電' (U+96FB CJK UNIFIED IDEOGRAPH-96FB) has no glyph "
        "in the am fonts (Outreach Ethiopic, Outreach Sans), in 'ይደውሉ 電'"
    )


def test_a_kit_font_with_the_built_in_name_replaces_the_built_in_font(make_kit, tmp_path):
    from outreach.paths import assets_dir
    from outreach.render.glyphs import coverage

    kit = make_kit()
    fonts = kit / "assets" / "fonts"
    fonts.mkdir(parents=True)
    for weight in ("Regular", "Bold"):  # stands in for a fuller CJK font: it draws Arabic
        (fonts / f"NotoSansCJKsc-{weight}.subset.otf").write_bytes(
            (assets_dir() / "fonts/NotoSansArabic-Regular.ttf").read_bytes()
        )
    assert ord("ب") not in coverage("zh-Hans", None) and ord("ب") in coverage("zh-Hans", kit)


def _sizes(pdf: bytes) -> list[float]:
    """Font sizes in pt (WeasyPrint writes text in CSS pixels under a 0.75 scale)."""
    document = pdfium.PdfDocument(pdf)
    textpage = document[0].get_textpage()
    return [
        pdfium_c.FPDFText_GetFontSize(textpage.raw, i) * 0.75
        for i in range(textpage.count_chars())
        if not chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)).isspace()
    ]


@pytest.mark.render
def test_text_that_does_not_fit_is_shrunk_within_the_minimum(make_kit, tmp_path):
    long_headline = (
        "Is someone forcing you, or someone you know, to do things that you do not want to do, day after day?"
    )
    kit = make_kit(
        {
            "locales/es/messages.po": (
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\nLanguage: es\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                f'msgid "{HEADLINE}"\nmsgstr "{" ".join([long_headline] * 6)}"\n'
            )
        }
    )
    report = build(kit, tmp_path / "out", locales=["en", "es"])
    en, es = (max(_sizes(d.pdf)) for d in sorted(report.documents, key=lambda d: d.job.locale))
    assert en >= 36  # the lead number, designed at 36 pt on a letter poster, grown to fill the page
    assert 24 - 0.01 <= es < en  # shrunk for the long headline; a number never under 1.5 × the minimum
    assert min(s for d in report.documents for s in _sizes(d.pdf) if s > 0) >= 16 - 0.01


@pytest.mark.render
def test_text_that_cannot_fit_even_at_the_minimum_names_location_format_locale_and_text(make_kit, tmp_path):
    kit = make_kit(
        {
            "locations.yaml": {
                "locations": [
                    {"id": "stall", "name": "Stall", "kind": "restroom", "region": "north", "formats": ["wallet-card"]},
                ]
            },
            # a card prints the discreet name
            "services/national-hotline.yaml": {**HOTLINE, "discreet_name": "A very long name for a hotline " * 40},
        }
    )
    with pytest.raises(BuildError) as caught:
        build(kit, tmp_path / "out", locales=["so"])
    message = caught.value.message
    assert message.startswith(
        "location stall, format wallet-card, locale so: the content needs more room than the "
        "page has, even with the text shrunk to the 6.5 pt minimum: '"
    )
    assert "A very long name for a hotline" in message
    assert message.endswith("(page 1)")  # where the first text that does not fit is


def _layout(body: str):
    from weasyprint import HTML

    html = f"<style>@page {{ size: 200pt 100pt; margin: 0 }} body {{ margin: 0; font-size: 10pt }}</style>{body}"
    return HTML(string=html).render()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            '<div style="height: 100pt; position: relative"><p>' + "words " * 35 + "</p>"
            '<p style="position: absolute; bottom: 0">Footer</p></div>',
            "collides with 'Footer'",
        ),
        ('<div style="height: 30pt">' + "words " * 60 + "</div>", "runs out of its box (div)"),
        ('<p style="white-space: nowrap; width: 100pt">' + "1-888-373-7888 " * 3 + "</p>", "is wider than its box (p)"),
        ("<p>" + "words " * 300 + "</p>", "does not fit on page 1 and runs onto page 2"),
        ("<p>One</p><p style='break-before: page'>Two</p>", "lands on page 2, and the format has 1"),
    ],
)
def test_overflow_is_read_from_the_layout(body, problem):
    from outreach.render.overflow import overflows

    found = overflows(_layout(body), 1)
    assert found and problem in found[0].problem, found
    assert overflows(_layout("<p>Call 1-888-373-7888</p>"), 1) == []


@pytest.mark.render
def test_right_to_left_and_chinese_pages_are_byte_identical_from_the_same_input(make_kit, tmp_path):
    import hashlib

    kit = make_kit(
        {
            "locations.yaml": {
                "locations": [
                    {
                        "id": "a",
                        "name": "A",
                        "kind": "restroom",
                        "region": "north",
                        "formats": ["stall-sticker", "wallet-card"],
                    },
                ]
            }
        }
    )
    hashes = [
        {
            d.job.file: hashlib.sha256(d.pdf).hexdigest()
            for d in build(kit, tmp_path / name, locales=["ar", "zh-Hans"]).documents
        }
        for name in ("one", "two")
    ]
    assert hashes[0] == hashes[1] and len(hashes[0]) == 4
