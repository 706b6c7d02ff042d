"""Colours people can read: every text/background pair against WCAG 2 contrast.

The pairs are data, declared beside the templates that print them
(`templates/colours.yaml`, plus a kit's own `templates/colours.yaml`); brand
colours come from outreach.yaml. Body text needs 4.5:1, large text 3:1
(WCAG 2.1, success criterion 1.4.3). A pair that fails is an error naming both
colours and the ratio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutreachError, Problem, relative
from ..kit.load import Kit
from ..kit.model import Brand
from ..kit.yamlsource import Located, load_yaml
from ..paths import templates_dir
from .sources import settings_source

PAIRS_FILE = "colours.yaml"
BODY, LARGE = 4.5, 3.0
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_BRAND = tuple(f"brand.{name}" for name in Brand.model_fields if name != "logo")
"""brand.primary, brand.accent, ...: the colours a kit sets in outreach.yaml."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True)
class Pair:
    where: str
    text: str
    background: str
    large: bool
    source: Located
    index: int


def load_pairs(path: Path, display: str) -> tuple[list[Pair], list[Problem]]:
    located, problems = load_yaml(path, display)
    if problems:
        return [], problems
    items = located.data.get("pairs") if isinstance(located.data, dict) else None
    if not isinstance(items, list):
        return [], [located.problem((), "must hold a list `pairs:` of {where, text, background, large}")]
    pairs = []
    for index, item in enumerate(items):
        loc = ("pairs", index)
        if not isinstance(item, dict) or set(item) - {"where", "text", "background", "large"}:
            problems.append(located.problem(loc, "each pair has where, text, background and large (true/false)"))
            continue
        colours = [str(item.get(k, "")) for k in ("text", "background")]
        bad = [c for c in colours if not (_HEX.match(c) or c in _BRAND)]
        if bad or not isinstance(item.get("large"), bool):
            problems.append(
                located.problem(
                    loc, f"colours are #rrggbb or one of {', '.join(_BRAND)}; large is true or false (got {item!r})"
                )
            )
            continue
        pairs.append(
            Pair(str(item.get("where", "")), colours[0].lower(), colours[1].lower(), item["large"], located, index)
        )
    return pairs, problems


def builtin_pairs() -> list[Pair]:
    pairs, problems = load_pairs(templates_dir() / PAIRS_FILE, f"<built-in>/templates/{PAIRS_FILE}")
    if problems:
        raise OutreachError(f"the built-in colour pairs are broken: {problems[0]}")
    return pairs


def check(kit: Kit) -> list[Problem]:
    pairs, problems = builtin_pairs(), list[Problem]()
    kit_file = kit.root / "templates" / PAIRS_FILE
    if kit_file.is_file():
        more, problems = load_pairs(kit_file, relative(kit_file, kit.root))
        pairs += more
    brand = {key: getattr(kit.settings.brand, key.split(".", 1)[1]) for key in _BRAND}
    settings = settings_source(kit)
    for pair in pairs:
        text, background = (brand.get(c, c) for c in (pair.text, pair.background))
        found = ratio(text, background)
        need = LARGE if pair.large else BODY
        if found + 1e-9 >= need:
            continue
        named = [c for c in (pair.text, pair.background) if c in brand]
        message = (
            f"text {text} on {background} ({pair.where}) has contrast {found:.2f}:1; WCAG 2 asks at least "
            f"{need:g}:1 for {'large' if pair.large else 'body'} text"
        )
        if named:
            # Point at the brand colour the kit set, or else the first: that is the one to change.
            key = next((c for c in named if c.split(".")[1] in kit.settings.brand.model_fields_set), named[0])
            other = background if pair.text == key else text
            fix = "a darker" if luminance(other) >= luminance(brand[key]) else "a lighter"
            problems.append(settings.problem(("brand", key.split(".")[1]), f"{message}: choose {fix} {key}"))
        else:
            problems.append(pair.source.problem(("pairs", pair.index), f"{message}: change the template's colours"))
    return problems
