"""How the reStructuredText dialect grades a difference: the pieces it counts with."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.checks.placeables import rest_grade


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="ab_1é.(' ", min_size=1, max_size=4),
    st.text(alphabet="ab_1é.(' ", max_size=40),
)
def test_a_literal_standing_in_a_text_is_counted_as_the_regex_counts_it(
    needle: str, text: str
) -> None:
    """Occurrences of a literal with no word character on either side, counted without
    overlap: what ``re.findall`` with look-arounds counts, without a pattern per literal."""
    expected = len(re.findall(rf"(?<!\w){re.escape(needle)}(?!\w)", text))
    assert rest_grade._standing(needle, text) == expected


def test_occurrences_of_code_in_a_text() -> None:
    assert rest_grade._occurrences("'len'", "use len or len() but not lens or x_len") == 2
    assert rest_grade._occurrences("a  b", "a b, then a\nb") == 2
    assert rest_grade._occurrences('""', "nothing") == 0
