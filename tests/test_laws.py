"""Posting-law profiles (assets/compliance.yaml) one by one: a compliant material passes; removing the law's
words, shrinking the type, dropping a language or making it discreet fails, naming the rule and its citation.

Most of it needs no rendering: the check before rendering reads the materials' text, and the rules measured
on the PDF are applied to a `Printed` made here. One test builds every built-in notice and measures it."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import HOTLINE, MINIMAL_SETTINGS, flat
from pydantic import ValidationError
from typer.testing import CliRunner

from outreach import CheckOptions, KitError, build, load_kit
from outreach.checks import check
from outreach.checks.posted import printed_failures
from outreach.checks.wording import missing, normal
from outreach.cli import app
from outreach.kit.formats import builtin_formats, points
from outreach.kit.laws import Law, laws
from outreach.pages.notice import display, runs
from outreach.render.measure import Printed, measure

TODAY = date(2026, 12, 2)
NOTICES = {fmt.notice: name for name, fmt in builtin_formats().items() if fmt.notice}
POSTED = [code for code, law in laws().items() if law.mandate and not law.issuer]
"""Laws that make someone post a notice that outreach's own materials can be."""
WORDED = [code for code in POSTED if laws()[code].statement]
FR = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\nPlural-Forms: nplurals=2; plural=(n > 1);\\n"\n'


def _format(law: Law) -> str:
    """The format that can be the law's notice: its built-in notice, else a poster large enough."""
    return NOTICES.get(law.code) or ("poster-letter" if law.fits(612, 792) else "poster-tabloid")


def _files(law: Law, **place: object) -> dict[str, object]:
    """A kit with one location under `law`, whose services have every number the law asks for."""
    files: dict[str, object] = {
        "outreach.yaml": {**MINIMAL_SETTINGS, "compliance": [law.code]},
        "services/national-hotline.yaml": {
            **HOTLINE,
            "url": "https://humantraffickinghotline.org",
            "interpreters": True,
        },
    }
    for index, item in enumerate(law.contacts):
        if item.tel and item.tel != "+18883737888":
            line = {**HOTLINE, "name": f"Line {index}", "phone": item.tel, "languages": ["en"]}
            files[f"services/line-{index}.yaml"] = {k: v for k, v in line.items() if k != "text"}
    languages = law.languages.all if law.languages else ["en"]
    if "fr" in languages:
        files["locales/fr/messages.po"] = FR
    where = {"id": "place", "name": "Place", "kind": "other", "region": "north", "locales": languages}
    files["locations.yaml"] = {"locations": [{**where, "formats": [_format(law)], **place}]}
    return files


def _errors(make_kit, law: Law, name: str = "kit", **place: object) -> list[str]:
    kit = load_kit(make_kit(_files(law, **place), name=name))
    return [str(p) for p in check(kit, CheckOptions(today=TODAY)) if p.severity == "error"]


@pytest.mark.parametrize("code", POSTED)
def test_the_laws_own_material_passes_before_rendering(make_kit, code):
    assert _errors(make_kit, laws()[code]) == []


@pytest.mark.parametrize("code", WORDED)
def test_a_material_without_the_laws_words_fails_naming_the_rule_and_the_notice_that_has_them(make_kit, code):
    law = laws()[code]
    poster = "poster-letter" if law.fits(612, 792) else "poster-tabloid"
    errors = _errors(make_kit, law, formats=[poster])
    assert errors and all(law.statement.cite in e and NOTICES[code] in e for e in errors), errors
    assert f"no material here prints the law's words in {next(iter(law.statement.text))}" in errors[0]


@pytest.mark.parametrize("code", [c for c in POSTED if laws()[c].languages])
def test_a_missing_language_fails_naming_the_rule(make_kit, code):
    law = laws()[code]
    (error,) = _errors(make_kit, law, locales=["en"])
    assert f"{law.code}, {law.languages.cite}: the notice must be printed in {', '.join(law.languages.all)}" in error


@pytest.mark.parametrize("code", POSTED)
def test_a_discreet_piece_is_never_the_notice_and_the_error_names_one_that_can_be(make_kit, code):
    law = laws()[code]
    (error,) = [e for e in _errors(make_kit, law, variant="discreet") if f": place: {law.code}, " in e]
    assert f": place: {law.code}, " in error
    assert "a discreet piece never says what it is for, so it can never be the notice" in error
    assert f"post {_format(law)} from an entry without `variant: discreet`" in error


@pytest.mark.render  # the references are made while the kit is checked, and thrown away
def test_a_discreet_stall_sticker_no_longer_builds_under_marylands_law(make_kit, tmp_path):
    """It used to build with no error, though by design it never says "human trafficking"."""
    files = _files(laws()["us-md"], kind="restroom", formats=["stall-sticker"], variant="discreet")
    with pytest.raises(KitError) as caught:
        build(make_kit(files), tmp_path / "out", checks=CheckOptions(today=TODAY))
    assert [str(p) for p in caught.value.problems if p.severity == "error"] == [
        "locations.yaml:2: error: locations[0]: place: us-md, Md. Code, Bus. Reg. § 15-207(a)(1): the sign's wording: "
        "this location is `variant: discreet`: a discreet piece never says what it is for, so it can never be the "
        "notice Md. Code, Bus. Reg. §§ 15-207, 19-103 asks for; post notice-us-md from an entry without "
        "`variant: discreet` (the same place may have two entries)"
    ]


def test_only_cards_made_by_new_york_or_dhs_meet_its_law_and_the_check_says_so(make_kit):
    kit = load_kit(make_kit(_files(laws()["us-ny"], formats=["poster-letter"])))
    problems = [str(p) for p in check(kit, CheckOptions(today=TODAY))]
    assert not [p for p in problems if ": error: " in p]
    assert (
        "locations.yaml:2: warning: locations[0]: place: us-ny, N.Y. Gen. Bus. Law § 390-d: informational cards "
        "and/or signs developed by OTDA or the U.S. Department of Homeland Security: only cards or signs made by the "
        "Office of Temporary and Disability Assistance (with the interagency task force on human trafficking) or the "
        "United States Department of Homeland Security meet this law; nothing outreach prints can, so this location "
        "does not comply with what outreach prints: post theirs"
    ) in problems


@pytest.mark.parametrize("code", [c for c, law in laws().items() if not law.mandate])
def test_a_law_without_a_duty_to_post_asks_nothing_of_discreet_pieces_and_says_so(make_kit, code):
    law = laws()[code]
    assert not law.who and not law.statement and not law.min_size
    kit = load_kit(make_kit(_files(law, kind="restroom", formats=["stall-sticker"], variant="discreet")))
    problems = [str(p) for p in check(kit, CheckOptions(today=TODAY))]
    assert [p for p in problems if ": error: " in p and law.code in p] == []
    assert any(
        p.startswith("outreach.yaml:") and f"{code} (" in p and "outreach cannot check: no " in p for p in problems
    )


def test_the_uk_helpline_must_be_printed_where_a_kit_names_gb(make_kit):
    files = {k: v for k, v in _files(laws()["gb"]).items() if k != "services/line-0.yaml"}  # the US hotline only
    kit = load_kit(make_kit(files))
    assert [str(p) for p in check(kit, CheckOptions(today=TODAY)) if p.severity == "error"] == [
        "locations.yaml:2: error: locations[0]: place: gb, the helpline's own form (modernslaveryhelpline.org); no "
        "posting law: no service shown here has the Modern Slavery & Exploitation Helpline 08000 121 700; add it to a "
        "service that serves region 'north'"
    ]
    page = _printed([[("Modern Slavery & Exploitation Helpline: call 08000 121 700", 16)]])
    assert printed_failures(laws()["gb"], page, "en") == []


def test_a_profile_not_checked_for_over_a_year_is_a_warning(make_kit):
    kit = load_kit(make_kit(_files(laws()["us-md"])))
    later = [str(p) for p in check(kit, CheckOptions(today=date(2028, 1, 5)))]
    assert (
        "outreach.yaml:9: warning: compliance: us-md (Md. Code, Bus. Reg. §§ 15-207, 19-103) was last checked "
        "against its sources on 2026-12-02, over a year ago; laws change: see `outreach laws us-md` and check it again"
    ) in later
    assert not any("over a year ago" in str(p) for p in check(kit, CheckOptions(today=TODAY)))


# The rules measured on the PDF, on a page made here --------------------------------------------


def _printed(
    lines: list[list[tuple[str, float]]], bold: bool = True, page: tuple[float, float] = (612, 792)
) -> Printed:
    """A page as `measure` reads it: lines of runs, each at its type size."""
    text, sizes = "", []
    for line in lines:
        for part, size in [*line, ("\n", 0.0)]:
            text += part
            sizes += [0.0 if char.isspace() else size for char in part]
    return Printed((page,), text + "\f", (*sizes, 0.0), tuple(bold and size > 0 for size in (*sizes, 0.0)))


def _compliant(law: Law, body: float | None = None, numbers: float | None = None) -> list[list[tuple[str, float]]]:
    """What the law asks, as lines of runs: its words (their numbers at the numbers' size), each number in digits,
    a website."""
    body = body or (law.min_type_pt.pt if law.min_type_pt else 12)
    numbers = numbers or (law.number_type_pt.pt if law.number_type_pt else body)
    forms = [form for item in law.contacts for form in (item.spelled or "").split(" or ") if form]
    words = law.statement.text["en"].splitlines() if law.statement else []
    lines = [[(run.text, numbers if run.number else body) for run in runs(line, forms)] for line in words]
    for item in law.contacts:
        if item.tel or item.sms or item.toll_free:
            lines.append([(display(item) if not item.toll_free else "1-888-373-7888", numbers)])
    return [*lines, [("humantraffickinghotline.org", body)]]


def _page(law: Law) -> tuple[float, float]:
    return (points(law.min_size.width), points(law.min_size.height)) if law.min_size else (612, 792)


@pytest.mark.parametrize("code", POSTED)
def test_on_the_pdf_a_compliant_page_passes_and_a_small_one_fails(code):
    law = laws()[code]
    assert printed_failures(law, _printed(_compliant(law), page=_page(law)), "en") == []
    if law.min_size:
        small = printed_failures(law, _printed(_compliant(law), page=(200, 300)), "en")
        assert [(rule, text) for rule, text, _ in small] == [(law.min_size, "its pages measure 200 × 300 pt")]


@pytest.mark.parametrize("code", [c for c in POSTED if laws()[c].min_type_pt])
def test_on_the_pdf_shrunk_type_fails_naming_the_rule(code):
    law = laws()[code]
    small = law.min_type_pt.pt - 2
    failures = printed_failures(law, _printed(_compliant(law, body=small), page=_page(law)), "en")
    assert (law.min_type_pt, "error") in [(rule, severity) for rule, _, severity in failures]
    assert law.cite(law.min_type_pt).startswith(f"{code}, ") and law.min_type_pt.cite in law.cite(law.min_type_pt)


def test_on_the_pdf_baltimores_numbers_must_be_30_pt_though_its_body_may_be_12():
    law = laws()["us-md-baltimore"]
    failures = printed_failures(law, _printed(_compliant(law, numbers=20)), "en")
    assert [(rule, text) for rule, text, _ in failures] == [
        (law.number_type_pt, f"it prints {item.what} at 20 pt; the law asks 30-point numbers") for item in law.contacts
    ]


@pytest.mark.parametrize("code", [c for c in POSTED if laws()[c].bold_numbers or laws()[c].bold_text])
def test_on_the_pdf_type_that_is_not_bold_fails_naming_the_rule(code):
    law = laws()[code]
    failures = printed_failures(law, _printed(_compliant(law), bold=False, page=_page(law)), "en")
    assert {rule for rule, _, _ in failures} == {law.bold_numbers or law.bold_text}


@pytest.mark.parametrize("code", WORDED)
def test_on_the_pdf_the_laws_words_are_looked_for_in_each_language_it_gives(code):
    law = laws()[code]
    last = law.statement.text["en"].splitlines()[-1]
    without = [line for line in _compliant(law) if "".join(text for text, _ in line) != last]
    failures = printed_failures(law, _printed(without, page=_page(law)), "en", NOTICES[code])
    assert [(rule, text.split(" (missing ")[0]) for rule, text, _ in failures] == [
        (law.statement, "it does not print the law's words in en")
    ]
    assert failures[0][1].endswith(f"; {NOTICES[code]} prints them")
    assert printed_failures(law, _printed(without, page=_page(law)), "es") == []  # no Spanish words to look for


def test_the_words_are_found_across_line_breaks_hyphenation_quotes_dashes_and_case():
    words = laws()["us-md-baltimore"].statement.text["en"]
    printed = (
        "REPORT HUMAN TRAF-\r\nFICKING: National Human\nTrafficking Resource Center Call 1‑888‑373‑7888 or text "
        "“BeFree” (233733) call for help if you or someone you know: – is being forced to have sex without consent "
        "– has had an ID or documents taken away – is being threatened by or is in debt to an employer – wants to "
        "leave a job but cannot freely do so TOLL-FREE · 24/7 · CONFIDENTIAL · INTERPRETERS AVAILABLE This sign is "
        "required by Baltimore City law"
    )
    assert missing(words, printed) == []
    assert missing(words, printed.replace("Baltimore City", "State")) == ["This sign is required by Baltimore City law"]
    assert normal("Víctimas ﬁnal’s") == "victimasfinals"


# The data itself ---------------------------------------------------------------------------------


def test_every_number_is_validated_and_spelled_as_the_law_spells_it():
    fl = laws()["us-fl"].contacts[0]
    assert (fl.tel, fl.spelled) == ("+18553527233", "1-855-FLA-SAFE")
    assert display(fl) == "1-855-352-7233"
    entry = laws()["us-fl"].model_dump(exclude={"code"})
    entry["contacts"][0]["spelled"] = "1-855-FLA-SALE"
    with pytest.raises(ValidationError, match="'1-855-FLA-SALE' does not dial \\+18553527233"):
        Law(code="us-fl", **entry)
    entry["contacts"][0] |= {"spelled": "1-855-FLA-SAFE", "tel": "+1855352723"}
    with pytest.raises(ValidationError, match=r"is not a valid number in E\.164 form"):
        Law(code="us-fl", **entry)


def test_each_law_with_words_has_a_built_in_notice_at_its_size_and_type():
    assert set(NOTICES) == {code for code, law in laws().items() if law.statement}
    for code, name in NOTICES.items():
        law, fmt = laws()[code], builtin_formats()[name]
        assert law.fits(fmt.width_pt, fmt.height_pt) and not fmt.carried and not fmt.sheet and not fmt.suits, name
        assert fmt.min_font_pt >= (law.min_type_pt.pt if law.min_type_pt else 0), name


def test_outreach_laws_lists_each_profile_with_its_source_and_date_and_prints_one_in_full():
    runner = CliRunner()
    listed = runner.invoke(app, ["laws"], terminal_width=200)
    assert listed.exit_code == 0
    for code in laws():
        assert any(line.startswith(f"{code} ") and "2026-12-02" in line for line in listed.output.splitlines()), code
    one = runner.invoke(app, ["laws", "us-md"], terminal_width=200)
    assert one.exit_code == 0
    assert "https://lexace.ai/us/statute/maryland/BR-15-207 (mirror)" in one.output
    assert (
        "This sign is required under State law." in one.output and "built-in notice: format notice-us-md" in one.output
    )
    unknown = runner.invoke(app, ["laws", "us-zz"])
    assert unknown.exit_code == 2 and "unknown posting law 'us-zz'" in unknown.output


# Rendered -----------------------------------------------------------------------------------------


@pytest.mark.render
def test_each_built_in_notice_builds_in_its_languages_and_passes_its_own_law_on_the_pdf(make_kit, tmp_path):
    files: dict[str, object] = {"outreach.yaml": MINIMAL_SETTINGS}
    places = []
    for code, name in NOTICES.items():
        law = laws()[code]
        files.update({k: v for k, v in _files(law).items() if k.startswith("services/")})
        place = {"id": code, "name": code, "kind": "other", "region": "north", "formats": [name], "compliance": [code]}
        places.append({**place, "locales": law.languages.all})
    files["locations.yaml"] = {"locations": places}
    report = build(make_kit(files), tmp_path / "out", checks=CheckOptions(today=TODAY))
    made = {(d.job.location.id, d.job.locale) for d in report.documents}
    assert made == {(code, locale) for code in NOTICES for locale in laws()[code].languages.all}
    for doc in report.documents:
        law, printed = laws()[doc.job.location.id], measure(doc.pdf)
        assert printed_failures(law, printed, doc.job.locale) == [], doc.job.file
        assert missing(law.statement.text["en"], printed.text) == [], doc.job.file  # the law's words, every page
        assert printed.smallest()[0] >= (law.min_type_pt.pt if law.min_type_pt else 0), doc.job.file
        if law.code == "us-fl":
            assert "1-855-FLA-SAFE (1-855-352-7233)" in flat(printed.text)


def test_a_kit_format_that_prints_the_notice_of_a_law_without_words_is_an_error(make_kit):
    own = {**builtin_formats()["notice-us-ca"].model_dump(exclude={"name"}, exclude_none=True), "notice": "us-tx"}
    files = {**_files(laws()["us-tx"]), "outreach.yaml": {**MINIMAL_SETTINGS, "formats": {"my-notice": own}}}
    kit = load_kit(make_kit(files))
    errors = [str(p) for p in check(kit, CheckOptions(today=TODAY)) if p.severity == "error"]
    assert errors == [
        "outreach.yaml:35: error: formats.my-notice.notice: format my-notice prints the notice of 'us-tx', which is not a "
        "posting law with prescribed words; known: us-ca, us-fl, us-fl-lodging, us-md, us-md-baltimore, us-ga, us-il"
    ]


def test_a_required_language_without_the_laws_words_is_said_to_be_unchecked(make_kit):
    kit = load_kit(make_kit(_files(laws()["us-md"])))
    assert (
        "locations.yaml:2: warning: locations[0]: place: us-md, Md. Code, Bus. Reg. § 15-207(a)(1): the sign's "
        "wording: outreach has no verbatim es words for this notice, so its es materials are not checked for them (the "
        "built-in notice prints the words it has, in en): the statute requires Spanish but gives no Spanish words; the "
        "Maryland Department of Labor designs the sign and places it on its website (§ 15-207(a)(2)(iv)): its Spanish "
        "words were not found in the stored pages searched on 2026-12-02"
    ) in [str(p) for p in check(kit, CheckOptions(today=TODAY))]
