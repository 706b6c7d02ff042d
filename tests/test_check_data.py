"""The checks' data and formulas: colour pairs that match the templates, word lists, laws, reading level."""

from __future__ import annotations

import re

import pytest

from outreach import load_kit
from outreach.checks.contrast import builtin_pairs
from outreach.checks.lint import builtin_terms
from outreach.checks.readability import reading, syllables
from outreach.checks.terms import fold
from outreach.kit.formats import builtin_formats
from outreach.kit.laws import laws
from outreach.pages.sheet import back_cells, cut_marks, front_cells
from outreach.pages.templating import render_template
from outreach.pages.views import page_context


def _colour(value: str) -> str:
    """A CSS colour as colours.yaml writes it: var(--on-primary) → brand.on_primary, #fff → #ffffff, rgb() → hex."""
    value = value.strip().lower()
    if var := re.fullmatch(r"var\(--([a-z-]+)\)", value):
        return "brand." + var[1].replace("-", "_")
    if rgb := re.fullmatch(r"rgb\((\d+),\s*(\d+),\s*(\d+)\)", value):
        return "#" + "".join(f"{int(c):02x}" for c in rgb.groups())
    return "#" + "".join(c * 2 for c in value[1:]) if re.fullmatch(r"#[0-9a-f]{3}", value) else value


@pytest.mark.parametrize("variant", ["standard", "discreet"])
def test_every_text_colour_the_templates_print_is_declared_in_colours_yaml(sample_copy, variant):
    """The pairs are data, not guesses: render every format and compare with templates/colours.yaml."""
    kit = load_kit(sample_copy)
    pairs = builtin_pairs()
    texts, backgrounds = {p.text for p in pairs}, {p.background for p in pairs}
    location = kit.locations[0].model_copy(update={"variant": variant})
    seen = set()
    for fmt in builtin_formats().values():
        context = page_context(kit, location, fmt, "en")
        if fmt.sheet:
            card = builtin_formats()[fmt.sheet.card]
            context.update(fronts=front_cells(fmt, card), backs=back_cells(fmt, card))
            context.update(
                front_marks=cut_marks(context["fronts"], fmt.width_pt, fmt.height_pt),
                back_marks=cut_marks(context["backs"], fmt.width_pt, fmt.height_pt),
            )
        html = render_template(kit.root, "en", fmt.template, context)
        for prop, value in re.findall(r"(?<![-\w])(color|background(?:-color)?):\s*([^;}\"]+)", html):
            value = _colour(value)
            if value.startswith("rgba("):
                assert float(value.rstrip(")").split(",")[-1]) < 0.3, (fmt.name, value)  # the faint SAMPLE watermark
                continue
            assert value in (texts if prop == "color" else backgrounds), (fmt.name, prop, value)
            seen.add(value)
    assert seen >= {"brand.ink", "brand.muted", "brand.on_primary", "brand.primary", "brand.accent", "#a4161a"}


def test_the_built_in_word_lists_are_complete_entries_without_overlap():
    for lang in ("en", "es"):
        terms = builtin_terms(lang)
        assert len(terms) >= 8
        forms = [fold(f) for t in terms for f in t.forms]
        assert len(forms) == len(set(forms)), lang
        assert all(t.instead and t.why for t in terms)
    assert "prostitute" in builtin_terms("en")[0].forms  # the seed's rule: "Calling us 'prostitutes' hurts us"
    assert builtin_terms("xx") == ()


def test_every_posting_law_cites_its_statute_says_where_it_was_read_and_what_it_cannot_check():
    assert set(laws()) >= {"us-ca", "us-fl", "us-tx", "us-md", "us-md-baltimore", "us-ny", "us-or", "gb", "ca"}
    for law in laws().values():
        assert law.statute and law.sources and law.checked and law.confidence and law.not_checked, law.code
        assert law.unsure or law.code in ("us-tx-lodging",), law.code
        rules = [law.min_size, law.min_type_pt, law.number_type_pt, law.languages, law.bold_numbers, law.statement]
        assert all(rule.cite for rule in [*rules, *law.contacts] if rule), law.code
    ca = laws()["us-ca"]
    assert (ca.min_size.width, ca.min_size.height, ca.min_type_pt.pt) == ("8.5in", "11in", 16)
    assert ca.fits(612, 792) and ca.fits(792, 612) and not ca.fits(288, 432)
    assert laws()["us-md"].fits(288, 432)  # a 4 × 6 in sticker meets Maryland's 3 × 5 in sign


# Syllables as a dictionary counts them, for common words of outreach copy (not chosen to be easy).
SYLLABLES = {
    "someone": 2,
    "forcing": 2,
    "things": 1,
    "want": 1,
    "talk": 1,
    "free": 1,
    "private": 2,
    "decide": 2,
    "happens": 2,
    "next": 1,
    "money": 2,
    "phone": 1,
    "afraid": 2,
    "leave": 1,
    "family": 3,
    "debt": 1,
    "never": 2,
    "messages": 3,
    "delete": 2,
    "done": 1,
    "national": 3,
    "human": 2,
    "trafficking": 3,
    "hotline": 2,
    "hours": 1,
    "every": 3,
    "day": 1,
    "help": 1,
    "housing": 2,
    "health": 1,
    "care": 1,
    "legal": 2,
    "counselling": 3,
    "insurance": 3,
    "appointment": 3,
    "information": 4,
    "checked": 1,
    "available": 4,
    "confidential": 4,
    "safety": 2,
    "plan": 1,
    "meet": 1,
    "children": 2,
    "women": 2,
    "place": 1,
    "stay": 1,
    "navigator": 4,
    "school": 1,
    "pace": 1,
    "services": 3,
    "immigration": 4,
    "records": 2,
    "matters": 2,
    "listens": 2,
    "situation": 4,
    "feel": 1,
    "right": 1,
    "interpreters": 4,
    "languages": 3,
    "advocate": 3,
    "scan": 1,
    "call": 1,
    "text": 1,
    "answer": 2,
    "wanted": 2,
    "jumped": 1,
}


def test_the_syllable_estimate_is_right_for_nine_in_ten_common_words():
    wrong = {w: (syllables(w), n) for w, n in SYLLABLES.items() if syllables(w) != n}
    assert len(wrong) <= len(SYLLABLES) // 10, wrong


def test_the_flesch_kincaid_formula():
    # 3 words, 1 sentence, 4 + 1 + 4 syllables: 0.39 × 3 + 11.8 × 3 − 15.59
    assert reading(["Information is available."]).grade == pytest.approx(0.39 * 3 + 11.8 * 9 / 3 - 15.59, abs=0.05)
    assert reading(["Call us.", "Text us. We can talk."]).sentences == 3
    assert reading(["Call 612-555-0100"]).words == 1  # numbers are not words
    assert reading(["1-888-373-7888"]) is None
    simple = reading(["You can talk to someone.", "It is free."])
    hard = reading(["Confidential telecommunications regarding immigration documentation are available."])
    assert simple.grade < 2 < 12 < hard.grade
    assert hard.hardest.startswith("Confidential telecommunications")
