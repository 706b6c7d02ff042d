"""Languages: the locale table, the built-in catalogues, the pseudo-locale and the translator's commands."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outreach.cli import app
from outreach.i18n.catalogues import is_reviewed, read_catalogue, template_catalogue, translations
from outreach.i18n.locales import format_list, is_known_locale, isolate, language_name, locale_info, month_year
from outreach.i18n.pseudo import pseudolocalize
from outreach.i18n.workflow import extract, status
from outreach.paths import locales_dir

BUILT_IN = ["am", "ar", "es", "hmn", "ksw", "so", "vi", "zh-Hans"]
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
    assert translations("en-XA", None).gettext("Call") == "[Çááĺĺ]"


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

    result = run("i18n", "init", "so", "--kit", kit)
    assert result.exit_code == 0, result.output
    po = kit / "locales" / "so" / "messages.po"
    text = po.read_text(encoding="utf-8")
    assert '"Language: so\\n"' in text and '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert '"X-Reviewed-By: \\n"' in text
    assert run("i18n", "init", "so", "--kit", kit).exit_code == 1  # never overwritten
    assert run("i18n", "init", "hmn", "--kit", kit).exit_code == 0
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in (kit / "locales/hmn/messages.po").read_text(encoding="utf-8")

    text = text.replace('msgid "Call"\nmsgstr ""', 'msgid "Call"\nmsgstr "Wac"')
    text = text.replace('msgid "Scan to call"\nmsgstr ""', 'msgid "Scan to call"\nmsgstr "Iskaan si aad u wacdo"')
    text = text.replace('msgid "Text"\nmsgstr ""', '#, fuzzy\nmsgid "Text"\nmsgstr "Qoraal"')
    po.write_text(text, encoding="utf-8")
    rows = {r["locale"]: r for r in json.loads(run("i18n", "status", "--kit", kit, "--json").stdout)}
    assert (rows["so"]["translated"], rows["so"]["fuzzy"], rows["so"]["missing"]) == (2, 1, total - 4)
    assert rows["so"]["reviewed"] is False

    (kit / "templates" / "poster-letter.html").write_text(
        '{% extends "builtin/poster-letter.html" %}'
        "{% block body %}<p>{% trans %}Ask at the desk.{% endtrans %}</p>{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    run("i18n", "extract", "--kit", kit)
    assert run("i18n", "update", "--kit", kit).exit_code == 0
    updated = po.read_text(encoding="utf-8")
    assert 'msgid "Ask at the desk."' in updated and 'msgstr "Wac"' in updated
    table = run("i18n", "status", "--kit", kit).stdout.splitlines()
    assert table[0].split() == ["locale", "translated", "fuzzy", "missing", "reviewed", "language"]
    assert any(line.split()[:2] == ["so", "2"] and "Soomaali" in line for line in table)
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
    po.write_text(text.replace('msgid "Call"\nmsgstr "Gọi"', '#, fuzzy\nmsgid "Call"\nmsgstr "Gọi"'))
    assert not is_reviewed("vi", kit)  # "Call" would print from the built-in draft


def test_init_refuses_unknown_and_source_languages(run, tmp_path, make_kit):
    kit = make_kit()
    result = run("i18n", "init", "xx-nowhere", "--kit", kit)
    assert result.exit_code == 2 and "is not a language code that outreach knows" in result.stderr
    assert run("i18n", "init", "en", "--kit", kit).exit_code == 2


def test_check_lists_kit_text_untranslated_in_the_locales_it_prints_in(run, make_kit):
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
    assert result.stderr.splitlines() == [  # sorted by file and line
        # a language only this location prints in
        "outreach.yaml:7: warning: regions.north: has no so text: Somali pages print the en text; add `so: ...` to translate it",
        # the kit's default locales (en, es), reported by outreach.kit.load
        "services/national-hotline.yaml:6: warning: hours: has no es text; those pages print the en text until you add it",
        "services/national-hotline.yaml:6: warning: hours: has no so text: Somali pages print the en text; "
        "add `so: ...` to translate it",
    ]
