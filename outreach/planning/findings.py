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

from ..checks import CheckOptions, adopt, check
from ..errors import Problem
from ..kit.load import Kit
from .documents import Document
from .keys import KEY_VERSION, Inputs, digest
from .texts import TextCache
from .tools import tool_fingerprint


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


def checked_kit(
    kit: Kit,
    options: CheckOptions,
    texts: TextCache,
    inputs: Inputs,
    earlier: bytes | None,
    files: list[tuple[str, str]],
) -> tuple[Kit, bytes]:
    """`outreach.checks.checked`, taken from the earlier build when nothing it reads changed (`files`: every file
    of the kit with its digest): the kit with its warnings (KitError on any error), and the file to keep."""
    today = options.today or date.today()
    key = digest(
        [
            KEY_VERSION,
            "kit checks",
            *_kit_read(kit, inputs),
            files,  # every file of the kit (planning.tools.contents): the checks read some for a confidential address
            [options.strict, options.allow_stale, today.isoformat()],
        ]
    )
    kept = _kept(key, _loaded(earlier)) if texts.earlier else None
    try:
        untranslated = {tuple(page): tuple(fields) for page, fields in kept[1]["untranslated"]} if kept else None
    except (TypeError, ValueError, KeyError):
        untranslated = None  # a damaged file: the checks run again
    if kept and untranslated is not None:
        found, kit.untranslated = kept[0], untranslated
        texts.carry()
    else:
        found = check(kit, options, texts)
    pages = sorted([list(page), list(fields)] for page, fields in kit.untranslated.items())
    return adopt(kit, found), _file(key, found, untranslated=pages)


def checked_once(
    key: str,
    earlier: bytes | None,
    check: Callable[[dict[str, tuple[str, ...]]], list[Problem]],
    pages: dict[str, tuple[str, ...]],
    documents: Sequence[Document],
) -> tuple[list[Problem], bytes]:
    """The findings for `key`: the earlier build's when it had the same key, else `check(pages)`; and the file to
    keep. `pages` (each PDF's pages' text by sha256, as the workers read them) gains what the earlier build kept
    and what the checks read; the file keeps it for every PDF of `documents`, so the next build reads only new
    PDFs."""
    loaded, tools = _loaded(earlier), tool_fingerprint()
    kept = _kept(key, loaded)
    counts = {doc.sha256: doc.pages for doc in documents}
    if isinstance(loaded, dict) and loaded.get("tools") == tools and isinstance(loaded.get("pages"), dict):
        for sha256, texts in loaded["pages"].items():  # read by this very outreach, one text a page
            if isinstance(texts, list) and len(texts) == counts.get(sha256) and all(isinstance(t, str) for t in texts):
                pages.setdefault(sha256, tuple(texts))
    found = kept[0] if kept else check(pages)
    shas = sorted(set(counts) & set(pages))
    return found, _file(key, found, pages={sha256: list(pages[sha256]) for sha256 in shas}, tools=tools)


def _loaded(earlier: bytes | None) -> object:
    try:
        return json.loads(earlier) if earlier else None
    except (TypeError, ValueError):
        return None  # a damaged file: the checks run again


def _kept(key: str, loaded: object) -> tuple[list[Problem], dict] | None:
    """The findings an earlier build kept under `key`, and all it kept with them; None when its key was another
    or its file is damaged (the checks run again)."""
    try:
        if isinstance(loaded, dict) and loaded.get("key") == key and isinstance(loaded.get("findings"), list):
            return [Problem(**item) for item in loaded["findings"]], loaded
    except TypeError:
        pass
    return None


def _file(key: str, found: list[Problem], **more: object) -> bytes:
    """The file that keeps `found` under `key` for the next build, with `more`."""
    data = {"key": key, "findings": [asdict(problem) for problem in found], **more}
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
