"""The built-in catalogues pass the tools translators use: GNU gettext's `msgfmt --check` and translate-toolkit's
`pofilter`, on the checks that matter to print (placeholders, printf, tags, escapes, double spaces, blanks)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from outreach.paths import locales_dir

BUILT_IN = sorted(p.parent.name for p in locales_dir().glob("*/messages.po"))
FILTERS = ["printf", "pythonbraceformat", "variables", "xmltags", "escapes", "newlines", "doublespacing", "blank"]
POFILTER = Path(sys.executable).parent / "pofilter"


def pofilter(catalogue: Path, out: Path) -> str:
    """What pofilter flags in `catalogue` (empty when nothing): it writes only the entries that fail."""
    args = [str(POFILTER), "--progress=none", *(f"-t{name}" for name in FILTERS), "-i", str(catalogue), "-o", str(out)]
    subprocess.run(args, check=True, capture_output=True, text=True)
    return out.read_text(encoding="utf-8") if out.exists() else ""


def test_the_tools_are_installed():
    assert POFILTER.exists(), "pofilter is missing: `bash setup.sh --test` installs translate-toolkit"
    assert shutil.which("msgfmt"), "msgfmt is missing: `bash setup.sh --test` installs Debian's gettext"


@pytest.mark.parametrize("code", BUILT_IN)
def test_every_built_in_catalogue_passes_msgfmt_check_and_pofilter(code, tmp_path):
    catalogue = locales_dir() / code / "messages.po"
    checked = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(catalogue)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    flagged = [line for line in pofilter(catalogue, tmp_path / "flagged.po").splitlines() if "(pofilter)" in line]
    assert flagged == []


def test_pofilter_finds_a_placeholder_a_translator_renamed(tmp_path):
    """The check can fail: a Spanish catalogue whose number placeholder was translated is flagged."""
    text = (locales_dir() / "es" / "messages.po").read_text(encoding="utf-8")
    source = text.index("%(number)s")
    at = text.index("%(number)s", text.index('msgstr "', source))
    broken = tmp_path / "messages.po"
    broken.write_text(text[:at] + "%(numero)s" + text[at + len("%(number)s") :], encoding="utf-8")
    assert "printf: Added printf variable: %(numero)s" in pofilter(broken, tmp_path / "flagged.po")
