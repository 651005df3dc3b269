"""Read PO/POT files: strict UTF-8, exact error lines, gettext's syntax.

A line-based parser written for speed and for the line of each fault (polib is lenient,
slow and loses it): :func:`read_po` decodes a file and :func:`parse_po` parses its text
into a :class:`~pipeline.catalog.model.Catalog`, unescaping C escape sequences and refusing
a header whose charset is not UTF-8. :func:`catalog_language` reads the header's
``Language``.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.catalog.model import Catalog, Message
from pipeline.errors import CatalogError
from pipeline.fsio import read_text

__all__ = ["catalog_language", "parse_po", "read_po"]

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
        forms = self.msgstr_plural
        # Positional, in Message's field order (keywords cost a frozen dataclass more).
        return Message(
            "".join(self.msgid),
            "" if self.msgstr is None else "".join(self.msgstr),
            None if self.msgctxt is None else "".join(self.msgctxt),
            plural,
            tuple(["".join(p) for p in forms]) if forms else (),
            tuple(self.translator),
            tuple(self.extracted),
            tuple(self.refs),
            tuple(self.flags),
            None if self.prev_ctxt is None else "".join(self.prev_ctxt),
            None if self.prev_id is None else "".join(self.prev_id),
            None if self.prev_plural is None else "".join(self.prev_plural),
            self.obsolete,
            self.msgid_line,
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
    return _Parser(lines, path).parse(crlf="\r" in text)


class _Parser:
    """One pass over the lines of a PO file: the entry being read and what a continuation
    string would extend, one method per kind of line."""

    __slots__ = (
        "entry",
        "has_str",
        "header",
        "lines",
        "messages",
        "path",
        "section",
        "section_obsolete",
        "seen",
    )

    def __init__(self, lines: list[str], path: str) -> None:
        self.lines = lines
        """The file's lines, without their ``\\n``."""
        self.path = path
        """The file's name in errors."""
        self.header: Message | None = None
        """The header entry, once read."""
        self.messages: list[Message] = []
        """The entries read so far, in file order (header excluded)."""
        self.seen: dict[tuple[str | None, str], int] = {}
        """Line of each live entry's (msgctxt, msgid), to report duplicates."""
        self.entry = _Entry()
        """The entry being read."""
        self.section = -1
        """What a continuation string extends (``_CTXT`` ...; ``_STR_N + n`` for msgstr[n])."""
        self.section_obsolete = False
        """Whether that section is in an obsolete (``#~``) entry."""
        self.has_str = False
        """Whether the entry being read has its msgstr (or msgstr[0])."""

    def parse(self, *, crlf: bool = True) -> Catalog:
        """Read every line; the catalogue, or CatalogError at the first fault. ``crlf``:
        a line may end with ``\\r`` (False when the text holds none, to skip the test)."""
        continuation = self.continuation
        keyword = self.keyword
        comment = self.comment
        lineno = 0
        for raw in self.lines:
            lineno += 1
            line = raw[:-1] if crlf and raw.endswith("\r") else raw
            if not line or line[0] not in '"m#':
                line = line.strip()
                if not line:
                    continue
            first = line[0]
            if first == '"':
                line = line.rstrip()
                section = self.section
                # A msgid's or msgstr's next plain string (most continuation lines): what
                # continuation() appends, read as _parse_string reads it, without the calls.
                if section in (_ID, _STR) and not self.section_obsolete:
                    body = line[1:-1]
                    if len(line) >= 2 and line[-1] == '"' and '"' not in body:
                        target = self.entry.msgid if section == _ID else self.entry.msgstr
                        if "\\" not in body and target is not None:  # (never None here)
                            target.append(body)
                            continue
                continuation(line, lineno, False)
            elif first == "#":
                comment(line, lineno)
            else:
                keyword(line.rstrip(), lineno, False)
        self.finish(max(lineno, 1))
        return Catalog(header=self.header, messages=self.messages, path=self.path)

    def comment(self, line: str, lineno: int) -> None:
        """A line starting with ``#``: a comment, or an obsolete (``#~``) or previous
        (``#|``) line."""
        kind = line[1:2]
        if kind == "~":
            self.obsolete_line(line[2:], lineno)
            return
        if kind == "|":
            self.previous(line[2:], lineno, False)
            return
        entry = self.entry
        if entry.msgid is not None or entry.msgctxt is not None:  # (comment_start, inline)
            self.finish(lineno)
            entry = self.entry
        self.section = -1
        if kind == ":":
            entry.refs.extend(line[2:].split())
        elif kind == "," or kind == "!":
            entry.flags.extend(f for f in (s.strip() for s in line[2:].split(",")) if f)
        elif kind == ".":
            rest = line[2:]
            entry.extracted.append(rest[1:] if rest.startswith(" ") else rest)
        else:
            rest = line[1:]
            entry.translator.append(rest[1:] if rest.startswith(" ") else rest)

    def obsolete_line(self, rest: str, lineno: int) -> None:
        """What follows ``#~`` on a line: a keyword, a string or a previous (``#~|``) line."""
        if rest.startswith("|"):
            self.previous(rest[1:], lineno, True)
            return
        rest = rest.strip()
        if not rest:
            return
        if rest[0] == '"':
            self.continuation(rest, lineno, True)
        else:
            self.keyword(rest, lineno, True)

    def finish(self, lineno: int) -> None:
        """End the entry being read (at ``lineno``): check it, keep it, start a new one."""
        entry = self.entry
        path = self.path
        if entry.msgid is None:
            if entry.msgctxt is not None:
                raise CatalogError("msgctxt without msgid", path, lineno)
            if entry.empty():
                return
            # Comments at the end of the file (or before nothing): gettext drops them.
            self.entry = _Entry()
            return
        if not self.has_str:
            raise CatalogError(
                f"missing msgstr for the msgid at line {entry.msgid_line}", path, lineno
            )
        msg = entry.to_message()
        if not msg.obsolete:
            key = msg.key
            first = self.seen.get(key)
            if first is not None:
                raise CatalogError(
                    f"duplicate message definition (first defined at line {first})",
                    path,
                    msg.line,
                )
            self.seen[key] = msg.line
            if self.header is None and msg.msgid == "" and msg.msgctxt is None:
                self.header = msg
                _check_charset(msg, self.lines, path)
            else:
                self.messages.append(msg)
        else:
            self.messages.append(msg)
        self.entry = _Entry()
        self.section = -1
        self.has_str = False

    def keyword(self, rest: str, lineno: int, obsolete: bool) -> None:
        """A ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` or ``msgstr[N]`` line."""
        path = self.path
        # The two keywords of nearly every line, followed by one space and the string: what
        # _KEYWORD_RE reads there (the keyword, no index, one space), without the regex.
        index: str | None
        if rest.startswith('msgid "'):
            kw, index, value = "msgid", None, [_parse_string(rest[6:], path, lineno)]
        elif rest.startswith('msgstr "'):
            kw, index, value = "msgstr", None, [_parse_string(rest[7:], path, lineno)]
        else:
            match = _KEYWORD_RE.match(rest)
            if match is None:
                word = rest.split(None, 1)[0] if rest.strip() else rest
                raise CatalogError(f"syntax error: unknown keyword {word[:30]!r}", path, lineno)
            kw, index = match.group(1), match.group(2)
            if index is not None and kw != "msgstr":
                raise CatalogError(f"syntax error: unknown keyword '{kw}[{index}]'", path, lineno)
            value = [_parse_string(rest[match.end() :], path, lineno)]
        if kw == "msgctxt":
            if self.entry.msgid is not None or self.entry.msgctxt is not None:
                self.finish(lineno)
            self.entry.msgctxt = value
            self.entry.obsolete = obsolete
            self.section = _CTXT
        elif kw == "msgid":
            if self.entry.msgid is not None:
                self.finish(lineno)
            entry = self.entry
            entry.msgid = value
            entry.msgid_line = lineno
            entry.obsolete = obsolete
            self.section = _ID
        elif kw == "msgid_plural":
            entry = self.entry
            if entry.msgid is None or self.has_str or entry.msgid_plural is not None:
                raise CatalogError("msgid_plural without a preceding msgid", path, lineno)
            entry.msgid_plural = value
            self.section = _PLURAL
        elif index is None:
            self.msgstr(value, lineno)
        else:
            self.msgstr_form(value, int(index), lineno)
        self.section_obsolete = obsolete

    def msgstr(self, value: list[str], lineno: int) -> None:
        """The ``msgstr`` of a singular entry."""
        entry = self.entry
        if entry.msgid is None or self.has_str:
            raise CatalogError("msgstr without a preceding msgid", self.path, lineno)
        if entry.msgid_plural is not None:
            raise CatalogError(
                "plural entry (msgid_plural) needs msgstr[N], not msgstr", self.path, lineno
            )
        entry.msgstr = value
        self.has_str = True
        self.section = _STR

    def msgstr_form(self, value: list[str], n: int, lineno: int) -> None:
        """``msgstr[n]`` of a plural entry."""
        entry = self.entry
        if entry.msgid is None or (self.has_str and entry.msgid_plural is None):
            raise CatalogError("msgstr[N] without a preceding msgid", self.path, lineno)
        if entry.msgid_plural is None:
            raise CatalogError(
                "msgstr[N] on an entry without msgid_plural (use msgstr)", self.path, lineno
            )
        if n != len(entry.msgstr_plural):
            raise CatalogError(
                f"plural form index msgstr[{n}] out of sequence "
                f"(expected msgstr[{len(entry.msgstr_plural)}])",
                self.path,
                lineno,
            )
        entry.msgstr_plural.append(value)
        self.has_str = True
        self.section = _STR_N + n

    def previous(self, rest: str, lineno: int, obsolete: bool) -> None:
        """What follows ``#|`` (or ``#~|``): a previous msgctxt, msgid or msgid_plural, or
        a string continuing one."""
        path = self.path
        rest = rest.lstrip()
        if rest.startswith('"'):
            section = self.section
            if section not in (_PCTXT, _PID, _PPLURAL) or self.section_obsolete != obsolete:
                raise CatalogError("syntax error: stray string in #| comment", path, lineno)
            value = _parse_string(rest.rstrip(), path, lineno)
            entry = self.entry
            target = {_PCTXT: entry.prev_ctxt, _PID: entry.prev_id}.get(section, entry.prev_plural)
            assert target is not None
            target.append(value)
            return
        if self.entry.msgid is not None:
            self.finish(lineno)
        match = _KEYWORD_RE.match(rest)
        if match is None or match.group(2) is not None or match.group(1) == "msgstr":
            word = rest.split(None, 1)[0] if rest.strip() else rest
            raise CatalogError(f"syntax error in #| comment: {word[:30]!r}", path, lineno)
        chunks = [_parse_string(rest[match.end() :].rstrip(), path, lineno)]
        kw = match.group(1)
        entry = self.entry
        if kw == "msgctxt":
            entry.prev_ctxt = chunks
            self.section = _PCTXT
        elif kw == "msgid":
            entry.prev_id = chunks
            self.section = _PID
        else:
            entry.prev_plural = chunks
            self.section = _PPLURAL
        self.section_obsolete = obsolete

    def continuation(self, rest: str, lineno: int, obsolete: bool) -> None:
        """A line holding only a string: it continues the last keyword's string."""
        section = self.section
        if section < 0 or section in (_PCTXT, _PID, _PPLURAL) or self.section_obsolete != obsolete:
            raise CatalogError("syntax error: string without a keyword", self.path, lineno)
        value = _parse_string(rest, self.path, lineno)
        entry = self.entry
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
    return parse_po(read_text(path, name, CatalogError), name)


def catalog_language(catalog: Catalog) -> str | None:
    """The header's ``Language`` field, or None when absent or empty."""
    return catalog.header_fields().get("Language") or None
