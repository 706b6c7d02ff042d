"""Test helpers: kits written from dicts, readers for the PDFs a build makes, and the command in a new process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
import yaml

DATA = Path(__file__).resolve().parent / "data"
"""Files the tests read, kept in the repository with their licences (see each folder's README)."""
HSDS_EXAMPLES = DATA / "hsds"
"""Open Referral's HSDS 3.0 example data, as published (CC BY-SA 4.0)."""

SAMPLE_FORMATS = {
    "poster-letter",
    "poster-tabloid",
    "bus-card",
    "tearoff-letter",
    "stall-sticker",
    "wallet-card",
    "wallet-card-sheet",
    "mirror-cling",
    "small-label-sheet",
}
"""Every format the sample kit's locations get: the tests that loop over the sample build cover each one."""
SAMPLE_LOCALES = {"en", "es"}
LOCALES = ["so", "hmn", "vi", "ar", "am", "ksw", "zh-Hans", "fr", "en-XA"]
"""The other built-in locales: the every_locale fixture builds every sample format in each (English and
Spanish are built in every format by the session's sample build)."""
SAMPLE_LOCATIONS = ["library-restroom", "northside-clinic", "main-street-bus-stop", "harbor-house"]
"""One location for each format of the sample kit (the tear-off poster is harbor-house's)."""

MINIMAL_SETTINGS = {
    "organisation": "Test Network",
    "locales": ["en", "es"],
    "phone_region": "US",
    "regions": {"north": "North County", "south": "South County"},
}
HOTLINE = {
    "name": "National Human Trafficking Hotline",
    "summary": "Talk to someone, any time.",
    "kind": "hotline",
    "phone": "1-888-373-7888",
    "text": "233733",
    "hours": "24 hours, every day",
    "languages": ["en", "es"],
    "regions": "all",
    "verified": "2026-10-15",
}
# Two local lines, one a region: for tests that change one and watch what is reprinted.
NORTH_LINE = {
    "name": "North Line",
    "summary": "Talk to someone near you.",
    "kind": "hotline",
    "phone": "612-555-0140",
    "hours": "24 hours, every day",
    "regions": ["north"],
    "verified": "2026-10-01",
}
SOUTH_LINE = {**NORTH_LINE, "name": "South Line", "phone": "612-555-0150", "regions": ["south"]}
LOCATIONS = {
    "locations": [
        {"id": "clinic-a", "name": "Clinic A", "kind": "clinic", "region": "north", "formats": ["poster-letter"]},
    ]
}

STALL_ONLY = {
    "locations": [
        {
            "id": "stall",
            "name": "Stall",
            "kind": "restroom",
            "region": "north",
            "formats": ["stall-sticker"],
            "locales": ["en"],
        }
    ]
}
"""One restroom stall with its sticker, in English."""


def write_tree(root: Path, files: dict[str, object]) -> Path:
    """Write files from a dict: text as is, anything else as YAML."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def pdf_text(data: bytes | Path) -> list[str]:
    """The extractable text of every page."""
    document = pdfium.PdfDocument(data if isinstance(data, bytes) else str(data))
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def flat(text: str) -> str:
    """Text with line breaks and hyphenation points folded to single spaces."""
    return " ".join(text.replace("\ufffe", "").replace("\u00ad", "").split())


def command_alone(argv: Sequence[str], watched: Sequence[str]) -> tuple[int, list[str], str, list[str]]:
    """`outreach ARGV` in a new interpreter: its exit code, its lines on stdout and its stderr, and which of the
    `watched` modules it had imported by the end."""
    code = (
        "import json, sys\n"
        f"sys.argv = ['outreach', *{list(argv)!r}]\n"
        "from outreach.cli import main\n"
        "try:\n    main()\n    status = 0\nexcept SystemExit as exit:\n    status = exit.code or 0\n"
        f"print(json.dumps(sorted(name for name in {list(watched)!r} if name in sys.modules)))\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    *said, loaded = result.stdout.splitlines() or [""]
    return result.returncode, said, result.stderr, json.loads(loaded) if loaded.startswith("[") else [loaded]
