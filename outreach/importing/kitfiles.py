"""The kit's service files as an import sees them: read as they are, written as YAML, swapped in at once.

Writing is all or nothing: the new `services/` folder is assembled beside the
old one and renamed into place, so an interrupted import leaves the kit as it
was.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import KitError, OutreachError, Problem
from ..kit.load import SERVICES_DIR, SETTINGS_FILE
from ..kit.model import Address, Service, Settings
from ..kit.validate import validate
from ..kit.yamlsource import load_yaml

log = logging.getLogger(__name__)

FIELD_ORDER = list(Service.model_fields)
ADDRESS_ORDER = list(Address.model_fields)
_COMMENT = re.compile(r"(^|\s)#")
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Existing:
    """A service file as it is on disk."""

    id: str
    file: str
    """Its file name in services/, e.g. crisis-line.yaml."""
    data: dict[str, Any]
    header: str
    """The comment lines at the top of the file; they are kept when the file is rewritten."""
    inner_comments: bool
    """Comments below the top; rewriting the file loses them."""

    @property
    def source(self) -> str | None:
        value = self.data.get("source")
        return value if isinstance(value, str) else None


def load_settings(root: Path) -> Settings:
    """The kit's outreach.yaml, checked: an import needs its locales, phone region and regions."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        raise OutreachError(
            f"{root} has no {SETTINGS_FILE}", f"Import into a kit: start one with `outreach init {root}`."
        )
    located, problems = load_yaml(path, SETTINGS_FILE)
    settings = None if problems else validate(Settings, located, problems)
    if settings is None:
        raise KitError(problems)
    return settings


def _split_comments(text: str) -> tuple[str, bool]:
    lines = text.splitlines(keepends=True)
    top = 0
    while top < len(lines) and (not lines[top].strip() or lines[top].lstrip().startswith("#")):
        top += 1
    header = "".join(line for line in lines[:top] if line.strip())
    return header, any(_COMMENT.search(line) for line in lines[top:])


def _strict(path: Path) -> list[Problem]:
    """What the kit's own loader says about a file: syntax, duplicate keys, tags, with lines."""
    display = f"{SERVICES_DIR}/{path.name}"
    located, errors = load_yaml(path, display)
    if not errors and not isinstance(located.data, dict):
        errors = [Problem(display, 1, "", "must be a mapping of fields (key: value)")]
    return errors


def _stop(problems: list[Problem]) -> KitError:
    return KitError(problems + [Problem(SERVICES_DIR, 0, "", "fix these files first; nothing was imported")])


def read_services(root: Path) -> dict[str, Existing]:
    """Every service file, as plain data; a file that is not valid YAML stops the import.

    Files are read with libyaml when it is there (a large kit reads six times
    faster); a file it refuses is read again by the kit's loader for a message
    with its line, and `check_rewrites` does the same for every file about to
    be rewritten.
    """
    found: dict[str, Existing] = {}
    problems: list[Problem] = []
    folder = root / SERVICES_DIR
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        try:
            text = path.read_text(encoding="utf-8")
            data = yaml.load(text, Loader=_FAST)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            data = None
        if not isinstance(data, dict):
            problems += _strict(path) or [
                Problem(f"{SERVICES_DIR}/{path.name}", 1, "", "must be a mapping of fields (key: value)")
            ]
        elif path.stem not in found:
            header, inner = _split_comments(text)
            found[path.stem] = Existing(path.stem, path.name, data, header, inner)
    if problems:
        raise _stop(problems)
    return found


def check_rewrites(root: Path, files: list[str]) -> None:
    """Refuse to rewrite a file the kit's loader would reject (a duplicate key, a tag): say which, with its line."""
    problems = [
        p for name in files if (root / SERVICES_DIR / name).is_file() for p in _strict(root / SERVICES_DIR / name)
    ]
    if problems:
        raise _stop(problems)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # libyaml's when installed
    """Block mappings, short lists on one line ([en, es]), long text on one line; libyaml's emitter when it is there."""


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    flow = all(isinstance(item, (str, int, float, date)) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(list, _list)


def ordered(data: dict[str, Any]) -> dict[str, Any]:
    """Fields in the schema's order (name, summary, kind, ...), empty ones left out."""
    out = {}
    for key in FIELD_ORDER + sorted(set(data) - set(FIELD_ORDER)):
        value = data.get(key)
        if value is None or (value in ([], {}) and key != "regions"):  # regions: [] says "not chosen yet"
            continue
        if key == "address" and isinstance(value, dict):
            value = {k: value[k] for k in ADDRESS_ORDER + sorted(set(value) - set(ADDRESS_ORDER)) if k in value}
        out[key] = value
    return out


def dump(data: dict[str, Any], header: str = "") -> str:
    body = yaml.dump(
        ordered(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False
    )
    return header + body


def _swap(stage: Path, folder: Path, old: Path) -> None:
    """services/ → old, stage → services/; on failure services/ is put back, or the message says where it is."""
    if folder.is_dir():
        os.replace(folder, old)
    try:
        os.replace(stage, folder)
    except OSError as exc:
        if old.is_dir() and not folder.exists():
            try:
                os.replace(old, folder)
            except OSError:
                raise OutreachError(
                    f"cannot write {folder}: {exc.strerror}; the services are unchanged in {old}",
                    f"Rename {old.name} back to {folder.name}.",
                ) from None
        raise


def commit(root: Path, files: dict[str, str | None]) -> None:
    """Write (text) or delete (None) files in services/, all at once."""
    folder = root / SERVICES_DIR
    if folder.is_symlink():
        raise OutreachError(f"{folder} is a link; an import cannot replace it safely", "Make services/ a real folder.")
    stage = Path(tempfile.mkdtemp(prefix=f".{SERVICES_DIR}.import-", dir=root))
    old = root / f"{stage.name}.old"
    try:
        if folder.is_dir():
            shutil.copytree(folder, stage, symlinks=True, dirs_exist_ok=True)
            shutil.copystat(folder, stage)
        else:
            os.chmod(stage, 0o755)
        for name, text in sorted(files.items()):
            target = stage / name
            if text is None:
                target.unlink(missing_ok=True)
                continue
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        _swap(stage, folder, old)
    except OSError as exc:
        raise OutreachError(f"cannot write {folder}: {exc.strerror}", "Nothing in the kit was changed.") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)  # only once the new folder is in place
    log.info("wrote %d file(s) in %s", len(files), folder)
