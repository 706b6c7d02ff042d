"""One reader of a page's printed text: the glyph check and the language checks see exactly what prints."""

from __future__ import annotations

import pytest

from outreach import BuildError
from outreach.render.glyphs import check_html
from outreach.render.text import Segment, page_text

PAGE = (
    "<html><head><title>ቀ title</title><style>h1 { color: red }</style></head><body>"
    '<h1 class="x">Are you\n   safe?</h1><p>Call\u00a01-888-373-7888</p><template>ቀ unused</template>'
    '<div><span class="name">Harbor House</span> answers</div></body></html>'
)


def test_page_text_is_the_body_in_segments_with_only_html_white_space_folded():
    assert page_text(PAGE) == (
        Segment("Are you safe?", True),
        Segment("Call\u00a01-888-373-7888", False),  # a no-break space prints: it is kept, and needs a glyph
        Segment("Harbor House", True),
        Segment("answers", False),
    )


def test_the_glyph_check_reads_the_page_through_it():
    check_html(PAGE, "en", None, "poster")  # the Ethiopic letters sit in <title> and <template>: nothing prints them
    with pytest.raises(BuildError, match=r"U\+1240 ETHIOPIC SYLLABLE QA\) has no glyph in the en fonts"):
        check_html(PAGE.replace("answers", "answers ቀ"), "en", None, "poster")
