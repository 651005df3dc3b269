"""Where a character of a translation is in its PO file: line and column.

A msgstr is written as quoted strings over one or more lines, with C escapes; the column of
a character is its place in the line as written (1-based, in characters), so that an editor
jumps to the sentence a finding is about.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.catalog.model import Message

_ESCAPES = frozenset("ntrabfv\\\"'?")


def _keyword(message: Message, form: int) -> str:
    return f"msgstr[{form}]" if message.msgid_plural is not None else "msgstr"


def _chars(line: str, begin: int) -> list[int]:
    """Columns (0-based) in ``line`` of each character the quoted string starting at
    ``begin`` (its opening quote) stands for."""
    out: list[int] = []
    i = begin + 1
    while i < len(line) and line[i] != '"':
        if line[i] == "\\" and i + 1 < len(line):
            nxt = line[i + 1]
            if nxt in _ESCAPES:
                out.append(i)
                i += 2
                continue
            if nxt in "01234567":
                stop = i + 2
                while stop < min(i + 4, len(line)) and line[stop] in "01234567":
                    stop += 1
                out.append(i)
                i = stop
                continue
            if nxt == "x":
                stop = i + 2
                while stop < len(line) and line[stop] in "0123456789abcdefABCDEF":
                    stop += 1
                out.append(i)
                i = stop
                continue
        out.append(i)
        i += 1
    return out


def translation_position(
    lines: Sequence[str], message: Message, form: int, offset: int
) -> tuple[int, int] | None:
    """Line and column in the PO file (``lines``, without line ends) of character
    ``offset`` of translation ``form`` of ``message``, or None when it cannot be found."""
    if message.line < 1 or message.line > len(lines):
        return None
    keyword = _keyword(message, form)
    index = message.line - 1
    while index < len(lines):
        stripped = lines[index].lstrip()
        if stripped.startswith(keyword + " ") or stripped.startswith(keyword + '"'):
            break
        index += 1
    else:
        return None
    seen = 0
    first = True
    while index < len(lines):
        line = lines[index].rstrip("\r")
        begin = line.find('"', line.find(keyword) + len(keyword) if first else 0)
        if begin < 0 or (not first and line[:begin].strip()):
            return None
        columns = _chars(line, begin)
        if offset < seen + len(columns):
            return index + 1, columns[offset - seen] + 1
        seen += len(columns)
        first = False
        index += 1
        if index < len(lines) and not lines[index].lstrip().startswith('"'):
            return None
    return None
