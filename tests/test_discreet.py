"""Discreet pieces never say what they are for: the built-in lists, the check before rendering, and on the PDFs.

The kits here bring their own formats and a plain template that prints the services' names and the
organisation, so what is checked does not depend on the built-in templates' copy.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from helpers import HOTLINE, MINIMAL_SETTINGS

from outreach import load_kit
from outreach.checks import discreet
from outreach.checks.materials import materials
from outreach.i18n.catalogues import msgid_of, read_catalogue, strings_of
from outreach.paths import assets_dir, locales_dir
from outreach.render.engine import Renderer

LANGUAGES = ["en", "es", "so", "hmn", "vi", "ar", "am", "ksw", "zh"]
HEADLINE = "Is someone forcing you to do things you don't want to do?"
"""Printed on standard pieces only: its translations may match a list or not."""

_FORMAT = {"pages": ["front"], "template": "plain.html", "min_font_pt": 10, "viewing_distance_cm": 100, "qr": ["tel"]}
FORMATS = {
    "plain-poster": {**_FORMAT, "title": "A poster", "width": "8.5in", "height": "11in"},
    "plain-card": {**_FORMAT, "title": "A card", "width": "3.5in", "height": "2in", "carried": True},
    "plain-sheet": {
        **_FORMAT,
        "title": "Cards on a sheet",
        "width": "8.5in",
        "height": "11in",
        "sheet": {"card": "plain-card", "columns": 2, "rows": 5, "left": "0.75in", "top": "0.5in"},
    },
    "plain-tearoff": {
        **_FORMAT,
        "title": "Tear-off tabs",
        "width": "8.5in",
        "height": "11in",
        "tabs": 4,
        "tab_height": "2in",
    },
}
PLAIN = (
    "<!doctype html><html><body>{% for service in services %}<h2>{{ service.name }}</h2>{% endfor %}"
    "<p>{{ organisation }}</p></body></html>"
)


def kit_with(make_kit, variant="standard", formats=("plain-poster",), service=None, **settings):
    """A kit whose one location gets `formats` in en and es, printed by PLAIN."""
    settings.setdefault("discreet", {"allow_organisation": True})  # PLAIN prints it: allowed unless a test says
    location = {"id": "clinic-a", "name": "Clinic A", "kind": "clinic", "region": "north", "formats": list(formats)}
    return load_kit(
        make_kit(
            {
                "outreach.yaml": {**MINIMAL_SETTINGS, "formats": FORMATS, **settings},
                "services/national-hotline.yaml": {**HOTLINE, **(service or {})},
                "locations.yaml": {"locations": [{**location, "variant": variant}]},
                "templates/plain.html": PLAIN,
            }
        )
    )


def found(kit) -> list[str]:
    made = materials(kit)
    assert made, "the kit printed nothing to check"
    return [str(p) for p in discreet.check(kit, made)]


def said(problems: list[str]) -> list[str]:
    """The words each problem found, as printed."""
    return [p.split(" prints ", 1)[1].split(",", 1)[0] for p in problems]


# Before rendering ---------------------------------------------------------------------------


def test_a_discreet_location_whose_service_name_says_trafficking_is_an_error_before_rendering(make_kit):
    kit = kit_with(make_kit, variant="discreet")
    assert found(kit) == [
        "locations.yaml:2: error: locations[0]: location clinic-a, format plain-poster, locale en: prints "
        "'Trafficking' (built-in en list), which says what it is for, but the location is discreet and must look "
        "ordinary; if a service's name says it, give the service a discreet_name; otherwise change the kit text "
        "(or translation) that prints it",
        # The name has no Spanish version, so the Spanish page prints it in English: the English list runs there too.
        "locations.yaml:2: error: locations[0]: location clinic-a, format plain-poster, locale es: prints "
        "'Trafficking' (built-in en list), which says what it is for, but the location is discreet and must look "
        "ordinary; if a service's name says it, give the service a discreet_name; otherwise change the kit text "
        "(or translation) that prints it",
    ]


def test_a_standard_locations_poster_may_say_it(make_kit):
    kit = kit_with(make_kit)
    assert any("Trafficking" in m.text for m in materials(kit))
    assert found(kit) == []


def test_a_carried_format_is_discreet_at_every_location_and_a_card_sheet_is_its_card(make_kit):
    for name in ("plain-card", "plain-sheet"):
        problems = found(kit_with(make_kit, formats=[name]))
        assert [p.split(": ")[3] for p in problems] == [
            "location clinic-a, format plain-card, locale en",
            "location clinic-a, format plain-card, locale es",
        ], name
        assert all("plain-card is carried away" in p for p in problems)


def test_each_language_is_checked_with_its_own_list(make_kit):
    name = {"en": "Crisis Line", "es": "Línea contra la trata de personas"}
    problems = found(kit_with(make_kit, variant="discreet", service={"name": name}))
    assert said(problems) == ["'trata de personas' (built-in es list)"]
    assert "locale es" in problems[0]


def test_the_organisations_name_is_an_error_on_a_discreet_piece_unless_allowed(make_kit):
    organisation = {"en": "Harbor Network", "es": "Red Harbor"}
    neutral = {"name": "Free helpline"}
    problems = found(kit_with(make_kit, variant="discreet", service=neutral, organisation=organisation, discreet={}))
    assert said(problems) == ["the organisation's name 'Harbor Network'", "the organisation's name 'Red Harbor'"]
    assert "discreet: {allow_organisation: true} in outreach.yaml" in problems[0]
    allowed = kit_with(
        make_kit, variant="discreet", service=neutral, organisation=organisation, discreet={"allow_organisation": True}
    )
    assert found(allowed) == []


def test_a_kit_adds_words_for_one_locale_or_for_all(make_kit):
    revealing = {"es": ["Puerto Seguro"], "all": ["Safe Harbor"]}
    name = {"en": "Safe Harbor Line · Puerto Seguro", "es": "Línea Puerto Seguro"}
    problems = found(
        kit_with(
            make_kit,
            variant="discreet",
            service={"name": name},
            discreet={"revealing": revealing, "allow_organisation": True},
        )
    )
    assert said(problems) == [
        "'Safe Harbor' (discreet.revealing.all in outreach.yaml)",  # en: "Puerto Seguro" is a word for es only
        "'Puerto Seguro' (discreet.revealing.es in outreach.yaml)",
    ]
    assert ["locale en" in problems[0], "locale es" in problems[1]] == [True, True]


def test_matching_ignores_case_accents_and_combining_marks(make_kit):
    kit = kit_with(make_kit)
    spanish = discreet.terms(kit, "es")
    for text in ("Ayuda a VÍCTIMAS", "ayuda a victimas", unicodedata.normalize("NFD", "ayuda a víctimas")):
        assert [h.term.word for h in discreet.find(text, spanish)] == ["víctima"], text
    assert [h.text for h in discreet.find("خط لضَحَايَا العنف", discreet.terms(kit, "ar"))] == ["لضَحَايَا", "العنف"]


def test_whole_words_except_in_chinese_which_is_matched_anywhere(make_kit):
    kit = kit_with(make_kit)
    assert discreet.find("Rapeseed oil · Untrafficked", discreet.terms(kit, "en")) == []
    assert [h.text for h in discreet.find("Rape crisis line", discreet.terms(kit, "en"))] == ["Rape"]
    chinese = discreet.terms(kit, "zh-Hans")
    assert [h.text for h in discreet.find("全国反人口贩卖热线", chinese)] == ["人口贩卖"]
    assert [h.text for h in discreet.find("人口\n贩卖", chinese)] == ["人口 贩卖"]  # across a line break
    assert discreet.find("女性工作者免费热线", chinese) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_built_in_list_loads_and_each_entry_finds_every_form_of_itself(lang):
    path = assets_dir() / "discreet" / f"{lang}.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["terms"]
    terms = discreet.builtin_terms(lang)
    assert len(terms) == len(entries)
    for term, forms in zip(terms, entries, strict=True):
        assert term.word == forms[0]
        for form in forms:
            hits = discreet.find(f"« {form} »", [term])
            assert [h.text for h in hits] == [form], (lang, form)


def test_no_built_in_translation_a_discreet_piece_prints_says_what_it_is_for():
    """Every list against every catalogue: a new translation that reveals fails here (only the headline may)."""
    every = [term for lang in LANGUAGES for term in discreet.builtin_terms(lang)]
    catalogues = sorted(locales_dir().glob("*/messages.po"))
    assert len(catalogues) >= 8
    checked = 0
    for path in catalogues:
        for message in read_catalogue(path, str(path), path.parent.name):
            if not message.id or msgid_of(message) == HEADLINE:
                continue
            for text in [msgid_of(message), *strings_of(message)]:
                checked += 1
                assert discreet.find(text, every) == [], (path.parent.name, msgid_of(message), text)
    assert checked > 200


# On the rendered PDFs -----------------------------------------------------------------------


def page(top: str, tabs: list[str]) -> str:
    """A Letter page with `top` an inch from the top and `tabs` side by side, turned, within the bottom 2 in."""
    turned = "".join(f'<div class="tab" style="left: {1 + i}in">{tab}</div>' for i, tab in enumerate(tabs))
    return (
        "<html><head><style>@page { size: 8.5in 11in; margin: 0 } body { margin: 0; font-size: 12pt }"
        ".top { position: absolute; top: 1in; left: 1in }"
        ".tab { position: absolute; top: 9.2in; width: 1.6in; transform-origin: 0 0;"
        " transform: translate(0, 1.6in) rotate(-90deg) }</style></head>"
        f'<body lang="en"><p class="top">{top}</p>{turned}</body></html>'
    )


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    """PDFs with 'Trafficking' above the tab strip, and inside it; rendered once."""
    here = Path(__file__).resolve().parent
    renderer = Renderer([here])
    made = {
        "above": page("National Human Trafficking Hotline", ["Call 555-0100", "Call 555-0100"]),
        "inside": page("Need someone to talk to?", ["Call 555-0100", "Trafficking line"]),
    }
    return {name: renderer.render(html, here.as_uri() + "/", name).data for name, html in made.items()}


def document(kit, pdf: bytes, fmt: str, location: int = 0) -> SimpleNamespace:
    where = kit.locations[location]
    file = f"{where.id}/{fmt}.en.pdf"
    return SimpleNamespace(
        pdf=pdf, job=SimpleNamespace(location=where, format=kit.formats[fmt], locale="en", file=file)
    )


@pytest.mark.render
def test_tear_off_tabs_never_say_it_though_the_poster_above_them_may(make_kit, pdfs):
    kit = kit_with(make_kit, formats=["plain-tearoff"])
    assert discreet.check_printed(kit, [document(kit, pdfs["above"], "plain-tearoff")]) == []
    problems = [str(p) for p in discreet.check_printed(kit, [document(kit, pdfs["inside"], "plain-tearoff")])]
    assert problems == [
        "locations.yaml:2: error: locations[0]: location clinic-a, format plain-tearoff, locale en: "
        "clinic-a/plain-tearoff.en.pdf page 1 (its tear-off tabs) prints 'Trafficking' (built-in en list), which "
        "says what it is for, but tear-off tabs are carried away and must look ordinary; if a service's name says "
        "it, give the service a discreet_name; otherwise change the kit text (or translation) that prints it"
    ]


@pytest.mark.render
def test_a_discreet_document_is_read_whole_and_a_sheet_of_carried_cards_too(make_kit, pdfs):
    at_discreet = kit_with(make_kit, variant="discreet", formats=["plain-poster"])
    problems = discreet.check_printed(at_discreet, [document(at_discreet, pdfs["above"], "plain-poster")])
    assert [p.message.split(": ", 1)[1].split(", which")[0] for p in problems] == [
        "clinic-a/plain-poster.en.pdf page 1 prints 'Trafficking' (built-in en list)"
    ]
    assert "the location is discreet" in problems[0].message
    standard = kit_with(make_kit, formats=["plain-poster", "plain-sheet"])
    assert discreet.check_printed(standard, [document(standard, pdfs["above"], "plain-poster")]) == []
    problems = discreet.check_printed(standard, [document(standard, pdfs["above"], "plain-sheet")])
    assert len(problems) == 1 and "plain-card is carried away" in problems[0].message


def test_each_distinct_pdf_is_read_once_and_reported_at_every_location(make_kit, monkeypatch):
    kit = load_kit(
        make_kit(
            {
                "outreach.yaml": {**MINIMAL_SETTINGS, "formats": FORMATS},
                "templates/plain.html": PLAIN,
                "locations.yaml": {
                    "locations": [
                        {"id": f"clinic-{n}", "name": n, "kind": "clinic", "region": "north", "variant": "discreet"}
                        for n in "ab"
                    ]
                },
            }
        )
    )
    reads = []

    def page_texts(pdf: bytes, strip_pt: float) -> tuple[tuple[str, str], ...]:
        reads.append((pdf, strip_pt))
        return (("Shelter for women\f", ""),)

    monkeypatch.setattr(discreet, "page_texts", page_texts)
    docs = [document(kit, b"%PDF same bytes", "plain-poster", n) for n in (0, 1)]
    problems = discreet.check_printed(kit, docs)
    assert reads == [(b"%PDF same bytes", 0.0)]
    assert [p.message.split(",")[0] for p in problems] == ["location clinic-a", "location clinic-b"]


def test_documents_sharing_a_page_are_each_judged_in_their_own_locale_and_way(make_kit, monkeypatch):
    """A page is read and looked at once, yet what is found depends on the document: the Spanish list's word only
    in Spanish, the whole page of a discreet location's poster, only the tabs of a standard one (in either order)."""
    revealing = {"es": ["Puerto Seguro"], "all": ["Safe Harbor"]}
    kit = load_kit(
        make_kit(
            {
                "outreach.yaml": {
                    **MINIMAL_SETTINGS,
                    "formats": FORMATS,
                    "discreet": {"revealing": revealing, "allow_organisation": True},
                },
                "templates/plain.html": PLAIN,
                "locations.yaml": {
                    "locations": [
                        {"id": "clinic-a", "name": "A", "kind": "clinic", "region": "north", "variant": "discreet"},
                        {"id": "clinic-b", "name": "B", "kind": "clinic", "region": "north"},
                    ]
                },
            }
        )
    )
    monkeypatch.setattr(discreet, "page_texts", lambda pdf, strip: (("Puerto Seguro", "Safe Harbor"),))

    def doc(location: int, locale: str) -> SimpleNamespace:
        where = kit.locations[location]
        file = f"{where.id}/plain-tearoff.{locale}.pdf"
        job = SimpleNamespace(location=where, format=kit.formats["plain-tearoff"], locale=locale, file=file)
        return SimpleNamespace(pdf=b"%PDF the same bytes", job=job)

    docs = [doc(location, locale) for location in (0, 1) for locale in ("en", "es")]
    for order in (docs, docs[::-1]):
        problems = discreet.check_printed(kit, order)
        assert [p.message.split(" prints ")[0].split(", format plain-tearoff, ") for p in problems] == [
            ["location clinic-a", "locale es: clinic-a/plain-tearoff.es.pdf page 1"],
            ["location clinic-b", "locale en: clinic-b/plain-tearoff.en.pdf page 1 (its tear-off tabs)"],
            ["location clinic-b", "locale es: clinic-b/plain-tearoff.es.pdf page 1 (its tear-off tabs)"],
        ]
        assert said([str(p) for p in problems]) == [
            "'Puerto Seguro' (discreet.revealing.es in outreach.yaml)",
            "'Safe Harbor' (discreet.revealing.all in outreach.yaml)",
            "'Safe Harbor' (discreet.revealing.all in outreach.yaml)",
        ]
