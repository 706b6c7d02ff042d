"""`outreach formats`: the format catalogue, built-in and the kit's own."""

from __future__ import annotations

from pathlib import Path

from ..kit.formats import Format
from ..kit.load import load_kit
from ..paths import sample_kit_dir


def list_formats(kit_dir: Path | None = None) -> list[Format]:
    """Every format a kit can print: the built-in catalogue with the kit's additions and changes."""
    kit = load_kit(kit_dir or sample_kit_dir())
    return list(kit.formats.values())


def format_rows(catalogue: list[Format]) -> list[tuple[str, ...]]:
    """The catalogue as a table: a header, then one row per format."""
    header = ("FORMAT", "TRIM", "PAGES", "MIN TYPE", "QR", "DEFAULT FOR", "WHAT IT IS")
    return [header] + [
        (f.name, f.size_label(), "+".join(f.pages), f"{f.min_font_pt:g} pt", f"{f.qr_mm:g} mm",
         ", ".join(f.suits) or "-", f.title)
        for f in catalogue
    ]
