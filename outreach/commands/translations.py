"""The translator's commands that need the loaded kit: its own printed text as a gettext template."""

from __future__ import annotations

from pathlib import Path

from ..i18n.kit_catalogue import KIT_TEMPLATE
from ..i18n.workflow import extract_kit, update
from ..kit.load import load_kit
from ..kit.translations import kit_messages


def extract_kit_texts(kit_dir: Path) -> tuple[Path, int, bool]:
    """Write KIT/locales/kit.pot with every kit text that prints; returns (path, messages, changed).

    Raises KitError when the kit cannot be read: its texts would be incomplete."""
    kit = load_kit(kit_dir)
    assert kit.sources is not None  # load_kit always keeps them
    messages = kit_messages(kit.settings, kit.services, kit.sources.services, kit.sources.settings)
    return extract_kit(kit.root, messages)


def update_catalogues(kit_dir: Path | None) -> list[Path]:
    """`i18n update`: with a kit that has extracted its own text, kit.pot is made again from the kit first, so
    that a changed service text marks its translations fuzzy; then every catalogue follows its template."""
    if kit_dir is not None and (kit_dir / "locales" / KIT_TEMPLATE).is_file():
        extract_kit_texts(kit_dir)
    return update(kit_dir)
