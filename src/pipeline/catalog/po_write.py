"""Write PO/POT text laid out exactly as GNU gettext 0.21 (``msgcat``) writes it.

A reproduction of gettext's ``write-po.c``: comment order, ``#:`` references re-wrapped,
canonical ``#,`` flags, the ``msgid ""`` convention for strings that do not fit, strings
escaped and wrapped at 79 columns where libunistring's line breaker allows
(:mod:`pipeline.catalog.linebreak`) but never inside an escape sequence or a format
directive, and obsolete entries at the end. :func:`generate_po` yields the text in chunks;
:func:`format_po` joins them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.catalog.linebreak import columns, width_linebreaks
from pipeline.catalog.model import Catalog, Message

__all__ = ["format_po", "generate_po"]

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


def _wrap_portion(
    portion: str, escaped: str, width: int, startcol: int, forbidden: set[int]
) -> list[int]:
    """Positions (in ``escaped``) before which gettext starts a new line.

    libunistring u8_width_linebreaks with gettext's overrides: no break inside an escape
    sequence (before its backslash is fine), inside a format directive (``forbidden``)
    nor just before a final ``\\n``.
    """
    final = len(escaped) - 2 if portion.endswith("\n") else -1

    def blocked(pos: int) -> bool:
        return (
            pos == final
            or pos in forbidden
            or (escaped[pos - 1] == "\\" and _escaped_at(escaped, pos))
        )

    if final < 0 and not forbidden and "\\" not in escaped:
        return width_linebreaks(escaped, width, startcol, None)  # nothing to forbid
    return width_linebreaks(escaped, width, startcol, blocked)


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
    if not value:  # what the general case writes for it, at any width
        out.append(f'{prefix}{name} ""\n')
        return
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
        total = len(escaped) if escaped.isascii() else columns(escaped)
        if startcol + total <= width:
            breaks: list[int] = []
            header = first_line and more
        else:
            # The lines as from column 0, where they go after 'msgid ""'. gettext writes that
            # line when the portion is not the last, does not fit or breaks from `startcol`;
            # breaks from column 0 imply breaks from any later column (the first line only
            # fills sooner), so the breaks from `startcol` are computed only without them.
            breaks = [] if total <= width else _wrap_portion(portion, escaped, width, 0, forbidden)
            header = first_line and (
                more
                or startcol > width
                or bool(breaks)
                or bool(_wrap_portion(portion, escaped, width, startcol, forbidden))
            )
        if header:
            out.append(f'{prefix}{name} ""\n')
            first_line = False
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
