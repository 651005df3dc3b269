"""Where a character of a unit is in its page."""

from __future__ import annotations

from pipeline.content.pages import parse_page
from pipeline.segment.positions import line_column, unit_position

PAGE = """---
title: Essai
---

Première phrase du paragraphe,
  qui continue ici. This sentence is English
and wraps.

> Une citation. Another English sentence here.
"""


def test_line_column() -> None:
    assert line_column("ab\ncd", 0) == (1, 1)
    assert line_column("ab\ncd", 4) == (2, 2)


def test_offsets_of_a_wrapped_paragraph_map_to_lines_and_columns() -> None:
    page = parse_page(PAGE, "content/fr/essai.md", "fr", "essai")
    paragraph = next(s for s in page.segments if s.text.startswith("Première"))
    offset = paragraph.text.index("This sentence")
    assert unit_position(page.text, paragraph, offset) == (6, 21)
    assert unit_position(page.text, paragraph, 0) == (5, 1)
    quote = next(s for s in page.segments if s.text.startswith("Une citation"))
    assert unit_position(page.text, quote, quote.text.index("Another")) == (9, 17)


def test_no_span_no_position() -> None:
    page = parse_page(PAGE, "content/fr/essai.md", "fr", "essai")
    paragraph = next(s for s in page.segments if s.text.startswith("Première"))
    assert unit_position(page.text, paragraph, len(paragraph.text)) is None
