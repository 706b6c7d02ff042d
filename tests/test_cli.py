"""The command line: exit codes, messages, and no tracebacks."""

from __future__ import annotations

import pytest
from helpers import HOTLINE, command_alone
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
        (["--locale", "pt"], "unknown locale 'pt'; known: am, ar, en, en-XA, es, fr, hmn, ksw, so, vi, zh-Hans"),
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


def test_a_folder_with_any_manifest_csv_is_not_taken_for_outreach_output(run, make_kit, tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "manifest.csv").write_text("item,cost\nchairs,40\n")
    (precious / "budget.xlsx").write_text("keep me")
    result = run("build", make_kit(), "-o", precious)
    assert result.exit_code == 1
    assert "budget.xlsx" in result.stderr and "outreach did not write" in result.stderr
    assert (precious / "budget.xlsx").read_text() == "keep me"


@pytest.mark.render
def test_a_file_saved_into_an_earlier_output_is_never_lost(run, make_kit, tmp_path):
    kit, out = make_kit(), tmp_path / "out"
    assert run("build", kit, "-o", out, "--quiet").exit_code == 0
    assert (out / ".outreach-files").is_file()
    (out / "clinic-a" / "notes for the print shop.txt").write_text("keep me")
    (out / "services.yaml").write_text("keep me too")
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    result = run("build", kit, "-o", out, "--force", "--quiet")
    assert result.exit_code == 1
    assert "clinic-a/notes for the print shop.txt, services.yaml" in result.stderr
    assert "move those files out of it" in result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    (out / "clinic-a" / "notes for the print shop.txt").unlink()
    (out / "services.yaml").unlink()
    assert run("build", kit, "-o", out, "--quiet").exit_code == 0  # outreach's own files: rebuilt as before


def test_the_cli_starts_without_importing_weasyprint():
    import subprocess
    import sys

    code = "import sys, outreach.cli; sys.exit('weasyprint' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize("group", [[], ["i18n"], ["import"], ["export"]])
def test_help_names_every_command_with_its_whole_summary_in_80_columns(group):
    result = CliRunner().invoke(app, [*group, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    commands = result.output.split("Commands:\n", 1)[1].splitlines()
    assert len(commands) >= 1
    for line in commands:
        assert len(line) <= 80 and line.rstrip().endswith(".") and "..." not in line, line  # not cut short
        assert "─" not in line and "│" not in line  # plain help: Typer's rich panels are not loaded


def test_help_loads_neither_rich_nor_pydantic():
    status, _, stderr, loaded = command_alone(["--help"], ["rich", "pydantic"])
    assert status == 0, stderr
    assert loaded == []


def test_check_json_is_the_librarys_report_and_exits_1_on_errors(run, make_kit):
    import json

    from outreach import check_report

    kit = make_kit({"services/national-hotline.yaml": "name: Hotline\nsummary: Talk.\nkind: hotline\nphone: 12\n"})
    # phone: 12 is not reported: the service fails its schema first (regions and verified are missing)
    result = run("check", kit, "--format", "json")
    assert result.exit_code == 1
    printed = json.loads(result.stdout)
    report = check_report(kit)
    assert printed == json.loads(report.to_json())
    assert printed["errors"] == report.errors == 2 and not report.ok
    assert [(p["file"], p["field"], p["message"], p["severity"]) for p in printed["problems"]] == [
        ("services/national-hotline.yaml", "regions", "is required", "error"),
        ("services/national-hotline.yaml", "verified", "is required", "error"),
    ]

    ok = json.loads(run("check", "--format", "json").stdout)
    assert ok["errors"] == 0 and ok["warnings"] == len(ok["problems"])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["check", "nowhere"], 1, "nowhere is not a folder"),
        (["check", "--format", "xml"], 2, "unknown output format 'xml'; use text or json"),
        (["formats", "nowhere"], 1, "nowhere is not a folder"),
        (["build", "nowhere", "-o", "OUT"], 1, "nowhere is not a folder"),
        (["build", "--duplex", "sideways", "-o", "OUT"], 2, "unknown duplex flip 'sideways'"),
        (["i18n", "init", "xx-nope", "--kit", "KIT"], 2, "is not a language code that outreach knows"),
        (["init", "KIT"], 1, "already exists and is not empty; nothing was copied"),
        (["import", "csv", "services.csv"], 2, "say which kit to import into with --kit KIT"),
        (["import", "hsds", "nowhere.json", "--kit", "KIT"], 1, "nowhere.json"),
    ],
)
def test_every_command_reports_errors_as_messages_and_exit_codes(run, make_kit, tmp_path, args, code, message):
    """One boundary for every command and sub-command: the message on stderr, the error's exit code, no traceback
    (the runner re-raises anything uncaught)."""
    kit = make_kit()
    result = run(*[a.replace("KIT", str(kit)).replace("OUT", str(tmp_path / "out")) for a in args])
    assert result.exit_code == code, result.output
    assert message in result.stderr


def test_version_and_verbose(run, make_kit):
    from importlib.metadata import version

    assert run("--version").stdout == f"outreach {version('outreach')}\n"
    untranslated = {"services/national-hotline.yaml": {**HOTLINE, "name": {"en": "Hotline"}}}  # a warning, logged too
    quiet = run("check", make_kit(untranslated))
    loud = run("-vv", "check", make_kit(untranslated, name="other"))
    assert quiet.exit_code == loud.exit_code == 0
    assert "DEBUG: outreach." not in quiet.stderr
    assert "DEBUG: outreach.kit.load:" in loud.stderr  # the library's own log, shown by -vv
    assert "DEBUG: outreach." not in run("check", make_kit(untranslated, name="third")).stderr  # only for that command


@pytest.mark.render
def test_verbose_build_says_what_it_renders(run, make_kit, tmp_path):
    result = run("-v", "build", make_kit(), "-o", tmp_path / "out", "--locale", "en", "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "INFO: outreach.commands.build: rendered location clinic-a, format poster-letter, locale en" in result.stderr
