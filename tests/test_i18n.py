"""Languages: the locale table, the built-in catalogues, the pseudo-locale and the translator's commands."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outreach.cli import app
from outreach.i18n.catalogues import is_reviewed, read_catalogue, template_catalogue, translations
from outreach.i18n.headers import header_fields, header_problems
from outreach.i18n.locales import format_list, is_known_locale, isolate, language_name, locale_info, month_year
from outreach.i18n.pseudo import pseudolocalize
from outreach.i18n.workflow import extract, status
from outreach.paths import locales_dir

BUILT_IN = ["am", "ar", "es", "fr", "hmn", "ksw", "so", "vi", "zh-Hans"]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(app, [str(a) for a in args], terminal_width=200, catch_exceptions=False)

    return invoke


# ---- the locale table ----------------------------------------------------------


def test_languages_cldr_lacks_work_like_any_other():
    for code in ("hmn", "ksw"):
        assert is_known_locale(code) and locale_info(code).babel is None
    assert locale_info("hmn").name == "Hmoob" and locale_info("hmn").direction == "ltr"
    assert locale_info("ksw").families == ("Outreach Myanmar", "Outreach Sans")
    assert locale_info("ksw").plural_forms == "nplurals=1; plural=0;"
    assert month_year(date(2026, 11, 2), "hmn") == "Lub Kaum Ib Hlis 2026"
    assert month_year(date(2026, 11, 2), "ksw") == "11/2026"
    assert format_list(["A", "B", "C"], "hmn") == "A, B thiab C"
    assert language_name("es", "hmn") == "Lus Mev"
    assert language_name("ksw", "ksw") == "ကညီကျိာ်"
    assert language_name("ksw", "en") == "Karen" and language_name("ksw", "zh-Hans") == "克伦语"
    assert language_name("hmn", "es") == "hmong"
    assert not is_known_locale("xx-nowhere")


def test_cldr_locales_get_direction_fonts_plurals_dates_and_lists_from_babel():
    assert locale_info("ar").direction == "rtl" and locale_info("ar").families[0] == "Outreach Arabic"
    assert locale_info("am").families[0] == "Outreach Ethiopic"
    assert locale_info("zh-Hans").families[0] == "Outreach CJK"
    assert locale_info("vi").families == ("Outreach Sans",)
    assert all(locale_info(code).families[-1] == "Outreach Sans" for code in BUILT_IN)
    assert locale_info("ar").plural_forms.startswith("nplurals=6;")
    assert month_year(date(2026, 11, 2), "zh-Hans") == "2026年11月"
    assert format_list(["A", "B"], "so") == "A iyo B"


def test_numbers_are_isolated_only_on_right_to_left_pages():
    assert isolate("1-888-373-7888", "ar") == "\u20661-888-373-7888\u2069"
    assert isolate("1-888-373-7888", "es") == "1-888-373-7888"


# ---- the built-in catalogues -----------------------------------------------------


def test_the_pot_is_up_to_date_with_the_templates(tmp_path):
    fresh = tmp_path / "messages.pot"
    extract(output=fresh)
    ids = lambda catalogue: sorted(str(m.id) for m in catalogue if m.id)  # noqa: E731
    assert ids(read_catalogue(fresh, "fresh", "en")) == ids(template_catalogue())


def test_extract_reads_the_templates_as_pybabel_does_with_babel_cfg(tmp_path):
    repo = Path(__file__).resolve().parent.parent
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(tmp_path / "pybabel.pot"), "templates"],
        cwd=repo,
        check=True,
    )
    ours = tmp_path / "ours.pot"
    extract(output=ours)
    entries = lambda path: sorted((str(m.id), sorted(m.locations)) for m in read_catalogue(path, "", "en") if m.id)  # noqa: E731
    assert entries(tmp_path / "pybabel.pot") == entries(ours)


@pytest.mark.parametrize("code", BUILT_IN)
def test_every_built_in_catalogue_is_complete_with_matching_placeholders(code):
    (row,) = [r for r in status() if r.locale == code]
    assert (row.missing, row.fuzzy) == (0, 0), row
    assert row.translated == len([m for m in template_catalogue() if m.id])
    for message in read_catalogue(locales_dir() / code / "messages.po", code, code):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for text in strings:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (code, source)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("code", BUILT_IN)
def test_catalogues_pass_msgfmt_check(code):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(locales_dir() / code / "messages.po")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_built_in_translations_are_drafts_until_reviewed():
    assert not is_reviewed("so", None)
    assert is_reviewed("so", None, ["so"])  # the kit declares it reviewed
    assert is_reviewed("en", None)


def test_no_stigmatizing_words_in_the_english_copy():
    words = " ".join(str(m.id) for m in template_catalogue() if m.id).lower()
    for term in ("prostitut", "victim", "hooker", "sex worker", "illegal"):
        assert term not in words


# ---- the pseudo-locale ----------------------------------------------------------------


def test_pseudo_locale_is_accented_about_40_percent_longer_and_keeps_placeholders():
    assert pseudolocalize("Scan to call %(number)s") == "[Śçááñ ŧóó çááĺĺ %(number)s]"
    ids = [str(m.id) for m in template_catalogue() if m.id and isinstance(m.id, str)]
    ratio = sum(len(pseudolocalize(i)) for i in ids) / sum(len(i) for i in ids)
    assert 1.3 <= ratio <= 1.5
    assert translations("en-XA", None).pgettext("verb, before a phone number", "Call") == "[Çááĺĺ]"


# ---- the translator's commands ------------------------------------------------------


def test_init_update_and_status_on_a_kit(run, make_kit):
    kit = make_kit(
        {
            "templates/poster-letter.html": (
                '{% extends "builtin/poster-letter.html" %}'
                "{% block body %}<p>{% trans %}Ask at the front desk.{% endtrans %}</p>{{ super() }}{% endblock %}"
            )
        }
    )
    assert run("i18n", "extract", "--kit", kit).exit_code == 0
    pot = (kit / "locales" / "messages.pot").read_text(encoding="utf-8")
    assert 'msgid "Ask at the front desk."' in pot and "#: templates/poster-letter.html:1" in pot
    total = pot.count("\nmsgid ") - 0

    result = run("i18n", "init", "pt", "--kit", kit)
    assert result.exit_code == 0, result.output
    po = kit / "locales" / "pt" / "messages.po"
    text = po.read_text(encoding="utf-8")
    assert '"Language: pt\\n"' in text and '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in text
    assert '"X-Reviewed-By: \\n"' in text and f'"X-Generator: outreach {version("outreach")}\\n"' in text
    assert f'"Project-Id-Version: outreach {version("outreach")}\\n"' in text and '"Last-Translator: \\n"' in text
    assert not any(placeholder in text for placeholder in ("VERSION", "EMAIL@ADDRESS", "FULL NAME", "YEAR"))
    assert run("i18n", "init", "pt", "--kit", kit).exit_code == 1  # never overwritten
    assert run("i18n", "init", "hmn", "--kit", kit).exit_code == 0
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in (kit / "locales/hmn/messages.po").read_text(encoding="utf-8")

    text = text.replace('msgid "Call"\nmsgstr ""', 'msgid "Call"\nmsgstr "Appeler"')
    text = text.replace('msgid "Scan to call"\nmsgstr ""', 'msgid "Scan to call"\nmsgstr "Scannez pour appeler"')
    text = text.replace(
        'msgctxt "verb, before a phone number or short code"\nmsgid "Text"\nmsgstr ""',
        '#, fuzzy\nmsgctxt "verb, before a phone number or short code"\nmsgid "Text"\nmsgstr "SMS"',
    )
    po.write_text(text, encoding="utf-8")
    status_json = json.loads(run("i18n", "status", "--kit", kit, "--json").stdout)
    rows = {r["locale"]: r for r in status_json if r["file"].endswith("messages.po")}  # kit.po has rows of its own
    assert (rows["pt"]["translated"], rows["pt"]["fuzzy"], rows["pt"]["missing"]) == (2, 1, total - 4)
    assert rows["pt"]["reviewed"] is False

    (kit / "templates" / "poster-letter.html").write_text(
        '{% extends "builtin/poster-letter.html" %}'
        "{% block body %}<p>{% trans %}Ask at the desk.{% endtrans %}</p>{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    run("i18n", "extract", "--kit", kit)
    assert run("i18n", "update", "--kit", kit).exit_code == 0
    updated = po.read_text(encoding="utf-8")
    assert 'msgid "Ask at the desk."' in updated and 'msgstr "Appeler"' in updated
    table = run("i18n", "status", "--kit", kit).stdout.splitlines()
    assert table[0].split() == ["locale", "translated", "fuzzy", "missing", "reviewed", "language", "catalogue"]
    assert any(line.split()[:2] == ["pt", "2"] and "português" in line for line in table)
    if shutil.which("msgfmt"):
        assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)]).returncode == 0


def test_a_reviewed_complete_kit_catalogue_needs_no_draft_mark(run, make_kit):
    kit = make_kit()
    run("i18n", "init", "vi", "--kit", kit)
    po = kit / "locales" / "vi" / "messages.po"
    shutil.copy(locales_dir() / "vi" / "messages.po", po)
    assert not is_reviewed("vi", kit)
    po.write_text(po.read_text(encoding="utf-8").replace('"X-Reviewed-By: \\n"', '"X-Reviewed-By: Lan Tran\\n"'))
    assert is_reviewed("vi", kit)  # every message now comes from the reviewed kit catalogue
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace(
            'msgctxt "verb, before a phone number"\nmsgid "Call"\nmsgstr "Gọi"',
            '#, fuzzy\nmsgctxt "verb, before a phone number"\nmsgid "Call"\nmsgstr "Gọi"',
        )
    )
    assert not is_reviewed("vi", kit)  # "Call" would print from the built-in draft


def test_init_refuses_unknown_and_source_languages(run, tmp_path, make_kit):
    kit = make_kit()
    result = run("i18n", "init", "xx-nowhere", "--kit", kit)
    assert result.exit_code == 2 and "is not a language code that outreach knows" in result.stderr
    assert run("i18n", "init", "en", "--kit", kit).exit_code == 2


def test_init_in_a_kit_starts_from_the_built_in_draft(run, make_kit):
    kit = make_kit()
    assert run("i18n", "init", "so", "--kit", kit).exit_code == 0
    po = kit / "locales" / "so" / "messages.po"
    assert po.read_bytes() == (locales_dir() / "so" / "messages.po").read_bytes()  # its drafts and marks as they are
    assert "# Review:" in po.read_text(encoding="utf-8")
    (built_in,) = [row for row in status() if row.locale == "so"]
    rows = {r["locale"]: r for r in json.loads(run("i18n", "status", "--kit", kit, "--json").stdout)}
    assert rows["so"]["translated"] == built_in.translated > 0
    assert (rows["so"]["fuzzy"], rows["so"]["missing"]) == (built_in.fuzzy, built_in.missing)
    assert run("i18n", "init", "so", "--kit", kit).exit_code == 1  # never overwritten


def test_init_keeps_fuzzy_and_review_marks_and_adds_the_kits_own_messages(run, make_kit, monkeypatch, tmp_path):
    drafts = tmp_path / "builtin-locales"
    text = (locales_dir() / "so" / "messages.po").read_text(encoding="utf-8")
    marked = text.replace(
        'msgctxt "verb, before a phone number"\nmsgid "Call"\nmsgstr "',
        '#, fuzzy\nmsgctxt "verb, before a phone number"\nmsgid "Call"\nmsgstr "',
        1,
    )
    assert marked != text
    (drafts / "so").mkdir(parents=True)
    (drafts / "so" / "messages.po").write_text(marked, encoding="utf-8")
    monkeypatch.setattr("outreach.i18n.workflow.locales_dir", lambda: drafts)
    kit = make_kit({"templates/poster-letter.html": "<p>{% trans %}Ask at the front desk.{% endtrans %}</p>"})
    assert run("i18n", "extract", "--kit", kit).exit_code == 0
    assert run("i18n", "init", "so", "--kit", kit, "--translator", "Hodan <h@example.org>").exit_code == 0
    copied = (kit / "locales" / "so" / "messages.po").read_text(encoding="utf-8")
    assert '#, fuzzy\nmsgctxt "verb, before a phone number"\nmsgid "Call"' in copied and copied.count(
        "# Review:"
    ) == text.count("# Review:")
    assert 'msgid "Ask at the front desk."' in copied and '"Last-Translator: Hodan <h@example.org>\\n"' in copied
    assert f'"X-Generator: outreach {version("outreach")}\\n"' in copied


def test_plural_forms_are_cldrs_for_whole_numbers_as_gettext_writes_them():
    assert locale_info("fr").plural_forms == "nplurals=2; plural=(n > 1);"
    assert locale_info("es").plural_forms == "nplurals=2; plural=(n != 1);"
    assert locale_info("pt").plural_forms == "nplurals=2; plural=(n > 1);"
    assert locale_info("so").plural_forms == "nplurals=2; plural=(n != 1);"
    assert locale_info("vi").plural_forms == "nplurals=1; plural=0;"
    assert locale_info("ru").plural_forms.startswith("nplurals=3;")


@pytest.mark.parametrize("code", BUILT_IN)
def test_built_in_catalogues_have_complete_headers_without_placeholders(code):
    path = locales_dir() / code / "messages.po"
    text = path.read_text(encoding="utf-8")
    assert header_problems(text, f"locales/{code}/messages.po", code) == []
    read_catalogue(path, f"locales/{code}/messages.po", code)
    _, fields = header_fields(text)
    assert fields["Project-Id-Version"][1] == fields["X-Generator"][1] == f"outreach {version('outreach')}"
    for placeholder in ("VERSION", "EMAIL@ADDRESS", "FULL NAME", "LL@li.org"):
        assert placeholder not in text.split("\n\n", 1)[0]
    pot = (locales_dir() / "messages.pot").read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert not any(p in pot for p in ("VERSION", "EMAIL@ADDRESS", "FULL NAME", "FIRST AUTHOR"))


HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: so\\n"\n"Plural-Forms: {}\\n"\n\n'
)
PLURAL = 'msgid "%(count)s place"\nmsgid_plural "%(count)s places"\nmsgstr[0] "%(count)s meel"\nmsgstr[1] "%(count)s meelood"\n'


def _somali_kit(make_kit, catalogue: str):
    from helpers import HOTLINE, MINIMAL_SETTINGS

    return make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "locales": ["en", "so"]},
            "services/national-hotline.yaml": {**HOTLINE, "interpreters": True},
            "locales/so/messages.po": catalogue,
        }
    )


def test_a_kit_catalogue_with_a_wrong_plural_rule_fails_check_with_its_line(run, make_kit):
    kit = _somali_kit(make_kit, HEADER.format("nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);") + PLURAL)
    result = run("check", kit)
    assert result.exit_code == 1
    assert (
        "locales/so/messages.po:5: error: Plural-Forms: says nplurals=3, but Somali has 2 plural forms (CLDR); "
        'write "Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
    ) in result.stderr


@pytest.mark.parametrize("field", ["Language", "Plural-Forms", "Content-Type"])
def test_a_kit_catalogue_missing_a_header_field_fails_check_with_its_line(run, make_kit, field):
    lines = [line for line in HEADER.format("nplurals=2; plural=(n != 1);").split("\n") if field not in line]
    kit = _somali_kit(make_kit, "\n".join(lines) + PLURAL)
    result = run("check", kit)
    assert result.exit_code == 1
    assert f"locales/so/messages.po:1: error: header: has no {field} field; add " in result.stderr


def test_a_content_type_without_charset_and_a_language_from_another_folder_are_errors():
    text = HEADER.format("nplurals=2; plural=(n != 1);").replace("; charset=UTF-8", "").replace("so", "ar")
    problems = [str(p) for p in header_problems(text, "locales/so/messages.po", "so")]
    assert problems == [
        'locales/so/messages.po:3: error: Content-Type: names no charset; write "text/plain; charset=UTF-8"',
        "locales/so/messages.po:4: error: Language: says 'ar', but the catalogue is in the so folder; write 'so'",
    ]
    (headless,) = header_problems('msgid "Call"\nmsgstr "Wac"\n', "locales/so/messages.po", "so")
    assert str(headless).startswith("locales/so/messages.po:1: error: header: gettext catalogue has no header")


def test_check_names_each_page_that_prints_kit_text_in_another_language(run, make_kit):
    from helpers import HOTLINE, MINIMAL_SETTINGS

    kit = make_kit(
        {
            "outreach.yaml": {
                **MINIMAL_SETTINGS,
                "regions": {"north": {"en": "North County", "es": "Condado Norte"}, "south": "South County"},
            },
            # interpreters answer its calls in Somali too (else `check` says no line answers Somali pages)
            "services/national-hotline.yaml": {**HOTLINE, "hours": {"en": "24 hours, every day"}, "interpreters": True},
            "locations.yaml": {
                "locations": [
                    {
                        "id": "clinic-a",
                        "name": "Clinic A",
                        "kind": "clinic",
                        "region": "north",
                        "locales": ["en", "es", "so"],
                    },
                ]
            },
        }
    )
    result = run("check", kit)
    assert result.exit_code == 0, result.output
    fix = "translate it in locales/{0}/kit.po (`outreach i18n extract --kit KIT`, then `outreach i18n update --kit KIT`) or add `{0}: ...` to the YAML"
    assert result.stderr.splitlines() == [  # sorted by file and line
        # each page that prints the English hours, by location and locale; the region's name is not printed
        "locations.yaml:6: warning: locations[0].locales: clinic-a: Somali (so) pages (poster-letter, tearoff-letter, "
        "wallet-card) print English (en) text for: national-hotline hours; " + fix.format("so"),
        "locations.yaml:6: warning: locations[0].locales: clinic-a: Spanish (es) pages (poster-letter, tearoff-letter, "
        "wallet-card) print English (en) text for: national-hotline hours; " + fix.format("es"),
        # the kit's default locales (en, es), at the line to fix, reported by outreach.kit.load
        "services/national-hotline.yaml:6: warning: hours: has no es text; those pages print the en text until you add it",
    ]
