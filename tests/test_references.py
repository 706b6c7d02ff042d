"""Each kind of page's reference (outreach.planning.references): chosen from the whole kit, made first, and part of
the keys of the pages that start fitting from it."""

from __future__ import annotations

import json

import pytest

from outreach import build, load_kit, plan
from outreach.pages.page import PrintMode, page
from outreach.pages.sheet import imposition
from outreach.paths import builtin_root, sample_kit_dir, templates_dir
from outreach.planning.keys import Inputs
from outreach.planning.references import References, kind_of
from outreach.planning.schedule import WHY, Schedule
from outreach.render.task import WAIT, RenderTask


def _schedule(kit, jobs, references: References) -> Schedule:
    return Schedule(
        kit,
        jobs,
        Inputs.of(kit, {"print_shop": False, "duplex": None}),
        None,
        lambda job: page(kit, PrintMode(), job),
        (str(kit.root), str(builtin_root())),
        templates_dir().as_uri() + "/",
        lambda job: imposition(kit, job),
        references,
    )


def test_a_kinds_reference_is_its_first_page_in_the_whole_kit_whatever_the_build_asks_for():
    kit = load_kit(sample_kit_dir())
    references = References(kit, None, None)
    first = {}
    for job in plan(kit):
        discreet = job.location.variant == "discreet" and not job.format.carried  # a carried piece is always
        first.setdefault((job.piece, job.locale, discreet), job.location.id)
    assert {kind: job.location.id for kind, job in references.pages.items()} == {
        f"{piece}|{locale}" + ("|discreet" if discreet else ""): location
        for (piece, locale, discreet), location in first.items()
    }
    # a discreet location's sticker says other words: it starts from a discreet reference; a card is one kind
    assert references.pages["stall-sticker|en|discreet"].location.variant == "discreet"
    assert references.pages["stall-sticker|en"].location.variant == "standard"
    assert not any(kind.startswith("wallet-card|") and kind.endswith("|discreet") for kind in references.pages)
    sheet = next(job for job in plan(kit) if job.format.sheet)
    card = references.reference(sheet)
    assert (
        kind_of(kit, sheet) == kind_of(kit, card) and card.format.name == sheet.format.sheet.card
    )  # a sheet's is its card's
    # a language no location has, asked for with --locales: its kinds' references come from that plan
    asked = References(kit, ["so"], None)
    assert asked.pages["poster-letter|so"].location.id == next(
        job.location.id for job in plan(kit, locales=["so"]) if job.format.name == "poster-letter"
    )
    assert asked.pages["poster-letter|en"] == references.pages["poster-letter|en"]


def test_references_are_made_first_and_the_pages_of_their_kinds_wait_for_what_they_kept():
    kit = load_kit(sample_kit_dir())
    references = References(kit, None, None)
    posters = [job for job in plan(kit) if job.format.name == "poster-letter" and job.locale == "en"]
    reference = references.reference(posters[0])
    html = page(kit, PrintMode(), reference)[0]
    jobs = [next(job for job in posters[1:] if page(kit, PrintMode(), job)[0] != html)]  # not the reference's page
    schedule = _schedule(kit, jobs, references)
    items = schedule.tasks()
    unit, task = next(items)
    assert isinstance(task, RenderTask) and task.reference is None and unit.owner is None  # an input: not planned
    assert task.label.startswith(reference.label)
    assert next(items) is WAIT  # nothing of its kind is planned before what it kept is known
    unit.fitted = ((500, 1.1041),)  # as the build stores its result
    _, page_task = next(items)
    assert isinstance(page_task, RenderTask) and page_task.reference == ((500, 1.1041),)
    assert next(items, None) is None

    def keys(fitted) -> tuple[str, str, str]:
        known = References(kit, None, None)
        known.know("poster-letter|en", "k", fitted)
        schedule = _schedule(kit, jobs, known)
        render_key, _ = schedule._render_key(jobs[0])  # as the schedule keys the page it templates
        return schedule.key(jobs[0]), schedule.key(reference), render_key

    page_key, reference_key, render_key = keys(((500, 1.1041),))
    other_page_key, other_reference_key, other_render_key = keys(((500, 1.1262),))
    assert page_key != other_page_key and render_key != other_render_key  # a page that starts elsewhere is made again
    assert reference_key == other_reference_key  # the reference itself starts at the designed size


def test_what_references_kept_is_remembered_by_render_key_and_a_damaged_record_is_fitted_again():
    kit = load_kit(sample_kit_dir())
    references = References(kit, None, None)
    references.know("poster-letter|en", "abc", ((812, 1.0612),))
    references.know("wallet-card|es", "def", ((120, 1.2434), (90, 1.3195)))
    data = references.to_json()
    again = References(kit, None, data)
    assert again.remembered("poster-letter|en", "abc") == ((812, 1.0612),)
    assert again.remembered("wallet-card|es", "def") == ((120, 1.2434), (90, 1.3195))
    assert again.remembered("poster-letter|en", "changed") is None  # another reference page: fitted again
    assert again.to_json() == data  # carried to the next build as it is
    damaged = json.loads(data)
    damaged["poster-letter|en"] = ["abc", [["many", 1.0]]]
    damaged["wallet-card|es"] = ["def", [[120, float("inf")]]]
    damaged["gone|en"] = ["x", [[1, 1.0]]]  # a kind the kit no longer has
    kept = References(kit, None, json.dumps(damaged).encode())
    assert kept.remembered("poster-letter|en", "abc") is None and kept.remembered("wallet-card|es", "def") is None
    assert "gone|en" not in json.loads(kept.to_json())
    assert References(kit, None, b"{not json").remembered("poster-letter|en", "abc") is None
    assert References(kit, None, b"[1, 2]").remembered("poster-letter|en", "abc") is None


def test_a_page_that_is_its_references_very_page_is_the_references_document_made_once():
    """Two locations whose posters are the same HTML, the first not planned: the second is made once, from the
    designed size, as the reference's document, and written."""
    kit = load_kit(sample_kit_dir())
    references = References(kit, None, None)
    posters = [job for job in plan(kit) if job.format.name == "poster-letter" and job.locale == "en"]
    html = page(kit, PrintMode(), posters[0])[0]
    same = next(job for job in posters[1:] if page(kit, PrintMode(), job)[0] == html)
    schedule = _schedule(kit, [same], references)
    items = schedule.tasks()
    unit, task = next(items)
    assert unit.owner is same and task.reference is None and task.label == same.label
    assert next(items) is WAIT
    unit.fitted = ((500, 1.1041),)
    assert next(items, None) is None  # nothing more to make: the page is that document
    assert [placement.unit for placement in schedule.placements] == [unit]


def test_a_reference_no_job_plans_is_named_as_such_when_it_fails():
    kit = load_kit(sample_kit_dir())
    references = References(kit, None, None)
    posters = [job for job in plan(kit) if job.format.name == "poster-letter" and job.locale == "en"]
    html = page(kit, PrintMode(), posters[0])[0]
    other = next(job for job in posters[1:] if page(kit, PrintMode(), job)[0] != html)
    unit, task = next(_schedule(kit, [other], references).tasks())
    assert unit.owner is None and task.label == f"{posters[0].label} ({WHY})"


def test_a_kits_card_sheet_that_does_not_say_carried_is_of_its_cards_kind(sample_copy):
    """Its card is carried away, so discreet wherever it is left: the sheet's kind is the card's, as its page is."""
    import yaml

    settings = sample_copy / "outreach.yaml"
    loaded = yaml.safe_load(settings.read_text(encoding="utf-8"))
    sheet = {
        key: value
        for key, value in yaml.safe_load((builtin_root() / "assets/formats.yaml").read_text(encoding="utf-8"))[
            "formats"
        ]["wallet-card-sheet"].items()
        if key != "carried"
    }
    loaded["formats"] = {**loaded.get("formats", {}), "my-card-sheet": sheet}
    settings.write_text(yaml.safe_dump(loaded, allow_unicode=True), encoding="utf-8")
    locations = sample_copy / "locations.yaml"
    text = locations.read_text(encoding="utf-8")
    transit = text.index("  - id: transit-center-restroom")
    text = text[:transit] + text[transit:].replace(
        "    variant: discreet\n", "    variant: discreet\n    formats: [my-card-sheet]\n", 1
    )
    locations.write_text(text, encoding="utf-8")
    kit = load_kit(sample_copy)
    (job,) = list(plan(kit, ["transit-center-restroom"], ["my-card-sheet"], ["en"]))
    assert not job.format.carried and job.location.variant == "discreet"
    assert kind_of(kit, job) == "wallet-card|en"
    references = References(kit, None, None)
    schedule = _schedule(kit, [job], references)
    made = list(schedule.tasks())  # the card's reference, then the card of the sheet: no kind left unknown
    assert made


@pytest.mark.render
def test_a_kit_template_that_does_not_read_the_variant_still_gives_discreet_pages_their_own_kind(sample_copy, tmp_path):
    """A discreet and a standard page of one region then differ only in what `discreet` prints: their keys say so,
    and a reference of one kind is never placed as a page of the other."""
    base = (templates_dir() / "base.html").read_text(encoding="utf-8")
    (sample_copy / "templates").mkdir()
    (sample_copy / "templates/base.html").write_text(base.replace("location.variant", '"standard"'), encoding="utf-8")
    locations = sample_copy / "locations.yaml"
    text = locations.read_text(encoding="utf-8")
    south = "  - id: aaa-south\n    name: South Library restrooms\n    kind: restroom\n    region: south\n"
    south += "    formats: [stall-sticker]\n\n"
    first, transit = text.index("  - id: library-restroom"), text.index("  - id: transit-center-restroom")
    end = text.index("  - id: ", transit + 1)
    text = text[:first] + text[transit:end] + south + text[first:transit] + text[end:]
    locations.write_text(text, encoding="utf-8")
    kit = load_kit(sample_copy)
    inputs = Inputs.of(kit, {"print_shop": False, "duplex": None})
    jobs = {job.location.id: job for job in plan(kit, None, ["stall-sticker"], ["en"])}
    key = inputs.template_key
    transit_key = key(kit, jobs["transit-center-restroom"].location, "stall-sticker", "en")
    assert transit_key != key(kit, jobs["aaa-south"].location, "stall-sticker", "en")
    report = build(
        sample_copy,
        tmp_path / "out",
        locations=["library-restroom", "transit-center-restroom"],
        formats=["stall-sticker"],
        locales=["en"],
        jobs=1,
    )
    assert sorted(doc.job.location.id for doc in report.documents) == ["library-restroom", "transit-center-restroom"]
