"""`outreach import csv|hsds` on the command line: exit codes, the diff, the messages, no tracebacks."""

from __future__ import annotations

import pytest
from helpers import HSDS_EXAMPLES
from test_import_again import SHEET
from test_import_csv import BAD, snapshot, write_csv


def test_import_csv_shows_the_diff_writes_and_checks_the_kit(run, make_kit, tmp_path):
    kit = make_kit()
    result = run("import", "csv", write_csv(tmp_path / "services.csv", SHEET), "--kit", kit)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["+ crisis-line (new: services/crisis-line.yaml)", "    name.en: Lakeside Crisis Line"]
    assert "2 added, 0 changed, 0 unchanged, 0 no longer in the source; written" in lines
    # 5 missing translations, the Spanish pages that print them in English, and 2 numbers from the
    # 555-0100..0199 block kept for fiction
    assert lines[-1] == "outreach check: no errors, 8 warning(s) saying what to fill in"
    assert "clinic-a: Spanish (es) pages (poster-letter) print English (en) text for: crisis-line" in result.stderr
    assert (
        "services/crisis-line.yaml:1: warning: name: has no es text; those pages print the en text until you add it"
        in result.stderr
    )
    assert run("check", kit).exit_code == 0


def test_bad_rows_exit_1_with_every_cell_and_nothing_written(run, make_kit, tmp_path):
    kit = make_kit()
    before = snapshot(kit)
    result = run("import", "csv", write_csv(tmp_path / "services.csv", BAD), "--kit", kit)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "services.csv:3:phone: error: '555' is not a valid phone number in US"
    )
    assert (
        result.stderr.splitlines()[-1]
        == "nothing was imported: 4 rows of services.csv have errors; fix them, or pass --skip-bad-rows"
    )
    assert "Traceback" not in result.output and snapshot(kit) == before

    result = run("import", "csv", tmp_path / "services.csv", "--kit", kit, "--skip-bad-rows")
    assert result.exit_code == 0
    assert "skipped row 3 (bad-phone): 2 problems" in result.stderr.splitlines()


def test_hsds_dry_run_says_nothing_was_written(run, make_kit):
    kit = make_kit()
    before = snapshot(kit)
    result = run("import", "hsds", HSDS_EXAMPLES / "csv", "--kit", kit, "--dry-run", "--region", "north")
    assert result.exit_code == 0, result.output
    assert "    regions: [north]" in result.stdout.splitlines()
    assert (
        result.stdout.splitlines()[-1]
        == "1 added, 0 changed, 0 unchanged, 0 no longer in the source; dry run: nothing written"
    )
    assert (
        'phones.csv:2:number: note: "+44 1234 234567" had quote marks around it; read as +44 1234 234567'
        in result.stderr
    )
    assert snapshot(kit) == before


def test_the_template_prints_or_is_written_once(run, tmp_path):
    result = run("import", "csv", "--template")
    assert result.exit_code == 0 and result.stdout.startswith(
        "id,name,summary,kind,phone,text,text_keyword,tty,url,hours,"
    )
    target = tmp_path / "services.csv"
    result = run("import", "csv", "--template", target)
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,name,")  # a byte-order mark, so Excel reads UTF-8
    again = run("import", "csv", "--template", target)
    assert again.exit_code == 1 and f"{target} already exists; nothing was written" in again.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["import", "csv", "services.csv"], 2, "say which kit to import into with --kit KIT"),
        (["import", "csv"], 2, "give the CSV file to import, or --template to make one"),
        (
            ["import", "hsds", HSDS_EXAMPLES / "csv", "--kit", "KIT", "--region", "west"],
            2,
            "unknown region 'west'; known: north, south, or all",
        ),
        (
            ["import", "hsds", HSDS_EXAMPLES / "csv", "--kit", "KIT", "--locale", "xx-nope"],
            2,
            "'xx-nope' is not a language code",
        ),
        (["import", "hsds", HSDS_EXAMPLES / "csv", "--kit", "nowhere"], 1, "is not a folder"),
    ],
)
def test_usage_mistakes(run, make_kit, args, code, message):
    kit = make_kit()
    result = run(*[kit if a == "KIT" else a for a in args])
    assert result.exit_code == code
    assert message in result.stderr and "Traceback" not in result.output


def test_an_import_that_leaves_the_kit_with_errors_names_them_and_exits_1(run, make_kit):
    """Real directory data is often stale: the written service fails `outreach check`, which says so, without a traceback."""
    from outreach import check_report

    kit = make_kit()  # a real kit (not a sample): a service confirmed over twice stale_after_days ago is an error
    result = run("import", "hsds", HSDS_EXAMPLES / "service_full.json", "--kit", kit, "--region", "north")
    assert result.exit_code == 1, result.output
    assert "1 added, 0 changed, 0 unchanged, 0 no longer in the source; written" in result.stdout
    stale = [line for line in result.stderr.splitlines() if ": error: verified: last confirmed 2023-03-15" in line]
    assert len(stale) == 1 and stale[0].startswith("services/community-counselling.yaml:")
    assert (
        result.stderr.splitlines()[-1]
        == "outreach check: the kit now has 1 error (listed above); fix it before you build"
    )
    assert check_report(kit).errors == 1  # the same report, from the library
