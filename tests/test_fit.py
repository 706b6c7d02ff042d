"""How type is fitted to its page: the ladder of scales and the search on it, without rendering."""

from __future__ import annotations

import math
from itertools import pairwise

from outreach.render.fit import MAX_JUMP, MAX_SCALE, STEP, _Search, _start, ladder, smallest_scale
from outreach.render.starts import face, guess

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


def test_a_page_starts_where_its_reference_ended_corrected_for_the_length_of_its_text():
    assert guess(None, 598) is None  # a reference starts at the designed size
    reference = (598, 1.0612)
    assert guess(reference, 598) == 1.0612  # as much text: where the reference ended
    assert guess(reference, 900) < 1.0612 < guess(reference, 570) < guess(reference, 300)  # more text: lower
    card = ((120, 1.2434), (90, 1.3195))  # a card's faces are fitted apart: each from the reference's same face
    assert face(card, 1, 2) == (90, 1.3195) and face(card, 0, 2) == (120, 1.2434)
    assert face(card, 0, 1) is None and face(None, 0, 1) is None  # fitted otherwise, or no reference: cold


def _laid_out(pages: list[tuple[int, float]], reference: tuple[int, float] | None) -> list[int]:
    """Rungs laid out per page, each page fitting up to its limit: started from `reference`, or (without it)
    where the last page ended, as fitting did before pages started from their kind's reference."""
    rungs, counts, last = ladder(0.5, MAX_SCALE), [], None
    for chars, limit in pages:
        search = Counted(limit)
        found = search.highest(rungs, *_start(rungs, guess(reference, chars) if reference else last))
        last = rungs[found]
        counts.append(len(search.asked))
    return counts


def test_pages_that_alternate_between_two_lengths_of_text_lay_out_two_or_three_rungs_from_their_reference():
    # a region's stickers come in two lengths (one service more or less): 598 characters keep 1.0612, 542 keep
    # 1.1262, three rungs apart; started where the last page ended, each search laid out four to six rungs
    pages = [(598, 1.07), (542, 1.13)] * 6
    from_reference = _laid_out(pages, (598, 1.0612))
    assert from_reference == [2, 3] * 6, from_reference  # a rung off: three
    assert min(_laid_out(pages, None)[2:]) >= 4
