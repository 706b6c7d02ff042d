"""Figures for the languages work: what each locale costs to build, and what the checks cost.

    .venv/bin/python benchmarks/i18n.py

Prints, per built-in locale, the time to build the sample kit's library restroom
(sticker, wallet card, card sheet) and northside clinic (poster), the distinct
documents rendered and the layouts tried by shrink-to-fit; then the glyph
checks; then the whole sample kit in its own locales and in every locale (the
figure that decides whether the sample kit can list every locale and keep the
test suite fast).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from outreach import build
from outreach.i18n.catalogues import available_locales
from outreach.render import fit
from outreach.render.glyphs import check_catalogues, check_html

LOCATIONS = ["library-restroom", "northside-clinic"]


def _timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def main() -> None:
    layouts = [0]
    scaled = fit.scaled

    def counting(html, scale, minimum):
        layouts[0] += 1
        return scaled(html, scale, minimum)

    fit.scaled = counting
    locales = available_locales(None)
    with tempfile.TemporaryDirectory() as folder:
        build(None, Path(folder) / "warm", locations=LOCATIONS[:1], locales=["en"])  # imports, fonts
        print(f"{'locale':<8} {'seconds':>8} {'documents':>9} {'rendered':>8} {'layouts':>7}")
        for locale in locales:
            layouts[0] = 0
            report, seconds = _timed(build, None, Path(folder) / locale, locations=LOCATIONS, locales=[locale])
            print(f"{locale:<8} {seconds:8.2f} {len(report.documents):9} {report.rendered:8} {layouts[0]:7}")

        _, cold = _timed(check_catalogues, locales, None)
        _, warm = _timed(check_catalogues, locales, None)
        html = "<p>" + "Is someone forcing you to do things you don't want to do? " * 40 + "</p>"
        _, page = _timed(check_html, html * 5, "en", None, "benchmark")
        print(
            f"\nglyph check of every catalogue: {cold * 1000:.0f} ms cold (reads the fonts), {warm * 1000:.0f} ms warm"
        )
        print(f"glyph check of one page's HTML (~12,000 characters): {page * 1000:.1f} ms")

        report, seconds = _timed(build, None, Path(folder) / "sample")
        print(
            f"\nsample kit, its own locales: {len(report.documents)} documents ({report.rendered} distinct) "
            f"in {seconds:.1f} s"
        )
        report, seconds = _timed(build, None, Path(folder) / "all", locales=locales)
        print(
            f"sample kit, every locale:    {len(report.documents)} documents ({report.rendered} distinct) "
            f"in {seconds:.1f} s"
        )


if __name__ == "__main__":
    main()
