"""The language lint in every built-in language: sourced lists, matching that works for each script, and an honest
answer for the languages that have no list yet."""

from __future__ import annotations

import logging
import re
import unicodedata

import pytest
import yaml
from helpers import HOTLINE, MINIMAL_SETTINGS

from outreach import CheckOptions, OutreachError, load_kit
from outreach.checks import check, lint
from outreach.checks.lint import Wording, builtin_terms, language, linted_languages, message
from outreach.checks.terms import Term, find
from outreach.i18n.catalogues import read_catalogue, strings_of
from outreach.paths import assets_dir, locales_dir

LISTS = sorted((assets_dir() / "lint").glob("*.yaml"))
BUILT_IN_LOCALES = sorted(p.name for p in locales_dir().iterdir() if (p / "messages.po").is_file())
WITHOUT_A_LIST = {"so", "am", "hmn", "ksw"}
"""Somali, Amharic, Hmong and S'gaw Karen: no source for the right terms was found (README: "no lint yet")."""


def hits(text: str, terms, heading: bool = True) -> list[str]:
    return [h.text for h in find(text, list(terms), heading)]


# The lists ----------------------------------------------------------------------------------


def test_the_languages_with_a_list_and_without_one():
    assert linted_languages() == ("ar", "en", "es", "fr", "vi", "zh")
    assert {language(code) for code in [*BUILT_IN_LOCALES, "en"]} - set(linted_languages()) == WITHOUT_A_LIST
    assert all(builtin_terms(lang) == () for lang in WITHOUT_A_LIST)


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem)
def test_every_term_of_every_list_names_its_sources(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = data["sources"]
    for key, source in sources.items():
        assert set(source) <= {"title", "url", "says"}, key
        assert source["title"].strip() and source.get("says", "").strip(), key
        assert source.get("url", "").startswith("http") or key == "seed", key  # the seed is the project's own copy
    cited = set()
    for index, entry in enumerate(data["terms"]):
        assert entry["avoid"] and entry["instead"] and entry["why"].strip(), (path.stem, index)
        assert entry["source"] and set(entry["source"]) <= set(sources), (path.stem, index)
        cited |= set(entry["source"])
    assert cited == set(sources), f"{path.stem}: sources no term cites: {set(sources) - cited}"
    terms = builtin_terms(path.stem)
    assert len(terms) == len(data["terms"]) and all(t.source and t.why and t.instead for t in terms)


@pytest.mark.parametrize("lang", ["ar", "en", "es", "fr", "vi", "zh"])
def test_what_a_list_says_instead_passes_its_own_lint(lang):
    terms = builtin_terms(lang)
    for term in terms:
        for instead in term.instead:
            assert hits(instead, terms) == [], (lang, instead)


@pytest.mark.parametrize("code", BUILT_IN_LOCALES)
def test_each_built_in_catalogue_passes_its_own_language_lint(code):
    terms = builtin_terms(language(code))
    found = [
        (msg.id, text)
        for msg in read_catalogue(locales_dir() / code / "messages.po", code, code)
        for text in strings_of(msg)
        if msg.id and text and hits(text, terms)
    ]
    assert found == []


def test_a_term_without_a_source_breaks_the_list(tmp_path, monkeypatch):
    (tmp_path / "lint").mkdir()
    (tmp_path / "lint/qq.yaml").write_text(
        "sources: {seed: {title: the seed}}\nterms:\n  - {avoid: [badword], instead: [x], why: y}\n", encoding="utf-8"
    )
    monkeypatch.setattr(lint, "assets_dir", lambda: tmp_path)
    try:
        with pytest.raises(OutreachError, match=r"qq.yaml is broken: terms\[0\] names no source"):
            builtin_terms("qq")
        (tmp_path / "lint/qq.yaml").write_text(
            "sources: {}\nterms:\n  - {avoid: [badword], instead: [x], why: y, source: [press]}\n", encoding="utf-8"
        )
        builtin_terms.cache_clear()
        with pytest.raises(OutreachError, match=r"terms\[0\] cites 'press', which sources: does not give a title"):
            builtin_terms("qq")
    finally:
        builtin_terms.cache_clear()


# A flagged word on a material, in each language --------------------------------------------

CASES = [
    ("en", "Call, even if you are a prostitute", "prostitute", "it labels a person", "Red Oak Hope"),
    ("es", "Llame aunque sea inmigrante ilegal", "inmigrante ilegal", "it calls a person a crime", "ESCWA"),
    ("ar", "للمهاجرين غير الشرعيين: اتصل", "للمهاجرين غير الشرعيين", "it calls a person a crime", "ESCWA"),
    ("zh-Hans", "如果你是非法移民，请拨打", "非法移民", "it calls a person a crime", "wenxuecity.com"),
    ("vi", "Dành cho người nhập cư bất hợp pháp: gọi", "người nhập cư bất hợp pháp", "it calls a person", "WSJ"),
    ("zh-Hans", "雏妓也可以拨打", "雏妓", "a child cannot consent", "兒童及少年性剝削防制條例"),
    ("vi", "Không ai là đĩ cả. Gọi", "đĩ", "it labels a person, with contempt", "tudientiengviet.org"),
    ("ar", "لستِ عاهرة: اتصل", "عاهرة", "it labels a person", "emiratesvoice.com"),
    ("ar", "هل أنت ضحية؟ اتصل", "ضحية", "a headline that labels its reader", "thawra.sy"),
    (
        "fr",
        "Appelez, même si vous êtes immigrée clandestine",
        "immigrée clandestine",
        "it calls a person a crime",
        "Human Rights Watch",
    ),
    (
        "fr",
        "La prostitution enfantine existe ici. Appelez",
        "prostitution enfantine",
        "a child cannot consent",
        "ECPAT Luxembourg",
    ),
]


HEADLINE = "Is someone forcing you to do things you don't want to do?"
"""The posters' headline, translated in the kit's catalogues below."""


def _catalogue(code: str, msgstr: str) -> str:
    """A kit catalogue for `code` translating the headline as `msgstr`, with the built-in catalogue's header."""
    built_in = (locales_dir() / code / "messages.po").read_text(encoding="utf-8") if code != "en" else ""
    header = re.search(r'msgid ""\nmsgstr ""\n(?:".*"\n)+', built_in)
    head = header[0] if header else 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    if code == "en":
        head += '"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    return f'{head}\nmsgid "{HEADLINE}"\nmsgstr "{msgstr}"\n'


@pytest.mark.parametrize(("code", "msgstr", "word", "why", "source"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_a_listed_word_in_a_translation_warns_with_its_reason_and_source(make_kit, code, msgstr, word, why, source):
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "locales": ["en", code] if code != "en" else ["en"]},
            f"locales/{code}/messages.po": _catalogue(code, msgstr),
        }
    )
    problems = [p for p in check(load_kit(kit), CheckOptions()) if "hurts:" in p.message]
    assert [(p.file, p.field, p.severity) for p in problems] == [
        (f"locales/{code}/messages.po", f"msgstr of {HEADLINE!r}", "warning")
    ]
    said = problems[0].message
    assert said.startswith(f"{word!r} ") and f"hurts: {why}" in said, said
    assert "Say instead: " in said and source in said.split("Source")[1], said


def test_a_listed_word_in_kit_text_points_at_its_yaml_line(make_kit):
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "locales": ["en", "zh-Hans"]},
            "services/national-hotline.yaml": {
                **HOTLINE,
                "hours": {"en": "24 hours, every day", "zh-Hans": "全天24小时，非法移民也可以拨打"},
            },
        }
    )
    (line,) = [str(p) for p in check(load_kit(kit), CheckOptions(strict=True)) if "hurts:" in p.message]
    assert line.startswith("services/national-hotline.yaml:8: error: hours.zh-Hans: '非法移民' hurts: it calls a")


def test_a_language_without_a_list_is_said_to_have_none(make_kit, caplog):
    kit = make_kit({"outreach.yaml": {**MINIMAL_SETTINGS, "locales": ["en", "so"]}})
    with caplog.at_level(logging.INFO, logger="outreach.checks.lint"):
        check(load_kit(kit), CheckOptions())
    assert "no built-in word list for 'so'" in caplog.text and "'en'" not in caplog.text


# Matching in each script ------------------------------------------------------------------------


def test_chinese_is_matched_without_word_boundaries_across_line_breaks():
    terms = builtin_terms("zh")
    assert hits("她不是妓女。", terms) == ["妓女"]
    assert hits("请拨打，雏\n妓也可以", terms) == ["雏\n妓"]  # broken over a line
    assert hits("兒童賣淫", terms) == ["兒童賣淫"]  # traditional characters
    assert hits("关于儿童性剥削的帮助", terms) == []
    assert hits("雏妓女", terms) == ["雏妓"]  # two terms overlapping: the first, of the same length, wins


def test_karen_is_matched_without_word_boundaries_but_never_cut_from_a_syllable():
    term = Term.make(["ကညီ"], ["x"], "y", accents=False)
    assert hits("ပှၤကညီတဖၣ်", [term]) == ["ကညီ"]
    assert hits("ပှၤကညီ\nတဖၣ်", [term]) == ["ကညီ"]
    assert hits("ကညီၤ", [term]) == []  # followed by a tone mark: another syllable
    assert unicodedata.category("ၤ") == "Mc"


def test_amharic_words_are_whole_words_between_spaces_or_the_ethiopic_wordspace():
    term = Term.make(["ሴተኛ አዳሪ", "የሴተኛ አዳሪ"], ["x"], "y")
    assert hits("እሷ ሴተኛ አዳሪ አይደለችም", [term]) == ["ሴተኛ አዳሪ"]
    assert hits("እሷ፡ሴተኛ፡አዳሪ፡አይደለችም።", [term]) == ["ሴተኛ፡አዳሪ"]
    assert hits("የሴተኛ አዳሪ", [term]) == ["የሴተኛ አዳሪ"]  # a joined prefix is another word: listed
    assert hits("ሴተኛአዳሪነት", [term]) == []


def test_arabic_prefixes_articles_vowel_marks_and_letter_variants():
    terms = builtin_terms("ar")
    assert hits("المهاجر غير الشرعي", terms) == ["المهاجر غير الشرعي"]
    assert hits("وللمهاجرين غير الشرعيين", terms) == ["وللمهاجرين غير الشرعيين"]
    assert hits("إذا كنت مهاجراً غير شرعيٍّ", terms) == ["مهاجراً غير شرعيٍّ"]
    assert hits("مُهَاجِر غَيْر شَرْعِيّ", terms) == ["مُهَاجِر غَيْر شَرْعِيّ"]  # harakat
    assert hits("مهـــاجر غير شرعي", terms) == ["مهـــاجر غير شرعي"]  # tatweel
    assert hits("كالعاهرة", terms) == ["كالعاهرة"] and hits("عاهره", terms) == ["عاهره"]  # ة written ه
    assert hits("لدعارة أطفال", terms) == ["لدعارة أطفال"]  # the article left off
    assert hits("مهاجر غير نظامي", terms) == []
    assert hits("ببغاء", terms) == []  # a parrot is not بغاء with a prefix: no الأطفال
    victims = [t for t in terms if "ضحية" in t.forms]
    assert hits("مساعدة لضحايا العنف", victims, heading=True) == ["لضحايا"]
    assert hits("مساعدة لضحايا العنف", victims, heading=False) == []  # a headline word only
    assert hits("ضحيتها", victims) == []  # another word


def test_vietnamese_tone_marks_tell_words_apart():
    terms = builtin_terms("vi")
    assert all(t.accents for t in terms)
    assert hits("Đi đâu cũng được. Địa điểm: thư viện", terms) == []  # đi is not đĩ, điểm is not điếm
    assert hits("Cô ấy không phải là đĩ", terms) == ["đĩ"]
    decomposed = unicodedata.normalize("NFD", "Gái mại dâm")
    assert hits(decomposed, terms) == [decomposed]  # typed with combining marks: found, and quoted whole
    assert hits("nhập cư bất hợp pháp là một hành vi", terms) == []  # the act, not a person
    assert hits("gai mai dam", terms) == []  # unaccented typing is not found


def test_latin_words_are_found_through_soft_hyphens_and_zero_width_characters():
    terms = builtin_terms("en")
    assert hits("for pros\u00adti\u200btutes too", terms) == ["pros\u00adti\u200btutes"]
    assert hits("victima", builtin_terms("es")) == ["victima"]  # accents still folded outside Vietnamese
    assert hits("vi\u0301ctima", builtin_terms("es")) == ["vi\u0301ctima"]


def test_a_kit_term_for_vietnamese_matches_accents_as_the_built_in_list_does(make_kit):
    settings = {
        **MINIMAL_SETTINGS,
        "locales": ["en", "vi"],
        "wording": {
            "avoid": [
                {"terms": ["đĩ thõa"], "why": "it is a slur", "locale": "vi"},
                {"terms": ["hooker"], "why": "it labels"},
            ]
        },
    }
    wording = Wording(load_kit(make_kit({"outreach.yaml": settings})))
    vi_terms = wording.terms("vi")
    assert hits("đi thoa", vi_terms) == [] and hits("đĩ thõa", vi_terms) == ["đĩ thõa"]
    kit_terms = [t for t in vi_terms if t.origin.startswith("wording")]
    assert [t.accents for t in kit_terms] == [True, False]


def test_a_finding_names_the_term_its_reason_and_its_sources():
    (hit,) = find("Dành cho người nhập cư bất hợp pháp", list(builtin_terms("vi")), False)
    said = message(hit)
    assert said.startswith("'người nhập cư bất hợp pháp' hurts: it calls a person a crime")
    assert "Say instead: người nhập cư chưa đăng ký (undocumented migrant)" in said
    assert "Sources: Trí Thức VN" in said and "https://trithucvn.org/" in said
