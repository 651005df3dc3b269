"""Tests for pipeline.catalog.linebreak: UAX #14 break opportunities and column widths.

libunistring 1.0 itself (the library GNU gettext 0.21 breaks lines with) is the oracle when
it is installed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalog import linebreak
from pipeline.catalog.linebreak import (
    MANDATORY,
    POSSIBLE,
    char_width,
    columns,
    possible_breaks,
    width_linebreaks,
)
from pipeline.catalog.linebreak_classes import (
    AL,
    BK,
    CL,
    CM,
    HL,
    ID,
    NU,
    OP,
    OPW,
    QU,
    RI,
    SP,
    ZW,
    line_break_class,
)

MIXED = [
    "Hello world, this is (a test) [x] {y} 100% - $5 / 3 ... end!",
    "Ponctuation « guillemets » — tirets – et… points ; deux-points : fin ?",
    "这是一个很长的中文句子，用于测试在翻译文件中如何对宽字符进行换行处理，",
    "日本語のテキスト（括弧付き）と絵文字 👍🏽 🎉 👨‍👩‍👧 🇫🇷🇩🇪 を含む長い文字列です。",
    "مرحبا بالعالم، هذه جملة طويلة جدا مكتوبة باللغة العربية",
    "a\u2028b c\u00a0d e\u200bf",
    "שלום-עולם טוב",
]
ALPHABET = [
    *"abc XYZ 019.,;:!?-()'\"/%$[]{}«»—–…éü中文」「。、ア한글ع٣",
    *("\u0301", "\u200b", "\u2028", "\u00a0", "🇫", "👍", "🏽", "\u200d", "\t", "\u05d0"),
]


def never(pos: int) -> bool:
    return False


# --------------------------------------------------------------------------- classes


@pytest.mark.parametrize(
    ("char", "cls"),
    [
        ("a", AL),
        ("7", NU),
        (" ", SP),
        ("\n", BK),
        ("\u2028", BK),
        ("(", OP),
        ("«", QU),
        ("中", ID),
        ("。", CL),
        ("（", OPW),
        ("\u0301", CM),
        ("\u200b", ZW),
        ("\u05d0", HL),
        ("🇫", RI),
    ],
)
def test_line_break_class(char: str, cls: int) -> None:
    assert line_break_class(char) == cls


# --------------------------------------------------------------------------- widths


@pytest.mark.parametrize(
    ("char", "width"),
    [("a", 1), ("é", 1), ("中", 2), ("（", 2), ("\u0301", 0), ("\x01", 0), ("\u200b", 0)],
)
def test_char_width(char: str, width: int) -> None:
    assert char_width(char) == width


def test_columns() -> None:
    assert columns("abc") == 3
    assert columns("a\x01") == 2  # ASCII text: one column a character, as the wrapper counts
    assert columns("été") == 3
    assert columns("中文 ok") == 7
    assert columns("e\u0301") == 1


# --------------------------------------------------------------------------- break opportunities


def test_possible_breaks() -> None:
    assert list(possible_breaks("Hello world")) == [(6, POSSIBLE)]
    assert list(possible_breaks("word !")) == []  # never before "!"
    assert list(possible_breaks("a\u2028b")) == [(1, MANDATORY)]
    assert list(possible_breaks("中文")) == [(1, POSSIBLE)]
    assert list(possible_breaks("a\u00a0b")) == []  # no-break space


def test_width_linebreaks() -> None:
    text = "aaa bbb ccc ddd"
    assert width_linebreaks(text, 6, 0, never) == [4, 8, 12]
    assert width_linebreaks(text, 7, 0, never) == [4, 8]  # "ccc ddd" fits in 7 columns
    assert width_linebreaks(text, 8, 0, never) == [8]  # a line's trailing space counts
    assert width_linebreaks(text, 8, 2, never) == [4, 12]  # the first line starts at column 2
    assert width_linebreaks(text, 80, 0, never) == []
    assert width_linebreaks(text, 7, 0, lambda pos: pos == 8) == [4, 12]
    assert width_linebreaks("x" * 20 + " y", 7, 0, never) == [21]  # a long word overflows
    assert width_linebreaks("中文中文中文", 4, 0, never) == [2, 4]  # two columns each


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.sampled_from("abcd  efg.,;:!?-()'/%$0123456789"), max_size=300),
    st.integers(min_value=2, max_value=40),
    st.integers(min_value=0, max_value=30),
)
def test_fast_path_agrees_with_streaming(text: str, width: int, startcol: int) -> None:
    """The windowed regular-expression path gives the breaks of the streaming one."""
    blocked = {i for i in range(0, len(text), 7)}
    fast = width_linebreaks(text, width, startcol, blocked.__contains__)
    slow = linebreak._streamed_breaks(text, "", width, startcol, blocked.__contains__)
    assert fast == slow


@settings(max_examples=500, deadline=None)
@given(
    st.text(st.sampled_from("abcd  efg.,;:!?-()'/%$0123456789\"[]{}#+*=<>|~&_"), max_size=300),
    st.integers(min_value=1, max_value=90),
    st.integers(min_value=0, max_value=100),
    st.sets(st.integers(min_value=0, max_value=300), max_size=40),
)
def test_fast_path_agrees_with_streaming_whatever_is_blocked(
    text: str, width: int, startcol: int, blocked: set[int]
) -> None:
    """The fast path's backward search for each line's last break (and forward one for a
    long word's end) gives the streaming path's breaks, whatever the caller forbids, the
    first line starting past the width included."""
    for test in (None, blocked.__contains__):
        fast = width_linebreaks(text, width, startcol, test)
        assert fast == linebreak._streamed_breaks(text, "", width, startcol, test)


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.sampled_from("abcd  efg.,;:!?-()'/%$0123456789\u00e9\u4e2d"), max_size=300),
    st.integers(min_value=2, max_value=40),
    st.integers(min_value=0, max_value=30),
)
def test_no_blocked_test_means_none_blocked(text: str, width: int, startcol: int) -> None:
    """``blocked=None`` (a caller that forbids no break) gives the breaks of a test that
    forbids none, on both paths."""
    assert width_linebreaks(text, width, startcol, None) == width_linebreaks(
        text, width, startcol, lambda pos: False
    )


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.sampled_from("abcd  efg.,;:!?-()'/%0123456789\u00e9\u4e2d\u2028\u0301"), max_size=200
    ),
    st.integers(min_value=2, max_value=40),
    st.integers(min_value=1, max_value=30),
    st.sets(st.integers(min_value=0, max_value=200), max_size=20),
)
def test_breaks_from_column_0_imply_breaks_from_any_later_column(
    text: str, width: int, startcol: int, blocked: set[int]
) -> None:
    """A later first column only fills the first line sooner: the PO writer relies on it to
    compute a string's breaks once (po_write._wrap)."""
    if width_linebreaks(text, width, 0, blocked.__contains__):
        assert width_linebreaks(text, width, startcol, blocked.__contains__)


# --------------------------------------------------------------------------- libunistring


def _libunistring() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
        version = ctypes.c_int.in_dll(lib, "_libunistring_version").value
    except (OSError, ValueError):
        return None
    return lib if version >> 8 == 0x0100 else None  # 1.0.x, the one gettext 0.21 uses


LIBUNISTRING = _libunistring()
needs_libunistring = pytest.mark.skipif(LIBUNISTRING is None, reason="libunistring 1.0 absent")


def libunistring_breaks(text: str) -> list[tuple[int, int]]:
    """u8_possible_linebreaks of ``text``, as (character position, POSSIBLE/MANDATORY)."""
    assert LIBUNISTRING is not None
    function = LIBUNISTRING.u8_possible_linebreaks
    function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p]
    function.restype = None
    data = text.encode("utf-8")
    marks = ctypes.create_string_buffer(len(data))
    function(data, len(data), b"UTF-8", marks)
    found: list[tuple[int, int]] = []
    offset = 0
    for position, char in enumerate(text):
        mark = marks.raw[offset]  # UC_BREAK_POSSIBLE is 2, UC_BREAK_MANDATORY 3
        if mark in (2, 3):
            found.append((position, POSSIBLE if mark == 2 else MANDATORY))
        offset += len(char.encode("utf-8"))
    return found


@needs_libunistring
@pytest.mark.parametrize("text", MIXED)
def test_possible_breaks_match_libunistring(text: str) -> None:
    assert list(possible_breaks(text)) == libunistring_breaks(text)


@needs_libunistring
def test_random_text_breaks_match_libunistring() -> None:
    rng = random.Random(20)
    for _ in range(2000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30)))
        assert list(possible_breaks(text)) == libunistring_breaks(text), repr(text)
