"""Shared fixtures: kits built from dicts and one build of the sample kit; the `render` marker kept honest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import (
    HOTLINE,
    LOCALES,
    LOCATIONS,
    MINIMAL_SETTINGS,
    SAMPLE_FORMATS,
    SAMPLE_LOCALES,
    SAMPLE_LOCATIONS,
    write_tree,
)

import outreach.commands.build
from outreach import build
from outreach.paths import sample_kit_dir
from outreach.render.engine import Renderer

BUILDS = {"sample_build", "every_format", "every_locale"}
"""Fixtures that build PDFs: a test that uses one renders, and is marked so without saying it."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILDS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.render)


@pytest.fixture(autouse=True)
def _renders_only_when_marked(request, monkeypatch):
    """A test without the `render` marker that reaches WeasyPrint fails, so `pytest -m "not render"` stays fast."""
    if request.node.get_closest_marker("render"):
        return

    def refuse(*args, **kwargs):
        raise AssertionError(f"{request.node.nodeid} renders PDFs: mark it @pytest.mark.render")

    schedule = outreach.commands.build.render_all

    def render_all(tasks, *args, **kwargs):
        for _ in tasks:
            refuse()
        return schedule(iter(()), *args, **kwargs)

    monkeypatch.setattr(Renderer, "__init__", refuse)
    monkeypatch.setattr(outreach.commands.build, "render_all", render_all)


@pytest.fixture
def make_kit(tmp_path):
    """A small valid kit; pass `files` to add or replace files."""

    def make(files: dict[str, object] | None = None, name: str = "kit") -> Path:
        base = {
            "outreach.yaml": MINIMAL_SETTINGS,
            "services/national-hotline.yaml": HOTLINE,
            "locations.yaml": LOCATIONS,
        }
        base.update(files or {})
        return write_tree(tmp_path / name, {k: v for k, v in base.items() if v is not None})

    return make


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    target = tmp_path / "sample"
    shutil.copytree(sample_kit_dir(), target)
    return target


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """One build of the embedded sample kit, shared by the artefact tests."""
    out = tmp_path_factory.mktemp("sample-build") / "out"
    report = build(None, out)
    # Tests loop over these documents: a format or language that stopped appearing must fail here, not pass there.
    made = {(d.job.format.name, d.job.locale) for d in report.documents}
    assert made == {(name, locale) for name in SAMPLE_FORMATS for locale in SAMPLE_LOCALES}, made
    return report


@pytest.fixture(scope="session")
def every_locale(tmp_path_factory):
    """Every format of the sample kit in every other built-in locale (one location for each format)."""
    out = tmp_path_factory.mktemp("locales") / "out"
    report = build(None, out, locations=SAMPLE_LOCATIONS, locales=LOCALES)
    made = {(d.job.format.name, d.job.locale) for d in report.documents}
    assert made == {(name, locale) for name in SAMPLE_FORMATS for locale in LOCALES}, made
    return report


CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium (installed by `bash setup.sh --test`); Playwright's own browser download is not used."""


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright, with no network of its own beyond what a page asks of localhost."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash setup.sh --test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (its own context: no cookies or storage shared between tests)."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def run():
    """`outreach ARGS...` on the command line: the result's exit code, stdout and stderr (a traceback fails the test)."""
    from typer.testing import CliRunner

    from outreach.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(map(str, args)), terminal_width=200, catch_exceptions=False)


@pytest.fixture
def renders(monkeypatch):
    """Every document WeasyPrint draws as a PDF in this process (use jobs=1), by label. (Fitting type to
    the page lays a document out several times; it is drawn once.) Run sheets are not documents: see
    test_print_bundles.py."""
    from outreach.render.engine import Renderer

    seen: list[str] = []
    original = Renderer.write

    def counted(self, document, label, *args, **options):
        if not label.startswith("run sheet"):
            seen.append(label)
        return original(self, document, label, *args, **options)

    monkeypatch.setattr(Renderer, "write", counted)
    return seen
