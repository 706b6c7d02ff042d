"""A build that changed nothing is known before the kit is loaded (OUT/unchanged.json), and anything that could
change a document, a check or the report makes the next build run in full."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import HOTLINE, command_alone
from typer.testing import CliRunner

from outreach.cli import app
from outreach.commands import unchanged
from outreach.names import MARKER, UNCHANGED

pytestmark = pytest.mark.render


def _cli(*args: object):
    return CliRunner().invoke(app, ["build", *map(str, args), "--quiet", "--jobs", "1"], terminal_width=200)


def _said(result) -> list[str]:
    return result.stdout.splitlines()


def _identities(out: Path) -> dict[str, tuple[int, int, int]]:
    found = {}
    for path in sorted(out.rglob("*")):
        info = path.lstat()
        found[path.relative_to(out).as_posix()] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return found


@pytest.fixture
def settled(make_kit, tmp_path):
    """A kit built twice: the second build found nothing to change and kept its report."""
    kit, out = make_kit(), tmp_path / "out"
    first = _cli(kit, "-o", out)
    assert first.exit_code == 0, first.output
    assert not (out / UNCHANGED).exists()  # the first build had everything to print: the next one says otherwise
    second = _cli(kit, "-o", out)
    assert second.exit_code == 0, second.output
    assert "0 rendered" in second.stdout and (out / UNCHANGED).is_file()
    assert UNCHANGED in (out / MARKER).read_text(encoding="utf-8").splitlines()  # outreach's own file
    return kit, out, second


def test_the_next_build_says_the_same_without_loading_the_kit_or_touching_out(settled):
    kit, out, second = settled
    before = _identities(out)
    status, said, stderr, loaded = command_alone(
        ["build", str(kit), "-o", str(out), "--quiet"],
        ["outreach.kit.load", "outreach.checks.materials", "outreach.planning.keys", "weasyprint", "jinja2"],
    )
    assert status == 0, stderr
    assert loaded == []
    assert said == _said(second)  # word for word what the build that found nothing to change said
    assert _identities(out) == before


def test_the_kept_report_says_the_warnings_again(make_kit, tmp_path):
    old = {**HOTLINE, "verified": (date.today() - timedelta(days=800)).isoformat()}
    kit, out = make_kit({"services/national-hotline.yaml": old}), tmp_path / "out"
    runs = [_cli(kit, "-o", out, "--allow-stale") for _ in range(3)]
    assert all(run.exit_code == 0 for run in runs), [run.output for run in runs]
    assert (out / UNCHANGED).is_file()
    assert "WARNING: --allow-stale: 1 service" in runs[2].stderr
    assert runs[2].stderr == runs[1].stderr and runs[2].stdout == runs[1].stdout
    refused = _cli(kit, "-o", out)  # without --allow-stale: not the same options, so the checks run and refuse
    assert refused.exit_code == 1 and "error" in refused.stderr


def _edit_service(kit: Path, out: Path) -> None:
    path = kit / "services/national-hotline.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("1-888-373-7888", "1-888-373-7880"), encoding="utf-8")


def _add_kit_note(kit: Path, out: Path) -> None:
    (kit / "notes.txt").write_text("Call Dana about the north clinic.\n", encoding="utf-8")


def _garble_pdf(kit: Path, out: Path) -> None:
    pdf = next(out.glob("clinic-a/*.pdf"))
    pdf.write_bytes(b"%PDF-" + b"x" * (pdf.stat().st_size - 5))  # same size, another time


def _garble_pdf_keeping_its_time(kit: Path, out: Path) -> None:  # as `cp -p` or a restore tool would
    pdf = next(out.glob("clinic-a/*.pdf"))
    info = pdf.stat()
    with pdf.open("r+b") as handle:  # the same file, the same size
        handle.seek(info.st_size // 2)
        handle.write(b"x" * 16)
    os.utime(pdf, ns=(info.st_atime_ns, info.st_mtime_ns))


def _drop_thumbnail(kit: Path, out: Path) -> None:
    next(out.glob("thumbs/*.png")).unlink()


@pytest.mark.parametrize(
    "change", [_edit_service, _add_kit_note, _garble_pdf, _garble_pdf_keeping_its_time, _drop_thumbnail]
)
def test_any_change_to_the_kit_or_to_out_builds_in_full(settled, change):
    kit, out, second = settled
    documents = {path: path.read_bytes() for path in out.glob("clinic-a/*.pdf")}
    change(kit, out)
    result = _cli(kit, "-o", out)
    assert result.exit_code == 0, result.output
    if change is _edit_service:
        assert "National Human Trafficking Hotline's phone changed" in result.stdout
        assert "0 rendered" not in result.stdout
    else:  # the build ran, found the kit's notes new or OUT damaged, and made OUT whole again
        assert _said(result)[:-1] == _said(second)[:-1]  # nothing to reprint
        assert _said(result) == _said(second) if change is _add_kit_note else "1 rendered" in result.stdout
        assert {path: path.read_bytes() for path in out.glob("clinic-a/*.pdf")} == documents
        assert all(path.is_file() for path in out.glob("thumbs/*.png"))
    assert "0 rendered" in _cli(kit, "-o", out).stdout


@pytest.mark.parametrize("saved", ["my-notes.txt", "mine/my-notes.txt", "thumbs/my-notes.txt"])
def test_a_file_a_person_saved_into_out_is_still_refused(settled, saved):
    kit, out, _ = settled
    if not (out / saved).parent.exists():  # a folder of one's own, empty while outreach builds and keeps its digest
        (out / saved).parent.mkdir()
        assert "0 rendered" in _cli(kit, "-o", out).stdout and (out / UNCHANGED).is_file()
    (out / saved).write_text("keep me\n", encoding="utf-8")
    result = _cli(kit, "-o", out)
    assert result.exit_code == 1 and f"holds files outreach did not write: {saved}" in result.stderr
    assert (out / saved).read_text(encoding="utf-8") == "keep me\n"


def test_other_options_another_day_force_or_a_damaged_file_are_not_recalled(settled):
    kit, out, _ = settled
    chosen = {"locations": None, "formats": None, "locales": None, "print_shop": False, "duplex": None}
    today = unchanged.options(**chosen, strict=False, allow_stale=False, today=None)
    assert unchanged.recall(kit, out, today) is not None
    tomorrow = unchanged.options(**chosen, strict=False, allow_stale=False, today=date.today() + timedelta(days=1))
    assert unchanged.recall(kit, out, tomorrow) is None  # a service may have gone stale overnight
    strict = unchanged.options(**chosen, strict=True, allow_stale=False, today=None)
    assert unchanged.recall(kit, out, strict) is None
    assert unchanged.recall(kit, out, {**today, "locales": ["es"]}) is None
    assert unchanged.recall(kit.parent / "elsewhere", out, today) is None

    forced = _cli(kit, "-o", out, "--force")
    assert forced.exit_code == 0 and "0 rendered" not in forced.stdout
    assert unchanged.recall(kit, out, today) is None  # --force made OUT again: its files are others

    again = _cli(kit, "-o", out)
    assert again.exit_code == 0 and "0 rendered" in again.stdout
    kept = json.loads((out / UNCHANGED).read_bytes())
    (out / UNCHANGED).write_text(json.dumps({**kept, "planned": "many"}), encoding="utf-8")
    assert unchanged.recall(kit, out, today) is None
    (out / UNCHANGED).write_text("{not json", encoding="utf-8")
    damaged = _cli(kit, "-o", out)  # the build runs in full, and keeps a whole file again
    assert damaged.exit_code == 0 and "0 rendered" in damaged.stdout, damaged.output
    assert unchanged.recall(kit, out, today) is not None
