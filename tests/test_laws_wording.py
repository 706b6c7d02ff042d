"""The law's words in each of its languages, and the profiles added or re-read for issue 15 (Illinois' notice,
Texas' restroom sign, the UK and Canadian helplines on A4, A3 and Letter posters), and how a profile says
when it was checked.

No official text in a language other than English was found for any profile, so the profiles give English
words only and say, for each other required language, where its words are published (`statement.not_found`).
The tests that need words in two languages make up their Spanish: it is test data, never a law's words."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import HOTLINE, MINIMAL_SETTINGS
from pydantic import ValidationError

import outreach.checks.compliance
import outreach.pages.notice
from outreach import CheckOptions, build, load_kit
from outreach.checks import check
from outreach.checks.posted import printed_failures
from outreach.checks.wording import missing
from outreach.commands.laws import describe, law_rows
from outreach.kit.formats import builtin_formats
from outreach.kit.laws import Law, laws
from outreach.pages.notice import notice_view
from outreach.render.measure import Printed, measure

TODAY = date(2026, 12, 2)
LATER = date(2028, 1, 5)
MADE_UP = "Palabras de prueba que ninguna ley prescribe: llame al 1-888-373-7888."
"""Spanish for the tests that need a law's words in two languages; no law says this."""
IL = laws()["us-il"]


def _bilingual(law: Law = IL) -> Law:
    """`law` with made-up Spanish words beside its English ones."""
    assert law.statement
    statement = law.statement.model_copy(update={"text": {**law.statement.text, "es": MADE_UP}})
    return law.model_copy(update={"statement": statement})


def _kit_files(law: Law, formats: list[str], locales: list[str], **settings: object) -> dict[str, object]:
    service = {**HOTLINE, "url": "https://humantraffickinghotline.org", "interpreters": True}
    place = {"id": "place", "name": "Place", "kind": "other", "region": "north", "locales": locales}
    return {
        "outreach.yaml": {**MINIMAL_SETTINGS, "compliance": [law.code], **settings},
        "services/national-hotline.yaml": service,
        "locations.yaml": {"locations": [{**place, "formats": formats}]},
    }


def _problems(make_kit, files: dict[str, object], today: date = TODAY) -> list[str]:
    return [str(p) for p in check(load_kit(make_kit(files)), CheckOptions(today=today))]


def _page(lines: list[tuple[str, float]], size: tuple[float, float] = (612, 792)) -> Printed:
    """A page as `measure` reads it: one run a line, in bold, at its type size."""
    text, sizes = "", []
    for line, pt in lines:
        text += line + "\n"
        sizes += [0.0 if char.isspace() else pt for char in line] + [0.0]
    return Printed((size,), text + "\f", (*sizes, 0.0), tuple(pt > 0 for pt in (*sizes, 0.0)))


def _words(law: Law, pt: float = 16) -> list[tuple[str, float]]:
    assert law.statement
    return [(line, pt) for text in law.statement.text.values() for line in text.splitlines()]


@pytest.fixture
def bilingual(monkeypatch):
    """Illinois' profile with made-up Spanish words, wherever the build and the check read the laws."""
    law = _bilingual()

    def patched() -> dict[str, Law]:
        return {**laws(), law.code: law}

    monkeypatch.setattr(outreach.pages.notice, "laws", patched)
    monkeypatch.setattr(outreach.checks.compliance, "laws", patched)
    return law


# Every required language has the law's words, or says why not -------------------------------------


def test_a_required_language_without_words_must_say_where_they_are_published():
    entry = laws()["us-md"].model_dump(exclude={"code"})
    entry["statement"]["not_found"] = {}
    with pytest.raises(ValidationError, match="the law requires es but its words are not given in it"):
        Law(code="us-md", **entry)
    for law in laws().values():
        if law.statement and law.languages:
            for code in law.languages.all:
                assert code in law.statement.text or "searched on 2026-12-02" in law.statement.not_found[code], (
                    law.code,
                    code,
                )


def test_outreach_laws_says_why_a_language_has_no_words_and_names_the_notice():
    lines = describe("us-il", TODAY)
    assert "statute: 775 ILCS 50" in lines
    assert "  size: at least 8.5in × 11in (775 ILCS 50/10(a): at least 8 1/2 inches by 11 inches)" in lines
    assert "    Able to provide help, referral to services, training, and general information." in lines
    assert any(line.startswith("    [es] no verbatim words: the statute requires Spanish") for line in lines)
    assert "built-in notice: format notice-us-il" in lines


# Illinois (775 ILCS 50/10), rule by rule with its citation --------------------------------------------


def test_illinois_notice_passes_and_a_poster_without_its_words_fails_naming_the_notice(make_kit):
    assert [p for p in _problems(make_kit, _kit_files(IL, ["notice-us-il"], ["en", "es"])) if ": error: " in p] == []
    (error,) = [p for p in _problems(make_kit, _kit_files(IL, ["poster-letter"], ["en", "es"])) if ": error: " in p]
    assert error.startswith(
        "locations.yaml:2: error: locations[0]: place: us-il, 775 ILCS 50/10(a): the notice's wording: no material "
        "here prints the law's words in en (missing 'If you or someone you know is being forced"
    )
    assert error.endswith("add notice-us-il to the location's formats")


def test_illinois_without_spanish_fails_and_without_a_county_language_warns(make_kit):
    problems = _problems(make_kit, _kit_files(IL, ["notice-us-il"], ["en"]))
    assert [p for p in problems if ": error: " in p] == [
        "locations.yaml:2: error: locations[0]: place: us-il, 775 ILCS 50/10(b): English, Spanish, and one other "
        "language, the most widely spoken in the county for which the federal Voting Rights Act mandates translation, "
        '"as applicable": the notice must be printed in en, es; add es to the location\'s locales'
    ]
    assert any(": warning: " in p and "it may also need 1 more language(s) than en, es" in p for p in problems)


def test_illinois_on_the_pdf_shrunk_type_and_a_missing_number_fail_naming_the_rule():
    page = [*_words(IL), ("humantraffickinghotline.org", 16)]
    assert printed_failures(IL, _page(page), "en") == []
    small = printed_failures(IL, _page([(text, 14) for text, _ in page]), "en")
    assert [(IL.cite(rule), text.split(" (")[0]) for rule, text, _ in small] == [
        ("us-il, 775 ILCS 50/10(a): written in a 16-point font", "its smallest type measures 14 pt")
    ]
    without = [(text.replace("1-888-373-7888", "the hotline"), pt) for text, pt in page]
    failures = printed_failures(IL, _page(without), "en", "notice-us-il")
    assert [(IL.cite(rule), text.split(" (missing")[0]) for rule, text, _ in failures] == [
        ("us-il, 775 ILCS 50/10(a)", "it does not print the National Human Trafficking Resource Center 1-888-373-7888"),
        ("us-il, 775 ILCS 50/10(a): the notice's wording", "it does not print the law's words in en"),
    ]


# Words in two languages: each page is checked in its own, and the notice prints both -------------------


def test_each_language_is_looked_for_on_its_own_page():
    law = _bilingual()
    english = [(line, 16.0) for line in IL.statement.text["en"].splitlines()]
    both = [*english, (MADE_UP, 16)]
    assert printed_failures(law, _page(both), "es") == []
    assert printed_failures(law, _page(both), "en") == []
    (failure,) = printed_failures(law, _page(english), "es", "notice-us-il")
    assert failure[0] is law.statement
    assert failure[1] == f"it does not print the law's words in es (missing {MADE_UP!r}); notice-us-il prints them"
    assert printed_failures(law, _page(english), "en") == []  # an English page needs only the English words


def test_the_notice_puts_the_pages_language_first_and_prints_every_language_the_law_gives(bilingual):
    fmt = builtin_formats()["notice-us-il"]
    for locale, first in (("es", "es"), ("en", "en"), ("vi", "en")):
        view = notice_view(fmt, locale)
        assert view and view.statements[0].language == first
        assert {s.language for s in view.statements} == {"en", "es"}


def test_before_rendering_a_spanish_poster_without_the_spanish_words_fails(make_kit, bilingual):
    problems = _problems(make_kit, _kit_files(bilingual, ["poster-letter", "notice-us-il"], ["en", "es"]))
    assert [p for p in problems if ": error: " in p] == []
    assert not any("no verbatim es words" in p for p in problems)  # the law now gives them
    problems = _problems(make_kit, _kit_files(bilingual, ["poster-letter"], ["en", "es"]))
    assert [p.split(" (missing")[0] for p in problems if ": error: " in p] == [
        f"locations.yaml:2: error: locations[0]: place: us-il, 775 ILCS 50/10(a): the notice's wording: no material "
        f"here prints the law's words in {locale}"
        for locale in ("en", "es")
    ]


@pytest.mark.render
def test_a_notice_with_words_in_two_languages_builds_in_both_and_passes_on_the_pdf(make_kit, tmp_path, bilingual):
    report = build(make_kit(_kit_files(bilingual, ["notice-us-il"], ["en", "es"])), tmp_path / "out")
    assert {d.job.locale for d in report.documents} == {"en", "es"}
    for doc in report.documents:
        printed = measure(doc.pdf)
        assert printed_failures(bilingual, printed, doc.job.locale) == [], doc.job.file
        for text in bilingual.statement.text.values():
            assert missing(text, printed.text) == [], doc.job.file
        spanish_first = printed.text.index("Palabras") < printed.text.index("If you or someone")
        assert spanish_first == (doc.job.locale == "es"), doc.job.file


# Texas: sexually oriented businesses' restroom sign (Bus. & Com. Code § 102.101) ------------------------


def test_a_texas_restroom_sticker_can_be_the_sign_but_needs_the_centers_number_and_website(make_kit):
    law = laws()["us-tx-restroom"]
    files = _kit_files(law, ["stall-sticker"], ["en", "es"])
    assert [p for p in _problems(make_kit, files) if ": error: " in p] == []
    page = _page([("Call 1-888-373-7888", 12), ("humantraffickinghotline.org", 12)], size=(288, 432))
    assert printed_failures(law, page, "en") == []
    bare = printed_failures(law, _page([("Call 1-888-373-7888", 12)], size=(288, 432)), "en")
    assert [law.cite(rule) for rule, _, _ in bare] == [
        "us-tx-restroom, Tex. Bus. & Com. Code § 102.101(b)(2): the Internet website of the National Human "
        "Trafficking Resource Center"
    ]


# When each profile was checked ---------------------------------------------------------------------------


def test_every_profile_was_checked_within_the_year_and_over_a_year_later_each_says_so(make_kit):
    assert not [law.code for law in laws().values() if law.stale(TODAY)]
    rows = law_rows(LATER)[1:]
    assert rows and all(row[2] == "2026-12-02 (over a year ago)" for row in rows)
    assert all(row[2] == "2026-12-02" for row in law_rows(TODAY)[1:])
    assert "checked: 2026-12-02 — over a year ago: check it again" in describe("us-il", LATER)
    later = _problems(make_kit, _kit_files(IL, ["notice-us-il"], ["en", "es"]), LATER)
    assert any(
        ": warning: compliance: us-il (775 ILCS 50) was last checked against its sources on 2026-12-02, over a year "
        "ago" in p
        for p in later
    )


# No duty to post: the UK and Canadian helplines on A4, A3 and Letter posters, measured ---------------------


HELPLINES = {
    "gb": ("GB", "08000 121 700", "Modern Slavery & Exploitation Helpline", ["poster-a4", "poster-a3"]),
    "ca": ("CA", "1-833-900-1010", "Canadian Human Trafficking Hotline", ["poster-letter", "poster-tabloid"]),
}


@pytest.mark.render
@pytest.mark.parametrize("code", HELPLINES)
def test_a_helplines_posters_build_and_pass_its_profile_on_the_pdf(make_kit, tmp_path, code):
    region, phone, name, formats = HELPLINES[code]
    law, other = laws()[code], laws()["ca" if code == "gb" else "gb"]
    line = {**HOTLINE, "name": name, "phone": phone, "languages": ["en"], "interpreters": True}
    files = {
        **_kit_files(law, formats, ["en"], phone_region=region),
        "services/national-hotline.yaml": {k: v for k, v in line.items() if k != "text"},
    }
    report = build(make_kit(files), tmp_path / "out", checks=CheckOptions(today=TODAY))
    assert sorted(d.job.format.name for d in report.documents) == sorted(formats)
    for doc in report.documents:
        printed = measure(doc.pdf)
        assert printed_failures(law, printed, "en") == [], doc.job.file
        assert printed.smallest()[0] + 0.05 >= doc.job.format.min_font_pt, doc.job.file
        (failure,) = printed_failures(other, printed, "en")  # the other country's line is not on it
        assert failure[1] == f"it does not print {other.contacts[0].what}"
