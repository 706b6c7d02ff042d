"""`outreach formats`: the format catalogue, built-in and the kit's own."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..kit.formats import Format
from ..kit.load import load_kit
from ..paths import sample_kit_dir


def list_formats(kit_dir: Path | None = None) -> list[Format]:
    """Every format a kit can print: the built-in catalogue with the kit's additions and changes."""
    kit = load_kit(kit_dir or sample_kit_dir())
    return list(kit.formats.values())


def format_rows(catalogue: list[Format]) -> list[Sequence[str]]:
    """The catalogue as a table: a header, then one row per format."""
    rows: list[Sequence[str]] = [("FORMAT", "TRIM", "PAGES", "MIN TYPE", "QR", "DEFAULT FOR", "WHAT IT IS")]
    for f in catalogue:
        pages, suits = "+".join(f.pages), ", ".join(f.suits) or "-"
        qr = f"{f.qr_mm:g} mm" if f.qr_on else "-"  # a law's notice prints none
        rows.append((f.name, f.size_label(), pages, f"{f.min_font_pt:g} pt", qr, suits, f.title))
    return rows
