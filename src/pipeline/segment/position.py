"""Where a character of a unit's text is in its page file: line and column.

A unit's text is its source span with soft line breaks joined (and indentation dropped), so
an index into the text is mapped back by walking both side by side, skipping the
whitespace only one of them has. Where the page has other characters the text lacks
(block-quote markers of continuation lines), each character of the text is found in order
in the span instead. Columns are 1-based and count characters, as ruff's and GCC's do.
"""

from __future__ import annotations

from pipeline.model import Segment

__all__ = ["unit_position"]

_BLANKS = " \t\r\n"


def unit_position(page_text: str, segment: Segment, index: int) -> tuple[int, int] | None:
    """(line, column), both 1-based, in the page of the character at ``index`` (0-based)
    of ``segment.text``; None when the unit has no source span or the text does not follow
    it (a front-matter value YAML unquoted, say)."""
    if segment.start < 0 or not 0 <= index < len(segment.text):
        return None
    text = segment.text
    raw = page_text[segment.start : segment.end]
    if raw == text:
        offset: int | None = index
    elif text in raw:
        offset = raw.index(text) + index  # a quoted value
    else:
        offset = _raw_offset(text, raw, index)
        if offset is None:
            offset = _found_in_order(text, raw, index)
    if offset is None:
        return None
    absolute = segment.start + offset
    line_start = page_text.rfind("\n", 0, absolute) + 1
    return page_text.count("\n", 0, absolute) + 1, absolute - line_start + 1


def _raw_offset(text: str, raw: str, index: int) -> int | None:
    i = j = 0
    while j < len(raw):
        same = text[i] == raw[j] or (text[i] in _BLANKS and raw[j] in _BLANKS)
        if same and i == index:
            return j
        if same:
            i += 1
            j += 1
        elif raw[j] in _BLANKS:
            j += 1
        elif text[i] in _BLANKS:
            i += 1
            if i > index:
                return j
        else:
            return None
    return None


def _found_in_order(text: str, raw: str, index: int) -> int | None:
    """Offset in ``raw`` of ``text[index]`` (or of the next non-blank character), finding
    the non-blank characters of ``text`` one after the other."""
    while index < len(text) and text[index] in _BLANKS:
        index += 1
    j = 0
    for i in range(index + 1):
        if text[i] in _BLANKS:
            continue
        found = raw.find(text[i], j)
        if found < 0:
            return None
        if i == index:
            return found
        j = found + 1
    return None
