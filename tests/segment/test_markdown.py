"""Segmentation: unit kinds, lines, spans, declared languages and suppressions."""

from __future__ import annotations

from pipeline.model import UnitKind
from pipeline.segment import segment_page

PAGE = """---
title: "A title"
description: "A description"
---

# Heading

A paragraph
over two lines.

- item one
- item two

> quoted text

| head |
|------|
| cell |

![alt text](/a.png "image title")

```
never = "a unit"
```
"""


def test_every_kind_with_its_line() -> None:
    units = [(s.kind, s.line, s.text) for s in segment_page(PAGE, "p.md").segments]
    assert units == [
        (UnitKind.TITLE, 2, "A title"),
        (UnitKind.DESCRIPTION, 3, "A description"),
        (UnitKind.HEADING, 6, "Heading"),
        (UnitKind.PARAGRAPH, 8, "A paragraph over two lines."),
        (UnitKind.LIST_ITEM, 11, "item one"),
        (UnitKind.LIST_ITEM, 12, "item two"),
        (UnitKind.BLOCKQUOTE, 14, "quoted text"),
        (UnitKind.TABLE_CELL, 16, "head"),
        (UnitKind.TABLE_CELL, 18, "cell"),
        (UnitKind.IMAGE_ALT, 20, "alt text"),
        (UnitKind.IMAGE_TITLE, 20, "image title"),
    ]


def test_rewrapping_does_not_change_units() -> None:
    narrow = "Some words that\nare wrapped\nnarrowly here.\n"
    wide = "Some words that are wrapped narrowly here.\n"
    indented = "Some words that\n   are wrapped\n  narrowly here.\n"
    texts = {segment_page(t, "p.md").segments[0].text for t in (narrow, wide, indented)}
    assert texts == {"Some words that are wrapped narrowly here."}


def test_spans_point_at_the_source_text() -> None:
    result = segment_page(PAGE, "p.md")
    for segment in result.segments:
        assert segment.start >= 0, segment
        source = PAGE[segment.start : segment.end]
        if segment.kind is UnitKind.PARAGRAPH:
            assert source == "A paragraph\nover two lines."
        elif segment.kind is not UnitKind.TITLE and segment.kind is not UnitKind.DESCRIPTION:
            assert source == segment.text


def test_code_urls_and_comments_are_never_units() -> None:
    text = "```\ncode\n```\n\n    indented\n\n`only`\n\n<!-- note -->\n\nhttps://example.org/x\n"
    assert segment_page(text, "p.md").segments == ()


def test_inline_markup_stays_in_the_unit() -> None:
    text = 'Use **bold**, a [link](https://x.org/ "t") and `code`.\n'
    assert segment_page(text, "p.md").segments[0].text == text.strip()


def test_declared_language_and_ignore_comment() -> None:
    text = (
        "{lang=fr}\nBonjour tout le monde.\n\n<!-- pipeline-ignore typography glossary -->\nText.\n"
    )
    first, second = segment_page(text, "p.md").segments
    assert first.lang == "fr"
    assert second.ignore == frozenset({"typography", "glossary"})
    assert first.ignore == frozenset()


def test_blocks_describe_structure() -> None:
    assert segment_page(PAGE, "p.md").blocks == (
        "heading:1",
        "paragraph",
        "list:2",
        "blockquote",
        "table:2",
        "paragraph",
        "code",
    )


def test_heading_levels_and_list_depth() -> None:
    text = "## Two\n\n- a\n  - b\n"
    heading, outer, inner = segment_page(text, "p.md").segments
    assert (heading.level, outer.level, inner.level) == (2, 1, 2)


def test_front_matter_keeps_no_break_spaces() -> None:
    text = '---\ntitle: "Pourquoi\u202f? Parce que\u00a0!"\ndescription: >\n  two\n  lines\n---\n'
    title, description = segment_page(text, "p.md").segments
    assert title.text == "Pourquoi\u202f? Parce que\u00a0!"
    assert description.text == "two lines"


def test_line_starts_and_joined_lines_whatever_the_line_ends() -> None:
    """Units' spans rest on the offsets of line starts: the same with LF, CR LF and CR, and
    a one-line unit is the line as written, blanks at its ends dropped."""
    import re

    from pipeline.segment.markdown import _line_starts, join_lines

    for text in ("", "a", "\n", "a\n", "a\nb", "\n\n", "ab\ncd\n\nef", "x\r\ny\rz\n", "é\n中"):
        expected = [0, *(m.end() for m in re.finditer("\r\n?|\n", text))]
        assert _line_starts(text) == expected
    assert join_lines(" \tA *b* c  ") == "A *b* c"
    assert join_lines("A  \nb") == "A  \nb"
