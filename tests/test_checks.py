"""`outreach check`: one test per rule, with the exact message a coordinator reads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import HOTLINE, MINIMAL_SETTINGS
from typer.testing import CliRunner

from outreach import CheckOptions, KitError, build, check_kit, load_kit
from outreach.checks import check
from outreach.checks.contrast import ratio
from outreach.cli import app

TODAY = date(2026, 11, 26)
LOCAL = {
    **HOTLINE,
    "name": "Lakeside Crisis Line",
    "phone": "612-555-0100",
    "text": "612-555-0101",
    "regions": ["north"],
}


def found(kit_dir, **options) -> list[str]:
    """Every problem `outreach check` reports, errors and warnings, as printed."""
    kit = load_kit(kit_dir)
    return [str(p) for p in check(kit, CheckOptions(today=TODAY, **options))]


def cli(*args):
    return CliRunner().invoke(app, list(map(str, args)), terminal_width=200, catch_exceptions=False)


# Stale data ---------------------------------------------------------------------------------


def test_a_service_older_than_stale_after_days_warns_and_twice_as_old_errors(make_kit):
    kit = make_kit(
        {
            "services/national-hotline.yaml": {**HOTLINE, "verified": "2025-10-01"},  # 421 days
            "services/crisis-line.yaml": {**HOTLINE, "name": "Crisis Line", "verified": "2024-10-01"},  # 786 days
        }
    )
    assert found(kit) == [
        "services/crisis-line.yaml:11: error: verified: last confirmed 2024-10-01, 786 days ago: more than twice "
        "stale_after_days (365); this must not be printed until someone calls the service, confirms every detail "
        "and updates verified",
        "services/national-hotline.yaml:11: warning: verified: last confirmed 2025-10-01, 421 days ago, longer than "
        "stale_after_days (365); call the service, confirm every detail, then update verified",
    ]


def test_allow_stale_prints_anyway_and_says_so_on_every_finding(make_kit):
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "verified": "2024-10-01"}})
    (line,) = found(kit, allow_stale=True)
    assert line.startswith(
        "services/national-hotline.yaml:11: warning: verified: printed anyway because of "
        "--allow-stale: last confirmed 2024-10-01, 786 days ago"
    )


def test_a_verified_date_in_the_future_is_an_error(make_kit):
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "verified": "2027-01-01"}})
    assert found(kit) == [
        "services/national-hotline.yaml:11: error: verified: 2027-01-01 is in the future; "
        "write the day someone last confirmed these details"
    ]


@pytest.mark.render
def test_the_cli_refuses_stale_data_and_allow_stale_says_it_loudly(make_kit, tmp_path):
    old = (date.today() - timedelta(days=800)).isoformat()
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "verified": old}})
    refused = cli("check", kit)
    assert refused.exit_code == 1
    assert "error: verified: last confirmed" in refused.stderr and "the kit has 1 error" in refused.stderr

    allowed = cli("build", kit, "-o", tmp_path / "out", "--allow-stale", "--quiet")
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stderr.splitlines()[-1] == (
        "WARNING: --allow-stale: 1 service not confirmed for over twice stale_after_days will be printed as if "
        "current. Confirm them before these materials go up."
    )
    assert (tmp_path / "out" / "clinic-a" / "poster-letter.en.pdf").is_file()


@pytest.mark.render  # the references are made while the kit is checked, and thrown away
def test_build_refuses_to_print_what_check_calls_an_error_and_writes_nothing(make_kit, tmp_path):
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "verified": "2020-01-01"}})
    with pytest.raises(KitError) as caught:
        build(kit, tmp_path / "new" / "folder" / "out", jobs=2, checks=CheckOptions(today=TODAY))
    assert [p.field for p in caught.value.problems] == ["verified"]
    assert not (tmp_path / "new").exists()  # not even the folders OUT would be in


@pytest.mark.render
def test_what_the_checks_find_is_said_before_a_page_that_failed_while_they_ran(make_kit, tmp_path):
    long_name = "A very long name that keeps going. " * 40  # the page cannot hold it, even at the smallest type
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "verified": "2020-01-01", "name": long_name}})
    with pytest.raises(KitError) as caught:  # the page fails as it is made, before the checks are run
        build(kit, tmp_path / "out", jobs=1, checks=CheckOptions(today=TODAY))
    assert "verified" in [p.field for p in caught.value.problems]
    assert not (tmp_path / "out").exists()


def test_a_sample_kit_only_warns_about_stale_dates(make_kit):
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "sample": True},
            "services/national-hotline.yaml": {**HOTLINE, "verified": "2020-01-01"},
        }
    )
    (line,) = found(kit)
    assert line.startswith(
        "services/national-hotline.yaml:11: warning: verified: sample kit, never posted: last confirmed"
    )


# Numbers and addresses -----------------------------------------------------------------------


def test_an_http_address_warns(make_kit):
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "url": "http://humantraffickinghotline.org"}})
    assert found(kit) == [
        "services/national-hotline.yaml:12: warning: url: 'http://humantraffickinghotline.org' is not encrypted "
        "(http:): what someone looks up on it can be seen on the network they use; ask the service for its "
        "https:// address"
    ]
    assert load_kit(kit).contacts["national-hotline"]["url"].uri == "http://humantraffickinghotline.org"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>hi</b>", "file:///etc/passwd", "ftp://x.org"]
)
def test_javascript_data_file_and_other_addresses_are_errors(make_kit, url):
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "url": url}})
    with pytest.raises(KitError) as caught:
        load_kit(kit)
    scheme = url.split(":")[0]
    assert [str(p) for p in caught.value.problems] == [
        f"services/national-hotline.yaml:12: error: url: {url!r}: {scheme}: addresses are never printed or put in a "
        "QR code; write a full https:// address, e.g. https://example.org/help"
    ]


def test_a_number_from_the_block_kept_for_fiction_warns_outside_a_sample_kit(make_kit):
    kit = make_kit({"services/crisis-line.yaml": LOCAL})
    assert found(kit) == [
        "services/crisis-line.yaml:4: warning: phone: 612-555-0100 is in the 555-0100 to 555-0199 block kept for "
        "fiction: it reaches no one; write the service's real number",
        "services/crisis-line.yaml:5: warning: text: 612-555-0101 is in the 555-0100 to 555-0199 block kept for "
        "fiction: it reaches no one; write the service's real number",
    ]
    sample = make_kit(
        {"outreach.yaml": {**MINIMAL_SETTINGS, "sample": True}, "services/crisis-line.yaml": LOCAL}, name="s"
    )
    assert found(sample) == []


def test_numbers_are_printed_national_and_encoded_e164(make_kit):
    kit = load_kit(make_kit({"services/crisis-line.yaml": {**LOCAL, "phone": "(612) 555 0199", "text": "233733"}}))
    tel, sms = kit.contacts["crisis-line"]["tel"], kit.contacts["crisis-line"]["sms"]
    assert (tel.display, tel.uri) == ("612-555-0199", "tel:+16125550199")
    assert (sms.display, sms.uri) == ("233733", "sms:233733")


# Words that shame ----------------------------------------------------------------------------

PROSTITUTES = (
    "'prostitutes' hurts: it labels a person; survivors say: \"Language counts. Calling us 'prostitutes' hurts us.\" "
    "(seed). Say instead: person in the sex trade; someone who trades sex; describe the situation: made to sell sex. "
    'Sources: Breaking Free, "Sex Trafficking and Safe Harbors: Tips for working with victims/survivors" (the '
    "project's seed text); Red Oak Hope, media ethics, https://www.redoakhope.org/mediaethics. "
    "(To keep it, allow it under wording.allow in outreach.yaml with a reason.)"
)


def test_a_listed_term_warns_and_is_an_error_with_strict(make_kit):
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "hours": "24 hours, also for prostitutes"}})
    assert found(kit) == [f"services/national-hotline.yaml:6: warning: hours: {PROSTITUTES}"]
    assert found(kit, strict=True) == [f"services/national-hotline.yaml:6: error: hours: {PROSTITUTES}"]
    with pytest.raises(KitError):
        check_kit(kit, CheckOptions(strict=True, today=TODAY))


def test_a_kit_allow_entry_silences_a_term_and_an_unused_one_warns(make_kit):
    settings = {
        **MINIMAL_SETTINGS,
        "wording": {
            "allow": [
                {"term": "rescue", "reason": "the legal name of our partner, Lakeside Rescue Mission"},
                {"term": "victims", "reason": "kept for a quotation we print"},
            ]
        },
    }
    kit = make_kit(
        {"outreach.yaml": settings, "services/national-hotline.yaml": {**HOTLINE, "name": "Lakeside Rescue Mission"}}
    )
    assert found(kit) == [
        "outreach.yaml:13: warning: wording.allow[1]: 'victims' is allowed but nothing printed "
        "uses it; remove the entry"
    ]


def test_victim_is_a_problem_in_a_headline_not_in_a_sentence(make_kit):
    kit = make_kit(
        {
            "services/national-hotline.yaml": {
                **HOTLINE,
                "name": {"en": "Hotline for Victims", "es": "Línea para víctimas"},
                "summary": "Help for victims of crime.",
            }
        }
    )
    lines = found(kit)
    assert [line.split(": ")[0:3] for line in lines] == [
        ["services/national-hotline.yaml:2", "warning", "name.en"],
        ["services/national-hotline.yaml:3", "warning", "name.es"],
    ]
    assert "'Victims' in a headline hurts" in lines[0] and "'víctimas' in a headline hurts" in lines[1]


def test_a_kit_adds_its_own_terms_per_language(make_kit):
    settings = {
        **MINIMAL_SETTINGS,
        "wording": {
            "avoid": [
                {
                    "terms": ["trafficking victim"],
                    "instead": ["someone in a trafficking situation"],
                    "why": "it is a label",
                    "locale": "en",
                }
            ]
        },
    }
    kit = make_kit(
        {
            "outreach.yaml": settings,
            "services/national-hotline.yaml": {**HOTLINE, "hours": "Any time, for any trafficking victim"},
        }
    )
    assert found(kit) == [
        "services/national-hotline.yaml:6: warning: hours: 'trafficking victim' hurts: it is a label. Say instead: "
        "someone in a trafficking situation. (To keep it, allow it under wording.allow in outreach.yaml with a reason.)"
    ]


def test_a_term_in_a_kit_translation_is_found_on_the_material_and_pointed_at_in_the_catalogue(make_kit):
    kit = make_kit(
        {
            "locales/es/messages.po": (
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\nLanguage: es\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                'msgctxt "verb, before a phone number"\nmsgid "Call"\nmsgstr "Rescate: llame al"\n'
            )
        }
    )
    (line,) = found(kit)
    assert line.startswith(
        "locales/es/messages.po:6: warning: msgstr of 'Call': 'Rescate' hurts: it casts people as passive"
    )


def test_the_built_in_copy_and_the_sample_kit_pass_the_lint_even_when_strict():
    assert check_kit(None, CheckOptions(strict=True, today=TODAY)) == []


# Reading level -------------------------------------------------------------------------------


def test_a_hard_restroom_sticker_warns_with_its_grade_and_hardest_sentence(make_kit):
    kit = make_kit(
        {
            "locations.yaml": {
                "locations": [
                    {
                        "id": "rest-a",
                        "name": "A",
                        "kind": "restroom",
                        "region": "north",
                        "formats": ["stall-sticker"],
                        "locales": ["en"],
                    }
                ]
            },
            "locales/en/messages.po": (
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\nLanguage: en\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                'msgid ""\n"Free. You choose what to share. Delete the conversation if it is not safe to keep."\n'
                'msgstr "Communications are confidential, and notifications may subsequently be eliminated '
                'from your telecommunications equipment following the conversation."\n'
            ),
        }
    )
    (line,) = found(kit)
    assert line.startswith("locations.yaml:2: warning: locations[0]: stall-sticker.en reads at about grade ")
    assert (
        "restroom and bus materials are read in seconds: aim for grade 6 or lower with shorter sentences and shorter "
        "words. Hardest sentence: 'Communications are confidential"
    ) in line


def test_a_bus_card_is_held_to_grade_6_wherever_it_is_posted(make_kit):
    kit = make_kit(
        {
            "locations.yaml": {
                "locations": [
                    {
                        "id": "route-5",
                        "name": "Route 5 buses",
                        "kind": "other",
                        "region": "north",
                        "formats": ["bus-card", "poster-letter"],
                        "locales": ["en"],
                    }
                ]
            },
            "locales/en/messages.po": (
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\nLanguage: en\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                'msgid "Is someone forcing you to do things you don\'t want to do?"\n'
                'msgstr "Are individuals compelling you to participate in activities contrary to your intentions?"\n\n'
                'msgid "You can talk to someone. It is free, and you choose what to share."\n'
                'msgstr "Confidential consultations are available without charge; subsequent decisions remain '
                'exclusively yours."\n'
            ),
        }
    )
    (line,) = found(kit)
    assert line.startswith("locations.yaml:2: warning: locations[0]: bus-card.en reads at about grade ")
    assert "Hardest sentence: 'Confidential consultations are available without charge; subsequent" in line


def test_a_clinic_poster_is_not_held_to_grade_6(make_kit):
    kit = make_kit(
        {
            "locales/en/messages.po": (
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\nLanguage: en\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                'msgid ""\n"Free. You choose what to share. Delete the conversation if it is not safe to keep."\n'
                'msgstr "Communications are confidential, and notifications may subsequently be eliminated."\n'
            )
        }
    )
    assert found(kit) == []


# Colours -------------------------------------------------------------------------------------


def test_a_failing_brand_colour_is_reported_with_both_colours_and_the_ratio(make_kit):
    kit = make_kit({"outreach.yaml": {**MINIMAL_SETTINGS, "brand": {"primary": "#8ecae6", "accent": "#a4161a"}}})
    assert found(kit) == [
        "outreach.yaml:10: error: brand.primary: text #8ecae6 on #ffffff (card headline (9.5 pt bold)) has contrast "
        "1.79:1; WCAG 2 asks at least 4.5:1 for body text: choose a darker brand.primary",
        "outreach.yaml:10: error: brand.primary: text #8ecae6 on #ffffff (sticker lead line (16 pt bold), section "
        "headings (16 pt bold and larger) and bullets) has contrast 1.79:1; WCAG 2 asks at least 3:1 for large text: "
        "choose a darker brand.primary",
        "outreach.yaml:10: error: brand.primary: text #ffffff on #8ecae6 (headline bands of posters, tear-offs and bus "
        "cards (16 pt bold and larger)) has contrast 1.79:1; WCAG 2 asks at least 3:1 for large text: choose a darker "
        "brand.primary",
    ]


def test_small_print_in_a_light_grey_is_reported_at_the_colour_the_kit_set(make_kit):
    kit = make_kit({"outreach.yaml": {**MINIMAL_SETTINGS, "brand": {"muted": "#999999"}}})
    assert found(kit) == [
        "outreach.yaml:10: error: brand.muted: text #999999 on #ffffff (small print, the organisation and the checked "
        "line (cards 6.5 pt)) has contrast 2.85:1; WCAG 2 asks at least 4.5:1 for body text: choose a darker brand.muted"
    ]


def test_a_kit_declares_the_pairs_its_own_templates_print(make_kit):
    kit = make_kit(
        {
            "templates/colours.yaml": {
                "pairs": [{"where": "grey small print", "text": "#999999", "background": "#ffffff", "large": False}]
            }
        }
    )
    assert found(kit) == [
        "templates/colours.yaml:2: error: pairs[0]: text #999999 on #ffffff (grey small print) has "
        "contrast 2.85:1; WCAG 2 asks at least 4.5:1 for body text: change the template's colours"
    ]


def test_wcag_contrast_ratios():
    assert ratio("#000000", "#ffffff") == pytest.approx(21)
    assert ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.005)  # the classic just-failing grey
    assert ratio("#ffffff", "#1d3557") == ratio("#1d3557", "#ffffff") > 12


# Secrets -------------------------------------------------------------------------------------

SHELTER = {
    **HOTLINE,
    "name": "Harbor House",
    "kind": "shelter",
    "phone": "651-555-0160",
    "regions": ["north"],
    "address": {"street": "1187 Quiet Harbor Lane", "city": "Lakeside", "confidential": True},
}


def test_a_confidential_address_pasted_into_another_services_summary_is_an_error(make_kit):
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "sample": True},
            "services/harbor-house.yaml": SHELTER,
            "services/national-hotline.yaml": {
                **HOTLINE,
                "summary": {"en": "Talk to someone.", "es": "Venga a 1187 Quiet Harbor Ln., Lakeside."},
            },
        }
    )
    assert found(kit) == [
        "services/national-hotline.yaml:4: error: summary.es: holds the confidential address of harbor-house "
        "('1187 Quiet Harbor Lane'); it must never be printed. Remove it; materials say 'Call for the address.' instead"
    ]


def test_a_confidential_address_is_searched_for_wherever_its_words_match_as_the_patterns_match_them():
    """held() skips a street whose words a text does not hold, as `re` ignoring case holds them: a dotted İ or a
    dotless ı is an i to it (and stays one after NFKC), so the skip must not hide them."""
    from outreach.checks.secrets import Secret, held, normalised, secret_patterns

    streets = [Secret(sid, street, *secret_patterns(street)) for sid, street in (("a", "1187 Quiet Harbor Lane"),)]
    streets.append(Secret("b", "Calle Peña Mayor", *secret_patterns("Calle Peña Mayor")))  # not ASCII: always searched
    for text, sids in (
        ("Come to 1187 QUİET HARBOR", ["a"]),
        ("1187 quıet harbor", ["a"]),
        ("Quiet\u00adHarbor Ln.", ["a"]),
        ("１１８７ Ｑｕｉｅｔ Ｈａｒｂｏｒ", ["a"]),
        ("QUIET HARBOUR LANE · CALLE PEÑA MAYOR", ["b"]),
        ("Quiet Harbor", []),
    ):
        searched = [s.sid for s in streets if any(p.search(normalised(text)) for p in s.patterns)]
        assert searched == sids, text
        assert [s.sid for s in held(streets, text)] == sids, text


@pytest.mark.parametrize(
    ("where", "files"),
    [
        (
            "locations.yaml:3: error: locations[0].name",
            {
                "locations.yaml": {
                    "locations": [
                        {"id": "a", "name": "Shelter on quiet harbor lane", "kind": "shelter", "region": "north"}
                    ]
                }
            },
        ),
        (
            "locations.yaml:6: error: locations[0].notes",
            {
                "locations.yaml": {
                    "locations": [
                        {
                            "id": "a",
                            "name": "A",
                            "kind": "shelter",
                            "region": "north",
                            "notes": "Drop off at 1187 Quiet Harbor",
                        }
                    ]
                }
            },
        ),
        (
            "services/national-hotline.yaml:12: error: notes",
            {"services/national-hotline.yaml": {**HOTLINE, "notes": "Refer callers to 1187 Quiet Harbor Ln"}},
        ),
        ("templates/poster.html:1: error", {"templates/poster.html": "<p>1187 QUIET HARBOR LANE</p>"}),
        (
            "locales/es/messages.po:6: error",
            {
                "locales/es/messages.po": (
                    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\nLanguage: es\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                    'msgid "Call"\nmsgstr "Venga a 1187 Quiet Harbor Lane o llame al"\n'
                )
            },
        ),
    ],
)
def test_a_confidential_address_is_found_in_any_free_text(make_kit, where, files):
    kit = make_kit(
        {"outreach.yaml": {**MINIMAL_SETTINGS, "sample": True}, "services/harbor-house.yaml": SHELTER, **files}
    )
    assert next(line for line in found(kit) if "confidential address of harbor-house" in line).startswith(where)


@pytest.mark.parametrize(
    "disguised",
    [
        "Drop off at 1187\u200b Quiet Harbor",  # a zero-width space
        "Drop off at 1187 Qu\u0456et \u041d\u0430rbor",  # Cyrillic і, Н, а
        "Drop off at 1187&nbsp;Quiet&#32;Harbor",  # HTML entities
        "Drop off at \uff11\uff11\uff18\uff17 Quiet Harbor",  # full-width digits
        "Drop off at 1187 Quiet \u202eHarbor\u202c",  # bidi controls
        "Quiet Harbor\u00adLane",  # a soft hyphen
    ],
)
def test_a_disguised_confidential_address_is_found_all_the_same(make_kit, disguised):
    location = {"id": "a", "name": "A", "kind": "shelter", "region": "north", "notes": disguised}
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "sample": True},
            "services/harbor-house.yaml": SHELTER,
            "locations.yaml": {"locations": [location]},
        }
    )
    assert any(
        line.startswith("locations.yaml:6: error: locations[0].notes")
        and "confidential address of harbor-house" in line
        for line in found(kit)
    ), found(kit)


def test_another_service_printed_at_a_confidential_address_is_an_error(make_kit):
    clinic = {
        **HOTLINE,
        "name": "Clinic",
        "kind": "clinic",
        "address": {"street": "1187 Quiet Harbor Ln", "city": "Lakeside", "confidential": False},
    }
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "sample": True},
            "services/harbor-house.yaml": SHELTER,
            "services/clinic.yaml": clinic,
        }
    )
    assert found(kit) == [
        "services/clinic.yaml:13: error: address.street: is the confidential address of "
        "harbor-house and would be printed here; set confidential: true, or check which address is right"
    ]


# Posting laws (before rendering) -------------------------------------------------------------

CAST = {**HOTLINE, "name": "CAST", "phone": "1-888-539-2373", "text": None}


def test_a_location_without_a_large_enough_material_fails_the_law_and_names_location_and_statute(make_kit):
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "compliance": ["us-ca"]},
            "locations.yaml": {"locations": [{"id": "rest-a", "name": "A", "kind": "restroom", "region": "north"}]},
        }
    )
    assert [line for line in found(kit) if ": error: " in line] == [
        "locations.yaml:2: error: locations[0]: rest-a: us-ca, Cal. Civ. Code § 52.6(b): at least 8 1/2 by 11 inches: "
        "no material here is at least 8.5in × 11in (it gets stall-sticker 4in × 6in, wallet-card 3.5in × 2in, "
        "wallet-card-sheet 8.5in × 11in, mirror-cling 5in × 7in, small-label-sheet 8.5in × 11in); add a large enough "
        "format, e.g. notice-us-ca, to the location's formats"
    ]


def test_a_law_without_a_size_still_needs_a_material_that_is_not_a_card_sheet(make_kit):
    """Texas sets no size; a location that only gets card sheets (cut up, never posted) has no notice. This used
    to stop the check with a traceback."""
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "compliance": ["us-tx"]},
            "locations.yaml": {
                "locations": [
                    {"id": "desk", "name": "D", "kind": "other", "region": "north", "formats": ["wallet-card-sheet"]}
                ]
            },
        }
    )
    errors = [line for line in found(kit) if ": error: " in line and "us-tx" in line]
    assert len(errors) == 1 and errors[0].startswith("locations.yaml:2: error: locations[0]: desk: us-tx, ")
    assert errors[0].endswith(
        "no material here can be posted as the notice (it gets wallet-card-sheet 8.5in × 11in); add a poster, "
        "e.g. poster-letter, to the location's formats"
    )


def test_a_restroom_sticker_is_large_enough_for_maryland_but_only_the_notice_says_its_words(make_kit):
    """A 4 × 6 in sticker meets Maryland's 3 × 5 in size, but not its prescribed words; notice-us-md prints them."""
    rest = {"id": "rest-a", "name": "A", "kind": "restroom", "region": "north", "formats": ["stall-sticker"]}
    files = {"outreach.yaml": {**MINIMAL_SETTINGS, "compliance": ["us-md"]}, "locations.yaml": {"locations": [rest]}}
    assert [line for line in found(make_kit(files)) if ": error: " in line] == [
        "locations.yaml:2: error: locations[0]: rest-a: us-md, Md. Code, Bus. Reg. § 15-207(a)(1): the sign's wording: "
        "no material here prints the law's words in en (missing 'REPORT HUMAN TRAFFICKING: National Human Trafficking "
        "Resource Center -- 1-888-3…' and 6 more line(s)); add notice-us-md to the location's formats"
    ]
    rest["formats"] = ["stall-sticker", "notice-us-md"]
    assert [line for line in found(make_kit(files, name="k2")) if ": error: " in line] == []


def test_missing_languages_and_numbers_are_reported_per_location(make_kit):
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "compliance": ["us-ca"]},
            "locations.yaml": {
                "locations": [
                    {
                        "id": "clinic-a",
                        "name": "A",
                        "kind": "clinic",
                        "region": "north",
                        "locales": ["en"],
                        "formats": ["notice-us-ca"],
                    },
                    {"id": "clinic-b", "name": "B", "kind": "clinic", "region": "north", "compliance": []},
                ]
            },
        }
    )
    assert [line for line in found(kit) if ": error: " in line] == [
        "locations.yaml:2: error: locations[0]: clinic-a: us-ca, Cal. Civ. Code § 52.6(b): no service shown here has "
        "the California Coalition to Abolish Slavery and Trafficking (CAST) 1-888-539-2373; add it to a service that "
        "serves region 'north'",
        "locations.yaml:2: error: locations[0]: clinic-a: us-ca, Cal. Civ. Code § 52.6(c): English, Spanish, and one "
        "other language, the most widely spoken in the county for which the federal Voting Rights Act mandates "
        'translation, "as applicable": the notice must be printed in en, es; add es to the location\'s locales',
    ]


def test_an_unknown_law_is_an_error_listing_the_known_ones(make_kit):
    kit = make_kit({"outreach.yaml": {**MINIMAL_SETTINGS, "compliance": ["us-zz"]}})
    assert found(kit) == [
        "outreach.yaml:10: error: compliance[0]: unknown posting law 'us-zz'; known: us-ca, us-fl, us-fl-lodging, "
        "us-fl-practitioner, us-tx, us-tx-lodging, us-tx-restroom, us-md, us-md-baltimore, us-ga, us-il, us-nj, us-ny, us-ny-lodging, "
        "us-la, us-pa, us-or, us-federal, us-mn, gb, ca"
    ]


def test_each_law_in_use_reminds_what_outreach_cannot_check(make_kit):
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "compliance": ["us-tx"]},
            "services/national-hotline.yaml": {**HOTLINE, "url": "https://humantraffickinghotline.org"},
        }
    )
    assert found(kit) == [
        "outreach.yaml:9: warning: compliance: us-tx (Tex. Gov't Code § 402.0351): outreach cannot check: contact "
        "information for reporting suspicious activity to the Department of Public Safety; the key indicators that a "
        "person is a victim of human trafficking; that the sign is clearly legible and posted near the public entrance "
        "or where similar notices are posted; the Attorney General prescribes the sign: the Attorney General's own "
        "signs are the sure way to comply"
    ]


def test_an_allowed_word_needs_a_reason(make_kit):
    settings = {**MINIMAL_SETTINGS, "wording": {"allow": [{"term": "rescue", "reason": "ok"}]}}
    with pytest.raises(KitError) as caught:
        load_kit(make_kit({"outreach.yaml": settings}))
    assert [str(p) for p in caught.value.problems] == [
        "outreach.yaml:12: error: wording.allow[0].reason: say in a sentence why this word is right here, for whoever "
        "reviews the kit (got 'ok')"
    ]


@pytest.mark.render
def test_a_confidential_address_assembled_by_a_template_is_caught_on_the_rendered_page(make_kit, tmp_path):
    top = '{% block top %}<p>Come to 1187 {{ "Qui" ~ "et" }} {{ "Har" ~ "bor" }}</p>{% endblock %}'
    kit = make_kit(
        {
            "outreach.yaml": {**MINIMAL_SETTINGS, "sample": True},
            "services/harbor-house.yaml": SHELTER,
            "templates/poster.html": '{% extends "builtin/poster.html" %}' + top,
        }
    )
    assert not any("confidential" in line for line in found(kit))  # no line of the template holds it
    with pytest.raises(KitError) as caught:
        build(kit, tmp_path / "out", locales=["en"])
    assert any(
        "clinic-a/poster-letter.en.pdf: error: the rendered page holds the confidential address of harbor-house"
        in str(p)
        for p in caught.value.problems
    ), [str(p) for p in caught.value.problems]
    assert not (tmp_path / "out").exists()


def test_a_location_that_loses_its_safety_net_is_told(make_kit):
    """No line answering any time, or no national hotline where the country has one: a warning naming the place."""
    assert not any("safety" in line or "answers any time" in line for line in found(make_kit()))
    office_hours = {**HOTLINE, "phone": "612-555-0100", "hours": "Monday – Friday 9 AM – 5 PM"}
    kit = make_kit({"services/national-hotline.yaml": office_hours}, name="office")
    lines = found(kit)
    assert any("clinic-a: no line shown here answers any time" in line for line in lines)
    assert any(
        "clinic-a: the National Human Trafficking Hotline (+18883737888) is not shown here" in line for line in lines
    )
    spanish = {**HOTLINE, "hours": {"en": "Monday – Friday", "es": "24 horas, todos los días"}}
    assert not any(
        "answers any time" in line for line in found(make_kit({"services/national-hotline.yaml": spanish}, name="es"))
    )
    canada = {**MINIMAL_SETTINGS, "phone_region": "CA"}
    lines = found(make_kit({"outreach.yaml": canada}, name="ca"))
    assert any("the Canadian Human Trafficking Hotline (+18339001010) is not shown here" in line for line in lines)
