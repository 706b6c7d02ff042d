"""How type is fitted to its page: the ladder of scales and the search on it, without rendering."""

from __future__ import annotations

import math
from itertools import pairwise

from outreach.render.fit import MAX_JUMP, MAX_SCALE, STEP, _Search, _start, ladder, smallest_scale
from outreach.render.starts import REMEMBERED, Starts

PAGE = "<style>.body { font-size: 20pt } .mark { position: fixed; top: 40%; font-size: 54pt }</style><p>x</p>"


def test_the_sample_mark_across_the_page_sets_no_floor():
    # 20 pt may shrink to 15 pt (numbers stay 1.5x the 10 pt minimum): the floor is 0.75, not 54 pt's 15/54
    assert smallest_scale(PAGE, 10) == 0.75
    assert smallest_scale(PAGE.replace("position: fixed; ", ""), 10) < 0.3


def test_the_ladder_is_the_floor_then_powers_of_the_step_with_the_designed_size_on_it():
    rungs = ladder(0.75, MAX_SCALE)
    assert rungs[0] == 0.75 and 1.0 in rungs and rungs[-1] <= MAX_SCALE < rungs[-1] * STEP
    assert all(b / a <= STEP + 1e-3 for a, b in pairwise(rungs))
    assert ladder(1.0, 1.0) == [1.0]  # nothing may shrink and the page may not grow: one rung


class Counted(_Search):
    """A search whose pages fit up to a given scale, counting the layouts it asks for."""

    def __init__(self, limit: float) -> None:
        self.limit, self.asked = limit, []

    def fits(self, scale: float) -> bool:
        self.asked.append(scale)
        return scale <= self.limit


def test_the_scale_kept_is_the_largest_rung_that_fits_wherever_the_search_starts():
    rungs = ladder(0.4, MAX_SCALE)
    for limit in (0.41, 0.6, 0.8, 0.97, 1.0, 1.3, 2.2, 3.5):
        kept = set()
        for hint in (None, 0.4, 0.9, 1.0, 1.5, 2.9):
            search = Counted(limit)
            found = search.highest(rungs, *_start(rungs, hint))
            kept.add(rungs[found])
        assert len(kept) == 1, (limit, kept)
        best = kept.pop()
        assert best <= limit and (best == rungs[-1] or best * STEP > limit), (limit, best)


def test_a_search_started_at_the_answer_lays_out_two_rungs_and_one_started_at_the_designed_size_more():
    rungs = ladder(0.5, MAX_SCALE)
    answer = rungs[rungs.index(1.0) + 17]  # about 1.4
    hinted, cold = Counted(answer), Counted(answer)
    hinted.highest(rungs, *_start(rungs, answer))
    cold.highest(rungs, *_start(rungs, None))
    assert len(hinted.asked) == 2 < len(cold.asked), (hinted.asked, cold.asked)
    # never a jump of more than MAX_JUMP rungs from a scale that fits: a layout far past what fits is slow
    steps = [abs(math.log(b / a) / math.log(STEP)) for a, b in pairwise(cold.asked)]
    assert max(steps) <= MAX_JUMP + 0.5, cold.asked


def test_a_page_that_does_not_fit_even_at_the_floor_is_found_and_shrinking_starts_just_under_the_design():
    rungs = ladder(0.5, MAX_SCALE)
    hopeless = Counted(0.3)
    assert hopeless.highest(rungs, *_start(rungs, None)) == -1 and hopeless.asked[-1] == 0.5
    nearly = Counted(0.95)
    nearly.highest(rungs, *_start(rungs, 0.96))
    assert len(nearly.asked) <= 3, nearly.asked


def test_a_page_starts_where_a_page_of_its_kind_with_as_much_text_ended_and_longer_text_starts_lower():
    starts = Starts()
    assert starts.guess("sticker|es", 598) is None  # the first page of a kind starts at the designed size
    starts.keep("sticker|es", 598, 1.0612)
    starts.keep("sticker|es", 542, 1.1262)
    assert starts.guess("sticker|es", 598) == 1.0612 and starts.guess("sticker|es", 542) == 1.1262
    assert (
        starts.guess("sticker|es", 900)
        < 1.0612
        < starts.guess("sticker|es", 570)
        < 1.1262
        < starts.guess("sticker|es", 300)
    )
    assert starts.guess("sticker|en", 598) is None  # kinds are apart


def test_a_kind_remembers_its_latest_text_lengths():
    starts = Starts()
    for length in range(100, 100 + REMEMBERED + 1):
        starts.keep("poster|so", length, 1.0)
    starts.keep("poster|so", 101, 1.5)  # seen again: kept as the latest
    starts.keep("poster|so", 500, 1.0)  # one more: the oldest (101 is no longer the oldest) is forgotten
    assert starts.guess("poster|so", 101) == 1.5
    assert starts.guess("poster|so", 102) != 1.0  # forgotten: guessed from a neighbouring length
    assert starts.guess("poster|so", 103) == 1.0


def _laid_out(pages: list[tuple[int, float]], starts: Starts | None) -> list[int]:
    """Rungs laid out per page, each page fitting up to its limit: guessed by `starts`, or (without it) started
    where the last page ended, as fitting did before text lengths were remembered."""
    rungs, counts, last = ladder(0.5, MAX_SCALE), [], None
    for chars, limit in pages:
        search = Counted(limit)
        hint = starts.guess("k", chars) if starts is not None else last
        found = search.highest(rungs, *_start(rungs, hint))
        if starts is not None:
            starts.keep("k", chars, rungs[found])
        last = rungs[found]
        counts.append(len(search.asked))
    return counts


def test_pages_that_alternate_between_two_lengths_of_text_each_lay_out_two_rungs_once_both_are_known():
    # a region's stickers come in two lengths (one service more or less): 598 characters keep 1.0612, 542 keep
    # 1.1262, three rungs apart; started where the last page ended, each search laid out four to six rungs
    pages = [(598, 1.07), (542, 1.13)] * 6
    remembered = _laid_out(pages, Starts())
    assert remembered[2:] == [2] * 10, remembered
    assert min(_laid_out(pages, None)[2:]) >= 4
