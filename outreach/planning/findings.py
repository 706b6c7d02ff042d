"""The findings of the checks on the rendered PDFs, kept in OUT so that a build that changed nothing need not
read every PDF again.

The checks on the PDFs (outreach.checks.printed: type size, posting laws, revealing words on discreet pieces,
confidential addresses) read each document's PDF and the kit. Their findings are kept in OUT/checks.json under
a key made of everything they read: every input of the build (outreach.planning.keys, which also covers
outreach itself, the built-in lists and laws, templates and formats), the whole of every service, location and
setting (confidential addresses included, which no page key holds), and each document's file and sha256. The
next build with the same key takes the findings as they are; any change runs the checks again.

The checks before rendering (outreach.checks.check) are kept the same way in OUT/kit-checks.json, with the
pages they found printing kit text in another language, under a key of everything they read and the day
(staleness is counted from today) and the options they ran with.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path

from ..checks import CheckOptions, check, require
from ..errors import KitError, Problem
from ..kit.load import Kit
from .documents import Document
from .keys import KEY_VERSION, Inputs, digest
from .texts import TextCache


def _kit_read(kit: Kit, inputs: Inputs) -> list:
    """Every input of the build, and the whole of every setting, service and location."""
    return [
        sorted(inputs.leaves.items()),
        kit.settings.model_dump(mode="json"),
        {sid: service.model_dump(mode="json") for sid, service in kit.services.items()},
        [location.model_dump(mode="json") for location in kit.locations],
    ]


def findings_key(kit: Kit, inputs: Inputs, documents: Sequence[Document]) -> str:
    """Everything the checks on the PDFs read."""
    return digest(
        [
            KEY_VERSION,
            "findings",
            *_kit_read(kit, inputs),
            sorted((doc.job.file, doc.job.format.name, doc.sha256, doc.smallest_pt) for doc in documents),
        ]
    )


def _every_file(root: Path, out: Path) -> list[tuple[str, str]]:
    """Every file of the kit (templates no format uses, notes) with its digest: the checks read some of them
    for a confidential address."""
    out = out.resolve()
    return [
        (path.relative_to(root).as_posix(), digest(path.read_bytes()))
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.resolve().is_relative_to(out)
    ]


def checked_kit(
    kit: Kit, options: CheckOptions, texts: TextCache, inputs: Inputs, earlier: bytes | None, out: Path
) -> tuple[Kit, bytes]:
    """`outreach.checks.checked`, taken from the earlier build when nothing it reads changed: the kit with
    its warnings (KitError on any error), and the file to keep."""
    today = options.today or date.today()
    key = digest(
        [
            KEY_VERSION,
            "kit checks",
            *_kit_read(kit, inputs),
            _every_file(kit.root, out),
            [options.strict, options.allow_stale, today.isoformat()],
        ]
    )
    found: list[Problem] | None = None
    try:
        loaded = json.loads(earlier) if earlier else None
        if isinstance(loaded, dict) and loaded.get("key") == key and texts.earlier:
            found = [Problem(**item) for item in loaded["findings"]]
            kit.untranslated = {tuple(page): tuple(fields) for page, fields in loaded["untranslated"]}
            texts.carry()
    except (TypeError, ValueError, KeyError):
        found = None  # a damaged file: the checks run again
    if found is None:
        found = check(kit, options, texts)
    data = {
        "key": key,
        "findings": [asdict(problem) for problem in found],
        "untranslated": sorted([list(page), list(fields)] for page, fields in kit.untranslated.items()),
    }
    try:
        kept = require(found)
    except KitError as exc:
        raise KitError(kit.warnings + exc.problems) from None
    kit.warnings = sorted(set(kit.warnings + kept))
    return kit, json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


def checked_once(key: str, earlier: bytes | None, check: Callable[[], list[Problem]]) -> tuple[list[Problem], bytes]:
    """The findings for `key`: the earlier build's when it had the same key, else `check()`; and the file to keep."""
    found: list[Problem] | None = None
    try:
        loaded = json.loads(earlier) if earlier else None
        if isinstance(loaded, dict) and loaded.get("key") == key and isinstance(loaded.get("findings"), list):
            found = [Problem(**item) for item in loaded["findings"]]
    except (TypeError, ValueError):
        found = None  # a damaged file: the checks run again
    if found is None:
        found = check()
    data = {"key": key, "findings": [asdict(problem) for problem in found]}
    return found, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
