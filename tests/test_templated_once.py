"""The page the checks template is the page the build renders: templated once, kept compressed until taken."""

from __future__ import annotations

from outreach.checks import CheckOptions, checked
from outreach.kit.jobs import plan
from outreach.kit.load import load_kit
from outreach.pages import page as page_module
from outreach.pages.page import PrintMode, page
from outreach.paths import sample_kit_dir
from outreach.planning.keys import Inputs
from outreach.planning.texts import TextCache


def _checked():
    kit = load_kit(sample_kit_dir())
    inputs = Inputs.of(kit, {"print_shop": False, "duplex": None})
    texts = TextCache(kit, inputs)
    return checked(kit, CheckOptions(), texts), texts


def test_the_html_the_checks_templated_is_the_html_the_build_would_template(monkeypatch):
    kit, texts = _checked()
    taken = 0
    for job in plan(kit):
        if job.format.sheet:
            continue
        kept = texts.take_html(job.location, job.format, job.locale)
        if kept is None:  # a page of the same template key was taken already: the schedule shares it
            continue
        taken += 1
        assert kept == page(kit, PrintMode(), job)[0], job.file
        assert texts.take_html(job.location, job.format, job.locale) is None  # let go once taken
    assert taken >= 10


def test_a_page_handed_its_html_is_not_templated_again_except_for_a_print_shop(monkeypatch):
    kit, texts = _checked()
    job = next(job for job in plan(kit) if not job.format.sheet)
    html = texts.take_html(job.location, job.format, job.locale)
    assert html is not None
    calls = []
    real = page_module.render_template
    monkeypatch.setattr(page_module, "render_template", lambda *a: calls.append(a) or real(*a))
    assert page(kit, PrintMode(), job, html)[0] == html and calls == []
    shop = page(kit, PrintMode(print_shop=True), job, html)[0]
    assert len(calls) == 1 and shop != html  # its bleed and marks: the checks' page is not the print shop's
