"""Context for every message, and catalogues caught before print (issue 13).

Every built-in message reaches translators with a comment saying where it prints and how long its translation
may be (measured on the layouts with tools/measure_lengths.py); fragments that mean different things in
different places have a msgctxt; placeholders are named for what they hold. `outreach check` reads every
catalogue a kit prints with, the built-in ones too, and names each problem with its file and line; a page that
does not fit names the translations in the text that overflowed.
"""

from __future__ import annotations

import re
import shutil

import pytest
from babel.messages.catalog import Message
from helpers import HOTLINE, MINIMAL_SETTINGS

from outreach import build
from outreach.commands.check import check_kit
from outreach.errors import BuildError, KitError
from outreach.i18n.catalogues import read_catalogue, template_catalogue, translations
from outreach.i18n.overlong import culprits, limits
from outreach.i18n.workflow import extract
from outreach.kit.jobs import plan
from outreach.kit.load import load_kit
from outreach.pages.page import PrintMode, page
from outreach.paths import locales_dir

PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {code}\\n"\n'
    '"Plural-Forms: {plurals}\\n"\n\n'
)
ES = PO_HEADER.format(code="es", plurals="nplurals=2; plural=(n != 1);")
SO = PO_HEADER.format(code="so", plurals="nplurals=2; plural=(n != 1);")
CALL = 'msgctxt "verb, before a phone number"\nmsgid "Call"'
CONTACT_SHEET = "templates/index.html"
"""The contact sheet: an HTML page a coordinator reads in a browser, in English; nothing there is fitted."""
SAMPLE_MARK = "templates/sample-mark.html"
"""The SAMPLE mark, drawn faint across the page and never fitted (outreach.render.overflow leaves it out)."""
AMBIGUOUS = {
    "Call": {"verb, before a phone number"},
    "Text": {"verb, before a phone number or short code"},
    "A place to stay": {"kind of service", "kind of place"},
    "More help": {"kind of service"},
    "Restroom": {"kind of place"},
    "Clinic": {"kind of place"},
    "Place": {"run sheet column"},
    "What": {"run sheet column"},
    "Done": {"run sheet column"},
    "Languages": {"run sheet column"},
    "How many": {"run sheet column"},
}
"""Fragments whose words alone do not say what they mean, and the msgctxt that does."""
NAMES = {"count", "keyword", "number", "languages", "date", "region", "total", "per_sheet"}
"""Every placeholder of the built-in messages: each named for what it holds (`number`: a phone number or short
code, `languages`: a list of language names, `date`: a month and year, `per_sheet`: pieces on one sheet)."""


def _messages() -> list[Message]:
    return [m for m in template_catalogue() if m.id]


def _comment(message: Message) -> str:
    return " ".join(message.auto_comments)


# ---- the POT: comments, contexts and placeholders --------------------------------------------------------------


def test_every_message_says_where_it_prints_and_how_long_its_translation_may_be():
    for message in _messages():
        comment = _comment(message)
        assert len(comment) > 40, (message.id, comment)  # where: the pieces and the block on them
        assert re.search(r"At most \d+ characters|No length limit: ", comment), (message.id, comment)
        files = {file for file, _ in message.locations}
        if files - {"templates/run-sheet.html", SAMPLE_MARK, CONTACT_SHEET}:  # printed on fitted pieces
            # per format, measured: a number, or more than the longest text tried fits
            assert limits(message) or re.search(r"over \d+ characters fit on", comment), (message.id, comment)
            assert "on the sample kit with tools/measure_lengths.py)" in comment, (message.id, comment)


def test_limits_are_read_back_from_the_comment_per_format():
    (call,) = [m for m in template_catalogue() if m.id == "Call"]
    measured = limits(call)
    assert {"wallet-card", "small-label", "stall-sticker", "poster-letter", "bus-card"} <= set(measured)
    assert all(len("Call") < n < 1000 for n in measured.values())
    wrapped = Message(
        "x", auto_comments=["At most 45 characters on wallet-", "card, 60 on stall-sticker (measured ...)."]
    )
    assert limits(wrapped) == {"wallet-card": 45, "stall-sticker": 60}


def test_the_comments_reach_the_pot_as_extracted_comments(tmp_path):
    fresh = tmp_path / "messages.pot"
    extract(output=fresh)
    comments = lambda catalogue: {(str(m.id), m.context): m.auto_comments for m in catalogue if m.id}  # noqa: E731
    assert comments(read_catalogue(fresh, "fresh", "en")) == comments(template_catalogue())
    text = fresh.read_text(encoding="utf-8")
    assert '#. "Call 1-888-373-7888": the word printed before a phone number' in text
    assert 'msgctxt "verb, before a phone number"\nmsgid "Call"' in text


def test_ambiguous_fragments_have_a_msgctxt():
    contexts: dict[str, set] = {}
    for message in template_catalogue():
        if message.id:
            contexts.setdefault(str(message.id), set()).add(message.context)
    for msgid, expected in AMBIGUOUS.items():
        assert contexts[msgid] == expected, msgid
    for msgid, found in contexts.items():  # a msgid printed with two meanings has a context for each
        assert len(found) == 1 or None not in found, msgid


def test_placeholders_are_named_for_what_they_hold():
    pot = (locales_dir() / "messages.pot").read_text(encoding="utf-8")
    assert set(re.findall(r"%\((\w+)\)s", pot)) == NAMES
    numbers = {str(m.id) for m in template_catalogue() if m.id and "%(number)s" in str(m.id)}
    assert numbers == {"Text %(keyword)s to %(number)s"}  # a phone number or short code, nothing else
    assert 'msgid "In %(languages)s"' in pot and 'msgid "Information checked: %(date)s"' in pot


def test_a_message_with_a_msgctxt_prints_its_translation_and_the_old_one_is_named_unused(make_kit, run):
    kit = make_kit({"locales/es/messages.po": ES + f'{CALL}\nmsgstr "Marque ya al"\n\nmsgid "Call"\nmsgstr "Nunca"\n'})
    loaded = load_kit(kit)
    (job,) = plan(loaded, locales=["es"])
    html, _ = page(loaded, PrintMode(), job)
    assert "Marque ya al" in html and "Nunca" not in html
    assert translations("es", kit).pgettext("verb, before a phone number", "Call") == "Marque ya al"
    result = run("check", kit)
    assert result.exit_code == 0
    assert (
        "locales/es/messages.po:11: warning: msgid: 'Call' is never printed, so its translation is unused: the "
        'templates print it with msgctxt "verb, before a phone number": put that line above its msgid'
    ) in result.stdout + result.stderr


# ---- outreach check: placeholders, plural forms, every catalogue it would use -----------------------------------


def test_a_translation_that_drops_a_placeholder_fails_check_with_its_line(make_kit, run):
    kit = make_kit(
        {"locales/es/messages.po": ES + 'msgid "Text %(keyword)s to %(number)s"\nmsgstr "Envíe %(keyword)s"\n'}
    )
    result = run("check", kit)
    assert result.exit_code == 1
    assert (
        "locales/es/messages.po:7: error: msgstr: leaves out %(number)s, which 'Text %(keyword)s to %(number)s' has: "
        "the page would print without what it holds"
    ) in result.stderr


def test_a_plural_form_for_one_number_may_say_it_in_words_but_no_other_may(tmp_path):
    header = PO_HEADER.format(
        code="ar",
        plurals="nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    )
    forms = ["لا أماكن", "مكان واحد", "مكانان", "%(count)s أماكن", "%(count)s مكانًا", "%(count)s مكان"]
    plural = 'msgid "%(count)s place"\nmsgid_plural "%(count)s places"\n' + "".join(
        f'msgstr[{i}] "{text}"\n' for i, text in enumerate(forms)
    )
    po = tmp_path / "messages.po"
    po.write_text(header + plural, encoding="utf-8")
    read_catalogue(po, "locales/ar/messages.po", "ar")  # zero, one and two: one number each, said in words
    po.write_text(header + plural.replace("%(count)s أماكن", "أماكن"), encoding="utf-8")
    with pytest.raises(KitError) as caught:
        read_catalogue(po, "locales/ar/messages.po", "ar")
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        "locales/ar/messages.po:7: error: msgstr: msgstr[3] leaves out %(count)s, which '%(count)s place' has"
    )


def _somali_kit(make_kit, catalogue: str):
    return make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "locales": ["en", "so"]},
            "services/national-hotline.yaml": {**HOTLINE, "interpreters": True},
            "locales/so/messages.po": catalogue,
        }
    )


def test_a_plural_rule_that_is_not_cldrs_fails_check_with_its_line(make_kit, run):
    kit = _somali_kit(make_kit, SO.replace("(n != 1)", "(n > 1)") + 'msgid "Legal help"\nmsgstr "Caawimo sharci"\n')
    result = run("check", kit)
    assert result.exit_code == 1
    assert (
        "locales/so/messages.po:5: error: Plural-Forms: plural=(n > 1) picks msgstr[0] for 0, but Somali uses "
        'msgstr[1] for 0 (CLDR\'s rule, (n != 1)); write "Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
    ) in result.stderr


def test_more_plural_forms_than_the_language_has_fail_check_with_the_messages_line(make_kit, run):
    plural = 'msgid "%(count)s place"\nmsgid_plural "%(count)s places"\n'
    forms = 'msgstr[0] "%(count)s meel"\nmsgstr[1] "%(count)s meelood"\nmsgstr[2] "%(count)s meelo"\n'
    result = run("check", _somali_kit(make_kit, SO + plural + forms))
    assert result.exit_code == 1
    assert (
        "locales/so/messages.po:7: error: gettext catalogue: this message has msgstr[2], but the header gives "
        "Somali 2 plural forms (msgstr[0] to msgstr[1])"
    ) in result.stderr


def test_check_reads_the_built_in_catalogues_the_kit_prints_with(make_kit, monkeypatch, tmp_path):
    built_in = tmp_path / "checkout" / "locales"
    shutil.copytree(locales_dir(), built_in)
    po = built_in / "es" / "messages.po"
    text = po.read_text(encoding="utf-8")
    broken = text.replace('msgstr "Envíe %(keyword)s al %(number)s"', 'msgstr "Envíe %(keyword)s"')
    assert broken != text
    po.write_text(broken, encoding="utf-8")
    line = broken[: broken.index('msgstr "Envíe %(keyword)s"')].count("\n")  # the msgid's line, just above
    monkeypatch.setattr("outreach.i18n.catalogues.locales_dir", lambda: built_in)
    monkeypatch.setattr("outreach.i18n.checking.locales_dir", lambda: built_in)
    with pytest.raises(KitError) as caught:
        check_kit(make_kit())
    assert [str(p) for p in caught.value.problems if p.severity == "error"] == [
        f"locales/es/messages.po:{line}: error: msgstr: leaves out %(number)s, which 'Text %(keyword)s to "
        "%(number)s' has: the page would print without what it holds (a number, a name); put it in the "
        "translation as written"
    ]


# ---- a page that does not fit names the translations in what overflowed ----------------------------------------


def test_the_translations_in_overflowing_text_are_found_by_their_words(make_kit):
    long_call = "Llame a este número de teléfono cuando quiera, de día o de noche, sin dar su nombre"
    kit = make_kit({"locales/es/messages.po": ES + f'{CALL}\nmsgstr "{long_call}"\n'})
    (found,) = culprits(["de día o de noche, sin dar su nombre 1-888-373-7888"], [], "es", kit, "wallet-card")
    assert (found.msgid, found.context, found.file, found.line) == (
        "Call",
        "verb, before a phone number",
        "locales/es/messages.po",
        8,
    )
    assert (
        found.length == len(long_call)
        and found.limit == limits(next(m for m in template_catalogue() if m.id == "Call"))["wallet-card"]
    )
    page = [f"{long_call} 1-888-373-7888", "Draft translation · Traducción preliminar"]
    (blamed,) = culprits(["Draft translation · Traducción preliminar"], page, "es", kit, "wallet-card")
    assert blamed.msgid == "Call" and blamed.length > blamed.limit  # what pushed the draft mark off the card
    # on a format nothing was measured on (a kit's own), the translations the overflowing text holds:
    (whole,) = culprits(["Envíe HELP al 233733"], [], "es", None, "poster-legal")  # placeholders match anything
    assert (whole.msgid, whole.file) == ("Text %(keyword)s to %(number)s", "<built-in>/locales/es/messages.po")
    chinese = translations("zh-Hans", None).gettext("Is someone forcing you to do things you don't want to do?")
    (zh,) = culprits([chinese[2:10]], [], "zh-Hans", None, "poster-legal")  # a line of it, without spaces
    assert zh.msgid == "Is someone forcing you to do things you don't want to do?"
    assert culprits(["Lakeside Crisis Line · 24 hours, every day"], [], "es", None, "poster-legal") == []
    assert culprits(["Envíe HELP al 233733"], [], "es", None, "stall-sticker") == []  # shorter than measured


@pytest.mark.render
def test_a_translation_too_long_for_its_format_is_named_with_its_line_and_locale(make_kit, tmp_path):
    long_call = " ".join(["Llame a este número de teléfono cuando quiera, de día o de noche"] * 15)
    kit = make_kit(
        {
            "locations.yaml": {
                "locations": [
                    {"id": "desk", "name": "Desk", "kind": "clinic", "region": "north", "formats": ["wallet-card"]}
                ]
            },
            "locales/es/messages.po": ES + f'{CALL}\nmsgstr "{long_call}"\n',
        }
    )
    with pytest.raises(BuildError) as caught:
        build(kit, tmp_path / "out", locales=["es"], jobs=1)
    message = caught.value.message
    assert message.startswith("location desk, format wallet-card, locale es: the content needs more room")
    limit = limits(next(m for m in template_catalogue() if m.id == "Call"))["wallet-card"]
    assert message.endswith(
        "; in es: the translation of 'Call' (verb, before a phone number) (locales/es/messages.po:8) is too long "
        f"for wallet-card: at most {limit} characters fit, it has {len(long_call)}"
    )
