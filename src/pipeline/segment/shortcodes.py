"""Hugo shortcodes (``{{< name params >}}``, ``{{% name params %}}``, their closing tags
``{{< /name >}}`` and the self-closing ``{{< name />}}``) read as placeholders (pure).

A shortcode is never translatable text and never text to detect a language in; the text
between a paired shortcode's tags is ordinary text. This module finds shortcodes in text,
reads their name and parameters, and teaches markdown-it to keep them as tokens of their
own: ``shortcode`` inside a paragraph, ``shortcode_block`` for a line holding only
shortcodes (which also ends a paragraph, so the text between two such lines is a unit of
its own).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only types: the parser module imports markdown-it-py when it needs it
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

_OPEN = re.compile(r"\{\{([<%])")
_NAME = re.compile(r"\s*(/?)\s*([\w.\-/]+)")
_PARAM = re.compile(
    r"""\s*(?:(?P<key>[\w-]+)\s*=\s*)?"""
    r"""(?P<value>"(?:[^"\\]|\\.)*"|`[^`]*`|'[^']*'|[^\s"'`]+?)(?=\s|/?\s*[%>]\}\}|$)""",
    re.S,
)
TRANSLATABLE_PARAMETERS = frozenset(
    {"alt", "title", "caption", "description", "text", "label", "summary", "placeholder"}
)
"""Named parameters a translator may change (``caption="…"``); every other named parameter,
every unquoted positional one and every quoted one that reads as a reference or identifier
must survive translation unchanged."""

MAX_TAG = 10_000
"""Longest shortcode tag read (a ``{{<`` without its ``>}}`` is text)."""


@dataclass(frozen=True, slots=True)
class Shortcode:
    """One shortcode tag."""

    raw: str
    """The tag as written."""
    delimiter: str
    """``<`` (``{{< >}}``: not processed as Markdown) or ``%`` (``{{% %}}``)."""
    name: str
    """The shortcode's name (``notice``)."""
    closing: bool
    """A closing tag (``{{% /notice %}}``)."""
    self_closing: bool
    """A self-closing tag (``{{< x />}}``)."""
    parameters: tuple[tuple[str | None, str], ...]
    """(name or None for a positional one, value as written) of each parameter."""

    @property
    def key(self) -> str:
        """What must survive translation: the tag with its non-translatable parameters,
        spelled one way (``{{% notice tip %}}``)."""
        kept = [
            value if name is None else f"{name}={value}"
            for name, value in self.parameters
            if not translatable(name, value)
        ]
        slash = "/" if self.closing else ""
        end = " /" if self.self_closing else ""
        inner = " ".join([f"{slash}{self.name}", *kept])
        closer = ">" if self.delimiter == "<" else "%"
        return f"{{{{{self.delimiter} {inner}{end} {closer}}}}}"


def translatable(name: str | None, value: str) -> bool:
    """True for a parameter a translator may change: a named one of
    :data:`TRANSLATABLE_PARAMETERS`, or a quoted positional one that reads as words
    (``"Take care"``, ``"Attention"``), not as a reference (``"a.md"``, ``"/docs/x"``,
    ``"#top"``) or an identifier (``"tip"``, ``"my-page"``)."""
    if name is not None:
        return name.lower() in TRANSLATABLE_PARAMETERS
    if value[:1] not in "\"'`" or len(value) < 2:
        return False
    inner = value[1:-1]
    if not re.search(r"[^\W\d_]", inner) or re.search(r"[/.#:=_@]", inner):
        return False
    return not re.fullmatch(r"[a-z0-9-]+", inner)


def tag_end(text: str, start: int) -> int:
    """End of the shortcode tag opening at ``start`` (``{{<`` or ``{{%``), or -1 when there
    is no well-formed one there. Quoted parameters may hold ``>}}``."""
    match = _OPEN.match(text, start)
    if match is None:
        return -1
    closer = (">" if match.group(1) == "<" else "%") + "}}"
    position = match.end()
    limit = min(len(text), start + MAX_TAG)
    while position < limit:
        char = text[position]
        if char in '"`':
            close = text.find(char, position + 1, limit)
            while close > 0 and char == '"' and text[close - 1] == "\\":
                close = text.find(char, close + 1, limit)
            if close < 0:
                return -1
            position = close + 1
            continue
        if text.startswith(closer, position):
            return position + 3
        if text.startswith("{{", position):
            return -1
        position += 1
    return -1


def parse_tag(raw: str) -> Shortcode | None:
    """The parts of one shortcode tag (``{{< figure src="x" >}}``), or None."""
    delimiter = raw[2:3]
    inner = raw[3:-3]
    if inner.startswith("/*") and inner.endswith("*/"):
        inner = inner[2:-2]  # {{</* x */>}}: shown as written by Hugo, still a placeholder
    head = _NAME.match(inner)
    if head is None:
        return None
    rest = inner[head.end() :].rstrip()
    self_closing = rest.endswith("/") or (not rest and inner.rstrip().endswith("/"))
    if self_closing:
        rest = rest[:-1] if rest.endswith("/") else rest
    parameters = [
        (m.group("key"), m.group("value")) for m in _PARAM.finditer(rest) if m.group("value")
    ]
    name = head.group(2)
    if name.endswith("/") and not rest:
        name, self_closing = name[:-1], True
    return Shortcode(raw, delimiter, name, bool(head.group(1)), self_closing, tuple(parameters))


def find_shortcodes(text: str, start: int = 0) -> Iterator[tuple[int, Shortcode]]:
    """(offset, shortcode) of every shortcode tag in ``text`` from ``start``."""
    position = text.find("{{", start)
    while position >= 0:
        end = tag_end(text, position)
        if end > 0:
            code = parse_tag(text[position:end])
            if code is not None:
                yield position, code
                position = text.find("{{", end)
                continue
        position = text.find("{{", position + 2)


def line_of(text: str, offset: int) -> int:
    """1-based line of a character offset."""
    return text.count("\n", 0, offset) + 1


@dataclass(frozen=True, slots=True)
class Placed:
    """A shortcode and the line it is on."""

    shortcode: Shortcode
    """The tag."""
    line: int
    """1-based line in its file."""


def page_shortcodes(text: str, body_offset: int = 0) -> list[Placed]:
    """Every shortcode of a page's body, with its line (as Hugo, code blocks included)."""
    return [Placed(code, line_of(text, at)) for at, code in find_shortcodes(text, body_offset)]


# --------------------------------------------------------------------------- markdown-it


def _inline_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{{", state.pos):
        return False
    end = tag_end(state.src, state.pos)
    if end < 0 or end > state.posMax:
        return False
    code = parse_tag(state.src[state.pos : end])
    if code is None:
        return False
    if not silent:
        token = state.push("shortcode", "", 0)
        token.content = code.raw
        token.meta = {"name": code.name, "closing": code.closing}
    state.pos = end
    return True


def _last_line(state: StateBlock, start_line: int, end_line: int, position: int) -> int:
    """The line holding ``position``, from ``start_line`` on."""
    line = start_line
    while line + 1 < end_line and state.bMarks[line + 1] <= position:
        line += 1
    return line


def _block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("{{", begin):
        return False
    src = state.src
    limit = state.eMarks[end_line - 1] if end_line > start_line else len(src)
    position = begin
    while True:
        end = tag_end(src, position)
        if end < 0 or end > limit or parse_tag(src[position:end]) is None:
            return False
        position = end
        while position < limit and src[position] in " \t":
            position += 1
        if position >= limit or src[position] == "\n":
            break
        if not src.startswith("{{", position):
            return False
    if silent:
        return True
    last = _last_line(state, start_line, end_line, position)
    token = state.push("shortcode_block", "", 0)
    token.content = src[begin:position].strip()
    token.map = [start_line, last + 1]
    state.line = last + 1
    return True


def _render_inline(self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
    return html.escape(tokens[idx].content, quote=False)


def _render_block(self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
    return f"<p>{html.escape(tokens[idx].content, quote=False)}</p>\n"


def shortcode_plugin(md: MarkdownIt) -> None:
    """Shortcodes as ``shortcode`` and ``shortcode_block`` tokens (rendered as the text
    they are, escaped)."""
    md.inline.ruler.before("text", "shortcode", _inline_rule)
    md.block.ruler.before("paragraph", "shortcode_block", _block_rule, {"alt": ["paragraph"]})
    md.add_render_rule("shortcode", _render_inline)
    md.add_render_rule("shortcode_block", _render_block)
