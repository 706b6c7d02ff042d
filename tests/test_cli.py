"""The command line: exit codes, messages, and no tracebacks."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from outreach.cli import app


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(map(str, args)), terminal_width=200, catch_exceptions=False)

    return invoke


def test_check_lists_every_problem_and_exits_1(run, make_kit):
    kit = make_kit(
        {
            "locations.yaml": "locations:\n  - id: Bad Id\n    name: A\n    kind: clinic\n    region: north\n",
            "services/national-hotline.yaml": "name: Hotline\nsummary: Talk.\nkind: hotline\nphone: 12\nregions: [west]\nverified: 2026-01-01\n",
        }
    )
    result = run("check", kit)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "locations.yaml:2: error: locations[0].id: 'Bad Id' must be lower-case letters, digits and dashes, e.g. central-library",
        "services/national-hotline.yaml:4: error: phone: '12' is not a valid phone number in US; check the digits "
        "(write it as dialled locally, e.g. 612-555-0123, or with + and the country code)",
        "services/national-hotline.yaml:5: error: regions[0]: unknown region 'west'; known: north, south",
        "the kit has 3 errors",
    ]
    assert "Traceback" not in result.output


def test_check_passes_the_sample_kit(run):
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "ok: no errors" in result.stdout


def test_formats_lists_the_catalogue_with_sizes(run):
    result = run("formats")
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "8.5in × 11in" in lines["poster-letter"]
    assert "3.5in × 2in" in lines["wallet-card"] and "front+back" in lines["wallet-card"]
    assert "stall-sticker" in lines and "wallet-card-sheet" in lines


def test_init_copies_the_sample_kit_and_refuses_to_overwrite(run, tmp_path):
    target = tmp_path / "my-kit"
    result = run("init", target)
    assert result.exit_code == 0
    assert (target / "outreach.yaml").is_file() and (target / "services" / "national-hotline.yaml").is_file()
    assert run("check", target).exit_code == 0
    again = run("init", target)
    assert again.exit_code == 1
    assert "already exists and is not empty; nothing was copied" in again.stderr


@pytest.mark.render
def test_build_one_location_and_locale(run, make_kit, tmp_path):
    out = tmp_path / "out"
    result = run("build", make_kit(), "-o", out, "--locale", "es", "--quiet")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "clinic-a").glob("*.pdf")) == ["poster-letter.es.pdf"]
    assert f"open {out / 'index.html'}" in result.stdout


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--format", "poster-huge"], "unknown format 'poster-huge'; known: poster-letter"),
        (["--location", "nowhere"], "unknown location 'nowhere'; known: clinic-a"),
        (["--locale", "fr"], "unknown locale 'fr'; known: am, ar, en, en-XA, es, hmn, ksw, so, vi, zh-Hans"),
    ],
)
def test_unknown_names_are_usage_errors(run, make_kit, tmp_path, option, message):
    result = run("build", make_kit(), "-o", tmp_path / "out", *option)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_option_is_exit_2(run):
    assert run("build", "--no-such-option").exit_code == 2


def test_build_refuses_to_replace_a_folder_that_is_not_outreach_output(run, make_kit, tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "taxes.txt").write_text("keep me")
    result = run("build", make_kit(), "-o", precious)
    assert result.exit_code == 1
    assert "is not an outreach output folder" in result.stderr
    assert (precious / "taxes.txt").read_text() == "keep me"


def test_the_cli_starts_without_importing_weasyprint():
    import subprocess
    import sys

    code = "import sys, outreach.cli; sys.exit('weasyprint' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
