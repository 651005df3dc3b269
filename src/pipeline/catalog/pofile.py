"""Read and write PO/POT files, laid out exactly as GNU gettext 0.21 (``msgcat``) writes them.

The reader is a line-based parser written for speed and exact error lines (polib is
lenient, slow and loses the line of a fault). The writer reproduces gettext's
``write-po.c``: comment order, ``#:`` re-wrapping, string wrapping at 79 columns with
libunistring's line-breaking rules (UAX #14 pair table, character widths), the
``msgid ""`` convention, canonical ``#,`` flags and obsolete entries at the end.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from pipeline.catalog.model import Catalog, Message
from pipeline.errors import CatalogError

__all__ = ["catalog_language", "format_po", "generate_po", "parse_po", "read_po"]

# --------------------------------------------------------------------------- reading

_STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE_RE = re.compile(r'\\(?:([ntbrfva"\\])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))')
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    '"': '"',
    "\\": "\\",
}
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)\s*")
_CHARSET_RE = re.compile(r"charset=([^\s;]*)", re.IGNORECASE)
_OK_CHARSETS = {"utf-8", "utf8", "ascii", "us-ascii", "ansi_x3.4-1968", "charset", ""}

# Sections a continuation string can extend.
_CTXT, _ID, _PLURAL, _STR, _PCTXT, _PID, _PPLURAL = range(7)
_STR_N = 100  # msgstr[n] is section _STR_N + n


class _Entry:
    """Mutable accumulator for one entry while parsing."""

    __slots__ = (
        "extracted",
        "flags",
        "msgctxt",
        "msgid",
        "msgid_line",
        "msgid_plural",
        "msgstr",
        "msgstr_plural",
        "obsolete",
        "prev_ctxt",
        "prev_id",
        "prev_plural",
        "refs",
        "start_line",
        "translator",
    )

    def __init__(self) -> None:
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.refs: list[str] = []
        self.flags: list[str] = []
        self.prev_ctxt: list[str] | None = None
        self.prev_id: list[str] | None = None
        self.prev_plural: list[str] | None = None
        self.msgctxt: list[str] | None = None
        self.msgid: list[str] | None = None
        self.msgid_plural: list[str] | None = None
        self.msgstr: list[str] | None = None
        self.msgstr_plural: list[list[str]] = []
        self.msgid_line = 0
        self.obsolete = False
        self.start_line = 0

    def empty(self) -> bool:
        return (
            self.msgid is None
            and self.msgctxt is None
            and not self.translator
            and not self.extracted
            and not self.refs
            and not self.flags
            and self.prev_ctxt is None
            and self.prev_id is None
            and self.prev_plural is None
        )

    def to_message(self) -> Message:
        assert self.msgid is not None
        plural = None if self.msgid_plural is None else "".join(self.msgid_plural)
        return Message(
            msgid="".join(self.msgid),
            msgstr="" if self.msgstr is None else "".join(self.msgstr),
            msgctxt=None if self.msgctxt is None else "".join(self.msgctxt),
            msgid_plural=plural,
            msgstr_plural=tuple("".join(p) for p in self.msgstr_plural),
            translator_comments=tuple(self.translator),
            extracted_comments=tuple(self.extracted),
            references=tuple(self.refs),
            flags=tuple(self.flags),
            previous_msgctxt=None if self.prev_ctxt is None else "".join(self.prev_ctxt),
            previous_msgid=None if self.prev_id is None else "".join(self.prev_id),
            previous_msgid_plural=None if self.prev_plural is None else "".join(self.prev_plural),
            obsolete=self.obsolete,
            line=self.msgid_line,
        )


class _BadEscape(ValueError):
    """An escape sequence gettext does not accept."""


def _unescape_match(match: re.Match[str]) -> str:
    simple, octal, hexa, bad = match.groups()
    if simple is not None:
        return _SIMPLE_ESCAPES[simple]
    if bad is not None:
        raise _BadEscape(f"invalid escape sequence '\\{bad}'")
    value = (int(octal, 8) if octal is not None else int(hexa, 16)) & 0xFF
    if value == 0:
        raise _BadEscape("NUL byte in escape sequence")
    # Bytes >= 0x80 become surrogate escapes, reassembled as UTF-8 afterwards.
    return chr(value) if value < 0x80 else chr(0xDC00 + value)


_BYTE_ESCAPE_RE = re.compile(r"\\[0-7x]")


def _parse_string(rest: str, path: str, line: int) -> str:
    """Content of the quoted string that makes up ``rest`` (unescaped; no trailing blanks)."""
    if len(rest) >= 2 and rest[0] == '"' and rest[-1] == '"':
        body = rest[1:-1]
        if '"' not in body and "\\" not in body:
            return body
    match = _STRING_RE.match(rest)
    if match is None:
        if rest.startswith('"'):
            raise CatalogError("unterminated string", path, line)
        raise CatalogError(f"syntax error: expected a quoted string, got {rest[:30]!r}", path, line)
    if match.end() != len(rest):
        extra = rest[match.end() :].strip()
        raise CatalogError(
            f"syntax error: unexpected text after string: {extra[:30]!r}", path, line
        )
    body = match.group(1)
    if "\\" not in body:
        return body
    try:
        text = _ESCAPE_RE.sub(_unescape_match, body)
    except _BadEscape as exc:
        raise CatalogError(str(exc), path, line) from None
    if _BYTE_ESCAPE_RE.search(body) is not None:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeError:
            raise CatalogError("octal/hex escapes do not form valid UTF-8", path, line) from None
    return text


def parse_po(text: str, path: str) -> Catalog:
    """Parse PO/POT text into a :class:`Catalog`.

    Raises :class:`CatalogError` with the 1-based line of the first fault.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        raise CatalogError("NUL byte in file", path, text.count("\n", 0, nul) + 1)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    header: Message | None = None
    messages: list[Message] = []
    seen: dict[tuple[str | None, str], int] = {}
    entry = _Entry()
    section = -1  # what a continuation string extends; _STR + 1 + n for msgstr[n]
    section_obsolete = False
    has_str = False

    def finish(lineno: int) -> None:
        nonlocal entry, header, section, has_str
        if entry.msgid is None:
            if entry.msgctxt is not None:
                raise CatalogError("msgctxt without msgid", path, lineno)
            if entry.empty():
                return
            # Comments at the end of the file (or before nothing): gettext drops them.
            entry = _Entry()
            return
        if not has_str:
            raise CatalogError(
                f"missing msgstr for the msgid at line {entry.msgid_line}", path, lineno
            )
        msg = entry.to_message()
        if not msg.obsolete:
            first = seen.get(msg.key)
            if first is not None:
                raise CatalogError(
                    f"duplicate message definition (first defined at line {first})",
                    path,
                    msg.line,
                )
            seen[msg.key] = msg.line
            if header is None and msg.msgid == "" and msg.msgctxt is None:
                header = msg
                _check_charset(msg, lines, path)
            else:
                messages.append(msg)
        else:
            messages.append(msg)
        entry = _Entry()
        section = -1
        has_str = False

    def keyword(rest: str, lineno: int, obsolete: bool) -> None:
        nonlocal section, section_obsolete, has_str
        match = _KEYWORD_RE.match(rest)
        if match is None:
            word = rest.split(None, 1)[0] if rest.strip() else rest
            raise CatalogError(f"syntax error: unknown keyword {word[:30]!r}", path, lineno)
        kw, index = match.group(1), match.group(2)
        if index is not None and kw != "msgstr":
            raise CatalogError(f"syntax error: unknown keyword '{kw}[{index}]'", path, lineno)
        value = [_parse_string(rest[match.end() :], path, lineno)]
        if kw == "msgctxt":
            if entry.msgid is not None or entry.msgctxt is not None:
                finish(lineno)
            entry.msgctxt = value
            entry.obsolete = obsolete
            section = _CTXT
        elif kw == "msgid":
            if entry.msgid is not None:
                finish(lineno)
            entry.msgid = value
            entry.msgid_line = lineno
            entry.obsolete = obsolete
            section = _ID
        elif kw == "msgid_plural":
            if entry.msgid is None or has_str or entry.msgid_plural is not None:
                raise CatalogError("msgid_plural without a preceding msgid", path, lineno)
            entry.msgid_plural = value
            section = _PLURAL
        elif index is None:
            if entry.msgid is None or has_str:
                raise CatalogError("msgstr without a preceding msgid", path, lineno)
            if entry.msgid_plural is not None:
                raise CatalogError(
                    "plural entry (msgid_plural) needs msgstr[N], not msgstr", path, lineno
                )
            entry.msgstr = value
            has_str = True
            section = _STR
        else:
            if entry.msgid is None or (has_str and entry.msgid_plural is None):
                raise CatalogError("msgstr[N] without a preceding msgid", path, lineno)
            if entry.msgid_plural is None:
                raise CatalogError(
                    "msgstr[N] on an entry without msgid_plural (use msgstr)", path, lineno
                )
            n = int(index)
            if n != len(entry.msgstr_plural):
                raise CatalogError(
                    f"plural form index msgstr[{n}] out of sequence "
                    f"(expected msgstr[{len(entry.msgstr_plural)}])",
                    path,
                    lineno,
                )
            entry.msgstr_plural.append(value)
            has_str = True
            section = _STR_N + n
        section_obsolete = obsolete

    def previous(rest: str, lineno: int, obsolete: bool) -> None:
        nonlocal section, section_obsolete
        rest = rest.lstrip()
        if rest.startswith('"'):
            if section not in (_PCTXT, _PID, _PPLURAL) or section_obsolete != obsolete:
                raise CatalogError("syntax error: stray string in #| comment", path, lineno)
            value = _parse_string(rest.rstrip(), path, lineno)
            target = {_PCTXT: entry.prev_ctxt, _PID: entry.prev_id}.get(section, entry.prev_plural)
            assert target is not None
            target.append(value)
            return
        if entry.msgid is not None:
            finish(lineno)
        match = _KEYWORD_RE.match(rest)
        if match is None or match.group(2) is not None or match.group(1) == "msgstr":
            word = rest.split(None, 1)[0] if rest.strip() else rest
            raise CatalogError(f"syntax error in #| comment: {word[:30]!r}", path, lineno)
        chunks = [_parse_string(rest[match.end() :].rstrip(), path, lineno)]
        kw = match.group(1)
        if kw == "msgctxt":
            entry.prev_ctxt = chunks
            section = _PCTXT
        elif kw == "msgid":
            entry.prev_id = chunks
            section = _PID
        else:
            entry.prev_plural = chunks
            section = _PPLURAL
        section_obsolete = obsolete

    def continuation(rest: str, lineno: int, obsolete: bool) -> None:
        if section < 0 or section in (_PCTXT, _PID, _PPLURAL) or section_obsolete != obsolete:
            raise CatalogError("syntax error: string without a keyword", path, lineno)
        value = _parse_string(rest, path, lineno)
        if section == _ID:
            assert entry.msgid is not None
            entry.msgid.append(value)
        elif section == _STR:
            assert entry.msgstr is not None
            entry.msgstr.append(value)
        elif section >= _STR_N:
            entry.msgstr_plural[section - _STR_N].append(value)
        elif section == _CTXT:
            assert entry.msgctxt is not None
            entry.msgctxt.append(value)
        else:
            assert entry.msgid_plural is not None
            entry.msgid_plural.append(value)

    def comment_start(lineno: int) -> None:
        nonlocal section
        if entry.msgid is not None or entry.msgctxt is not None:
            finish(lineno)
        section = -1

    lineno = 0
    for raw in lines:
        lineno += 1
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line or line[0] not in '"m#':
            line = line.strip()
            if not line:
                continue
        if line[0] == '"':
            continuation(line.rstrip(), lineno, False)
        elif line[0] == "#":
            kind = line[1:2]
            if kind == "~":
                rest = line[2:]
                if rest.startswith("|"):
                    previous(rest[1:], lineno, True)
                    continue
                rest = rest.strip()
                if not rest:
                    continue
                if rest[0] == '"':
                    continuation(rest, lineno, True)
                else:
                    keyword(rest, lineno, True)
            elif kind == "|":
                previous(line[2:], lineno, False)
            elif kind == ":":
                comment_start(lineno)
                entry.refs.extend(line[2:].split())
            elif kind == "," or kind == "!":
                comment_start(lineno)
                entry.flags.extend(f for f in (s.strip() for s in line[2:].split(",")) if f)
            elif kind == ".":
                comment_start(lineno)
                rest = line[2:]
                entry.extracted.append(rest[1:] if rest.startswith(" ") else rest)
            else:
                comment_start(lineno)
                rest = line[1:]
                entry.translator.append(rest[1:] if rest.startswith(" ") else rest)
        else:
            keyword(line.rstrip(), lineno, False)
    finish(max(lineno, 1))
    return Catalog(header=header, messages=messages, path=path)


def _check_charset(header: Message, lines: list[str], path: str) -> None:
    for raw in header.msgstr.split("\n"):
        name, sep, value = raw.partition(":")
        if not sep or name.strip().lower() != "content-type":
            continue
        match = _CHARSET_RE.search(value)
        if match is None or match.group(1).lower() in _OK_CHARSETS:
            return
        line = header.line
        for i in range(header.line - 1, len(lines)):
            if "charset=" in lines[i].lower():
                line = i + 1
                break
        raise CatalogError(
            f"unsupported charset {match.group(1)!r} in the header (only UTF-8 is supported)",
            path,
            line,
        )


def read_po(path: Path, display: str | None = None) -> Catalog:
    """Read a PO/POT file (strict UTF-8, BOM and CRLF accepted) and parse it."""
    name = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read file: {exc.strerror or exc}", name) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", name, line) from None
    return parse_po(text, name)


def catalog_language(catalog: Catalog) -> str | None:
    """The header's ``Language`` field, or None when absent or empty."""
    return catalog.header_fields().get("Language") or None


# --------------------------------------------------------------------------- writing
#
# Line breaking follows libunistring 1.0 (used by gettext 0.21): u8_possible_linebreaks
# with its pair table, then u8_width_linebreaks (greedy, by column width).

# Line-break classes, indexes into _LB_TABLE (libunistring's order).
(WJ, GL, B2, BA, BB, HY, CL, CP, EX, IN, NS, OP, QU, IS, NU, PO, PR, SY) = range(18)
(AL, H2, H3, ID, JL, JV, JT, HL, RI, EB, EM, OPW, CPW) = range(18, 31)
# OPW/CPW: East Asian wide opening/closing punctuation (rule LB30).
_SP, _BK, _CM, _ZW, _ZWJ, _HL_BA = 100, 101, 102, 103, 104, 105

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

_ASCII_CLASSES = {
    "\t": BA,
    " ": _SP,
    "!": EX,
    '"': QU,
    "$": PR,
    "%": PO,
    "'": QU,
    "(": OP,
    ")": CP,
    "+": PR,
    ",": IS,
    "-": HY,
    ".": IS,
    "/": SY,
    ":": IS,
    ";": IS,
    "?": EX,
    "[": OP,
    "\\": PR,
    "]": CP,
    "{": OP,
    "|": BA,
    "}": CL,
}
_LATIN1_CLASSES = {
    0xA0: GL,
    0xA1: OP,
    0xA2: PO,
    0xA3: PR,
    0xA4: PR,
    0xA5: PR,
    0xAB: QU,
    0xAD: BA,
    0xB0: PO,
    0xB1: PR,
    0xB4: BB,
    0xBB: QU,
    0xBF: OP,
}
# General punctuation and other frequent non-letters whose class a category can't tell.
_SPECIAL_CLASSES: dict[int, int] = {
    0x2007: GL,
    0x200B: _ZW,
    0x200D: _ZWJ,
    0x2010: BA,
    0x2011: GL,
    0x2012: BA,
    0x2013: BA,
    0x2014: B2,
    0x2018: QU,
    0x2019: QU,
    0x201A: OP,
    0x201B: QU,
    0x201C: QU,
    0x201D: QU,
    0x201E: OP,
    0x201F: QU,
    0x2024: IN,
    0x2025: IN,
    0x2026: IN,
    0x2027: BA,
    0x2028: _BK,
    0x2029: _BK,
    0x202F: GL,
    0x2039: QU,
    0x203A: QU,
    0x203C: NS,
    0x203D: NS,
    0x2044: IS,
    0x2045: OP,
    0x2046: CL,
    0x2047: NS,
    0x2048: NS,
    0x2049: NS,
    0x2056: BA,
    0x2058: BA,
    0x2059: BA,
    0x205A: BA,
    0x205B: BA,
    0x205D: BA,
    0x205E: BA,
    0x205F: BA,
    0x2060: WJ,
    0x2E3A: B2,
    0x2E3B: B2,
    0x3000: BA,
    0x3001: CL,
    0x3002: CL,
    0x3003: ID,
    0x3005: NS,
    0x301C: NS,
    0x303B: NS,
    0x30A0: NS,
    0x30FB: NS,
    0x30FC: NS,
    0x30FD: NS,
    0x30FE: NS,
    0xFE50: CL,
    0xFE52: CL,
    0xFEFF: WJ,
    0xFFFC: ID,
    0xFF01: EX,
    0xFF04: PR,
    0xFF05: PO,
    0xFF0C: CL,
    0xFF0E: CL,
    0xFF1A: NS,
    0xFF1B: NS,
    0xFF1F: EX,
    0xFF61: CL,
    0xFF64: CL,
    0xFF65: NS,
    0x060C: IS,
    0x060D: IS,
    0x061B: EX,
    0x061F: EX,
    0x066A: PO,
    0x066B: NU,
    0x066C: NU,
    0x06D4: EX,
    0x0964: BA,
    0x0965: BA,
    0x0E5A: BA,
    0x0E5B: BA,
    0x1680: BA,
    0x17D4: BA,
    0x17D5: BA,
    0x20A7: PO,
    0x20B6: PO,
    0x20BB: PO,
    0x20BE: PO,
    0x2030: PO,
    0x2031: PO,
    0x2032: PO,
    0x2033: PO,
    0x2034: PO,
    0x2035: PO,
    0x2036: PO,
    0x2037: PO,
    0x2103: PO,
    0x2109: PO,
    0x2116: PR,
    0x2212: PR,
    0x2213: PR,
}
_SMALL_KANA = frozenset(
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯｰ々〻"
)
_CATEGORY_CLASSES = {
    "Mn": _CM,
    "Me": _CM,
    "Mc": _CM,
    "Cc": _CM,
    "Cf": _CM,
    "Zs": BA,
    "Zl": _BK,
    "Zp": _BK,
    "Pd": BA,
    "Ps": OP,
    "Pe": CL,
    "Pi": QU,
    "Pf": QU,
    "Nd": NU,
    "Sc": PR,
}

_EB_RANGES = (
    (0x261D, 0x261D),
    (0x26F9, 0x26F9),
    (0x270A, 0x270D),
    (0x1F385, 0x1F385),
    (0x1F3C2, 0x1F3C4),
    (0x1F3C7, 0x1F3C7),
    (0x1F3CA, 0x1F3CC),
    (0x1F442, 0x1F443),
    (0x1F446, 0x1F450),
    (0x1F466, 0x1F478),
    (0x1F47C, 0x1F47C),
    (0x1F481, 0x1F483),
    (0x1F485, 0x1F487),
    (0x1F48F, 0x1F48F),
    (0x1F491, 0x1F491),
    (0x1F4AA, 0x1F4AA),
    (0x1F574, 0x1F575),
    (0x1F57A, 0x1F57A),
    (0x1F590, 0x1F590),
    (0x1F595, 0x1F596),
    (0x1F645, 0x1F647),
    (0x1F64B, 0x1F64F),
    (0x1F6A3, 0x1F6A3),
    (0x1F6B4, 0x1F6B6),
    (0x1F6C0, 0x1F6C0),
    (0x1F6CC, 0x1F6CC),
    (0x1F90C, 0x1F90C),
    (0x1F90F, 0x1F90F),
    (0x1F918, 0x1F91F),
    (0x1F926, 0x1F926),
    (0x1F930, 0x1F939),
    (0x1F93C, 0x1F93E),
    (0x1F977, 0x1F977),
    (0x1F9B5, 0x1F9B6),
    (0x1F9B8, 0x1F9B9),
    (0x1F9BB, 0x1F9BB),
    (0x1F9CD, 0x1F9CF),
    (0x1F9D1, 0x1F9DD),
    (0x1FAC3, 0x1FAC5),
    (0x1FAF0, 0x1FAF6),
)


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


# Classes that the category-based guess gets wrong (derived from libunistring 1.0).
_CLASS_EXCEPTIONS = """
2C8:BB 2CC:BB 2DF:BB 34F:GL 35C-362:GL 37E:IS 589:IS 5C6:EX 600-605:AL 609-60B:PO 61D-61E:EX
6DD:AL 70F:AL 7F8:IS 7F9:EX 890-891:AL 8E2:AL 9F2-9F3:PO 9F9:PO C77:BB C84:BB D79:PO E31:AL
E34-E3A:AL E47-E4E:AL EB1:AL EB4-EBC:AL EC8-ECD:AL F01-F04:BB F06-F07:BB F08:GL F09-F0A:BB
F0B:BA F0C:GL F0D-F11:EX F12:GL F14:EX F34:BA F7F:BA F85:BA FBE-FBF:BA FD0-FD1:BB FD2:BA FD3:BB
FD9-FDA:GL 102B-103E:AL 104A-104B:BA 1056-1059:AL 105E-1060:AL 1062-1064:AL 1067-106D:AL
1071-1074:AL 1082-108D:AL 108F:AL 109A-109D:AL 1361:BA 16EB-16ED:BA 1735-1736:BA 17B4-17D3:AL
17D6:NS 17D8:BA 17DA:BA 17DD:AL 1802-1803:EX 1804-1805:BA 1806:BB 1808-1809:EX 180E:GL
1944-1945:EX 1A55-1A5E:AL 1A60-1A7C:AL 1B5A-1B5B:BA 1B5D-1B60:BA 1B7D-1B7E:BA 1C3B-1C3F:BA
1C7E-1C7F:BA 1FFD:BB 2015:AL 2061-2064:AL 20C0:PO 22EF:IN 23E9-23EC:AL 23F1-23F2:ID 25FD-25FE:AL
2600-2603:ID 2618:ID 261A-261C:ID 261E-261F:ID 2639-263B:ID 2648-2653:AL 2668:ID 2693:AL 26A1:AL
26AA-26AB:AL 26BF-26C3:ID 26C6-26C8:ID 26CD:ID 26CE:AL 26CF-26D1:ID 26D3:ID 26D8-26D9:ID 26DC:ID
26DF-26E1:ID 26F1:ID 26F4:ID 26F7-26F8:ID 26FE-2704:ID 2705:AL 2708-2709:ID 2728:AL 274C:AL
274E:AL 2753-2755:AL 2757:AL 275B-2760:QU 2762-2763:EX 2764:ID 2795-2797:AL 27B0:AL 27BF:AL
2B1B-2B1C:AL 2B50:AL 2B55:AL 2CF9:EX 2CFA-2CFC:BA 2CFE:EX 2CFF:BA 2D70:BA 2E00-2E01:QU
2E06-2E08:QU 2E0B:QU 2E0E-2E15:BA 2E18:OP 2E19:BA 2E1A:AL 2E2A-2E2D:BA 2E2E:EX 2E30-2E31:BA
2E33-2E34:BA 2E3C-2E3E:BA 2E41:BA 2E43-2E4A:BA 2E4C:BA 2E4E-2E4F:BA 2E53-2E54:EX 3030:ID
3035:_CM 303C:NS 303F:ID 309B-309E:NS A015:NS A4FE-A4FF:BA A60D:BA A60E:EX A60F:BA A6F3-A6F7:BA
A838:PO A874-A875:BB A876-A877:EX A8CE-A8CF:BA A8FC:BB A92E-A92F:BA A9C7-A9C9:BA A9E5:AL
AA5D-AA5F:BA AA7B-AA7D:AL AAB0:AL AAB2-AAB4:AL AAB7-AAB8:AL AABE-AABF:AL AAC1:AL AAF0-AAF1:BA
ABEB:BA FB29:AL FDFC:PO FE10:IS FE11-FE12:CL FE13-FE14:IS FE15-FE16:EX FE19:IN FE31-FE32:ID
FE54-FE55:NS FE56-FE57:EX FE58:ID FE63:ID FE69:PR FE6A:PO FF0D:ID FF10-FF19:ID FF62:OPW FF66:ID
FF71-FF9D:ID FF9E-FF9F:NS FFA0-FFBE:ID FFC2-FFC7:ID FFCA-FFCF:ID FFD2-FFD7:ID FFDA-FFDC:ID
FFE0:PO FFE1:PR FFE5-FFE6:PR 1F100-1F10C:AL 1F110-1F16C:AL 1F170-1F1AC:AL 1F39C-1F39D:AL
1F3B5-1F3B6:AL 1F3BC:AL 1F4A0:AL 1F4A2:AL 1F4A4:AL 1F4AF:AL 1F4B1-1F4B2:AL 1F500-1F506:AL
1F517-1F524:AL 1F532-1F549:AL 1F5D4-1F5DB:AL 1F5F4-1F5F9:AL 1F650-1F675:AL 1F676-1F678:QU
1F679-1F67B:NS 1F67C-1F67F:AL 1F700-1F773:AL 1F780-1F7D4:AL 1F800-1F80B:AL 1F810-1F847:AL
1F850-1F859:AL 1F860-1F887:AL 1F890-1F8AD:AL 1F900-1F90B:AL 1FA00-1FA53:AL
"""
_CLASS_NAMES = {
    name: index
    for index, name in enumerate(
        (
            *("WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP", "EX", "IN", "NS", "OP", "QU"),
            *("IS", "NU", "PO", "PR", "SY", "AL", "H2", "H3", "ID", "JL", "JV", "JT", "HL"),
            *("RI", "EB", "EM", "OPW", "CPW"),
        )
    )
} | {"_SP": _SP, "_BK": _BK, "_CM": _CM, "_ZW": _ZW, "_ZWJ": _ZWJ}
_EXCEPTIONS: dict[int, int] = {}
for _tok in _CLASS_EXCEPTIONS.split():
    _span, _name = _tok.split(":")
    _lo, _, _hi = _span.partition("-")
    for _cp in range(int(_lo, 16), int(_hi or _lo, 16) + 1):
        _EXCEPTIONS[_cp] = _CLASS_NAMES[_name]

_class_cache: dict[str, int] = {}


def _lb_class(ch: str) -> int:
    """libunistring line-break class of a character (AI/XX/SA resolved to AL, CB to ID)."""
    cls = _class_cache.get(ch)
    if cls is not None:
        return cls
    cp = ord(ch)
    if cp < 0x80:
        if ch in _ASCII_CLASSES:
            cls = _ASCII_CLASSES[ch]
        elif cp in (0x0A, 0x0B, 0x0C, 0x0D):
            cls = _BK
        elif cp < 0x20 or cp == 0x7F:
            cls = _CM
        elif "0" <= ch <= "9":
            cls = NU
        else:
            cls = AL
    elif cp < 0x100:
        cls = _LATIN1_CLASSES.get(cp)
        if cls is None:
            cls = _BK if cp == 0x85 else _CM if cp < 0xA0 else AL
    elif cp in _EXCEPTIONS:
        cls = _EXCEPTIONS[cp]
    elif cp in _SPECIAL_CLASSES:
        cls = _SPECIAL_CLASSES[cp]
    elif 0xAC00 <= cp <= 0xD7A3:
        cls = H2 if (cp - 0xAC00) % 28 == 0 else H3
    elif 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        cls = JL
    elif 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        cls = JV
    elif 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        cls = JT
    elif 0x1F1E6 <= cp <= 0x1F1FF:
        cls = RI
    elif 0x1F3FB <= cp <= 0x1F3FF:
        cls = EM
    elif _in_ranges(cp, _EB_RANGES):
        cls = EB
    elif 0x05D0 <= cp <= 0x05F2 or 0xFB1D <= cp <= 0xFB4F:
        cls = HL if unicodedata.category(ch) == "Lo" else _CM
    elif ch in _SMALL_KANA:
        cls = NS
    else:
        cat = unicodedata.category(ch)
        cls = _CATEGORY_CLASSES.get(cat)
        if cls is None or (cls in (OP, CL, QU, NU, PR) and _is_wide(ch)):
            if _is_wide(ch) or 0x1F000 <= cp <= 0x1FAFF:
                cls = ID if cls is None or cls == PR else cls
            elif cls is None:
                cls = AL
        if cls == OP and _is_wide(ch):
            cls = OPW
        elif cls == CP and _is_wide(ch):
            cls = CPW
    _class_cache[ch] = cls
    return cls


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


_width_cache: dict[str, int] = {}


def _char_width(ch: str) -> int:
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
    elif _is_wide(ch):
        w = 2
    else:
        w = 1
    _width_cache[ch] = w
    return w


# Break markers (as libunistring's UC_BREAK_* values matter only by identity).
_PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2


# Runs of characters whose line-break state repeats (AL after AL, NU after NU): only the
# first character of such a run needs the full treatment.
_RUN_RE = re.compile(r"[A-Za-zªµºÀ-ÖØ-öø-ÿ]{2,}|[0-9]{2,}")


def _possible_breaks(text: str) -> Iterator[tuple[int, int]]:
    """libunistring u8_possible_linebreaks: (position, _POSSIBLE or _MANDATORY) pairs.

    A generator: a 50 MB string must not become a list of millions of tuples."""
    prev = _BK  # class of the previous character (_HL_BA: Hebrew letter + hyphen)
    last = _BK  # class of the last non-space character
    seen_space = False
    ri_count = 0
    table = _LB_TABLE
    cache = _class_cache
    runs = _RUN_RE.finditer(text)
    run = next(runs, None)
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        prop = cache.get(ch)
        if prop is None:
            prop = _lb_class(ch)
        if prop == _BK:
            yield (i, _MANDATORY)
            prev = last = _BK
            seen_space = False
            ri_count = 0
            i += 1
            continue
        if prop == _SP:
            seen_space = True
        elif prop == _ZW:
            last = _ZW
            seen_space = False
        elif prop in (_CM, _ZWJ):
            if last == _BK:
                last = AL
                seen_space = False
            elif last == _ZW or seen_space:
                yield (i, _POSSIBLE)
                last = AL
                seen_space = False
        else:
            if last == _BK or prev in (_ZWJ, _HL_BA):
                pass
            elif last == _ZW:
                yield (i, _POSSIBLE)
            elif last == RI and prop == RI:
                if seen_space or ri_count % 2 == 0:
                    yield (i, _POSSIBLE)
            else:
                kind = table[last][prop]
                if kind == _D or (kind == _I and seen_space):
                    yield (i, _POSSIBLE)
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
        cls = _lb_class(chr(cp))
        code = _SPACE_CODE if cls == _SP else _class_code(cls) if cls in _PLAIN_CLASSES else "\0"
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

_FAST_WRAP_LIMIT = 65_536
"""Longest escaped string wrapped by :func:`_windowed_wrap` (which copies the string as class
codes); longer ones, and text with wide or zero-width characters, take the streaming path."""


def _windowed_wrap(
    codes: str, escaped: str, width: int, startcol: int, final: int, forbidden: set[int]
) -> list[int]:
    """:func:`_wrap_portion` for text of one column per character and plain classes only
    (``codes``: its class codes), looking only at the breaks near each line's end.

    The break regular expression gives the same matches from any non-space starting point
    as from the start, so each line's last break before the limit and first one past it
    are found by scanning a short window before the limit (the whole line when a word is
    longer than the window)."""
    n = len(codes)

    def allowed(pos: int) -> bool:
        return (
            pos != final
            and pos not in forbidden
            and not (escaped[pos - 1] == "\\" and _escaped_at(escaped, pos))
        )

    def scan(start: int, limit: int, floor: int) -> tuple[int, int]:
        """(last allowed break in [floor, limit] or -1, first allowed break > limit or -1),
        from the matches starting at ``start`` (a non-space position or 0)."""
        last = -1
        for match in _BREAK_RE.finditer(codes, start):
            pos = match.end()
            if not allowed(pos):
                continue
            if pos > limit:
                return last, pos
            if pos >= floor:
                last = pos
        return last, -1

    result: list[int] = []
    # The first allowed break is taken without a test (gettext's last_p starts unset).
    _, lp = scan(0, -1, 0)
    if lp < 0:
        return result
    base = -startcol
    while True:
        limit = base + width
        if limit >= n:
            return result
        window = max(lp, limit - _WINDOW)
        while window > lp and codes[window] == _SPACE_CODE:
            window -= 1
        last, nxt = scan(window, limit, lp)
        if last < 0 and window > lp:
            last, nxt = scan(lp, limit, lp)
        if last < 0:
            last = lp
        if nxt < 0:
            result.append(last)  # the end is past the limit
            return result
        result.append(last)
        base, lp = last, nxt


_WINDOW = 24
"""Characters before a line's limit scanned for its last break (more when a word is longer)."""


_ESCAPE_OUT = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}
_NEEDS_ESCAPE_RE = re.compile(r'[\a\b\f\n\r\t\v\\"]')


def _escape(text: str) -> str:
    if _NEEDS_ESCAPE_RE.search(text) is None:
        return text
    return _NEEDS_ESCAPE_RE.sub(lambda m: _ESCAPE_OUT[m.group()], text)


class _WidthDigits(dict[int, str]):
    """``str.translate`` table: the column width of each character as a digit."""

    def __missing__(self, cp: int) -> str:
        digit = str(_char_width(chr(cp)))
        self[cp] = digit
        return digit


_WIDTH_DIGITS = _WidthDigits()


def _wrap_portion(
    portion: str, escaped: str, width: int, startcol: int, forbidden: set[int]
) -> list[int]:
    """Positions (in ``escaped``) before which gettext starts a new line.

    libunistring u8_width_linebreaks with gettext's overrides: no break inside an escape
    sequence (before its backslash is fine), inside a format directive (``forbidden``)
    nor just before a final ``\\n``.
    """
    digits = ""
    if not escaped.isascii():
        digits = escaped.translate(_WIDTH_DIGITS)
        if digits.count("1") == len(digits):
            digits = ""
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

    final = len(escaped) - 2 if portion.endswith("\n") else -1
    if not digits and len(escaped) <= _FAST_WRAP_LIMIT:
        codes = escaped.translate(_CLASS_CODES)
        if "\0" not in codes:
            return _windowed_wrap(codes, escaped, width, startcol, final, forbidden)
    result: list[int] = []
    last_p = -1
    last_column = startcol
    piece_column = 0
    for pos, kind in _possible_breaks(escaped):
        if (
            pos == final
            or pos in forbidden
            or (kind == _POSSIBLE and escaped[pos - 1] == "\\" and _escaped_at(escaped, pos))
        ):
            continue
        here = column(pos)
        piece = here - piece_column
        if last_p >= 0 and last_column + piece > width:
            result.append(last_p)
            last_column = 0
        if kind == _MANDATORY:
            last_p = -1
            last_column = 0
            piece_column = column(pos + 1)
        else:
            last_p = pos
            last_column += piece
            piece_column = here
    piece = column(len(escaped)) - piece_column
    if last_p >= 0 and last_column + piece > width:
        result.append(last_p)
    return result


def _escaped_at(escaped: str, pos: int) -> bool:
    """True when ``escaped[pos]`` is the second character of an escape sequence."""
    count = 0
    i = pos - 1
    while i >= 0 and escaped[i] == "\\":
        count += 1
        i -= 1
    return count % 2 == 1


def _directive_insides(value: str, directive_re: re.Pattern[str] | None) -> set[int]:
    """Positions in ``value`` inside a format directive (not its first character).

    gettext stops at the first invalid directive, as its format parsers do."""
    inside: set[int] = set()
    if directive_re is None or "%" not in value:
        return inside
    pos = value.find("%")
    while pos >= 0:
        match = directive_re.match(value, pos)
        if match is None:
            break
        inside.update(range(pos + 1, match.end()))
        pos = value.find("%", match.end())
    return inside


def _escaped_positions(portion: str, offset: int, inside: set[int]) -> set[int]:
    """Map positions of ``inside`` (value coordinates) to the escaped ``portion``."""
    result: set[int] = set()
    column = 0
    for i, ch in enumerate(portion):
        if offset + i in inside:
            result.add(column)
        column += 2 if ch in _ESCAPE_OUT else 1
    return result


def _wrap(
    out: list[str],
    prefix: str,
    name: str,
    value: str,
    page_width: int,
    do_wrap: bool,
    directive_re: re.Pattern[str] | None = None,
) -> None:
    """Append the lines gettext writes for ``name "value"`` (write-po.c ``wrap``)."""
    after_break = len(prefix) + 1
    first_line = True
    inside = _directive_insides(value, directive_re)
    offset = 0
    portions = value.split("\n")
    if len(portions) > 1:
        # Each portion keeps its "\n"; a trailing empty portion is not written.
        portions = [p + "\n" for p in portions[:-1]] + ([portions[-1]] if portions[-1] else [])
    count = len(portions)
    for k, portion in enumerate(portions):
        escaped = _escape(portion)
        more = k + 1 < count
        forbidden = _escaped_positions(portion, offset, inside) if inside else set()
        offset += len(portion)
        width = (page_width if do_wrap else 2**31 - 1) - 1 - after_break
        startcol = len(prefix) + len(name) + 2 - after_break if first_line else 0
        if escaped.isascii():
            total = len(escaped)
        else:
            digits = escaped.translate(_WIDTH_DIGITS)
            total = len(digits) if digits.count("1") == len(digits) else sum(map(int, digits))
        if startcol + total <= width:
            breaks: list[int] = []
        else:
            breaks = _wrap_portion(portion, escaped, width, startcol, forbidden)
        if first_line and escaped and (more or startcol > width or breaks):
            out.append(f'{prefix}{name} ""\n')
            first_line = False
            startcol = 0
            breaks = [] if total <= width else _wrap_portion(portion, escaped, width, 0, forbidden)
        head = f"{prefix}{name} " if first_line else prefix
        first_line = False
        start = 0
        for pos in breaks:
            out.append(f'{head}"{escaped[start:pos]}"\n')
            head = prefix
            start = pos
        out.append(f'{head}"{escaped[start:]}"\n')


_FORMAT_LANGUAGES = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)
_FORMAT_INDEX = {lang: i for i, lang in enumerate(_FORMAT_LANGUAGES)}
_RANGE_RE = re.compile(r"range:\s*(\d+)\s*\.\.\s*(\d+)$")


def _canonical_flags(flags: tuple[str, ...], translated: bool, obsolete: bool) -> list[str]:
    """Flags in the order and form msgcat writes them.

    ``fuzzy`` is dropped when the msgstr is empty, ``range:`` on obsolete entries,
    ``wrap`` and ``impossible-*-format`` are dropped, the last of contradicting format
    flags wins; flags gettext does not know (which msgcat would drop) are kept, after
    the known ones.
    """
    fuzzy = False
    formats: dict[int, str] = {}
    range_flag: str | None = None
    no_wrap = False
    unknown: list[str] = []
    for flag in flags:
        if flag == "fuzzy":
            fuzzy = True
            continue
        if flag == "no-wrap":
            no_wrap = True
            continue
        if flag == "wrap":
            no_wrap = False
            continue
        if flag.endswith("-format"):
            base = flag[: -len("-format")]
            state = "yes"
            for pre, st in (("no-", "no"), ("possible-", "yes"), ("impossible-", "impossible")):
                if base.startswith(pre) and base[len(pre) :] in _FORMAT_INDEX:
                    base, state = base[len(pre) :], st
                    break
            if base in _FORMAT_INDEX:
                index = _FORMAT_INDEX[base]
                if state == "impossible":
                    formats.pop(index, None)
                else:
                    formats[index] = f"{base}-format" if state == "yes" else f"no-{base}-format"
                continue
        match = _RANGE_RE.match(flag)
        if match is not None:
            range_flag = f"range: {int(match.group(1))}..{int(match.group(2))}"
            continue
        unknown.append(flag)
    result = ["fuzzy"] if fuzzy and translated else []
    result.extend(formats[i] for i in sorted(formats))
    if range_flag is not None and not obsolete:
        result.append(range_flag)
    if no_wrap:
        result.append("no-wrap")
    result.extend(unknown)
    return result


_C_DIRECTIVE_RE = re.compile(
    r"%(?:%|(?:\d+\$)?[-+ #0'I]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?)?)?"
    r"(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspnCS])"
)
_PYTHON_DIRECTIVE_RE = re.compile(
    r"%(?:%|(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+)?)?[hlL]?[diouxXeEfFgGcrsa%])"
)


def _directive_pattern(flags: tuple[str, ...]) -> re.Pattern[str] | None:
    """Directive syntax of the first format language the flags mark as possible.

    gettext does not break lines inside format directives; only C and Python
    directives are recognised here (other languages rarely offer a break inside)."""
    first: int | None = None
    for flag in flags:
        lang = flag.removeprefix("possible-").removesuffix("-format")
        if flag.endswith("-format") and not flag.startswith(("no-", "impossible-")):
            index = _FORMAT_INDEX.get(lang)
            if index is not None and (first is None or index < first):
                first = index
    if first == _FORMAT_INDEX["c"]:
        return _C_DIRECTIVE_RE
    if first == _FORMAT_INDEX["python"]:
        return _PYTHON_DIRECTIVE_RE
    return None


def _references(refs: tuple[str, ...], page_width: int) -> str:
    tokens: list[str] = []
    seen: set[str] = set()
    for ref in refs:
        while ref.startswith("./"):
            ref = ref[2:]
        if ref not in seen:
            seen.add(ref)
            tokens.append(ref)
    out = ["#:"]
    column = 2
    for token in tokens:
        size = len(token.encode("utf-8")) + 1
        if column > 2 and column + size > page_width:
            out.append("\n#:")
            column = 2
        out.append(" ")
        out.append(token)
        column += size
    out.append("\n")
    return "".join(out)


def _format_message(msg: Message, width: int) -> str:
    out: list[str] = []
    for comment in msg.translator_comments:
        for part in comment.split("\n"):
            out.append(f"# {part}\n" if part else "#\n")
    for comment in msg.extracted_comments:
        out.append(f"#. {comment}\n" if comment else "#.\n")
    if msg.references:
        out.append(_references(msg.references, width))
    plural = msg.msgid_plural is not None
    forms = (msg.msgstr_plural or ("", "")) if plural else (msg.msgstr,)
    if msg.flags:
        flags = _canonical_flags(msg.flags, forms[0] != "", msg.obsolete)
        if flags:
            out.append("#, " + ", ".join(flags) + "\n")
    do_wrap = "no-wrap" not in msg.flags
    directive_re = _directive_pattern(msg.flags)
    prev_prefix = "#~| " if msg.obsolete else "#| "
    if msg.previous_msgctxt is not None:
        _wrap(out, prev_prefix, "msgctxt", msg.previous_msgctxt, width, do_wrap, directive_re)
    if msg.previous_msgid is not None:
        _wrap(out, prev_prefix, "msgid", msg.previous_msgid, width, do_wrap, directive_re)
    if msg.previous_msgid_plural is not None:
        _wrap(
            out,
            prev_prefix,
            "msgid_plural",
            msg.previous_msgid_plural,
            width,
            do_wrap,
            directive_re,
        )
    prefix = "#~ " if msg.obsolete else ""
    if msg.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", msg.msgctxt, width, do_wrap, directive_re)
    _wrap(out, prefix, "msgid", msg.msgid, width, do_wrap, directive_re)
    if msg.msgid_plural is not None:
        _wrap(out, prefix, "msgid_plural", msg.msgid_plural, width, do_wrap, directive_re)
        for i, form in enumerate(forms):
            _wrap(out, prefix, f"msgstr[{i}]", form, width, do_wrap, directive_re)
    else:
        _wrap(out, prefix, "msgstr", msg.msgstr, width, do_wrap, directive_re)
    return "".join(out)


def _written(msg: Message) -> bool:
    """msgcat drops obsolete entries whose (first) translation is empty."""
    if not msg.obsolete:
        return True
    if msg.msgid_plural is not None:
        return bool(msg.msgstr_plural) and msg.msgstr_plural[0] != ""
    return msg.msgstr != ""


def generate_po(catalog: Catalog, width: int = 79) -> Iterator[str]:
    """PO text of ``catalog`` in chunks, laid out as ``msgcat`` writes it.

    The header comes first, then live messages in order, then obsolete ones.
    """
    first = True
    if catalog.header is not None:
        yield _format_message(catalog.header, width)
        first = False
    for obsolete in (False, True):
        for msg in catalog.messages:
            if msg.obsolete is obsolete and _written(msg):
                if not first:
                    yield "\n"
                first = False
                yield _format_message(msg, width)


def format_po(catalog: Catalog, width: int = 79) -> str:
    """The whole PO text of ``catalog`` (see :func:`generate_po`)."""
    return "".join(generate_po(catalog, width))
