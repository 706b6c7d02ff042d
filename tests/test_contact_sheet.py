"""The contact sheet (index.html) in a real browser: filters, scale, languages, changed marks, keyboard, links,
escaping and no network. Playwright drives the system's Chromium (the `page` fixture, tests/conftest.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from helpers import NORTH_LINE, SOUTH_LINE
from playwright.sync_api import expect

from outreach import build
from outreach.kit.formats import builtin_formats
from outreach.kit.jobs import plan
from outreach.kit.load import load_kit
from outreach.names import REPRINT, REPRINT_BUNDLE, location_bundle, region_bundle, run_sheet
from outreach.planning.contact_sheet import contact_sheet, copies, language, thumbnail_box, trim_label
from outreach.planning.documents import Document
from outreach.planning.reprint import Reprint

HOSTILE = "<img src=x onerror=alert(1)>"
PLACES = [
    {"id": "north-clinic", "name": "North Clinic", "kind": "clinic", "region": "north", "copies": 5},
    {"id": "north-shelter", "name": HOSTILE, "kind": "shelter", "region": "north", "copies": 3},
    {"id": "south-clinic", "name": "South Clinic", "kind": "clinic", "region": "south", "copies": 2},
]


def _kit(make_kit, places: list[dict]) -> Path:
    return make_kit(
        {
            "services/north-line.yaml": NORTH_LINE,
            "services/south-line.yaml": SOUTH_LINE,
            "locations.yaml": {"locations": [{**p, "formats": ["poster-letter", "wallet-card"]} for p in places]},
        }
    )


def _open(page, out: Path) -> list[str]:
    """Open OUT/index.html; the URLs the page asks for, as it asks for them."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((out / "index.html").as_uri())
    return requests


def _shown(page) -> list[str]:
    """The ids of the locations the page shows, in its order."""
    return page.locator("section.location:visible").evaluate_all("sections => sections.map(s => s.id.slice(4))")


def _listed(page) -> list[str]:
    """The locations the list at the top shows."""
    return page.locator("table.places tbody tr:visible").evaluate_all("rows => rows.map(r => r.id.slice(8))")


def _status(page) -> str:
    return page.locator("#shown").inner_text()


def _planned_sheet(kit_dir: Path, out: Path, locales: list[str] | None = None) -> Path:
    """The contact sheet of a kit's planned documents, made without rendering any (their thumbnails are absent)."""
    kit = load_kit(kit_dir)
    documents = [
        Document(job, len(job.format.pages), hashlib.sha256(job.file.encode()).hexdigest(), out / job.file)
        for job in plan(kit, locales=locales)
    ]
    out.mkdir(parents=True)
    (out / "index.html").write_bytes(contact_sheet(kit, documents, Reprint(first=True), lambda name: False))
    return out


def test_filtering_to_one_region_shows_only_its_locations_and_says_how_many(sample_build, page):
    _open(page, sample_build.out)
    everywhere = list(dict.fromkeys(d.job.location.id for d in sample_build.documents))
    assert _shown(page) == _listed(page) == everywhere
    assert _status(page) == f"{len(everywhere)} locations shown, {len(sample_build.documents)} documents"

    page.get_by_label("Region").select_option(label="North County")
    north = [loc for loc in everywhere if any(d.job.location.region == "north" for d in docs_at(sample_build, loc))]
    assert _shown(page) == _listed(page) == north == ["library-restroom", "main-street-bus-stop", "northside-clinic"]
    documents = sum(len(docs_at(sample_build, loc)) for loc in north)
    assert _status(page) == f"3 locations shown, {documents} documents"
    assert page.locator("#shown").get_attribute("role") == "status"  # a live region: the count is announced

    page.get_by_label("Kind of place").select_option(label="Bus stop")
    assert _shown(page) == _listed(page) == ["main-street-bus-stop"]
    assert _status(page).startswith("1 location shown, ")

    page.get_by_role("button", name="Show everything").click()
    expect(page.locator("section.location:visible")).to_have_count(len(everywhere))  # the filters may apply later
    assert _shown(page) == everywhere


def docs_at(report, location: str) -> list[Document]:
    return [d for d in report.documents if d.job.location.id == location]


def test_filtering_by_language_and_kind(sample_build, page):
    _open(page, sample_build.out)
    page.get_by_label("Español").check()
    locales = page.locator("li.doc:visible").evaluate_all("docs => docs.map(d => d.dataset.locale)")
    assert set(locales) == {"es"} and len(locales) == sum(d.job.locale == "es" for d in sample_build.documents)
    page.get_by_label("Kind of place").select_option("restroom")
    restrooms = {d.job.location.id for d in sample_build.documents if d.job.location.kind == "restroom"}
    assert set(_shown(page)) == restrooms
    visible = page.locator("li.doc:visible").evaluate_all("docs => docs.map(d => d.querySelector('a').href)")
    expected = [d for d in sample_build.documents if d.job.location.id in restrooms and d.job.locale == "es"]
    assert sorted(visible) == sorted((sample_build.out / d.job.file).as_uri() for d in expected)


def test_without_javascript_everything_shows(sample_build, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        _open(page, sample_build.out)
        assert len(_shown(page)) == len({d.job.location.id for d in sample_build.documents})
        assert page.locator("li.doc:visible").count() == len(sample_build.documents)
        assert not page.locator("#filters").is_visible()  # filters that could do nothing are not offered
    finally:
        context.close()


def test_the_keyboard_reaches_the_filters_and_links_and_focus_shows(sample_build, page):
    _open(page, sample_build.out)
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent")
    assert skip == "Skip to the filters and locations" and page.locator("a.skip").is_visible()
    page.keyboard.press("Enter")
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("(e => e.id || e.name || e.getAttribute('href'))(document.activeElement)"))
        if reached[-1] == "#loc-library-restroom":
            break
    assert reached[:3] == ["filter-region", "filter-kind", "language"], reached  # the skip link skipped the header
    assert reached[-1] == "#loc-library-restroom"  # then the list of locations
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # focus is visible
    page.keyboard.press("Enter")  # the link is followed (the browser updates the address after the key is handled)
    page.wait_for_function("location.hash === '#loc-library-restroom'", timeout=5000)
    assert page.url.endswith("#loc-library-restroom")

    page.locator("#filter-region").focus()
    page.keyboard.press("ArrowDown")  # a select changes from the keyboard, and the page follows
    assert set(_shown(page)) == {d.job.location.id for d in sample_build.documents if d.job.location.region == "north"}


def test_thumbnails_are_drawn_at_true_relative_scale(sample_build, page):
    _open(page, sample_build.out)

    def box(location: str, format_name: str) -> dict:
        image = page.locator(f'a[href="{location}/{format_name}.en.pdf"] img').first
        image.scroll_into_view_if_needed()
        return image.bounding_box()

    poster, card = box("northside-clinic", "poster-letter"), box("northside-clinic", "wallet-card")
    bus = box("main-street-bus-stop", "bus-card")
    assert poster["height"] / card["height"] == pytest.approx(11 / 2, rel=0.02)
    assert poster["width"] / card["width"] == pytest.approx(8.5 / 3.5, rel=0.02)
    assert bus["width"] / poster["width"] == pytest.approx(28 / 8.5, rel=0.02)
    for doc in sample_build.documents:  # every page of every document at the format's trim size
        width, height = thumbnail_box(doc.job.format)
        assert width / height == pytest.approx(doc.job.format.width_pt / doc.job.format.height_pt, rel=0.03)
    image = page.locator('a[href="northside-clinic/wallet-card.en.pdf"] img')
    assert image.count() == 2 and image.first.evaluate("i => i.complete && i.naturalWidth > 0")
    alt = image.nth(1).get_attribute("alt")
    assert (
        alt == "wallet-card in English for Northside Community Clinic, waiting room and exam rooms, page 2 of 2 (back)"
    )


def test_each_document_says_its_trim_size_stock_copies_and_language(sample_build, page):
    _open(page, sample_build.out)
    sheet = page.locator("li.doc", has=page.locator('a[href="transit-center-restroom/wallet-card-sheet.es.pdf"]'))
    text = sheet.inner_text()
    assert "8.5 × 11 in" in text and "Avery 5371" in text
    assert "1 sheet (6 pieces, 10 a sheet)" in text  # six cards at this location fit on one sheet
    name = sheet.locator("h3 span")
    assert name.inner_text() == "Español" and name.get_attribute("lang") == "es"
    poster = page.locator("li.doc", has=page.locator('a[href="northside-clinic/poster-letter.en.pdf"]')).inner_text()
    assert "8.5 × 11 in" in poster and "5 copies" in poster and "Letter paper" in poster


def test_languages_are_named_in_their_own_script_with_their_direction(make_kit, tmp_path, page):
    out = _planned_sheet(make_kit(), tmp_path / "out", locales=["so", "ar", "zh-Hans", "am"])
    _open(page, out)
    names = page.locator("#filters fieldset span[lang]").evaluate_all(
        "spans => spans.map(s => [s.lang, s.dir, s.textContent])"
    )
    assert names == [
        ["am", "ltr", "አማርኛ"],
        ["ar", "rtl", "العربية"],
        ["so", "ltr", "Soomaali"],
        ["zh-Hans", "ltr", "中文 (简体)"],
    ]
    arabic = page.locator("li.doc[data-locale=ar] h3 span")
    assert arabic.get_attribute("dir") == "rtl" and arabic.inner_text() == "العربية"
    page.get_by_label("Soomaali").check()
    assert page.locator("li.doc:visible").evaluate_all("docs => docs.map(d => d.dataset.locale)") == ["so"]


def test_kit_text_is_shown_as_text_and_nothing_runs(make_kit, tmp_path, page):
    settings = {
        "organisation": "<script>alert(2)</script>",
        "locales": ["en", "es"],
        "phone_region": "US",
        "regions": {"north": HOSTILE, "south": "South County"},
    }
    out = _planned_sheet(
        make_kit({"outreach.yaml": settings, "locations.yaml": {"locations": PLACES[1:2]}}), tmp_path / "out"
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open(page, out)
    page.get_by_label("Region").select_option(label=HOSTILE)
    assert dialogs == []
    assert page.locator("h1").inner_text() == "<script>alert(2)</script>"
    assert page.get_by_role("heading", name=HOSTILE).is_visible()
    assert page.locator("img[src=x]").count() == 0 and page.locator("script").count() == 1
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_page_asks_for_nothing_but_its_own_files(sample_build, page):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    requests = _open(page, sample_build.out)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # the lazy thumbnails load too
    page.wait_for_load_state("load")
    assert requests and all(url.startswith(sample_build.out.as_uri() + "/") for url in requests), requests
    assert errors == []  # nothing refused by the page's Content-Security-Policy, nothing missing
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert policy.startswith("default-src 'none';") and "unsafe-inline" not in policy


def test_links_go_only_to_files_the_build_wrote(sample_build, page):
    out = sample_build.out
    _open(page, out)
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    files = [href for href in hrefs if not href.startswith("#")]
    assert REPRINT in files and "manifest.csv" in files
    assert all((out / href).is_file() for href in files), [href for href in files if not (out / href).is_file()]
    targets = [h.removeprefix("#") for h in hrefs if h.startswith("#")]
    assert all(page.locator(f"[id='{target}']").count() == 1 for target in targets)
    locations = {d.job.location.id: d.job.location.region for d in sample_build.documents}
    bundles = [REPRINT_BUNDLE] + [location_bundle(loc) for loc in locations]
    bundles += [name for region in set(locations.values()) for name in (region_bundle(region), run_sheet(region))]
    for name in bundles:  # linked exactly when the build wrote it
        assert (name in files) == (out / name).is_file(), name


@pytest.mark.render
def test_what_changed_since_the_last_build_is_marked_and_only_that(make_kit, tmp_path, page):
    kit, out = _kit(make_kit, PLACES), tmp_path / "out"
    build(kit, out, jobs=1, locales=["en"])
    first = (out / "index.html").read_bytes()
    _open(page, out)
    assert page.locator("li.doc p.mark").count() == 0  # the first build: nothing to compare with
    assert page.get_by_text(HOSTILE, exact=True).first.is_visible()

    edit = yaml.safe_load((kit / "services/south-line.yaml").read_text(encoding="utf-8"))
    (kit / "services/south-line.yaml").write_text(yaml.safe_dump({**edit, "phone": "612-555-0159"}), encoding="utf-8")
    build(kit, out, jobs=1, locales=["en"])
    page.reload()
    marked = page.locator("li.doc:has(p.mark) a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert marked == ["south-clinic/poster-letter.en.pdf", "south-clinic/wallet-card.en.pdf"]
    assert (
        page.locator("li.doc p.mark").first.inner_text() == "Changed since the last build: South Line's phone changed"
    )
    assert page.locator("#toc-loc-south-clinic").inner_text().endswith("2 changed")
    page.get_by_label("Only what changed since the last build").check()
    assert _shown(page) == ["south-clinic"] and _status(page) == "1 location shown, 2 documents"

    places = [*PLACES, {"id": "north-library", "name": "North Library", "kind": "clinic", "region": "north"}]
    (kit / "locations.yaml").write_text(
        yaml.safe_dump({"locations": [{**p, "formats": ["poster-letter", "wallet-card"]} for p in places]}),
        encoding="utf-8",
    )
    build(kit, out, jobs=1, locales=["en"])
    page.reload()
    marks = page.locator("li.doc p.mark").all_inner_texts()
    assert marks == ["New since the last build: new location"] * 2

    build(kit, out, jobs=1, locales=["en"])  # nothing changed since: nothing is marked
    page.reload()
    assert page.locator("p.mark, span.mark").count() == 0
    assert page.locator("input[name=changed]").count() == 0
    assert (out / "index.html").read_bytes() != first  # it lists the new location, and marks nothing
    inode = (out / "index.html").stat().st_ino
    build(kit, out, jobs=1, locales=["en"])
    assert (out / "index.html").stat().st_ino == inode  # a no-change rebuild after one leaves it alone


def test_the_first_build_and_a_rebuild_without_changes_make_the_same_sheet(make_kit, tmp_path):
    kit = load_kit(_kit(make_kit, PLACES[:1]))
    documents = [Document(job, 1, "0" * 64, tmp_path / job.file) for job in plan(kit)]
    first = contact_sheet(kit, documents, Reprint(first=True), lambda name: False)
    assert contact_sheet(kit, documents, Reprint(), lambda name: False) == first


def test_copies_count_pieces_and_the_sheets_they_take(make_kit):
    kit = load_kit(_kit(make_kit, PLACES))
    formats = builtin_formats()
    (job,) = [
        j for j in plan(kit, locales=["en"]) if j.location.id == "north-clinic" and j.format.name == "wallet-card"
    ]
    assert copies(job).pieces == 5 and copies(job).sheets == 0
    sheet = type(job)(job.location, formats["wallet-card-sheet"], "en")
    assert (copies(sheet).pieces, copies(sheet).sheets, copies(sheet).per_sheet) == (5, 1, 10)
    assert trim_label(formats["wallet-card"]) == "3.5 × 2 in"
    assert trim_label(formats["wallet-card-iso"]) == "85.6 × 54 mm"
    assert thumbnail_box(formats["poster-letter"]) == (170, 220)
    assert language("so").name == "Soomaali" and language("es").name == "Español"
