"""Card sheets are imposed from the rendered card, not rendered again: read back from the PDFs a build writes."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from helpers import HOTLINE, MINIMAL_SETTINGS, flat, pdf_text, write_tree

from outreach import build
from outreach.errors import BuildError
from outreach.kit.formats import builtin_formats
from outreach.kit.jobs import plan
from outreach.kit.load import load_kit
from outreach.pages.page import PrintMode, page
from outreach.pages.sheet import back_cells, cut_marks, front_cells, imposition
from outreach.paths import builtin_root, templates_dir
from outreach.planning.keys import Inputs
from outreach.planning.schedule import Schedule
from outreach.render.impose import impose, make_sheet
from outreach.render.task import WAIT, RenderTask, SheetTask
from outreach.render.verify import verify_sheet
from outreach.render.workers import render_task

FORMATS = builtin_formats()
SHEETS = ["wallet-card-sheet", "wallet-card-iso-sheet", "small-label-sheet"]
DPI = 150
CLINIC = {"id": "clinic", "name": "Clinic", "kind": "clinic", "region": "north", "locales": ["en"]}


def _kit(root: Path, locations: list[dict]) -> Path:
    return write_tree(
        root,
        {
            "outreach.yaml": MINIMAL_SETTINGS,
            "services/national-hotline.yaml": HOTLINE,
            "locations.yaml": {"locations": locations},
        },
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One location with every card sheet (and one of the single cards), built for each duplex flip and a print shop."""
    root = tmp_path_factory.mktemp("sheets")
    singles = {**CLINIC, "id": "singles", "formats": ["wallet-card-iso", "small-label"]}  # the same cards, alone
    kit = _kit(root / "kit", [{**CLINIC, "formats": ["wallet-card", *SHEETS]}, singles])
    return {
        "kit": kit,
        "long-edge": build(kit, root / "long", jobs=1),
        "short-edge": build(kit, root / "short", duplex="short-edge", jobs=1),
        "print-shop": build(kit, root / "shop", print_shop=True, jobs=1),
    }


def _pdf(report, name: str) -> bytes:
    return next(doc.pdf for doc in report.documents if doc.job.format.name == name)


def _card(built, sheet: str, mode: str = "long-edge") -> bytes:
    """The single card a sheet is made of, as the build wrote it."""
    return _pdf(built[mode], FORMATS[sheet].sheet.card)


def _codes(image) -> list[tuple[str, float, float]]:
    """Each code read: payload and centre, in points from the image's top-left corner."""
    found = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        p = code.position
        xs, ys = [c.x for c in (p.top_left, p.bottom_right)], [c.y for c in (p.top_left, p.bottom_right)]
        found.append((code.text, sum(xs) / 2 * 72 / DPI, sum(ys) / 2 * 72 / DPI))
    return found


def _pages(pdf: bytes) -> list:
    document = pdfium.PdfDocument(pdf)
    return [document[i].render(scale=DPI / 72).to_pil() for i in range(len(document))]


@pytest.mark.render
@pytest.mark.parametrize("name", SHEETS)
def test_the_sheet_is_the_paper_and_a_print_shop_sheet_has_its_bleed(built, name):
    fmt = FORMATS[name]
    w, h, b = fmt.width_pt, fmt.height_pt, fmt.bleed_pt
    with _open(built, name) as pdf:
        assert len(pdf.pages) == len(fmt.pages)
        for sheet in pdf.pages:
            assert [float(v) for v in sheet.mediabox] == pytest.approx([0, 0, w, h], abs=0.01)
    with _open(built, name, "print-shop") as pdf:
        for sheet in pdf.pages:
            assert [float(v) for v in sheet.mediabox] == pytest.approx([-b, -b, w + b, h + b], abs=0.01)
            assert [float(v) for v in sheet.trimbox] == pytest.approx([0, 0, w, h], abs=0.01)
            assert [float(v) for v in sheet.obj.BleedBox] == pytest.approx([-b, -b, w + b, h + b], abs=0.01)


def _open(built, name: str, mode: str = "long-edge") -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(_pdf(built[mode], name)))


@pytest.mark.render
@pytest.mark.parametrize("mode", ["long-edge", "short-edge", "print-shop"])
@pytest.mark.parametrize("name", SHEETS)
def test_every_copy_reads_exactly_the_cards_codes(built, name, mode):
    fmt = FORMATS[name]
    copies = fmt.sheet.columns * fmt.sheet.rows
    card = [sorted(text for text, _, _ in _codes(image)) for image in _pages(_card(built, name, mode))]
    sheet = [sorted(text for text, _, _ in _codes(image)) for image in _pages(_pdf(built[mode], name))]
    assert len(sheet) == len(card) == len(fmt.pages)
    assert any(card)  # the card carries a code: the sheet has something to prove
    for on_card, on_sheet in zip(card, sheet, strict=True):
        assert on_sheet == sorted(on_card * copies)


def _front_starts(pdf: bytes, words: str) -> list[tuple[float, float]]:
    """Where `words` begin on the first page, in points from its top-left corner."""
    document = pdfium.PdfDocument(pdf)
    front = document[0]
    textpage = front.get_textpage()
    searcher = textpage.search(words)
    found = []
    while (match := searcher.get_next()) is not None:
        left, _, _, top = textpage.get_charbox(match[0])
        found.append((left, front.get_height() - top))
    return found


@pytest.mark.render
@pytest.mark.parametrize("flip", ["long-edge", "short-edge"])
@pytest.mark.parametrize("name", ["wallet-card-sheet", "wallet-card-iso-sheet"])
def test_each_back_lands_behind_its_own_front_once_the_paper_is_turned(built, name, flip):
    """Measured, not computed: each front by where its first words are, each back by where its code is; the
    paper turned about the flip edge puts every back's card exactly on a front's card, one to one."""
    fmt, card_fmt = FORMATS[name], FORMATS[FORMATS[name].sheet.card]
    w, h, cw, ch = fmt.width_pt, fmt.height_pt, card_fmt.width_pt, card_fmt.height_pt
    card, sheet = _card(built, name), _pdf(built[flip], name)
    words = "Need someone to talk"
    ((fx, fy),) = _front_starts(card, words)  # on the single card, from its top-left corner
    ((_, bx, by),) = _codes(_pages(card)[1])
    fronts = sorted((round(x - fx, 1), round(y - fy, 1)) for x, y in _front_starts(sheet, words))
    backs = [(x - bx, y - by) for _, x, y in _codes(_pages(sheet)[1])]  # each back card's top-left corner
    if flip == "long-edge":  # turned about the vertical axis: left and right change places
        behind = [(w - x - cw, y) for x, y in backs]
    else:  # turned about the horizontal axis: top and bottom change places
        behind = [(x, h - y - ch) for x, y in backs]
    assert len(fronts) == len(behind) == 10
    for (x, y), (ex, ey) in zip(fronts, sorted(behind), strict=True):
        assert x == pytest.approx(ex, abs=1.0) and y == pytest.approx(ey, abs=1.0)
    # and the fronts are where the format's data puts them (Avery 5371, ID-1 centred on A4)
    cells = sorted((c.x, c.y) for c in front_cells(fmt, card_fmt))
    assert [v for xy in fronts for v in xy] == pytest.approx([v for xy in cells for v in xy], abs=1.0)


def _paths(pdf: bytes, index: int) -> list[tuple[float, float, float, float]]:
    """The sheet page's own vector paths (not the card's, which are inside its form): left, top, right, bottom."""
    document = pdfium.PdfDocument(pdf)
    sheet = document[index]
    height = sheet.get_height()
    found = []
    for obj in sheet.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        found.append((left, height - top, right, height - bottom))
    return found


@pytest.mark.render
@pytest.mark.parametrize("name", SHEETS)
def test_cut_marks_sit_outside_every_cards_trim_in_line_with_its_edges(built, name):
    fmt, card = FORMATS[name], FORMATS[FORMATS[name].sheet.card]
    pdf = _pdf(built["long-edge"], name)
    for index in range(len(fmt.pages)):
        cells = front_cells(fmt, card) if index == 0 else back_cells(fmt, card)
        marks = _paths(pdf, index)
        if not fmt.sheet.cut_marks:  # die-cut label stock
            assert marks == []
            continue
        assert len(marks) == len(cut_marks(cells, fmt.width_pt, fmt.height_pt)) > 0
        edges_x = {round(v) for c in cells for v in (c.x, c.x + c.width)}
        edges_y = {round(v) for c in cells for v in (c.y, c.y + c.height)}
        for left, top, right, bottom in marks:
            for c in cells:  # never over a card
                assert (
                    right <= c.x + 0.5
                    or left >= c.x + c.width - 0.5
                    or bottom <= c.y + 0.5
                    or top >= c.y + c.height - 0.5
                )
            vertical = right - left < bottom - top
            assert round((left + right) / 2) in edges_x if vertical else round((top + bottom) / 2) in edges_y
            assert 0 <= left and right <= fmt.width_pt and 0 <= top and bottom <= fmt.height_pt


@pytest.mark.render
def test_a_print_shop_sheet_has_crop_marks_in_its_bleed_and_the_cards_without_theirs(built):
    fmt = FORMATS["wallet-card-sheet"]
    b = fmt.bleed_pt
    marks = _paths(_pdf(built["print-shop"], "wallet-card-sheet"), 0)
    outside = [m for m in marks if m[2] <= b + 0.5 or m[0] >= fmt.width_pt + b - 0.5]  # in the left or right bleed
    outside += [m for m in marks if m[3] <= b + 0.5 or m[1] >= fmt.height_pt + b - 0.5]
    assert len(outside) == 8  # two at each corner of the paper
    # the card's own crop marks (in its bleed, outside its TrimBox) are not on the sheet: only its trim is
    with pikepdf.open(io.BytesIO(_card(built, "wallet-card-sheet", "print-shop"))) as card:
        assert float(card.pages[0].mediabox[0]) < float(card.pages[0].trimbox[0])
    assert len(marks) == 8 + len(cut_marks(front_cells(fmt, FORMATS["wallet-card"]), fmt.width_pt, fmt.height_pt))


@pytest.mark.render
def test_the_sheet_text_is_extractable_and_is_the_cards_text_ten_times(built):
    card = [flat(text) for text in pdf_text(_card(built, "wallet-card-sheet"))]
    sheet = [flat(text) for text in pdf_text(_pdf(built["long-edge"], "wallet-card-sheet"))]
    for on_card, on_sheet in zip(card, sheet, strict=True):
        assert on_sheet.count(on_card[:40]) == 10
        assert on_sheet.count("1-888-373-7888") == 10 * on_card.count("1-888-373-7888") > 0


@pytest.mark.render
def test_the_card_keeps_its_tags_and_the_sheet_its_language_title_and_fonts(built):
    with _open(built, "wallet-card") as card, _open(built, "wallet-card-sheet") as sheet:
        assert "/StructTreeRoot" in card.Root and "/MarkInfo" in card.Root  # the accessible version
        assert "/StructTreeRoot" not in sheet.Root and "/Metadata" not in sheet.Root
        assert sheet.Root.Lang == card.Root.Lang == "en"
        assert sheet.docinfo.Title == card.docinfo.Title and "/CreationDate" not in sheet.docinfo
        assert sheet.Root.ViewerPreferences.DisplayDocTitle


@pytest.mark.render
def test_the_same_card_gives_the_same_sheet_bytes(built, tmp_path):
    again = build(built["kit"], tmp_path / "again", jobs=1, force=True)
    for name in SHEETS:
        assert _pdf(again, name) == _pdf(built["long-edge"], name), name
    layout = imposition(load_kit(built["kit"]), _job(built["kit"], "wallet-card-sheet"))
    card = _card(built, "wallet-card-sheet")
    assert impose(card, layout) == impose(card, layout) == _pdf(built["long-edge"], "wallet-card-sheet")


def _job(kit: Path, name: str):
    loaded = load_kit(kit)
    return next(job for job in plan(loaded) if job.format.name == name)


@pytest.mark.render
def test_sheets_are_imposed_and_a_new_flip_imposes_them_again_from_the_cards_kept(tmp_path, renders):
    kit = _kit(tmp_path / "kit", [{**CLINIC, "formats": ["wallet-card", "wallet-card-sheet", "small-label-sheet"]}])
    first = build(kit, tmp_path / "out", jobs=1)
    assert sorted(renders) == [  # the cards only; the label is rendered as its sheet's input and not written
        "location clinic, format small-label, locale en",
        "location clinic, format wallet-card, locale en",
    ]
    assert first.rendered == 4 and not (tmp_path / "out" / "clinic" / "small-label.en.pdf").exists()
    smallest = {doc.job.format.name: doc.smallest_pt for doc in first.documents}
    assert smallest["wallet-card-sheet"] == smallest["wallet-card"]  # the sheet prints the card's type
    old = _pdf(first, "wallet-card-sheet")  # read now: the next build replaces the folder
    renders.clear()
    turned = build(kit, tmp_path / "out", jobs=1, duplex="short-edge")
    assert renders == []  # nothing is rendered again: the kept card's PDF is imposed anew
    assert turned.rendered == 1  # the wallet cards' sheet; the labels have no backs, so their sheet is the same
    new = _pdf(turned, "wallet-card-sheet")
    assert old != new and pdf_text(old) == pdf_text(new)


@pytest.mark.render
def test_a_card_still_being_rendered_is_rendered_again_for_a_sheet_that_needs_it(tmp_path):
    """b's card is rendered for b; c's sheet needs the same card while it is still being rendered (no result
    stored yet): its task renders the card again, and makes the same sheet as one imposed from b's file."""
    kit_dir = _kit(
        tmp_path / "kit",
        [
            {**CLINIC, "id": "b", "formats": ["wallet-card"]},
            {**CLINIC, "id": "c", "formats": ["wallet-card-sheet"]},
        ],
    )
    kit = load_kit(kit_dir)
    mode = PrintMode()
    schedule = Schedule(
        kit,
        plan(kit),
        Inputs.of(kit, {"print_shop": False, "duplex": None}),
        None,
        lambda job: page(kit, mode, job),
        (str(kit.root), str(builtin_root())),
        templates_dir().as_uri() + "/",
        lambda job: imposition(kit, job),
    )
    made = [item for item in schedule.tasks() if item is not WAIT]  # nothing stored: all in flight
    (card_unit, card_task), (sheet_unit, sheet_task) = made
    assert isinstance(card_task, RenderTask) and not card_task.sheets and card_unit.owner.location.id == "b"
    assert isinstance(sheet_task, RenderTask) and sheet_task.sheet_only and sheet_unit.owner.location.id == "c"
    card, sheet = render_task(card_task), render_task(sheet_task)
    assert card.error is None and sheet.error is None and sheet.pages == 2 and len(sheet.thumbnails) == 2
    from_file = render_task(SheetTask(card.pdf, card.smallest_pt, sheet_task.sheets[0]))
    assert from_file.pdf == sheet.pdf and from_file.smallest_pt == card.smallest_pt
    # a build of the same kit imposes c's sheet from b's card file
    report = build(kit_dir, tmp_path / "out", jobs=1)
    assert report.rendered == 2 and _pdf(report, "wallet-card-sheet") == sheet.pdf


@pytest.mark.render
def test_a_code_that_does_not_read_where_its_card_puts_it_fails_the_sheet(built):
    kit = load_kit(built["kit"])
    layout = imposition(kit, _job(built["kit"], "wallet-card-sheet"))
    card = _card(built, "wallet-card-sheet")
    pdf = impose(card, layout)
    fronts, backs = layout.sides
    moved = replace(layout, sides=(fronts, replace(backs, cells=tuple((x + 60, y) for x, y in backs.cells))))
    with pytest.raises(BuildError, match=r"page 2, card 1: the QR code reads nothing, expected tel:"):
        verify_sheet(pdf, card, moved)  # the codes are not where the layout says
    at_the_edge = replace(layout, sides=(fronts, replace(backs, cells=((-12.0, -12.0),) * 10)))
    result = make_sheet(card, 7.0, at_the_edge, lambda: 0)
    assert result.error and "sits in the sheet's safe margin" in result.error[0] and result.pdf == b""


def test_the_sheet_geometry_comes_from_the_format_data(make_kit):
    geometry = {**FORMATS["wallet-card-sheet"].sheet.model_dump(), "top": "1in"}
    settings = {**MINIMAL_SETTINGS, "formats": {"wallet-card-sheet": {"sheet": geometry}}}
    kit = load_kit(
        make_kit(
            {"outreach.yaml": settings, "locations.yaml": {"locations": [{**CLINIC, "formats": ["wallet-card-sheet"]}]}}
        )
    )
    job = next(job for job in plan(kit) if job.format.name == "wallet-card-sheet")
    for flip in ("long-edge", "short-edge"):
        layout = imposition(kit, job, flip)
        fronts, backs = layout.sides
        assert fronts.cells[0] == (54.0, 72.0) and fronts.card_page == 0 and backs.card_page == 1
        cells = back_cells(job.format, kit.formats["wallet-card"], flip)
        assert backs.cells == tuple((round(c.x, 3), round(c.y, 3)) for c in cells)
    assert repr(imposition(kit, job)) == repr(imposition(kit, job, "long-edge"))  # the sheet's own flip
    assert "location" not in repr(imposition(kit, job))  # its label is not part of what it is made from
