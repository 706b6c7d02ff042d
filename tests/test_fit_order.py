"""A page's PDF depends on the page and on its kind's reference page, never on what a worker or a build fitted
before it (outreach.planning.references), even where fitting is not monotone in the type scale."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from outreach import build, load_kit, plan
from outreach.names import FITS
from outreach.pages.page import PrintMode, page
from outreach.paths import builtin_root, templates_dir
from outreach.render import workers
from outreach.render.starts import Fitted
from outreach.render.task import RenderResult, RenderTask

FIRST, OTHER = "transit-center-restroom", "library-restroom"


def _transit_first(sample: Path) -> Path:
    """The sample kit with the transit center's restroom listed first: its wallet cards are their kinds'
    references (a wallet card is carried away: discreet wherever it is left, of one kind)."""
    locations = sample / "locations.yaml"
    text = locations.read_text(encoding="utf-8")
    library = text.index(f"  - id: {OTHER}")
    transit = text.index(f"  - id: {FIRST}")
    after = text.index("  - id: ", transit + 1)
    locations.write_text(text[:library] + text[transit:after] + text[library:transit] + text[after:], encoding="utf-8")
    return sample


@pytest.mark.render
def test_where_fitting_starts_decides_a_page_that_is_not_monotone_and_nothing_fitted_before_does(sample_copy):
    kit = load_kit(sample_copy)
    roots, base = (str(kit.root), str(builtin_root())), templates_dir().as_uri() + "/"
    stickers = {job.location.id: job for job in plan(kit) if job.format.name == "stall-sticker" and job.locale == "en"}

    def fitted(location: str, reference: Fitted | None) -> RenderResult:
        job = stickers[location]
        html, checks = page(kit, PrintMode(), job)
        result = workers.render_task(RenderTask(html, base, roots, "", job.label, checks, reference=reference))
        assert result.error is None, result.error
        return result

    reference = fitted(FIRST, None).fitted
    after_reference = fitted(OTHER, reference)
    cold = fitted(OTHER, None)
    # the English library sticker fits at 1.02 and at 1.0612, not at 1.0404: where its search starts decides
    assert [scale for _, scale in cold.fitted] == [1.0612]
    assert [scale for _, scale in after_reference.fitted] == [1.02]
    assert cold.pdf != after_reference.pdf
    # the same task after other pages (here: the same page fitted from the designed size) is the same PDF
    assert fitted(OTHER, reference).pdf == after_reference.pdf


def _documents(out: Path) -> dict[str, str]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row["sha256"] for row in csv.DictReader(handle)}


@pytest.mark.render
def test_a_location_built_alone_gets_the_pdfs_it_gets_in_the_whole_kit(sample_copy, tmp_path):
    """Its wallet cards start from the transit center's, as in the whole kit, though no transit center is built."""
    kit_dir = _transit_first(sample_copy)
    whole_out = build(kit_dir, tmp_path / "whole", jobs=2).out
    alone_out = build(kit_dir, tmp_path / "alone", locations=[OTHER], jobs=1).out
    whole, alone = _documents(whole_out), _documents(alone_out)
    assert alone and all(file.startswith(f"{OTHER}/") for file in alone)
    assert alone == {file: sha for file, sha in whole.items() if file in alone}
    # and its card (another page: another region's lines) started where the transit center's ended: the build
    # fitted that reference, though it did not ask for the transit center, and kept it under that page's render key
    kind = "wallet-card|en"
    alone_fits, whole_fits = (json.loads((out / FITS).read_text(encoding="utf-8")) for out in (alone_out, whole_out))
    assert alone_fits[kind] == whole_fits[kind]
    with (whole_out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        keys = {row["file"]: row["render_key"] for row in csv.DictReader(handle)}
    assert alone_fits[kind][0] == keys[f"{FIRST}/wallet-card.en.pdf"]
    assert keys[f"{OTHER}/wallet-card.en.pdf"] != keys[f"{FIRST}/wallet-card.en.pdf"]
    kit = load_kit(kit_dir)
    job = next(j for j in plan(kit, [OTHER], ["wallet-card"], ["en"]))
    html, checks = page(kit, PrintMode(), job)
    roots, base = (str(kit.root), str(builtin_root())), templates_dir().as_uri() + "/"
    reference = tuple((chars, scale) for chars, scale in alone_fits[kind][1])
    started = workers.render_task(RenderTask(html, base, roots, "", job.label, checks, reference=reference))
    assert alone[job.file] == hashlib.sha256(started.pdf).hexdigest()
