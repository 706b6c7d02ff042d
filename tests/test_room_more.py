"""Two more ways the layout shows that one rung larger type cannot fit (outreach.render.room): a paragraph whose last
line is full wraps onto one line more, and on a page whose type has shrunk, only the sizes above their floor grow.
Each is never wrong, and says what the growth of the lines alone does not."""

from __future__ import annotations

from itertools import pairwise

import pytest
from test_room import _fails
from test_room import _page as page_of

from outreach.paths import assets_dir, builtin_root
from outreach.render import fit, room, wraps
from outreach.render.engine import Renderer

pytestmark = pytest.mark.render

WORDS = "Someone will listen to you at any hour, for free, in your language, and you choose what to share. ".split()


def _page(body: str, css: str = "") -> str:
    return page_of(body, "h1 { margin: 0; font-size: 20pt }" + css)


@pytest.fixture(scope="module")
def renderer():
    made = Renderer([builtin_root()])
    yield made
    made.close()


def _laid(renderer: Renderer, html: str, scale: float, minimum: float):
    return renderer.layout(fit.scaled(html, scale, minimum), assets_dir().as_uri() + "/", "test")


def _claims(renderer: Renderer, html: str, minimum: float, rungs: list[float]) -> tuple[int, list]:
    """How many rungs that fit the layout says the rung above cannot, and those where that is wrong."""
    search = fit._Search(renderer, html, assets_dir().as_uri() + "/", "test", 1, minimum, 0.0)
    said, wrong = 0, []
    for low, high in pairwise(rungs):
        below = _laid(renderer, html, low, minimum)
        if _fails(below, html):
            continue
        if room.readable(html) and room.cannot_grow(below, high / low, 0.0, search.growing(low)):
            said += 1
            if not _fails(_laid(renderer, html, high, minimum), html):
                wrong.append(low)
    return said, wrong


def _claims_without(renderer: Renderer, monkeypatch, html: str, rungs: list[float], where, name: str, off) -> tuple:
    """`_claims`, and how many rungs the layout says cannot fit with `where.name` set to `off` (a reading left out)."""
    said, wrong = _claims(renderer, html, 6, rungs)
    with monkeypatch.context() as without:
        without.setattr(where, name, off)
        return said, wrong, _claims(renderer, html, 6, rungs)[0]


def _above(rung: float) -> float:
    """The rung of the ladder above `rung`."""
    rungs = fit.ladder(1.0, 2.0)
    return rungs[rungs.index(rung) + 1]


def _full_lines(count: int) -> list[str]:
    """Headings and paragraphs of every length from a few words to a few lines: some end on a full line."""
    return [" ".join((WORDS * 4)[start : start + count]) for start in range(0, 12, 3)]


def test_a_paragraph_whose_last_line_is_full_takes_a_line_more_one_rung_up(renderer, monkeypatch):
    rungs = fit.ladder(1.0, 1.6)
    found, without = 0, 0
    for text in [text for words in (6, 9, 13, 17, 22) for text in _full_lines(words)]:
        for space in (25, 45):
            html = _page(f'<div style="height: {space}mm"></div><h1>{text}</h1><p>{text}</p>')
            said, wrong, alone = _claims_without(renderer, monkeypatch, html, rungs, room, "line_more", lambda *a: 0.0)
            assert wrong == [], (text, space)
            found, without = found + said, without + alone
    assert found > without, (found, without)  # a line more is read where the lines' own growth shows nothing


@pytest.mark.parametrize(
    "css",
    [
        "p { white-space: nowrap }",
        "p { text-indent: -3em; padding-left: 3em }",
        "p { letter-spacing: 1.5pt }",
        "p { word-spacing: -2pt }",
    ],
)
def test_no_line_more_is_counted_where_the_paragraph_may_not_wrap_as_its_text_grows(renderer, css):
    rungs = fit.ladder(1.0, 1.4)
    for words in range(4, 16):
        for space in (66, 68, 70, 72):  # a line or two from the bottom: the rungs above fit, then do not
            html = _page(f'<div style="height: {space}mm"></div><p>{" ".join(WORDS[:words])}</p>', css)
            assert _claims(renderer, html, 6, rungs)[1] == [], (css, words, space)


LINE = " ".join(WORDS[:11])
"""About one line of the test page's width at 11 pt: rung after rung, it comes to fill its line, then wraps."""
REVIEWED = {
    "a float inside the line": lambda: f'<p>{LINE} <span style="float: right; width: 20mm">24/7</span></p>',
    "a last line justified": lambda: f'<p style="text-align: justify; text-align-last: justify">{LINE}</p>',
    "an icon alone on the last line": lambda: (
        f'<p>{LINE} <svg style="height: 0.9em; width: 4em"><rect width="9" height="9"/></svg></p>'
    ),
    "one word with room beside it": lambda: '<h1 style="padding: 0 3mm">Helpline</h1>',
    "a width set in em": lambda: f'<p style="max-width: 26em">{LINE}</p>',
}
"""Pages a review found a line more wrongly counted on: the line is not the paragraph's to wrap, or its room grows."""


@pytest.mark.parametrize("kind", sorted(REVIEWED))
def test_no_line_more_is_counted_where_the_last_line_need_not_wrap(renderer, kind):
    for space in range(40, 76, 4):
        html = _page(f'<div style="height: {space}mm"></div>{REVIEWED[kind]()}', "h1 { font-size: 40pt }")
        assert _claims(renderer, html, 6, fit.ladder(1.0, 2.0))[1] == [], (kind, space)


def test_no_line_more_is_counted_for_a_paragraph_beside_a_picture(renderer):
    picture = '<svg style="float: right; width: 25mm; height: 40mm"><rect width="9" height="9"/></svg>'
    for words in (8, 12, 16, 20):
        html = _page(f'<div style="height: 20mm"></div>{picture}<p>{" ".join(WORDS[:words])}</p>')
        assert _claims(renderer, html, 6, fit.ladder(1.0, 1.6))[1] == [], words


def test_on_type_shrunk_to_its_floor_only_the_sizes_above_it_grow(renderer):
    """Body text at the minimum stays one rung up; the heading, shrunk with the scale, grows. Counting every line
    would be wrong on these pages: the test shows that too, so it shows the sizes are told apart."""
    rungs = fit.ladder(0.5, 1.0)
    said, careless = 0, 0
    for lines, spaces in ((4, (16.5, 17.0, 17.5, 18.0, 18.5)), (5, (2.5, 3.0, 3.5))):
        body = "".join(f"<p>{' '.join((WORDS * 3)[i % 5 : i % 5 + 20])}</p>" for i in range(lines))
        for space in spaces:
            html = _page(f'<div style="height: {space}mm"></div><h1>Help is here</h1>{body}', SHRUNK)
            claimed, wrong = _claims(renderer, html, 11, rungs)
            assert wrong == [], (lines, space)
            said += claimed
            for low, high in pairwise(rungs):
                below = _laid(renderer, html, low, 11)
                if _fails(below, html) or not room.cannot_grow(below, high / low, 0.0, lambda line: True):
                    continue
                careless += not _fails(_laid(renderer, html, high, 11), html)
    assert said, "never said: the test shows nothing"
    assert careless, "counting every line was never wrong: the test does not show the sizes are told apart"


SHRUNK = "h1 { font-size: 30pt } p { margin: 0 }"
"""Body text at 11 pt, the minimum the test fits with; no margin under the last paragraph (the room left is read
above it)."""


def _reaches(count: int, words: int, css: str = "") -> str:
    """Ways to reach side by side, as posters set them: inline blocks with a margin in em, each of one line."""
    rows = "".join(
        f'<p class="reach"><b>Call 612-555-01{n:02d}</b> {" ".join(WORDS[n : n + words])}</p>' for n in range(count)
    )
    return f'<div class="reaches">{rows}</div>', (
        ".reaches .reach { display: inline-block; margin: 0 1.6em 0 0; vertical-align: top } .reach b { font-size: 16pt }"
        + css
    )


def test_a_way_to_reach_as_wide_as_its_line_breaks_into_two_one_rung_up(renderer, monkeypatch):
    rungs = fit.ladder(1.0, 1.6)
    found, without = 0, 0
    for count, words, spaces in ((2, 1, range(56, 68, 2)), (1, 3, range(40, 70, 6)), (2, 2, range(40, 70, 6))):
        body, css = _reaches(count, words)
        for space in spaces:
            html = _page(f'<div style="height: {space}mm"></div>{body}', css)
            said, wrong, alone = _claims_without(renderer, monkeypatch, html, rungs, room, "block_more", lambda *a: 0.0)
            assert wrong == [], (count, words, space)
            found, without = found + said, without + alone
    assert found > without, (found, without)


SHRINK_TO_FIT = {
    "a paragraph that is a flex item": (
        '<div style="display: flex"><p>Someone will listen to you</p></div>',
        "",
        range(72, 82),
    ),
    "a paragraph that is a grid item": (
        '<div style="display: grid; grid-template-columns: auto 1fr"><p>Someone will listen to you</p><i></i></div>',
        "",
        range(72, 82),
    ),
    "ways to reach in a flex item": (
        '<div style="display: flex"><div>{reaches}</div></div>',
        "",
        range(70, 80),
    ),
    "a way to reach of a set least height": ("{reaches}", ".reaches .reach { min-height: 12mm }", range(52, 64)),
    "a way to reach of a set height": ("{reaches}", ".reaches .reach { height: 1.3em }", range(72, 82)),
    "a way to reach of a set greatest height": (
        "{reaches}",
        ".reaches { width: 59.6mm } .reaches .reach { max-height: 2.3em }",
        range(70, 80),
    ),
}
"""Pages a review found a line more wrongly counted on: a box as wide as what it holds (a flex or grid item) grows
with it, and an inline block whose height is set need not grow as its line breaks."""


@pytest.mark.parametrize("kind", sorted(SHRINK_TO_FIT))
def test_no_line_more_is_counted_in_a_box_as_wide_as_its_text_or_of_set_height(renderer, kind):
    body, css, spaces = SHRINK_TO_FIT[kind]
    reaches, style = _reaches(2, 1)
    for space in spaces:
        html = _page(f'<div style="height: {space}mm"></div>{body.format(reaches=reaches)}', style + css)
        assert _claims(renderer, html, 6, fit.ladder(1.0, 1.6))[1] == [], (kind, space)


ROWS = {
    "two side by side": (2, 0, ".reach b { font-size: 8pt }", ""),
    "three side by side": (3, 0, ".reach b { font-size: 6pt } .reaches .reach { margin-right: 0.6em }", ""),
    "two with a note each": (2, 1, ".reach b { font-size: 7pt } .reaches .reach { font-size: 6pt }", ""),
    "two with a space between": (2, 0, ".reach b { font-size: 8.2pt } .reaches .reach { margin-right: 0.4em }", " "),
}
"""Ways to reach set side by side in one line, narrower than their paragraph: one rung up the row may be wider."""


def _row(kind: str, css: str = "") -> tuple[str, str]:
    count, words, size, between = ROWS[kind]
    body, style = _reaches(count, words, size + css)
    return body.replace("</p><p", f"</p>{between}<p"), style


@pytest.mark.parametrize("kind", sorted(ROWS))
def test_a_row_of_ways_to_reach_grown_wider_than_its_paragraph_breaks_one_rung_up(renderer, monkeypatch, kind):
    rungs = fit.ladder(1.0, 1.4)
    body, css = _row(kind)
    found, without = 0, 0
    for space in range(60, 80, 2):
        html = _page(f'<div style="height: {space}mm"></div>{body}', css)
        said, wrong, alone = _claims_without(renderer, monkeypatch, html, rungs, wraps, "_row", lambda *a: [])
        assert wrong == [], (kind, space)
        found, without = found + said, without + alone
    assert found > without, (found, without)


@pytest.mark.parametrize(
    "css",
    [
        ".reaches .reach { width: 60mm }",
        ".reaches .reach { width: 30mm }",
        ".reaches .reach { min-width: 12em }",
        ".reaches .reach { min-width: 6em }",
        ".reaches .reach { max-width: 14em }",
        ".reaches .reach { max-width: 9em }",
        ".reaches .reach { letter-spacing: 1pt }",
        ".reaches .reach { vertical-align: middle; padding: 0 2mm }",
        ".reaches .reach { vertical-align: middle; padding: 0 2mm; height: 4mm }",
        ".reaches .reach { white-space: nowrap }",
        ".reaches { white-space: nowrap }",
        ".reaches { text-align: justify; text-align-last: justify }",
    ],
)
def test_no_line_more_is_counted_for_ways_to_reach_that_need_not_break(renderer, css):
    """Alone in their line or side by side in a row: of a width of their own, not wrapping, or spaced out."""
    pages = [(*_reaches(count, words, css), range(50, 68, 3)) for count, words in ((1, 3), (2, 1))]
    pages += [(*_row(kind, css), range(60, 80, 4)) for kind in ("two side by side", "two with a space between")]
    for body, style, spaces in pages:
        for space in spaces:
            html = _page(f'<div style="height: {space}mm"></div>{body}', style)
            assert _claims(renderer, html, 6, fit.ladder(1.0, 1.6))[1] == [], (css, body, space)


_ROW = '<div class="reaches"><p class="reach a"><b>Call 612-555-0100</b></p>{between}<p class="reach b"><b>Text 612-555-0101</b></p></div>'
_SPACED = ".reach { display: inline-block; margin: 0 0.4em 0 0 } .reach b { font-size: 8pt } "
ROWS_REVIEWED = {
    "a no-break space between": ("&nbsp;", _SPACED, 74, 1.2682),
    "a narrow no-break space between": ("\u202f", _SPACED, 74, 1.2936),
    "a figure space between": ("\u2007", _SPACED, 74, 1.2434),
    "one lowered, one raised": (" ", _SPACED + ".a { padding-bottom: 15mm } .b { padding-top: 15mm }", 32, 1.2682),
    "one on its bottom edge": (
        " ",
        _SPACED
        + ".reach b { font-size: 7.6pt } .reach { padding: 4mm 2mm; border: 0.3mm solid } .a { overflow: hidden }",
        53,
        1.1717,
    ),
    "superscript and subscript": (
        " ",
        _SPACED + ".reach { padding: 3mm 0 } .a { vertical-align: super } .b { vertical-align: sub }",
        58,
        1.2682,
    ),
    "raised by a length": (
        " ",
        _SPACED + ".a { padding-bottom: 10mm } .b { vertical-align: 10mm; padding-bottom: 10mm }",
        46,
        1.2682,
    ),
    "a negative margin in em": (
        " ",
        ".reach { display: inline-block; font-size: 20pt; margin: 0 -6em 0 0; padding-right: 45mm }"
        " .reach b { font-size: 10pt }",
        69,
        1.0,
    ),
    "one drawn off its place": (
        " ",
        _SPACED + ".reach b { font-size: 7.4pt } .b { position: relative; left: 12mm }",
        75,
        1.1717,
    ),
}
"""Rows a review found a line more wrongly counted on, each at the rung where it was (the rung above fits): no
break at a no-break space; a line taller than any of its blocks; a row that narrows as its type grows; a block
whose box is not where the line breaks."""


@pytest.mark.parametrize("kind", sorted(ROWS_REVIEWED))
def test_no_line_more_is_counted_for_a_row_that_need_not_break_or_adds_less(renderer, kind):
    between, css, space, low = ROWS_REVIEWED[kind]
    high = _above(low)
    html = _page(f'<div style="height: {space}mm"></div>{_ROW.format(between=between)}', css)
    assert not _fails(_laid(renderer, html, low, 6), html) and not _fails(_laid(renderer, html, high, 6), html)
    assert _claims(renderer, html, 6, [low, high]) == (0, [])


FRAMED = {
    "one lowered, one raised by padding": (
        '<div style="height: 50mm"></div>' + _ROW.format(between=" "),
        _SPACED + ".a { padding-bottom: 15mm } .b { padding-top: 15mm }",
        1.0,
    ),
    "framed, one on its bottom edge": (
        '<div style="height: 66mm"></div>' + _ROW.format(between=" "),
        _SPACED
        + ".reach b { font-size: 7.6pt } .reach { padding: 4mm 2mm; border: 0.3mm solid } .a { overflow: hidden }",
        1.0404,
    ),
    "padded, under the type's height": (
        '<div style="height: 23.84mm"></div>' + '<p>Call us <span class="r">612-555</span></p>' * 12,
        "p { margin: 0 } .r { display: inline-block; padding: 0.8mm 0; font-size: 6pt }",
        1.0,
    ),
    "padded, beside type of no line height": (
        '<div style="height: 31.4mm"></div>' + '<p><span class="big">x</span> <span class="r">Call 612</span></p>' * 5,
        "p { margin: 0 } .big { font-size: 30pt; line-height: 0 } .r { display: inline-block; padding: 4mm 0; font-size: 6pt }",
        1.02,
    ),
    "a row whose margin shrinks as the type grows": (
        '<div style="height: 77mm"></div>' + _ROW.format(between=" "),
        ".reach { display: inline-block; margin: 0 } .a { margin-right: calc(100mm - 20em) } .reach b { font-size: 8pt }",
        1.1262,
    ),
}
"""Lines two reviews found counted as growing with their type, made tall by inline blocks framed in mm (padding,
borders), which stay as the type grows, even under the type's own height: such a block is a thing of fixed size in
its line; and a row whose margin, written with calc(), shrinks as its type grows."""


@pytest.mark.parametrize("kind", sorted(FRAMED))
def test_a_line_made_tall_by_a_framed_inline_block_is_not_counted_as_growing(renderer, kind):
    body, css, low = FRAMED[kind]
    assert _claims(renderer, _page(body, css), 6, [low, _above(low)])[1] == []


VIETNAMESE = (
    "Có người sẽ lắng nghe bạn bất cứ lúc nào, miễn phí, bằng ngôn ngữ của bạn, và bạn chọn điều muốn chia sẻ.".split()
)
PUSHED = [("vi", 13, 66, 1.1041), ("vi", 16, 56, 1.1487), ("en", 13, 72, 1.1041), ("en", 16, 62, 1.1262)]
"""Paragraphs (language, words, width in mm) that take a line more at the rung above the one given only because
their full line before the last pushes its last word onto the last one: the last line alone is not full."""


def _tight(renderer: Renderer, body: str, css: str, scale: float) -> str:
    """The page of `body` with room for a third of a line of 11 pt type under it at `scale`: the lines' own
    growth one rung up fits, a line more does not."""
    from weasyprint.formatting_structure import boxes

    def last_line(box):
        found = box if isinstance(box, boxes.LineBox) else None
        for child in getattr(box, "children", ()):
            found = last_line(child) or found
        return found

    line = last_line(_laid(renderer, _page(body, css), scale, 6).pages[0]._page_box)
    room_mm = 90 - (line.position_y + line.height) * 25.4 / 96 - 11 * 1.2 * scale * 25.4 / 72 / 3
    return _page(f'<div style="height: {room_mm:.2f}mm"></div>{body}', css)


def _pushing(lang: str, count: int, width: int, css: str = "") -> tuple[str, str]:
    words = VIETNAMESE if lang == "vi" else WORDS
    return f'<p lang="{lang}" style="width: {width}mm">{" ".join((words * 3)[:count])}</p>', css


@pytest.mark.parametrize("case", PUSHED, ids=[f"{lang}-{count}-{width}mm" for lang, count, width, _ in PUSHED])
def test_a_full_line_before_the_last_pushes_its_last_word_onto_it_one_rung_up(renderer, monkeypatch, case):
    lang, count, width, low = case
    html = _tight(renderer, *_pushing(lang, count, width), low)
    said, wrong, alone = _claims_without(
        renderer, monkeypatch, html, [low, _above(low)], wraps, "_pushed", lambda *a: 0.0
    )
    assert (said, wrong, alone) == (1, [], 0)


def test_the_space_before_a_word_pushed_on_is_counted(renderer, monkeypatch):
    """Vietnamese, 13 words in 66 mm: the last line, with the word pushed on, wraps only with the space between."""
    lang, count, width, low = PUSHED[0]
    html = _tight(renderer, *_pushing(lang, count, width), low)
    said, wrong, alone = _claims_without(
        renderer, monkeypatch, html, [low, _above(low)], wraps, "_space", lambda *a: 0.0
    )
    assert (said, wrong, alone) == (1, [], 0)


@pytest.mark.parametrize(
    "css",
    ["p { hyphens: auto }", "p { overflow-wrap: anywhere }", "p { word-break: break-all }"],
)
def test_no_word_is_counted_as_pushed_where_lines_may_break_inside_words(renderer, monkeypatch, css):
    """Hyphenated, or broken anywhere, a line before the last may push less than its last word."""
    for lang, count, width, low in PUSHED:
        html = _tight(renderer, *_pushing(lang, count, width, css), low)
        said, wrong, alone = _claims_without(
            renderer, monkeypatch, html, [low, _above(low)], wraps, "_pushed", lambda *a: 0.0
        )
        assert wrong == [] and said == alone, (lang, count, width)


def test_words_pushed_on_are_counted_in_spans_and_in_the_lines_beside_a_code(renderer, monkeypatch):
    """A card's back: paragraphs in the flex item beside its QR code (`flex: 1; min-width: 0`, a width of none at
    any size), the last words in a span of their own."""
    css = (
        ".grid { display: flex; align-items: center } .code { flex: none; width: 22mm; height: 22mm }"
        " .others { flex: 1; min-width: 0 } .others p { margin: 0 0 2pt }"
    )
    rungs = fit.ladder(1.0, 1.4)
    found, without = 0, 0
    for count in (9, 12, 15):
        for space in range(40, 62, 2):
            texts = "".join(
                f'<p lang="vi">{" ".join(VIETNAMESE[start : start + count - 4])} · <b>{" ".join(VIETNAMESE[-4:])}</b></p>'
                for start in (0, 3)
            )
            body = f'<div class="grid"><svg class="code"><rect width="9" height="9"/></svg><div class="others">{texts}</div></div>'
            html = _page(f'<div style="height: {space}mm"></div>{body}', css)
            said, wrong, alone = _claims_without(renderer, monkeypatch, html, rungs, room, "line_more", lambda *a: 0.0)
            assert wrong == [], (count, space)
            found, without = found + said, without + alone
    assert found > without, (found, without)


_CJK = '@font-face { font-family: "Outreach CJK"; src: url(fonts/NotoSansCJKsc-Regular.subset.otf) } '
PUSHED_REVIEWED = {
    "Chinese, which breaks with no space": (
        '<div style="height: 69.17mm"></div><p lang="zh" style="width: 77mm">有人会倾听。如需帮助，请拨打 612-555-0100'
        " 或发短信 HELP 至 24365。免费，说什么由你决定。你可以找人倾诉。</p>",
        _CJK + 'p { font-family: "Outreach CJK", "Noto Sans" }',
        1.02,
    ),
    "a floated row, as wide as its text": (
        '<div style="height: 78.79mm"></div><div class="grid"><svg class="code"><rect width="9" height="9"/></svg>'
        '<div class="others"><p>Someone will listen to you</p></div></div>',
        ".grid { display: flex; align-items: center; float: left } .code { flex: none; width: 4mm; height: 4mm }"
        " .others { flex: 1; min-width: 0 } .others p { margin: 0 }",
        1.0,
    ),
}
"""Pages a review found a line more wrongly counted on, each at the rung where it was (the rung above fits): a
space counted between characters a line breaks between as they are; lines in a row that widens with them."""


@pytest.mark.parametrize("kind", sorted(PUSHED_REVIEWED))
def test_no_line_more_is_counted_where_no_space_was_or_the_row_widens(renderer, kind):
    body, css, low = PUSHED_REVIEWED[kind]
    html = _page(body, css)
    assert not _fails(_laid(renderer, html, low, 6), html) and not _fails(_laid(renderer, html, _above(low), 6), html)
    assert _claims(renderer, html, 6, [low, _above(low)]) == (0, [])
