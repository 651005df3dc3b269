"""Where GNU gettext may break a line of text: libunistring 1.0's UAX #14 line breaker.

Pure Unicode, no PO syntax. :func:`possible_breaks` is libunistring's
``u8_possible_linebreaks`` (its pair table and rules, on the classes of
:mod:`pipeline.catalog.linebreak_classes`); :func:`char_width` and :func:`columns` are its
``uc_width``; :func:`width_linebreaks` is ``u8_width_linebreaks``, the greedy choice of breaks
by column width, with the positions where the caller forbids a break left out. Text of one
column per character and plain classes takes a fast path: regular expressions over the
text's class codes, searched (backwards from each line's limit) only at each line's end.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from pipeline.catalog.linebreak_classes import (
    AL,
    BA,
    BK,
    CLASS_OF,
    CM,
    HL,
    HY,
    RI,
    SP,
    ZW,
    ZWJ,
    is_wide,
    line_break_class,
)

__all__ = [
    "MANDATORY",
    "POSSIBLE",
    "char_width",
    "columns",
    "possible_breaks",
    "width_linebreaks",
]

_D, _I, _P = 0, 1, 2
# Pair table of libunistring 1.0 (row: class before, column: class after; D direct
# break, I break only across spaces, P prohibited).
_TABLE_ROWS = """\
PIIIIIPPPIIIIPIIIPIIIIIIIIIIIIP
PIIIIIPPPIIIIPIIIPIIIIIIIIIIIIP
PIPIDIPPPIIDIPDDDPDDDDDDDDDDDDP
PDDIDIPPPIIDIPDDDPDDDDDDDDDDDDP
PIIIIIPPPIIIIPIIIPIIIIIIIIIIIIP
PDDIDIPPPIIDIPIDDPDDDDDDDDDDDDP
PIDIDIPPPIPDIPDIIPDDDDDDDDDDDDP
PIDIDIPPPIIDIPIIIPIDDDDDDIDDDDP
PIDIDIPPPIIDIPDDDPDDDDDDDDDDDDP
PIDIDIPPPIIDIPDDDPDDDDDDDDDDDDP
PIDIDIPPPIIDIPDDDPDDDDDDDDDDDDP
PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
PIIIIIPPPIIPIPIIIPIIIIIIIIIIIPP
PIDIDIPPPIIDIPIDDPDDDDDDDDDDDDP
PIDIDIPPPIIIIPIIIPIDDDDDDIDDDDP
PIDIDIPPPIIIIPIDDPIDDDDDDIDDDIP
PIDIDIPPPIIIIPIDDPIIIIIIIIDIIIP
PIDIDIPPPIIDIPIDDPDDDDDDDIDDDDP
PIDIDIPPPIIIIPIIIPIDDDDDDIDDDDP
PIDIDIPPPIIDIPDIDPDDDDDIIDDDDDP
PIDIDIPPPIIDIPDIDPDDDDDDIDDDDDP
PIDIDIPPPIIDIPDIDPDDDDDDDDDDDDP
PIDIDIPPPIIDIPDIDPDIIDIIDDDDDDP
PIDIDIPPPIIDIPDIDPDDDDDIIDDDDDP
PIDIDIPPPIIDIPDIDPDDDDDDIDDDDDP
PIDIDIPPPIIIIPIIIPIDDDDDDIDDDDP
PIDIDIPPPIIDIPDDDPDDDDDDDDIDDDP
PIDIDIPPPIIDIPDIDPDDDDDDDDDDIDP
PIDIDIPPPIIDIPDIDPDDDDDDDDDDDDP
PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
PIDIDIPPPIPDIPDIIPDDDDDDDDDDDDP"""
_LB_TABLE = [[{"D": _D, "I": _I, "P": _P}[c] for c in row] for row in _TABLE_ROWS.split("\n")]

_HL_BA = 105
"""State of :func:`possible_breaks` after a Hebrew letter and a hyphen (no break follows)."""

# --------------------------------------------------------------------------- widths


_width_cache: dict[str, int] = {}


def char_width(ch: str) -> int:
    """Columns a character takes (libunistring uc_width; control characters count 0)."""
    w = _width_cache.get(ch)
    if w is not None:
        return w
    cp = ord(ch)
    if cp < 0x20 or 0x7F <= cp < 0xA0:
        w = 0
    elif cp == 0xAD:
        w = 1
    elif unicodedata.category(ch) in ("Mn", "Me", "Cf") or 0x1160 <= cp <= 0x11FF or cp == 0x200B:
        w = 0
    elif is_wide(ch):
        w = 2
    else:
        w = 1
    _width_cache[ch] = w
    return w


class _WidthDigits(dict[int, str]):
    """``str.translate`` table: the column width of each character as a digit."""

    def __missing__(self, cp: int) -> str:
        digit = str(char_width(chr(cp)))
        self[cp] = digit
        return digit


_WIDTH_DIGITS = _WidthDigits()


def columns(text: str) -> int:
    """Columns ``text`` takes, as :func:`width_linebreaks` counts them (ASCII text: one a
    character, control characters included)."""
    if text.isascii():
        return len(text)
    digits = text.translate(_WIDTH_DIGITS)
    return len(digits) if digits.count("1") == len(digits) else sum(map(int, digits))


# --------------------------------------------------------------------------- break opportunities

# Break markers (as libunistring's UC_BREAK_* values matter only by identity).
POSSIBLE, MANDATORY = 1, 2

# Runs of characters whose line-break state repeats (AL after AL, NU after NU): only the
# first character of such a run needs the full treatment.
_RUN_RE = re.compile(r"[A-Za-zªµºÀ-ÖØ-öø-ÿ]{2,}|[0-9]{2,}")


def possible_breaks(text: str) -> Iterator[tuple[int, int]]:
    """libunistring u8_possible_linebreaks: (position, POSSIBLE or MANDATORY) pairs.

    A generator: a 50 MB string must not become a list of millions of tuples."""
    prev = BK  # class of the previous character (_HL_BA: Hebrew letter + hyphen)
    last = BK  # class of the last non-space character
    seen_space = False
    ri_count = 0
    table = _LB_TABLE
    classes = CLASS_OF
    runs = _RUN_RE.finditer(text)
    run = next(runs, None)
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        prop = classes[ch]
        if prop == BK:
            yield (i, MANDATORY)
            prev = last = BK
            seen_space = False
            ri_count = 0
            i += 1
            continue
        if prop == SP:
            seen_space = True
        elif prop == ZW:
            last = ZW
            seen_space = False
        elif prop in (CM, ZWJ):
            if last == BK:
                last = AL
                seen_space = False
            elif last == ZW or seen_space:
                yield (i, POSSIBLE)
                last = AL
                seen_space = False
        else:
            if last == BK or prev in (ZWJ, _HL_BA):
                pass
            elif last == ZW:
                yield (i, POSSIBLE)
            elif last == RI and prop == RI:
                if seen_space or ri_count % 2 == 0:
                    yield (i, POSSIBLE)
            else:
                kind = table[last][prop]
                if kind == _D or (kind == _I and seen_space):
                    yield (i, POSSIBLE)
            last = prop
            seen_space = False
        prev = _HL_BA if prev == HL and prop in (HY, BA) else prop
        ri_count = ri_count + 1 if prop == RI else 0
        while run is not None and run.start() < i:
            run = next(runs, None)
        if run is not None and run.start() == i:
            i = run.end()
            run = next(runs, None)
        else:
            i += 1


# ------------------------------------------------------------------ fast line breaks
#
# Most text holds only characters whose line-break class takes part in plain pair rules
# (no mandatory break, combining mark, zero-width (joiner), Hebrew letter or regional
# indicator). For such text the break opportunities are where the pair table allows a
# break between a character and the next non-space one (directly, or only across spaces):
# one regular expression over a string of class codes finds them all.

_PLAIN_CLASSES = frozenset(range(31)) - {HL, RI}
_SPACE_CODE = " "


def _class_code(cls: int) -> str:
    return chr(0x41 + cls)


class _ClassCodes(dict[int, str]):
    """``str.translate`` table: each character's class as one code character (NUL for a
    character the fast path does not handle)."""

    def __missing__(self, cp: int) -> str:
        cls = line_break_class(chr(cp))
        code = _SPACE_CODE if cls == SP else _class_code(cls) if cls in _PLAIN_CLASSES else "\0"
        self[cp] = code
        return code


_CLASS_CODES = _ClassCodes()


def _break_pattern() -> re.Pattern[str]:
    parts: list[str] = []
    for a in sorted(_PLAIN_CLASSES):
        direct = "".join(_class_code(b) for b in sorted(_PLAIN_CLASSES) if _LB_TABLE[a][b] == _D)
        spaced = "".join(_class_code(b) for b in sorted(_PLAIN_CLASSES) if _LB_TABLE[a][b] == _I)
        options = []
        if direct:
            options.append(f" *(?=[{re.escape(direct)}])")
        if spaced:
            options.append(f" +(?=[{re.escape(spaced)}])")
        if options:
            parts.append(f"{re.escape(_class_code(a))}(?:{'|'.join(options)})")
    return re.compile("|".join(parts))


_BREAK_RE = _break_pattern()


def _backward_break_pattern() -> re.Pattern[str]:
    """:data:`_BREAK_RE` read backwards: over the reversed class codes, a match starts at
    each character before which a break is allowed (the pair of the last non-space class
    before it and its own allows one, directly or across spaces), and nowhere else."""
    plain = sorted(_PLAIN_CLASSES)
    parts: list[str] = []
    for b in plain:
        direct = "".join(_class_code(a) for a in plain if _LB_TABLE[a][b] == _D)
        spaced = "".join(_class_code(a) for a in plain if _LB_TABLE[a][b] == _I)
        options = []
        if direct:
            options.append(f" *[{re.escape(direct)}]")
        if spaced:
            options.append(f" +[{re.escape(spaced)}]")
        if options:
            parts.append(f"{re.escape(_class_code(b))}(?={'|'.join(options)})")
    return re.compile("|".join(parts))


_BACKWARD_BREAK_RE = _backward_break_pattern()

_FAST_WRAP_LIMIT = 65_536
"""Longest text broken by :func:`_windowed_breaks` (which copies the text as class codes,
forwards and backwards);
longer ones, and text with wide or zero-width characters, take the streaming path."""


def _windowed_breaks(
    codes: str, width: int, startcol: int, blocked: Callable[[int], bool] | None
) -> list[int]:
    """:func:`width_linebreaks` for text of one column per character and plain classes only
    (``codes``: its class codes), looking only at the breaks around each line's end.

    A break is allowed before a non-space character when the pair of the last non-space
    class before it and its own allows one: each line's last break is found by one search
    of the reversed codes from the line's limit backwards; only when the line has none is
    its first break searched forwards (from the last non-space character before it, where
    a match of :data:`_BREAK_RE` starts)."""
    n = len(codes)
    backwards = codes[::-1]

    def last_until(limit: int) -> int:
        """The last allowed break at or before ``limit``, or -1."""
        at = n - 1 - limit
        while True:
            match = _BACKWARD_BREAK_RE.search(backwards, at)
            if match is None:
                return -1
            pos = n - 1 - match.start()
            if blocked is None or not blocked(pos):
                return pos
            at = match.start() + 1

    def first_after(floor: int) -> int:
        """The first allowed break after ``floor`` (below ``n``), or -1."""
        start = floor
        while start > 0 and codes[start] == _SPACE_CODE:
            start -= 1
        while True:
            match = _BREAK_RE.search(codes, start)
            if match is None:
                return -1
            pos = match.end()
            if pos > floor and (blocked is None or not blocked(pos)):
                return pos
            start = pos

    result: list[int] = []
    base = -startcol
    after = 0  # every break up to here is behind: the next line's first one comes after it
    while True:
        limit = base + width
        if limit >= n:
            return result
        last = last_until(limit)
        if last <= after:
            # No break between the line's first possible one and its limit (a word longer
            # than the line, or the text's first): the line ends at its first possible break,
            # which gettext takes without a test; none left means the text ends the line.
            last = first_after(after)
            if last < 0:
                return result
        result.append(last)
        base, after = last, max(limit, last)


def width_linebreaks(
    text: str, width: int, startcol: int, blocked: Callable[[int], bool] | None
) -> list[int]:
    """Positions before which a new line starts (libunistring u8_width_linebreaks).

    The first line starts at column ``startcol``; no line but an unbreakable one goes past
    ``width`` columns. ``blocked(pos)`` is true where the caller forbids a break that the
    rules allow (it is asked only about those); None: the caller forbids none."""
    digits = ""
    if not text.isascii():
        digits = text.translate(_WIDTH_DIGITS)
        if digits.count("1") == len(digits):
            digits = ""
    if not digits and len(text) <= _FAST_WRAP_LIMIT:
        codes = text.translate(_CLASS_CODES)
        if "\0" not in codes:
            return _windowed_breaks(codes, width, startcol, blocked)
    return _streamed_breaks(text, digits, width, startcol, blocked)


def _streamed_breaks(
    text: str, digits: str, width: int, startcol: int, blocked: Callable[[int], bool] | None
) -> list[int]:
    """:func:`width_linebreaks` over :func:`possible_breaks`, for any text (``digits``: the
    width of each character as a digit, or "" when every character takes one column)."""
    # Column of a position, computed as positions increase (no list of n columns: a
    # 50 MB string would need gigabytes).
    cursor = [0, 0]  # position, its column

    def column(pos: int) -> int:
        if not digits:
            return pos
        if pos > cursor[0]:
            chunk = digits[cursor[0] : pos]
            cursor[1] += chunk.count("1") + 2 * chunk.count("2")
            cursor[0] = pos
        return cursor[1]

    result: list[int] = []
    last_p = -1
    last_column = startcol
    piece_column = 0
    for pos, kind in possible_breaks(text):
        if blocked is not None and blocked(pos):
            continue
        here = column(pos)
        piece = here - piece_column
        if last_p >= 0 and last_column + piece > width:
            result.append(last_p)
            last_column = 0
        if kind == MANDATORY:
            last_p = -1
            last_column = 0
            piece_column = column(pos + 1)
        else:
            last_p = pos
            last_column += piece
            piece_column = here
    piece = column(len(text)) - piece_column
    if last_p >= 0 and last_column + piece > width:
        result.append(last_p)
    return result
