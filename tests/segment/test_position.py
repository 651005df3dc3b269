"""A character of a unit's text mapped back to its line and column in the page."""

from __future__ import annotations

import pytest

from pipeline.content.pages import parse_page
from pipeline.segment.markdown import segment_page
from pipeline.segment.position import unit_position

PAGE = """---
title: "Page"
---

# A heading : here

A paragraph over
  two lines : with a fault.

- an item ; too
| a | b |
|---|---|
| cell ! | x |
"""


@pytest.mark.parametrize(
    ("needle", "line", "column"),
    [
        ("Page", 2, 9),
        (": here", 5, 13),
        (": with", 8, 13),
        ("; too", 10, 11),
        ("! |", 13, 8),
    ],
)
def test_a_character_maps_to_its_line_and_column(needle: str, line: int, column: int) -> None:
    segments = segment_page(PAGE, "p.md").segments
    unit = next(s for s in segments if needle.split(" |")[0] in s.text)
    index = unit.text.index(needle.split(" |")[0])
    assert unit_position(PAGE, unit, index) == (line, column)
    lines = PAGE.split("\n")
    assert lines[line - 1][column - 1] == needle[0]


def test_the_joining_space_points_at_the_line_break() -> None:
    unit = next(s for s in segment_page(PAGE, "p.md").segments if s.text.startswith("A para"))
    assert unit.text == "A paragraph over two lines : with a fault."
    assert unit_position(PAGE, unit, unit.text.index(" two")) == (7, 17)


def test_no_position_without_a_span() -> None:
    unit = segment_page(PAGE, "p.md").segments[0]
    assert unit_position(PAGE, unit, 99) is None


WRAPPED = """---
title: Essai
---

Première phrase du paragraphe,
  qui continue ici. This sentence is English
and wraps.

> Une citation. Another English sentence here.
"""


def test_offsets_of_a_wrapped_paragraph_map_to_lines_and_columns() -> None:
    page = parse_page(WRAPPED, "content/fr/essai.md", "fr", "essai")
    paragraph = next(s for s in page.segments if s.text.startswith("Première"))
    offset = paragraph.text.index("This sentence")
    assert unit_position(page.text, paragraph, offset) == (6, 21)
    assert unit_position(page.text, paragraph, 0) == (5, 1)
    quote = next(s for s in page.segments if s.text.startswith("Une citation"))
    assert unit_position(page.text, quote, quote.text.index("Another")) == (9, 17)


def test_no_span_no_position() -> None:
    page = parse_page(WRAPPED, "content/fr/essai.md", "fr", "essai")
    paragraph = next(s for s in page.segments if s.text.startswith("Première"))
    assert unit_position(page.text, paragraph, len(paragraph.text)) is None


def test_a_quote_over_two_lines_skips_the_marker_of_the_second() -> None:
    text = "Texte.\n\n> Une citation qui\n> continue. Then English text.\n"
    page = parse_page(text, "content/fr/q.md", "fr", "q")
    quote = next(s for s in page.segments if s.text.startswith("Une citation"))
    assert unit_position(page.text, quote, quote.text.index("Then")) == (4, 13)
