"""The built-in folders ship inside the wheel and are found there as in a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_the_built_in_folders_and_finds_them(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("outreach-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for required in (
        "outreach/_builtin/templates/poster.html",
        "outreach/_builtin/locales/es/messages.po",
        "outreach/_builtin/locales/zh-Hans/messages.po",
        "outreach/_builtin/locales/messages.pot",
        "outreach/_builtin/assets/fonts/NotoSansCJKsc-Regular.subset.otf",
        "outreach/_builtin/assets/fonts/NotoSansArabic-Bold.ttf",
        "outreach/_builtin/assets/formats.yaml",
        "outreach/_builtin/assets/fonts/NotoSans-Regular.ttf",
        "outreach/_builtin/assets/fonts/OFL.txt",
        "outreach/_builtin/sample/outreach.yaml",
    ):
        assert required in names
    found = subprocess.run(
        [sys.executable, "-c", "from outreach.paths import builtin_root; print(builtin_root())"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(found) == tmp_path / "site" / "outreach" / "_builtin"
