"""Where a character of a unit's text is in its page: line and column.

A unit's text is its source span with soft line breaks joined by one space and the
indentation of continuation lines (and block-quote markers) dropped; its other characters
are the page's, in order. :func:`unit_position` walks the two side by side.
"""

from __future__ import annotations

from pipeline.model import Segment


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return line, index - text.rfind("\n", 0, index)


def unit_position(page_text: str, segment: Segment, offset: int) -> tuple[int, int] | None:
    """Line and column in the page of character ``offset`` of ``segment.text`` (spaces at
    the offset skipped), or None when the unit has no known span in the page."""
    unit = segment.text
    while offset < len(unit) and unit[offset].isspace():
        offset += 1
    if segment.start < 0 or offset >= len(unit):
        return None
    end = segment.end if segment.end >= segment.start else len(page_text)
    i = segment.start
    for j in range(offset + 1):
        char = unit[j]
        if char.isspace():
            continue
        found = page_text.find(char, i, end)
        if found < 0:
            return None
        if j == offset:
            return line_column(page_text, found)
        i = found + 1
    return None
