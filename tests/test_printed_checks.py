"""Checks on the real artefact: type measured on the rendered PDF, posting laws, QR codes and what
is printed beside them, and confidential addresses in every context a template sees."""

from __future__ import annotations

import dataclasses
from datetime import date

import pypdfium2 as pdfium
import pytest
import zxingcpp
from helpers import HOTLINE, MINIMAL_SETTINGS, flat, pdf_text

from outreach import CheckOptions, KitError, build, load_kit
from outreach.kit.contacts import phone, text_line, web
from outreach.kit.formats import builtin_formats
from outreach.pages.views import page_context
from outreach.render.measure import measure

TODAY = date(2026, 11, 26)
CAST = {**HOTLINE, "name": "CAST", "phone": "1-888-539-2373", "languages": ["en"]}
del CAST["text"]
CA_KIT = {
    "outreach.yaml": {**MINIMAL_SETTINGS, "compliance": ["us-ca"]},
    "services/cast.yaml": CAST,
    "locations.yaml": {
        "locations": [
            {
                "id": "bus-station",
                "name": "Bus station",
                "kind": "bus_stop",
                "region": "north",
                "formats": ["notice-us-ca"],
            }
        ]
    },
}
SMALL_PRINT = (  # 12 pt, in mm: type set in pt grows with the page (outreach.render.fit), in mm it stays
    '{% extends "builtin/notice.html" %}'
    '{% block top %}<p style="font-size: 4.2333mm">Posted by the county</p>{% endblock %}'
)


def problems(caught) -> list[str]:
    return [str(p) for p in caught.value.problems if p.severity == "error"]


@pytest.mark.render
def test_a_poster_meeting_californias_law_builds_and_measures_at_least_16_pt(make_kit, tmp_path):
    report = build(make_kit(CA_KIT), tmp_path / "out", checks=CheckOptions(today=TODAY))
    for doc in report.documents:
        printed = measure(doc.pdf)
        assert printed.pages == ((612.0, 792.0),)
        assert printed.smallest()[0] >= 16.0  # the type grew to fill the page, never under the minimum
        text = flat(printed.text)
        assert "1-888-373-7888" in text and "233-733" in text and "1-888-539-2373" in text
        assert "Victims of slavery and human trafficking are protected under United States and California law." in text


@pytest.mark.render
def test_a_12_pt_line_fails_californias_16_point_rule_naming_the_location_and_statute(make_kit, tmp_path):
    kit = make_kit({**CA_KIT, "templates/notice.html": SMALL_PRINT})
    with pytest.raises(KitError) as caught:
        build(kit, tmp_path / "out", checks=CheckOptions(today=TODAY))
    assert problems(caught) == [
        "locations.yaml:2: error: locations[0]: bus-station: us-ca, Cal. Civ. Code § 52.6(b): written in a 16-point "
        "font: notice-us-ca.en: its smallest type measures 12 pt ('Posted by the county'); the law asks 16-point type",
        "locations.yaml:2: error: locations[0]: bus-station: us-ca, Cal. Civ. Code § 52.6(b): written in a 16-point "
        "font: notice-us-ca.es: its smallest type measures 12 pt ('Posted by the county'); the law asks 16-point type",
        "templates/notice.html: error: bus-station/notice-us-ca.en.pdf: text at 12 pt ('Posted by the county') "
        "is under notice-us-ca's minimum of 16 pt; make it larger or shorten what surrounds it",
        "templates/notice.html: error: bus-station/notice-us-ca.es.pdf: text at 12 pt ('Posted by the county') "
        "is under notice-us-ca's minimum of 16 pt; make it larger or shorten what surrounds it",
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.render
def test_a_number_the_location_has_but_the_poster_does_not_print_fails(make_kit, tmp_path):
    # The poster has room for two lines; a local line comes first and CAST's id sorts before the national
    # hotline's, so the national hotline is not printed, though it serves the location (which is all the check
    # before rendering can see). Pennsylvania's law asks for its number and prescribes no words outreach has.
    local = {**HOTLINE, "name": "A local line", "phone": "612-343-4000", "regions": ["north"]}
    del local["text"]
    pa = {**CA_KIT["locations.yaml"]["locations"][0], "formats": ["poster-letter"]}
    kit = make_kit(
        {
            **CA_KIT,
            "outreach.yaml": {**MINIMAL_SETTINGS, "compliance": ["us-pa"]},
            "services/a-local.yaml": local,
            "locations.yaml": {"locations": [pa]},
        }
    )
    with pytest.raises(KitError) as caught:
        build(kit, tmp_path / "out", checks=CheckOptions(today=TODAY))
    # The Spanish poster leads with the lines that answer in Spanish: there the national hotline is printed.
    assert problems(caught) == [
        "locations.yaml:2: error: locations[0]: bus-station: us-pa, Pa. Act 197 of 2012: poster-letter.en: it does "
        "not print the National Human Trafficking Resource Center Hotline 1-888-373-7888",
    ]


@pytest.mark.render
def test_marylands_rule_wants_the_hotline_number_in_bold_type(make_kit, tmp_path):
    files = {
        "outreach.yaml": {**MINIMAL_SETTINGS, "compliance": ["us-md"]},
        "locations.yaml": {
            "locations": [
                {
                    "id": "rest",
                    "name": "Rest",
                    "kind": "restroom",
                    "region": "north",
                    "formats": ["notice-us-md"],
                    "locales": ["en", "es"],
                }
            ]
        },
    }
    build(make_kit(files), tmp_path / "ok", checks=CheckOptions(today=TODAY))
    plain = (
        '{% extends "builtin/notice.html" %}{% block style %}{{ super() }} .number { font-weight: 400; }{% endblock %}'
    )
    with pytest.raises(KitError) as caught:
        build(
            make_kit({**files, "templates/notice.html": plain}, name="k2"),
            tmp_path / "out",
            checks=CheckOptions(today=TODAY),
        )
    assert problems(caught) == [
        f"locations.yaml:2: error: locations[0]: rest: us-md, Md. Code, Bus. Reg. § 15-207(a)(2)(iii): the hotline "
        f"number in bold type: notice-us-md.{locale}: it prints the National Human Trafficking Hotline 1-888-373-7888 "
        "but not in bold type"
        for locale in ("en", "es")
    ]


@pytest.mark.render
def test_a_narrowed_build_judges_only_what_it_built(make_kit, tmp_path):
    kit = make_kit(
        {
            **CA_KIT,
            "locations.yaml": {
                "locations": [
                    {
                        "id": "bus-station",
                        "name": "Bus station",
                        "kind": "bus_stop",
                        "region": "north",
                        "formats": ["notice-us-ca", "wallet-card"],
                    }
                ]
            },
        }
    )
    report = build(kit, tmp_path / "out", formats=["wallet-card"], checks=CheckOptions(today=TODAY))
    assert {d.job.format.name for d in report.documents} == {"wallet-card"}


FORMATS = builtin_formats()


@pytest.mark.render
def test_measured_type_is_the_size_the_css_asks_for():
    """WeasyPrint draws in px under a 0.75 scale: the measure must not read 16 pt as 21.33."""
    from outreach.paths import assets_dir, builtin_root
    from outreach.render.engine import Renderer

    font = (assets_dir() / "fonts" / "NotoSans-Regular.ttf").as_uri()
    html = (
        f'<html lang="en"><head><title>t</title><style>@font-face {{ font-family: N; src: url("{font}"); }}'
        "body { font-family: N; }</style></head><body>"
        '<p style="font-size: 16pt">Sixteen</p><p style="font-size: 6.5pt">Six and a half</p>'
        '<p style="font-size: 11mm">Eleven millimetres</p></body></html>'
    )
    printed = measure(Renderer([builtin_root()]).render(html, assets_dir().as_uri() + "/", "t").data)
    assert sorted({round(size, 1) for size in printed.sizes if size}) == [6.5, 16.0, round(11 / 25.4 * 72, 1)]
    assert printed.smallest() == (6.5, "Six and a half")


def test_no_document_prints_type_under_its_formats_minimum(sample_build):
    """Type grows to fill a page and shrinks to fit, never under the minimum; a sheet of cards prints its card's."""
    smallest: dict[str, set[float]] = {}
    for doc in sample_build.documents:
        smallest.setdefault(doc.job.format.name, set()).add(measure(doc.pdf).smallest()[0])
    assert set(smallest) >= {"poster-letter", "poster-tabloid", "bus-card", "stall-sticker", "wallet-card-sheet"}
    for name, sizes in smallest.items():
        assert min(sizes) >= FORMATS[name].min_font_pt, name
    assert smallest["wallet-card-sheet"] == smallest["wallet-card"]


def _contact_for(payload: str):
    scheme, value = payload.split(":", 1)
    return {"tel": lambda: phone(value, "US"), "sms": lambda: text_line(value, "US"), "https": lambda: web(payload)}[
        scheme
    ]()


def test_what_the_qr_code_encodes_is_what_the_page_prints_beside_it(sample_build):
    """Decode every code on every page; what it encodes must be printed beside it: within a code's height above
    or below, and a code and a half's width to either side."""
    checked = 0
    for doc in sample_build.documents:
        document = pdfium.PdfDocument(doc.pdf)
        try:
            for page in document:
                height = page.get_size()[1]
                codes = zxingcpp.read_barcodes(
                    page.render(scale=150 / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode
                )
                textpage = page.get_textpage()
                for code in codes:
                    display = _contact_for(code.text).display
                    corners = [
                        code.position.top_left,
                        code.position.top_right,
                        code.position.bottom_left,
                        code.position.bottom_right,
                    ]
                    xs = [c.x * 72 / 150 for c in corners]
                    ys = [height - c.y * 72 / 150 for c in corners]
                    side = max(max(xs) - min(xs), 36)
                    searcher = textpage.search(display)
                    near = False
                    while (match := searcher.get_next()) is not None:
                        boxes = [textpage.get_charbox(i) for i in range(match[0], match[0] + match[1])]
                        left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
                        right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
                        dx = max(min(xs) - right, left - max(xs), 0)
                        dy = max(min(ys) - top, bottom - max(ys), 0)
                        # beside it, with room for the action before the number ("Llame al", a pictogram)
                        near = near or (dx < 1.5 * side and dy < side)
                    assert near, (doc.job.file, code.text, display)
                    checked += 1
        finally:
            document.close()
    assert checked >= len(sample_build.documents)


SECRETS = ["1187", "Quiet Harbor", "55409"]


def _walk(value, seen=None):
    """Every string reachable from a template context: attributes, items, dataclass fields."""
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key, seen)
            yield from _walk(item, seen)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _walk(item, seen)
    elif dataclasses.is_dataclass(value) or hasattr(value, "model_dump"):
        fields = (
            value.model_dump()
            if hasattr(value, "model_dump")
            else {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        )
        yield from _walk(fields, seen)
    elif value is not None and not isinstance(value, (int, float, bool, date)):
        yield repr(value)


@pytest.mark.parametrize("variant", ["standard", "discreet"])
@pytest.mark.parametrize("locale", ["en", "es"])
def test_a_confidential_address_reaches_no_template_context_in_any_locale_or_variant(sample_copy, variant, locale):
    kit = load_kit(sample_copy)
    contexts = 0
    for location in kit.locations:
        location = location.model_copy(update={"variant": variant})
        for name, fmt in FORMATS.items():
            context = page_context(kit, location, fmt, locale)
            assert any(s.id == "harbor-house" for s in context["services"]) == (location.region == "south")
            found = " ".join(_walk({k: v for k, v in context.items() if k != "format"}))
            for secret in SECRETS:
                assert secret not in found, (location.id, name, locale, variant)
            contexts += 1
    assert contexts == len(kit.locations) * len(FORMATS)


def test_no_material_built_from_the_sample_prints_the_confidential_address(sample_build):
    assert {d.job.locale for d in sample_build.documents} == {"en", "es"}
    assert {d.job.location.variant for d in sample_build.documents} == {"standard", "discreet"}
    for doc in sample_build.documents:
        text = flat(" ".join(pdf_text(doc.pdf)))
        assert not any(secret in text for secret in SECRETS), doc.job.file


@pytest.mark.render
def test_one_material_meeting_the_law_is_the_notice_for_its_language(make_kit, tmp_path):
    """With two notice-sized materials, a language passes when either one meets every rule (here the built-in
    notice, in English; in Spanish, for which the law gives no words, neither prints CAST's number)."""
    from types import SimpleNamespace

    from outreach.checks.posted import check_printed
    from outreach.checks.printed import Measurements

    good = build(make_kit(CA_KIT), tmp_path / "out-good", checks=CheckOptions(today=TODAY)).documents
    poster = {**CA_KIT["locations.yaml"]["locations"][0], "formats": ["poster-letter"]}  # no law, no CAST
    no_cast = {
        **CA_KIT,
        "outreach.yaml": MINIMAL_SETTINGS,
        "services/cast.yaml": None,
        "locations.yaml": {"locations": [poster]},
    }
    bad = build(make_kit(no_cast, name="bad"), tmp_path / "out-bad", checks=CheckOptions(today=TODAY)).documents
    kit = load_kit(make_kit(CA_KIT, name="both"))
    kit.formats["poster-b"] = kit.formats["poster-letter"].model_copy(update={"name": "poster-b"})
    kit.locations = [kit.locations[0].model_copy(update={"formats": ["poster-letter", "poster-b"]})]
    pdf = {(source, d.job.locale): d.pdf for source, docs in (("good", good), ("bad", bad)) for d in docs}
    made = {
        ("poster-letter", "en"): "bad",
        ("poster-b", "en"): "good",
        ("poster-letter", "es"): "bad",
        ("poster-b", "es"): "bad",
    }
    documents = [
        SimpleNamespace(
            job=SimpleNamespace(location=kit.locations[0], format=kit.formats[name], locale=locale),
            pdf=pdf[source, locale],
        )
        for (name, locale), source in made.items()
    ]
    found = [str(p) for p in check_printed(kit, documents, Measurements())]
    assert found == [
        f"locations.yaml:2: error: locations[0]: bus-station: us-ca, Cal. Civ. Code § 52.6(b): {name}.es: it does not "
        "print the California Coalition to Abolish Slavery and Trafficking (CAST) 1-888-539-2373"
        for name in ("poster-letter", "poster-b")
    ]


def test_every_page_says_when_its_information_was_checked_in_its_language(sample_build):
    """The month of the oldest `verified` among the services shown (Lakes Legal Aid, 2026-07-14), formatted by Babel."""
    for doc in sample_build.documents:
        expected = (
            "Information checked: July 2026" if doc.job.locale == "en" else "Información verificada: julio de 2026"
        )
        if doc.job.format.name.startswith("small-label"):
            assert "Information checked" not in flat(pdf_text(doc.pdf)[0])  # 2⅝ × 1 in: the name and a code only
            continue
        for page, role in zip(pdf_text(doc.pdf), doc.job.format.pages, strict=True):
            if role in ("front", "fronts") and doc.job.format.name.startswith("wallet"):
                continue  # cards print it on the back
            assert expected in flat(page), (doc.job.file, role)


def test_the_checks_on_the_pdfs_read_each_distinct_pdf_once_however_many_documents_share_it(make_kit, monkeypatch):
    from types import SimpleNamespace

    from outreach.checks import printed

    two = [
        {"id": f"clinic-{n}", "name": f"Clinic {n}", "kind": "clinic", "region": "north", "formats": ["poster-letter"]}
        for n in "ab"
    ]
    shelter = {
        **HOTLINE,
        "name": "Shelter",
        "address": {"street": "12 Quiet Lane", "city": "Lakeside", "confidential": True},
    }
    kit = load_kit(make_kit({"locations.yaml": {"locations": two}, "services/shelter.yaml": shelter}))
    reads: list[str] = []  # every page is read for the confidential address

    class Stored:  # as outreach.planning.documents.Document: its PDF read from its file each time it is asked
        def __init__(self, location: int, locale: str, sha256: str) -> None:
            where = kit.locations[location]
            file = f"{where.id}/poster-letter.{locale}.pdf"
            self.job = SimpleNamespace(location=where, format=kit.formats["poster-letter"], locale=locale, file=file)
            self.sha256, self.smallest_pt = sha256, 20.0

        @property
        def pdf(self) -> bytes:
            reads.append(self.sha256)
            return f"%PDF {self.sha256}".encode()

    texts: list[bytes] = []
    monkeypatch.setattr(printed, "page_texts", lambda pdf, strip: texts.append(pdf) or (("Talk to someone", ""),))
    documents = [Stored(0, "en", "one"), Stored(1, "en", "one"), Stored(0, "es", "two"), Stored(1, "es", "two")]
    assert printed.check_printed(kit, documents) == []
    assert sorted(reads) == ["one", "two"]
    assert sorted(texts) == [b"%PDF one", b"%PDF two"]
