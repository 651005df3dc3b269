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


class _Entry:
    """Mutable accumulator for one entry while parsing."""

    __slots__ = (
        "extracted",
        "flags",
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "msgstr_plural",
        "msgid_line",
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


def _unescape_match(match: re.Match[str]) -> str:
    simple, octal, hexa, _bad = match.groups()
    if simple is not None:
        return _SIMPLE_ESCAPES[simple]
    value = (int(octal, 8) if octal is not None else int(hexa, 16)) & 0xFF
    if value == 0:
        raise ValueError("NUL byte in escape sequence")
    # Bytes >= 0x80 become surrogate escapes, reassembled as UTF-8 afterwards.
    return chr(value) if value < 0x80 else chr(0xDC00 + value)


def _parse_string(rest: str, path: str, line: int) -> str:
    """Content of the quoted string that makes up ``rest`` (unescaped)."""
    match = _STRING_RE.match(rest)
    if match is None:
        if rest.startswith('"'):
            raise CatalogError("unterminated string", path, line)
        raise CatalogError(f"syntax error: expected a quoted string, got {rest[:30]!r}", path, line)
    if rest[match.end() :].strip():
        raise CatalogError(
            f"syntax error: unexpected text after string: {rest[match.end() :].strip()[:30]!r}",
            path,
            line,
        )
    body = match.group(1)
    if "\\" not in body:
        return body
    for esc in _ESCAPE_RE.finditer(body):
        if esc.group(4) is not None:
            raise CatalogError(f"invalid escape sequence '\\{esc.group(4)}'", path, line)
    try:
        text = _ESCAPE_RE.sub(_unescape_match, body)
    except ValueError as exc:
        raise CatalogError(str(exc), path, line) from None
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeError:
            raise CatalogError(
                "octal/hex escapes do not form valid UTF-8", path, line
            ) from None
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
            section = _STR + 1 + n
        section_obsolete = obsolete

    def previous(rest: str, lineno: int, obsolete: bool) -> None:
        nonlocal section, section_obsolete
        rest = rest.lstrip()
        if rest.startswith('"'):
            if section not in (_PCTXT, _PID, _PPLURAL) or section_obsolete != obsolete:
                raise CatalogError("syntax error: stray string in #| comment", path, lineno)
            value = _parse_string(rest, path, lineno)
            target = {_PCTXT: entry.prev_ctxt, _PID: entry.prev_id}.get(
                section, entry.prev_plural
            )
            assert target is not None
            target.append(value)
            return
        if entry.msgid is not None:
            finish(lineno)
        match = _KEYWORD_RE.match(rest)
        if match is None or match.group(2) is not None or match.group(1) == "msgstr":
            word = rest.split(None, 1)[0] if rest.strip() else rest
            raise CatalogError(f"syntax error in #| comment: {word[:30]!r}", path, lineno)
        value = [_parse_string(rest[match.end() :], path, lineno)]
        kw = match.group(1)
        if kw == "msgctxt":
            entry.prev_ctxt, section = value, _PCTXT
        elif kw == "msgid":
            entry.prev_id, section = value, _PID
        else:
            entry.prev_plural, section = value, _PPLURAL
        section_obsolete = obsolete

    def continuation(rest: str, lineno: int, obsolete: bool) -> None:
        if section < 0 or section >= _PCTXT or section_obsolete != obsolete:
            raise CatalogError("syntax error: string without a keyword", path, lineno)
        value = _parse_string(rest, path, lineno)
        if section == _ID:
            assert entry.msgid is not None
            entry.msgid.append(value)
        elif section == _STR:
            assert entry.msgstr is not None
            entry.msgstr.append(value)
        elif section > _STR:
            entry.msgstr_plural[section - _STR - 1].append(value)
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
        raise CatalogError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", name, line
        ) from None
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
    (0x261D, 0x261D), (0x26F9, 0x26F9), (0x270A, 0x270D), (0x1F385, 0x1F385),
    (0x1F3C2, 0x1F3C4), (0x1F3C7, 0x1F3C7), (0x1F3CA, 0x1F3CC), (0x1F442, 0x1F443),
    (0x1F446, 0x1F450), (0x1F466, 0x1F478), (0x1F47C, 0x1F47C), (0x1F481, 0x1F483),
    (0x1F485, 0x1F487), (0x1F48F, 0x1F48F), (0x1F491, 0x1F491), (0x1F4AA, 0x1F4AA),
    (0x1F574, 0x1F575), (0x1F57A, 0x1F57A), (0x1F590, 0x1F590), (0x1F595, 0x1F596),
    (0x1F645, 0x1F647), (0x1F64B, 0x1F64F), (0x1F6A3, 0x1F6A3), (0x1F6B4, 0x1F6B6),
    (0x1F6C0, 0x1F6C0), (0x1F6CC, 0x1F6CC), (0x1F90C, 0x1F90C), (0x1F90F, 0x1F90F),
    (0x1F918, 0x1F91F), (0x1F926, 0x1F926), (0x1F930, 0x1F939), (0x1F93C, 0x1F93E),
    (0x1F977, 0x1F977), (0x1F9B5, 0x1F9B6), (0x1F9B8, 0x1F9B9), (0x1F9BB, 0x1F9BB),
    (0x1F9CD, 0x1F9CF), (0x1F9D1, 0x1F9DD), (0x1FAC3, 0x1FAC5), (0x1FAF0, 0x1FAF6),
)


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


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


def _possible_breaks(text: str) -> list[int]:
    """libunistring u8_possible_linebreaks on ``text``, one marker per character."""
    n = len(text)
    result = [_PROHIBITED] * n
    prev = _BK  # class of the previous character (_HL_BA: Hebrew letter + hyphen)
    last = _BK  # class of the last non-space character
    seen_space = False
    ri_count = 0
    table = _LB_TABLE
    for i in range(n):
        prop = _lb_class(text[i])
        if prop == _BK:
            result[i] = _MANDATORY
            prev = last = _BK
            seen_space = False
            ri_count = 0
            continue
        if prop == _SP:
            seen_space = True
        elif prop == _ZW:
            last = _ZW
            seen_space = False
        elif prop == _CM or prop == _ZWJ:
            if last == _BK:
                last = AL
                seen_space = False
            elif last == _ZW or seen_space:
                result[i] = _POSSIBLE
                last = AL
                seen_space = False
        else:
            if last == _BK:
                pass
            elif last == _ZW:
                result[i] = _POSSIBLE
            elif prev == _ZWJ:
                pass
            elif last == RI and prop == RI:
                if seen_space or ri_count % 2 == 0:
                    result[i] = _POSSIBLE
            elif prev == _HL_BA:
                pass
            else:
                kind = table[last][prop]
                if kind == _D or (kind == _I and seen_space):
                    result[i] = _POSSIBLE
            last = prop
            seen_space = False
        prev = _HL_BA if prev == HL and (prop == HY or prop == BA) else prop
        ri_count = ri_count + 1 if prop == RI else 0
    return result


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


def _wrap_portion(portion: str, escaped: str, width: int, startcol: int) -> list[int]:
    """Positions (in ``escaped``) before which gettext starts a new line."""
    breaks = _possible_breaks(escaped)
    # Overrides: never break inside an escape sequence (nor before its backslash).
    if "\\" in escaped:
        i = 0
        n = len(escaped)
        while i < n:
            if escaped[i] == "\\":
                breaks[i + 1] = _PROHIBITED
                i += 2
            else:
                i += 1
    result: list[int] = []
    last_p = -1
    last_column = startcol
    piece_width = 0
    for i, ch in enumerate(escaped):
        b = breaks[i]
        if b != _PROHIBITED:
            if last_p >= 0 and last_column + piece_width > width:
                result.append(last_p)
                last_column = 0
        if b == _MANDATORY:
            last_p = -1
            last_column = 0
            piece_width = 0
            continue
        if b == _POSSIBLE:
            last_p = i
            last_column += piece_width
            piece_width = 0
        piece_width += _char_width(ch)
    if last_p >= 0 and last_column + piece_width > width:
        result.append(last_p)
    return result


def _wrap(
    out: list[str], prefix: str, name: str, value: str, page_width: int, do_wrap: bool
) -> None:
    """Append the lines gettext writes for ``name "value"`` (write-po.c ``wrap``)."""
    after_break = len(prefix) + 1
    first_line = True
    portions = value.split("\n")
    if len(portions) > 1:
        # Each portion keeps its "\n"; a trailing empty portion is not written.
        portions = [p + "\n" for p in portions[:-1]] + ([portions[-1]] if portions[-1] else [])
    count = len(portions)
    for k, portion in enumerate(portions):
        escaped = _escape(portion)
        more = k + 1 < count
        if do_wrap:
            width = page_width - 1 - after_break
        else:
            width = len(escaped.encode("utf-8")) + 2 - 1 - after_break
        startcol = len(prefix) + len(name) + 2 - after_break if first_line else 0
        if escaped.isascii():
            total = len(escaped)
        else:
            total = sum(_char_width(ch) for ch in escaped)
        if startcol + total <= width:
            breaks: list[int] = []
        else:
            breaks = _wrap_portion(portion, escaped, width, startcol)
        if first_line and escaped and (more or startcol > width or breaks):
            out.append(f'{prefix}{name} ""\n')
            first_line = False
            startcol = 0
            breaks = [] if total <= width else _wrap_portion(portion, escaped, width, 0)
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


def _canonical_flags(flags: tuple[str, ...], translated: bool) -> list[str]:
    """Flags in the order and form msgcat writes them.

    ``fuzzy`` is dropped when the msgstr is empty, ``wrap`` and ``impossible-*-format``
    are dropped, the last of contradicting format flags wins; flags gettext does not
    know (which msgcat would drop) are kept, after the known ones.
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
    if range_flag is not None:
        result.append(range_flag)
    if no_wrap:
        result.append("no-wrap")
    result.extend(unknown)
    return result


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
        flags = _canonical_flags(msg.flags, forms[0] != "")
        if flags:
            out.append("#, " + ", ".join(flags) + "\n")
    do_wrap = "no-wrap" not in msg.flags
    prev_prefix = "#~| " if msg.obsolete else "#| "
    if msg.previous_msgctxt is not None:
        _wrap(out, prev_prefix, "msgctxt", msg.previous_msgctxt, width, do_wrap)
    if msg.previous_msgid is not None:
        _wrap(out, prev_prefix, "msgid", msg.previous_msgid, width, do_wrap)
    if msg.previous_msgid_plural is not None:
        _wrap(out, prev_prefix, "msgid_plural", msg.previous_msgid_plural, width, do_wrap)
    prefix = "#~ " if msg.obsolete else ""
    if msg.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", msg.msgctxt, width, do_wrap)
    _wrap(out, prefix, "msgid", msg.msgid, width, do_wrap)
    if msg.msgid_plural is not None:
        _wrap(out, prefix, "msgid_plural", msg.msgid_plural, width, do_wrap)
        for i, form in enumerate(forms):
            _wrap(out, prefix, f"msgstr[{i}]", form, width, do_wrap)
    else:
        _wrap(out, prefix, "msgstr", msg.msgstr, width, do_wrap)
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
