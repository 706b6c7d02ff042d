"""What a build digests of a kit's files (outreach.planning.tools.contents): anything a volunteer or an attacker
left in the folder is named, never read when it is not a file, and never walked twice."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from outreach.planning.tools import contents, digest


def test_every_file_is_digested_and_what_is_not_a_file_is_named_not_read(tmp_path):
    kit = tmp_path / "kit"
    (kit / "services").mkdir(parents=True)
    (kit / "services" / "line.yaml").write_text("name: Line\n", encoding="utf-8")
    os.mkfifo(kit / "incoming.fifo")  # opening it would wait for a writer for ever
    (kit / "gone.yaml").symlink_to(kit / "missing.yaml")
    (kit / "services" / "again").symlink_to(kit)  # a loop: the kit inside itself
    (kit / "out").mkdir()
    (kit / "out" / "manifest.csv").write_text("x", encoding="utf-8")
    (kit / ".out.lock").write_text("", encoding="utf-8")

    found = dict(contents(kit, kit / "out"))
    assert found["services/line.yaml"] == digest(b"name: Line\n")
    assert found["incoming.fifo"].startswith("not a file (p")
    assert found["gone.yaml"].startswith("unreadable (")
    assert sorted(found) == ["gone.yaml", "incoming.fifo", "services/line.yaml"]  # no OUT, no loop, no lock
    assert "out/manifest.csv" in dict(contents(kit))  # OUT is left out only when it is the build's


@pytest.mark.render
def test_a_kit_holding_a_pipe_and_a_loop_still_builds_and_rebuilds(make_kit, tmp_path):
    kit, out = make_kit(), tmp_path / "out"
    os.mkfifo(kit / "incoming.fifo")
    (kit / "loop").symlink_to(kit)
    command = [sys.executable, "-m", "outreach", "build", str(kit), "-o", str(out), "--quiet", "--jobs", "1"]
    for _ in range(3):  # the first build, the one that finds nothing to change, and the one that knows it
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    assert (out / "unchanged.json").is_file() and "0 rendered" in result.stdout
