"""Rendering in worker processes: the same files whatever the number of workers or the executor."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import command_alone
from typer.testing import CliRunner

from outreach import BuildError, build, load_kit
from outreach.cli import app
from outreach.planning.references import References


def files(out) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.render
def test_jobs_1_and_jobs_2_give_byte_identical_output(make_kit, tmp_path):
    kit = make_kit(
        {
            "locations.yaml": {
                "locations": [
                    {
                        "id": "restroom",
                        "name": "Restroom",
                        "kind": "restroom",
                        "region": "north",
                        "variant": "discreet",
                        "formats": ["stall-sticker", "wallet-card"],
                    },
                    {
                        "id": "clinic",
                        "name": "Clinic",
                        "kind": "clinic",
                        "region": "south",
                        "formats": ["poster-letter", "wallet-card"],
                    },
                ]
            }
        }
    )
    one = build(kit, tmp_path / "one", jobs=1)
    two = build(kit, tmp_path / "two", jobs=2)
    assert one.rendered == two.rendered == 6  # the two locations' cards show the same lines: one card per language
    first, second = files(one.out), files(two.out)
    assert len([name for name in first if name.endswith(".pdf") and not name.startswith("print/")]) == 8
    assert len([name for name in first if name.startswith("print/")]) == 7  # 2 locations, 2 regions, reprint, 2 runs
    assert first == second  # PDFs, bundles, run sheets, thumbnails, manifest, inputs, reprint report and index alike


@pytest.mark.render
def test_any_executor_can_render(make_kit, tmp_path):
    kit = make_kit()
    with ThreadPoolExecutor(max_workers=2) as executor:
        threads = build(kit, tmp_path / "threads", executor=executor)
        assert not executor._shutdown  # the caller's executor is the caller's to shut down
    inline = build(kit, tmp_path / "inline", jobs=1)
    assert files(threads.out) == files(inline.out)
    assert threads.rendered == 2


class _Recording(ThreadPoolExecutor):
    """Notes each task handed to it, by label, in one log with the checks."""

    def __init__(self, log: list[str]) -> None:
        super().__init__(max_workers=1)
        self.log = log
        self.futures: list = []

    def submit(self, fn, /, *args, **kwargs):
        self.log.append(getattr(args[0], "label", type(args[0]).__name__))
        self.futures.append(super().submit(fn, *args, **kwargs))
        return self.futures[-1]


@pytest.mark.render
def test_the_workers_make_every_reference_while_the_kit_is_checked(sample_copy, tmp_path, monkeypatch):
    import outreach.commands.build as build_module

    log: list[str] = []
    done: list[int] = []  # how many tasks were made when the checks began
    real = build_module.checked_kit

    beside: list[list[str]] = []  # what is beside OUT when the checks begin: nothing, not even its lock

    def checked_kit(*args):
        log.append("checks")
        done.append(sum(future.done() for future in executor.futures))
        beside.append(sorted(path.name for path in tmp_path.iterdir() if path.name != "sample"))
        return real(*args)

    monkeypatch.setattr(build_module, "checked_kit", checked_kit)
    with _Recording(log) as executor:
        build(sample_copy, tmp_path / "out", jobs=1, executor=executor)  # two tasks in flight, after the references
    kinds = len(References(load_kit(sample_copy), None, None).pages)
    assert log.count("checks") == 1 and kinds >= 10
    before = log[: log.index("checks")]
    assert len(before) == kinds  # each kind's reference, before the checks began
    assert done[0] < kinds // 2  # handed on at once, not two at a time: the worker makes them during the checks
    assert beside == [[]]  # what the workers made is held back until the checks pass
    assert len(log) > kinds + 1 + 10  # the other pages after them


@pytest.mark.render
def test_the_last_checks_and_files_are_made_while_the_workers_make_the_print_folder(sample_copy, tmp_path, monkeypatch):
    import outreach.commands.build as build_module

    log: list[str] = []
    checks, write = build_module._check_printed, build_module._write
    monkeypatch.setattr(build_module, "_check_printed", lambda *args: log.append("printed checks") or checks(*args))
    monkeypatch.setattr(build_module, "_write", lambda *args: log.append("files") or write(*args))
    with _Recording(log) as executor:
        report = build(sample_copy, tmp_path / "out", jobs=1, executor=executor)
    sheets = [i for i, entry in enumerate(log) if entry.startswith("run sheet")]
    bundles = [i for i, entry in enumerate(log) if entry == "Assembly"]
    assert len(sheets) == report.printed.run_sheets >= 2 and len(bundles) == report.printed.made - len(sheets)
    # the run sheets handed on first, all at once (two: as many as may be in flight), then the last checks and files
    assert max(sheets) < log.index("printed checks") < log.index("files") < min(bundles)
    assert (tmp_path / "out" / "index.html").is_file() and (tmp_path / "out" / "print.json").is_file()


@pytest.mark.render
def test_what_the_workers_made_before_the_checks_passed_is_not_written_until_they_do(
    sample_copy, tmp_path, monkeypatch
):
    import outreach.commands.build as build_module
    from outreach.render.workers import InlineExecutor

    beside: list[list[str]] = []
    real = build_module.checked_kit

    def checked_kit(*args):  # every reference is made by now (this executor makes each task as it is handed on)
        beside.append(sorted(path.name for path in tmp_path.iterdir() if path.name != "sample"))
        return real(*args)

    monkeypatch.setattr(build_module, "checked_kit", checked_kit)
    build(sample_copy, tmp_path / "out", executor=InlineExecutor(), formats=["stall-sticker"])
    assert beside == [[]]  # no staging folder, no lock, no PDF beside OUT before the checks pass
    assert (tmp_path / "out" / "manifest.csv").is_file()


@pytest.mark.render
def test_a_build_holds_outs_lock_whenever_it_judges_a_file_of_the_build_before_fit_to_reuse(
    make_kit, tmp_path, monkeypatch
):
    from outreach.planning.previous import PreviousBuild

    kit, out = make_kit(), tmp_path / "out"
    build(kit, out, jobs=2)
    held: list[bool] = []
    real = PreviousBuild.reusable

    def reusable(self, *args):
        held.append((tmp_path / ".out.lock").exists())  # another build committing OUT meanwhile is refused
        return real(self, *args)

    monkeypatch.setattr(PreviousBuild, "reusable", reusable)
    (kit / "services/national-hotline.yaml").write_text(
        (kit / "services/national-hotline.yaml").read_text().replace("1-888-373-7888", "1-888-373-7889")
    )
    build(kit, out, jobs=2)
    assert held and all(held)


@pytest.mark.render
def test_a_failed_document_in_a_worker_is_a_build_error(make_kit, tmp_path):
    kit = make_kit(
        {
            "services/national-hotline.yaml": (
                "name: " + "A very long name that keeps going. " * 40 + "\nsummary: Talk.\nkind: hotline\n"
                "phone: 1-888-373-7888\nlanguages: [en, es]\nregions: all\nverified: 2026-10-15\n"
            )
        }
    )
    with pytest.raises(
        BuildError, match=r"location clinic-a, format poster-letter, locale e[ns]: the content needs"
    ) as caught:
        build(kit, tmp_path / "out", jobs=2)
    assert "Shorten that text" in caught.value.hint  # the hint survives the trip from the worker
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]


@pytest.mark.parametrize("argv", [["--help"], ["check"], ["formats"]])
def test_help_check_and_formats_start_without_weasyprint(argv):
    status, _, stderr, loaded = command_alone(argv, ["weasyprint"])
    assert status == 0, stderr
    assert loaded == []


@pytest.mark.render
def test_the_command_reports_what_to_reprint(make_kit, tmp_path):
    runner = CliRunner()
    kit, out = make_kit(), tmp_path / "out"
    run = lambda *args: runner.invoke(app, ["build", str(kit), "-o", str(out), "--quiet", *args], terminal_width=200)  # noqa: E731
    first = run("--jobs", "2")
    assert first.exit_code == 0, first.output
    assert "First build: 1 location, 2 poster-letter copies to print" in first.stdout
    again = run()
    assert "Nothing to reprint" in again.stdout and "2 documents (2 distinct; 0 rendered, 2 reused)" in again.stdout
    (kit / "services/national-hotline.yaml").write_text(
        (kit / "services/national-hotline.yaml").read_text().replace("1-888-373-7888", "1-888-373-7889")
    )
    changed = run("--jobs", "1")
    assert (
        "National Human Trafficking Hotline's phone changed: 1 location, 2 poster-letter copies to reprint"
        in changed.stdout
    )
    forced = run("--force")
    assert "Nothing to reprint" in forced.stdout and "2 rendered, 0 reused" in forced.stdout
    assert run("--jobs", "0").exit_code == 2


def test_the_package_loads_the_library_only_when_it_is_used():
    code = (
        "import sys\n"
        "from outreach.cli import app\n"
        "assert 'outreach.commands.build' not in sys.modules and 'pydantic' not in sys.modules, 'outreach --help loads the library'\n"
        "import outreach.commands.build\n"  # the module first: `outreach.build` must still be the function
        "from outreach import build, load_kit, CheckOptions\n"
        "import outreach\n"
        "assert callable(build) and outreach.build is build and build.__module__ == 'outreach.commands.build'\n"
        "assert callable(load_kit) and CheckOptions().strict is False\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _session(sid: int) -> dict[int, tuple[int, str]]:
    """The live processes of session `sid`: pid → (parent pid, command line), read from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):
            continue  # not a process, or it ended while being read
        state, ppid, _, session = stat[stat.rindex(")") + 2 :].split()[:4]
        if int(session) == sid and state != "Z":
            found[int(entry.name)] = (int(ppid), command)
    return found


@pytest.mark.render
@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads the process table from /proc")
def test_workers_end_with_a_build_killed_midway(make_kit, tmp_path):
    """kill -9 of a build leaves no worker rendering on for ever, nor the fonts' temporary folders."""
    posters = [
        {"id": f"clinic-{i}", "name": f"Clinic {i}", "kind": "clinic", "region": "north", "formats": ["poster-letter"]}
        for i in range(6)
    ]
    kit = make_kit({"locations.yaml": {"locations": posters}})
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    command = [sys.executable, "-m", "outreach", "build", str(kit), "-o", str(tmp_path / "out"), "--jobs", "2"]
    build_process = subprocess.Popen(
        command,
        env={**os.environ, "TMPDIR": str(temporary)},
        start_new_session=True,  # the build, its fork server and its workers: one session to look in
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2:
            assert time.monotonic() < deadline and build_process.poll() is None, "the build started no workers"
            time.sleep(0.05)
            processes = _session(build_process.pid)
            # forked by the fork server (which the build started), or spawned by the build
            workers = [
                pid
                for pid, (ppid, cmd) in processes.items()
                if ("forkserver" in cmd and ppid != build_process.pid) or "spawn_main" in cmd
            ]
        time.sleep(0.5)  # rendering
        build_process.kill()
        build_process.wait()
        killed = time.monotonic()
        while _session(build_process.pid) and time.monotonic() - killed < 5:
            time.sleep(0.05)
        left = _session(build_process.pid)
        assert left == {}, f"still running {time.monotonic() - killed:.1f} s after the build was killed: {left}"
        assert sorted(p.name for p in temporary.iterdir()) == []  # fonts' folders and the fork server's
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build_process.pid, signal.SIGKILL)  # only if the test failed: what it started


@pytest.mark.render
def test_a_first_build_starts_its_workers_while_the_kit_is_checked_and_a_rebuild_only_when_it_renders(
    make_kit, tmp_path, monkeypatch
):
    import multiprocessing

    import outreach.commands.build as building

    started: list[int] = []
    checked_kit = building.checked_kit

    def counting(*args, **kwargs):
        started.append(len(multiprocessing.active_children()))  # worker processes alive while the kit is checked
        return checked_kit(*args, **kwargs)

    monkeypatch.setattr(building, "checked_kit", counting)
    kit, out = make_kit(), tmp_path / "out"
    build(kit, out, jobs=2)
    build(kit, out, jobs=2)  # nothing to render: no worker is started at all
    build(kit, out, jobs=2, force=True)
    assert started == [2, 0, 2]
    assert multiprocessing.active_children() == []  # and each build's workers ended with it


def test_a_wait_among_the_tasks_holds_back_what_follows_until_every_result_before_it_is_in(monkeypatch):
    """What the schedule plans after a WAIT depends on the results before it (the references' faces)."""
    from outreach.render import workers
    from outreach.render.task import WAIT

    happened: list[str] = []

    def slow(task):  # the results before the WAIT take their time
        time.sleep(0.05 if task in ("a", "b") else 0)
        return task

    monkeypatch.setattr(workers, "render_task", slow)

    def tasks():
        yield "a", "a"
        yield "b", "b"
        yield WAIT
        happened.append("after the wait")
        yield "c", "c"

    with ThreadPoolExecutor(2) as pool:
        workers.render_all(tasks(), pool, lambda key, result: happened.append(key), in_flight=8)
    assert sorted(happened[:2]) == ["a", "b"] and happened[2:] == ["after the wait", "c"]
