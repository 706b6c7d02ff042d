"""How type is fitted to its page: the search's bounds and steps, without rendering."""

from __future__ import annotations

from outreach.render.fit import PRECISION, _Search, smallest_scale

PAGE = "<style>.body { font-size: 20pt } .mark { position: fixed; top: 40%; font-size: 54pt }</style><p>x</p>"


def test_the_sample_mark_across_the_page_sets_no_floor():
    # 20 pt may shrink to 15 pt (numbers stay 1.5x the 10 pt minimum): the floor is 0.75, not 54 pt's 15/54
    assert smallest_scale(PAGE, 10) == 0.75
    assert (
        smallest_scale(PAGE.replace("position: fixed; ", ""), 10) == round(15 / 54, 15)
        or smallest_scale(PAGE.replace("position: fixed; ", ""), 10) < 0.3
    )


class Counted(_Search):
    """A search whose pages fit up to a given scale, counting the layouts it asks for."""

    def __init__(self, limit: float) -> None:
        self.limit, self.asked = limit, []

    def fits(self, scale: float) -> bool:
        self.asked.append(scale)
        return scale <= self.limit


def test_shrinking_searches_from_the_top_and_keeps_the_largest_scale_that_fits():
    for limit in (0.97, 0.9, 0.8, 0.6, 0.41):
        search = Counted(limit)
        found = search.shrunk(0.4)
        assert found <= limit and limit / found <= PRECISION, (limit, found)
        assert search.asked[0] > 0.75, search.asked  # the first step is just under the designed size
    nearly, bisected = Counted(0.95), Counted(0.95)
    nearly.shrunk(0.2)
    bisected.largest(0.2, 1.0)  # how it was searched before: from the floor up
    assert len(nearly.asked) == 5 < len(bisected.asked) == 7, (nearly.asked, bisected.asked)
