"""`outreach i18n screenshots`: one crop per message, showing its translation where a real page prints it."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from typer.testing import CliRunner

from outreach.cli import app
from outreach.commands.screenshots.crops import DPI, HIGHLIGHT, LINE_PX
from outreach.i18n.catalogues import translations
from outreach.names import SCREENSHOT_INDEX, SCREENSHOT_JSON, screenshot_file

PLACEHOLDER = re.compile(r"%\(\w+\)s")


def screenshots(out: Path, *args: str) -> tuple[str, list[dict]]:
    """Run the command; its output and the index it wrote."""
    result = CliRunner().invoke(
        app, ["i18n", "screenshots", "-o", str(out), "--jobs", "1", *args], terminal_width=200, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout, json.loads((out / SCREENSHOT_JSON).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> tuple[Path, str, list[dict]]:
    out = tmp_path_factory.mktemp("screenshots") / "es"
    return out, *screenshots(out, "--locale", "es")


def forms(locale: str, row: dict) -> list[str]:
    """What the catalogue says the message prints in `locale` (read here, not from the index)."""
    catalogue, context = translations(locale, None), row["msgctxt"]
    if row["msgid_plural"]:
        ask = lambda n: (  # noqa: E731
            catalogue.npgettext(context, row["msgid"], row["msgid_plural"], n)
            if context
            else catalogue.ngettext(row["msgid"], row["msgid_plural"], n)
        )
        return list(dict.fromkeys(ask(n) for n in range(120)))
    return [catalogue.pgettext(context, row["msgid"]) if context else catalogue.gettext(row["msgid"])]


def region_text(out: Path, row: dict) -> str:
    """The text of the PDF region the crop shows, read back from the PDF the crop was cut from."""
    document = pdfium.PdfDocument(out / row["document"])
    try:
        return document[row["page"] - 1].get_textpage().get_text_bounded(*row["crop"])
    finally:
        document.close()


def squeezed(text: str) -> str:
    return "".join(text.replace("%%", "%").split())


@pytest.mark.render
def test_one_png_per_message_shown_and_every_message_in_the_index(spanish):
    out, stdout, rows = spanish
    files = [row["file"] for row in rows if row["file"]]
    assert len(files) == len(set(files)) > 30
    assert sorted(p.relative_to(out).as_posix() for p in (out / "es").glob("*.png")) == sorted(files)
    assert all(row["locale"] == "es" for row in rows)
    assert len({(row["msgctxt"], row["msgid"]) for row in rows}) == len(rows)  # each message once
    for row in rows:
        assert row["file"] == (
            screenshot_file("es", row["msgctxt"], row["msgid"], row["msgid_plural"]) if row["file"] else ""
        )
    header = (out / SCREENSHOT_INDEX).read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("file,locale,msgctxt,msgid,msgid_plural,msgstr,printed,format,document,page,box")
    assert f"es: {len(files)} of {len(rows)} messages shown" in stdout


@pytest.mark.render
def test_each_crop_shows_its_message_translation_read_back_from_the_pdf(spanish):
    out, _, rows = spanish
    shown = [row for row in rows if row["file"]]
    assert {row["format"] for row in shown} >= {"run-sheet", "wallet-card"}  # posters, cards and run sheets
    for row in shown:
        region = squeezed(region_text(out, row))
        fixed = [[squeezed(part) for part in PLACEHOLDER.split(form) if part.strip()] for form in forms("es", row)]
        assert any(all(part in region for part in parts) for parts in fixed), (row["msgid"], region)
        assert squeezed(row["printed"].replace("\u2066", "").replace("\u2069", "")) in region, row
        with Image.open(out / row["file"]) as image:
            left, bottom, right, top = row["crop"]
            assert (
                abs(image.width - (right - left) * DPI / 72) <= 2 and abs(image.height - (top - bottom) * DPI / 72) <= 2
            )


@pytest.mark.render
def test_each_crop_outlines_its_message(spanish):
    out, _, rows = spanish
    for row in (row for row in rows if row["file"]):
        left, top, right, bottom = row["highlight"]
        with Image.open(out / row["file"]) as image:
            rgb = image.convert("RGB")
            edges = [(x, y) for x in range(left, right + 1, 7) for y in (top, bottom)]
            edges += [(x, y) for y in range(top, bottom + 1, 5) for x in (left, right)]
            assert all(rgb.getpixel(p) == HIGHLIGHT for p in edges), row["file"]
            assert rgb.getpixel((left + LINE_PX + 1, (top + bottom) // 2)) != HIGHLIGHT  # an outline, not a block
        # the outline is around the message's box: the box, in the crop's pixels, lies inside it
        box, crop = row["box"], row["crop"]
        px = lambda v: v * DPI / 72  # noqa: E731
        assert left <= px(box[0] - crop[0]) + 1 and px(box[2] - crop[0]) - 1 <= right
        assert top <= px(crop[3] - box[3]) + 1 and px(crop[3] - box[1]) - 1 <= bottom


@pytest.mark.render
def test_a_message_no_page_prints_is_named_with_the_reason(spanish):
    _, stdout, rows = spanish
    row = next(row for row in rows if row["msgid"] == "Print materials")
    assert row["file"] == "" and "templates/index.html" in row["reason"] and "no format" in row["reason"]
    assert f"es: no screenshot of 'Print materials': {row['reason']}" in stdout
    assert all(row["reason"] for row in rows if not row["file"])
    assert all(not row["reason"] for row in rows if row["file"])


@pytest.mark.render
def test_two_runs_write_identical_files(spanish, tmp_path):
    out = spanish[0]
    again = tmp_path / "again"
    screenshots(again, "--locale", "es")
    listing = lambda root: sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())  # noqa: E731
    assert listing(again) == listing(out)
    assert all((again / name).read_bytes() == (out / name).read_bytes() for name in listing(out))


def words(text: str) -> list[Counter]:
    """Each word's letters, without marks or lam, in any order: how an Arabic PDF's text layer can be compared
    (PDFium reads ligatures in reverse, a mark elsewhere in its word, and may join a word to a number)."""
    kept = lambda word: [c for c in unicodedata.normalize("NFKD", word) if c.isalnum() and c != "\u0644"]  # noqa: E731
    return [Counter(kept(word)) for word in text.split() if kept(word)]


@pytest.mark.render
def test_right_to_left_pages_are_shown_too(tmp_path):
    out = tmp_path / "ar"
    stdout, rows = screenshots(out, "--locale", "ar")
    shown = [row for row in rows if row["file"]]
    assert len(shown) > 30 and "ar: " in stdout
    for row in shown:
        region = words(region_text(out, row))
        assert all(any(word <= there for there in region) for word in words(row["printed"])), (row, region)


def test_names_are_the_same_in_every_locale_and_differ_by_context():
    assert screenshot_file("es", "", "Draft translation") == "es/draft-translation-5960f646.png"
    assert screenshot_file("ar", "", "Draft translation") == "ar/draft-translation-5960f646.png"
    assert screenshot_file("es", "kind of service", "More help") != screenshot_file("es", "", "More help")
    assert screenshot_file("es", "", "%(count)s place", "%(count)s places").startswith("es/count-s-place-")


def test_an_unknown_locale_or_a_folder_that_is_not_outreachs_is_refused(tmp_path, run):
    result = run("i18n", "screenshots", "--locale", "xx", "-o", tmp_path / "shots")
    assert result.exit_code == 2 and "unknown locale 'xx'" in result.stderr
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    result = run("i18n", "screenshots", "--locale", "es", "-o", tmp_path / "mine")
    assert result.exit_code == 1 and "not an outreach output folder" in result.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
