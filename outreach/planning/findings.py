"""The findings of the checks on the rendered PDFs, kept in OUT so that a build that changed nothing need not
read every PDF again.

The checks on the PDFs (outreach.checks.printed: type size, posting laws, revealing words on discreet pieces,
confidential addresses) read each document's PDF and the kit. Their findings are kept in OUT/checks.json under
a key made of everything they read: every input of the build (outreach.planning.keys, which also covers
outreach itself, the built-in lists and laws, templates and formats), the whole of every service, location and
setting (confidential addresses included, which no page key holds), and each document's file and sha256. The
next build with the same key takes the findings as they are; any change runs the checks again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict

from ..errors import Problem
from ..kit.load import Kit
from .documents import Document
from .keys import KEY_VERSION, Inputs, digest


def findings_key(kit: Kit, inputs: Inputs, documents: Sequence[Document]) -> str:
    """Everything the checks on the PDFs read."""
    return digest(
        [
            KEY_VERSION,
            "findings",
            sorted(inputs.leaves.items()),
            kit.settings.model_dump(mode="json"),
            {sid: service.model_dump(mode="json") for sid, service in kit.services.items()},
            [location.model_dump(mode="json") for location in kit.locations],
            sorted((doc.job.file, doc.job.format.name, doc.sha256, doc.smallest_pt) for doc in documents),
        ]
    )


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
