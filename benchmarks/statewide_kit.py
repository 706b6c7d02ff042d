"""A synthetic statewide kit for the benchmark: many regions, ~1,000 locations, 4 locales, 3 formats each.

Every service is fictional (numbers in the 555-01xx range). The locales are
built-in ones (en, es, so, vi); the services' own texts are in English and
Spanish, so Somali and Vietnamese pages show them in English, as a real kit's
untranslated texts would be.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

LOCALES = ["en", "es", "so", "vi"]
AREA_CODES = ["612", "651", "763", "952", "218", "320", "507"]
KINDS = ["restroom", "restroom", "bus_stop", "clinic", "shelter"]
FORMATS = {"restroom": ["stall-sticker", "wallet-card", "wallet-card-sheet"]}
"""Restrooms get a sticker and cards; the others a poster and cards: three formats each."""
OTHER_FORMATS = ["poster-letter", "wallet-card", "wallet-card-sheet"]


@dataclass(frozen=True)
class StatewideKit:
    root: Path
    regions: list[str]
    locations: dict[str, str]
    """Location id → region."""

    def line_of(self, region: str) -> Path:
        """The file of a region's own crisis line (shown on every document there)."""
        return self.root / "services" / f"{region}-line.yaml"


def _numbers():
    for code in AREA_CODES:
        for last in range(100, 200):
            yield f"{code}-555-0{last}"


def _text(en: str, es: str) -> dict[str, str]:
    return {"en": en, "es": es}


def write_kit(root: Path, locations: int = 1000, regions: int = 87, seed: int = 7) -> StatewideKit:
    rng = random.Random(seed)
    numbers = _numbers()
    region_ids = [f"r{n:02d}" for n in range(1, regions + 1)]
    files: dict[str, object] = {
        "outreach.yaml": {
            "organisation": _text("Statewide Safe Harbor Network (benchmark)", "Red Estatal Safe Harbor (prueba)"),
            "locales": LOCALES,
            "phone_region": "US",
            "regions": {rid: _text(f"County {rid[1:]}", f"Condado {rid[1:]}") for rid in region_ids},
            "sample": True,
        }
    }
    verified = "2026-10-15"
    files["services/national-hotline.yaml"] = {
        "name": _text("National Human Trafficking Hotline", "Línea Nacional contra la Trata de Personas"),
        "summary": _text("Talk to someone, any time.", "Hable con alguien, a cualquier hora."),
        "kind": "hotline",
        "phone": "1-888-373-7888",
        "text": "233733",
        "hours": _text("24 hours, every day", "24 horas, todos los días"),
        "languages": ["en", "es"],
        "interpreters": True,  # calls in every other language go through interpreters, as the real line's do
        "regions": "all",
        "verified": verified,
    }
    for rid in region_ids:
        county = f"County {rid[1:]}"
        files[f"services/{rid}-line.yaml"] = {
            "name": _text(f"{county} Crisis Line", f"Línea de Crisis del Condado {rid[1:]}"),
            "summary": _text(
                "Call or text a local advocate, any time.", "Llame o escriba a una persona de apoyo local."
            ),
            "kind": "hotline",
            "phone": next(numbers),
            "text": next(numbers),
            "hours": _text("24 hours, every day", "24 horas, todos los días"),
            "languages": ["en", "es", "so"],
            "regions": [rid],
            "verified": verified,
        }
        files[f"services/{rid}-navigator.yaml"] = {
            "name": _text(f"{county} Navigator", f"Orientadora del Condado {rid[1:]}"),
            "summary": _text(
                "Help finding housing, health care and legal help.", "Ayuda para encontrar vivienda y salud."
            ),
            "kind": "navigator",
            "phone": next(numbers),
            "hours": _text("Monday to Friday, 8 am to 6 pm", "Lunes a viernes, de 8 a 18 h"),
            "languages": ["en", "es"],
            "regions": [rid],
            "verified": verified,
        }
    for index in range(0, regions, 3):
        served = region_ids[index : index + 3]
        files[f"services/shelter-{index // 3 + 1:02d}.yaml"] = {
            "name": _text(f"Harbor House {index // 3 + 1}", f"Casa Harbor {index // 3 + 1}"),
            "summary": _text("A safe place to stay.", "Un lugar seguro para quedarse."),
            "kind": "shelter",
            "phone": next(numbers),
            "regions": served,
            "verified": verified,
            "address": {
                "street": f"{100 + index} Quiet Street",
                "city": "Lakeside",
                "state": "MN",
                "postal_code": "55409",
                "confidential": True,
            },
        }
    for index in range(0, regions, 6):
        files[f"services/legal-{index // 6 + 1:02d}.yaml"] = {
            "name": _text(f"Legal Aid {index // 6 + 1}", f"Ayuda Legal {index // 6 + 1}"),
            "summary": _text("Free legal help.", "Ayuda legal gratuita."),
            "kind": "legal",
            "phone": next(numbers),
            "url": f"https://legal-{index // 6 + 1}.example.org",
            "regions": region_ids[index : index + 6],
            "verified": verified,
        }
    placed: dict[str, str] = {}
    entries = []
    for n in range(locations):
        rid = region_ids[n % regions]
        kind = KINDS[(n // regions) % len(KINDS)]
        lid = f"{kind.replace('_', '-')}-{n + 1:04d}"
        entry = {
            "id": lid,
            "name": f"{kind.replace('_', ' ').title()} {n + 1}",
            "kind": kind,
            "region": rid,
            "formats": FORMATS.get(kind, OTHER_FORMATS),
            "copies": rng.randint(1, 12),
        }
        if kind == "restroom" and n % 2:
            entry["variant"] = "discreet"
        entries.append(entry)
        placed[lid] = rid
    files["locations.yaml"] = {"locations": entries}

    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return StatewideKit(root, region_ids, placed)
