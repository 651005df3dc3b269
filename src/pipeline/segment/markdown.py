"""Markdown page -> translation units, with kinds, lines and source spans."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from pipeline.model import Segment, UnitKind
from pipeline.segment.cjk import soft_break, squeeze_cjk_spaces
from pipeline.segment.frontmatter import TRANSLATABLE_KEYS, FrontMatter, split_front_matter
from pipeline.segment.parser import block_parser, markdown_parser, parse_inline

if TYPE_CHECKING:
    from markdown_it.token import Token

_IGNORE = re.compile(r"^\s*<!--\s*pipeline-ignore\b([^>]*?)-->\s*$")
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_SPACES = re.compile(r"[ \t\r\n]+")
_HARD_BREAK = re.compile(r"( {2,}|\\)$")
_INLINE_START = re.compile(r"[`<\[!&\\{]")
"""Characters that can start inline markup other than emphasis: code, tags, autolinks,
links, images, escapes, entities, shortcodes and attribute blocks."""
_HTML_START_TAG = re.compile(
    r"<[A-Za-z][\w:-]*((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>"
)
_HTML_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_UNITS = {"alt": UnitKind.HTML_ALT, "title": UnitKind.HTML_TITLE}
"""Attributes of raw HTML whose values are translation units."""
_URL_OR_MAIL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+")
_LINE_END = re.compile("\r\n?|\n")
_CELL_PIPE = re.compile(r"(?<!\\)\|")


def _has_letter(text: str) -> bool:
    """A letter in ``text`` outside URLs and mail addresses (each holds ``://``, ``www.``
    or ``@``: a text without them is searched as it is)."""
    if "://" in text or "www." in text or "@" in text:
        text = _URL_OR_MAIL.sub("", text)
    return _LETTER.search(text) is not None


@dataclass(frozen=True, slots=True)
class Segmented:
    """The result of segmenting one page."""

    front_matter: FrontMatter
    """The page's front matter."""
    segments: tuple[Segment, ...]
    """Translation units, in source order."""
    blocks: tuple[str, ...]
    """Top-level block kinds in order (``heading:1``, ``paragraph``, ``list:3`` ...)."""


@dataclass(slots=True)
class _State:
    """Where the token walk is."""

    text: str
    line_starts: list[int]
    segments: list[Segment] = field(default_factory=list)
    block: int = -1
    ignore: frozenset[str] = frozenset()
    pending_ignore: frozenset[str] = frozenset()
    context: list[str] = field(default_factory=list)
    langs: list[str | None] = field(default_factory=list)
    heading_level: int = 0
    cell: int = -1
    found: list[UnitToken] | None = None
    env: dict[str, Any] | None = None
    """The parser environment when inline children are parsed on demand, else None."""


@dataclass(frozen=True, slots=True)
class UnitToken:
    """Where a body unit comes from in markdown-it's token stream."""

    segment: Segment
    """The unit."""
    token: Token
    """The ``inline`` token whose text (or image/link) the unit is."""
    child: int = -1
    """Index in ``token.children`` of the image or link_open token for an image alt/title or
    link title unit; -1 when the unit is the whole inline content."""
    attribute: str | None = None
    """For a unit of a raw HTML block (``token`` is the ``html_block``), the attribute
    (``alt``, ``title``) whose value it is."""


def segment_page(text: str, path: str) -> Segmented:
    """Split a page's text into translation units. ``path`` is only used in error messages."""
    return _segment(text, path, None)[0]


def unit_tokens(
    text: str, path: str, env: dict[str, Any] | None = None
) -> tuple[list[Token], list[UnitToken]]:
    """markdown-it's tokens of a page and, for each body unit, the token it comes from.

    The units are those :func:`segment_page` finds (front matter units excluded), in token
    order. ``env`` receives the parser's environment (link references, footnotes).
    """
    found: list[UnitToken] = []
    tokens = _segment(text, path, found, env)[1]
    return tokens, found


def _segment(
    text: str, path: str, found: list[UnitToken] | None, env: dict[str, Any] | None = None
) -> tuple[Segmented, list[Token]]:
    front = split_front_matter(text, path)
    state = _State(text=text, line_starts=_line_starts(text), found=found)
    for key in TRANSLATABLE_KEYS:
        value = front.data.get(key)
        if isinstance(value, str) and _LETTER.search(value):
            start, end = front.spans.get(key, (-1, -1))
            kind = UnitKind.TITLE if key == "title" else UnitKind.DESCRIPTION
            unit = _ASCII_SPACES.sub(" ", value).strip(" ")
            if "\n" in text[start:end]:
                unit = squeeze_cjk_spaces(unit)  # a value over several lines
            state.segments.append(Segment(unit, kind, front.lines[key], -1, start, end))
    # Segmenting needs the inline structure of few blocks (those with code, tags, links or
    # images): the others are left unparsed, unless the caller wants the tokens or the page
    # has footnotes (listed by the inline pass).
    lazy = found is None and "[^" not in text and "^[" not in text
    env = {} if env is None else env
    state.env = env if lazy else None
    body = _without_front_matter(text, front.end_line)
    tokens = (block_parser() if lazy else markdown_parser()).parse(body, env)
    blocks = _walk(tokens, state)
    ordered = sorted(state.segments, key=lambda s: (s.line, s.start))
    return Segmented(front, tuple(ordered), tuple(blocks)), tokens


def _without_front_matter(text: str, lines: int) -> str:
    """``text`` with its first ``lines`` lines (the front matter, whatever its format and
    the blank lines before it) blanked, so that the body keeps its lines and offsets."""
    if not lines:
        return text
    cut = -1
    for _ in range(lines):
        cut = text.find("\n", cut + 1)
        if cut < 0:
            cut = len(text)
            break
    return re.sub(r"[^\n]", " ", text[:cut]) + text[cut:]


def _line_starts(text: str) -> list[int]:
    """Offsets where lines start; CR LF and a lone CR end a line too, as for markdown-it."""
    if "\r" not in text:  # each line ends at a "\n": one past its last character
        lines = text.split("\n")
        return list(accumulate(map((1).__add__, map(len, lines[:-1])), initial=0))
    starts = [0]
    for match in _LINE_END.finditer(text):
        starts.append(match.end())
    return starts


def _walk(tokens: Sequence[Token], state: _State) -> list[str]:
    blocks: list[str] = []
    context, langs = state.context, state.langs
    for index, token in enumerate(tokens):
        kind, nesting = token.type, token.nesting
        if not context and nesting >= 0 and kind != "front_matter":
            if kind == "html_block":
                match = _IGNORE.match(token.content)
                if match:
                    rules = re.split(r"[\s,]+", match.group(1).strip())
                    named = frozenset(r for r in rules if r) or frozenset({"*"})
                    state.pending_ignore = state.pending_ignore | named
                    continue
            state.block += 1
            state.ignore = state.pending_ignore
            state.pending_ignore = frozenset()
            blocks.append(_block_kind(tokens, index))
        if nesting == 1:
            context.append(kind)
            lang = token.attrs.get("lang") if token.attrs else None
            langs.append(str(lang) if lang else None)
            if kind == "heading_open":
                state.heading_level = int(token.tag[1:])
            elif kind == "tr_open":
                state.cell = -1
            elif kind == "th_open" or kind == "td_open":
                state.cell += 1
        elif nesting == -1:
            if context:
                context.pop()
                langs.pop()
        elif kind == "inline":
            _inline_unit(token, state)
        elif kind == "html_block":
            _html_units(token, state)
    return blocks


def _block_kind(tokens: Sequence[Token], index: int) -> str:
    token = tokens[index]
    kind = token.type.removesuffix("_open")
    if kind == "heading":
        return f"heading:{token.tag[1:]}"
    if kind in ("bullet_list", "ordered_list"):
        items = 0
        for position in range(index + 1, len(tokens)):
            other = tokens[position]
            if other.level == 0:
                break
            if other.type == "list_item_open" and other.level == 1:
                items += 1
        return f"list:{items}"
    if kind == "table":
        rows = 0
        for position in range(index + 1, len(tokens)):
            other = tokens[position]
            if other.type == "table_close":
                break
            rows += other.type == "tr_open"
        return f"table:{rows}"
    if kind in ("fence", "code_block"):
        return "code"
    if kind == "footnote_block":
        return "footnotes"
    if kind == "html_block":
        return "html"
    if kind == "shortcode_block":
        return "shortcode"
    return kind


def _unit_kind(context: list[str]) -> UnitKind:
    if "heading_open" in context:
        return UnitKind.HEADING
    if "th_open" in context or "td_open" in context:
        return UnitKind.TABLE_CELL
    if "list_item_open" in context:
        return UnitKind.LIST_ITEM
    if "blockquote_open" in context:
        return UnitKind.BLOCKQUOTE
    return UnitKind.PARAGRAPH


def _declared_lang(state: _State) -> str | None:
    for lang in reversed(state.langs):
        if lang:
            return lang
    return None


def _inline_unit(token: Token, state: _State) -> None:
    if token.map is None:
        return
    first, last = token.map
    kind = _unit_kind(state.context)
    children = token.children or []
    level = 0
    if kind is UnitKind.HEADING:
        level = state.heading_level
    if kind is UnitKind.LIST_ITEM:
        level = state.context.count("list_item_open")
    lang = _declared_lang(state)
    if state.env is not None:
        has_text = _plain_prefix_has_text(token.content)
        if not has_text:
            children = parse_inline(token, state.env)
            has_text = _has_text(children)
    else:
        has_text = _has_text(children)
    if not has_text:
        _media_units(token, state, first, lang)
        return
    text = join_lines(token.content)
    if kind is UnitKind.TABLE_CELL:
        start, end = _cell_span(state, first, state.cell)
        if start >= 0:
            text = state.text[start:end]
    else:
        start, end = _span(state, token.content, first, last)
    line = first + 1
    unit = Segment(text, kind, line, state.block, start, end, lang, level, state.ignore)
    state.segments.append(unit)
    if state.found is not None:
        state.found.append(UnitToken(unit, token))


def join_lines(content: str) -> str:
    """Join soft line breaks with a space (with nothing between Chinese or Japanese
    characters, as markdown-it's cjk-breaks plugin does); keep hard breaks (as two spaces
    or a backslash)."""
    if "\n" not in content:  # one line: the last, kept as it is
        return content.strip(" \t")
    lines = content.split("\n")
    out: list[str] = []
    for number, raw in enumerate(lines):
        line = raw.lstrip(" \t") if number else raw
        is_last = number == len(lines) - 1
        hard = _HARD_BREAK.search(line) if not is_last else None
        if hard:
            marker = "\\" if hard.group(1) == "\\" else "  "
            out.append(line[: hard.start()].rstrip(" \t") + marker + "\n")
        elif is_last:
            out.append(line)
        else:
            stripped = line.rstrip(" \t")
            out.append(stripped + soft_break(stripped, lines[number + 1].lstrip(" \t")))
    return "".join(out).strip(" \t")


def _plain_prefix_has_text(content: str) -> bool:
    """A cheap sufficient test for :func:`_has_text` without parsing: a letter outside
    URLs in the whole words before the first character that can start code, a tag, an
    autolink, a link, an image, an escape or an entity. Those words are text children
    (emphasis markers aside) whatever follows."""
    match = _INLINE_START.search(content)
    if match is None:
        prefix = content
    else:
        # A word running into the special character may be part of what it starts.
        cut = max(content.rfind(" ", 0, match.start()), content.rfind("\n", 0, match.start()))
        prefix = content[:cut] if cut > 0 else ""
    return _has_letter(prefix)


def _has_text(children: Sequence[Token]) -> bool:
    """True when the inline content has words outside code, URLs, HTML and images."""
    in_autolink = False
    for child in children:
        if child.type == "link_open" and child.markup in ("autolink", "linkify"):
            in_autolink = True
        elif child.type == "link_close":
            in_autolink = False
        elif child.type == "text" and not in_autolink and _has_letter(child.content):
            return True
    return False


def _media_units(token: Token, state: _State, first: int, lang: str | None) -> None:
    """Image alt texts and titles, link titles, of a block that has no other text."""
    if state.env is not None and not token.children:
        parse_inline(token, state.env)
    line = first + 1
    for index, child in enumerate(token.children or []):
        if child.type == "softbreak":
            line += 1
        found: list[tuple[UnitKind, object]] = []
        if child.type == "image":
            found.append((UnitKind.IMAGE_ALT, child.content))
            found.append((UnitKind.IMAGE_TITLE, child.attrs.get("title") if child.attrs else None))
        elif child.type == "link_open" and child.attrs:
            found.append((UnitKind.LINK_TITLE, child.attrs.get("title")))
        for kind, text in found:
            if isinstance(text, str) and _LETTER.search(text):
                span = _find_span(state, text, first)
                unit = Segment(text, kind, line, state.block, *span, lang, 0, state.ignore)
                _add_media(state, unit, token, index)


def _html_units(token: Token, state: _State) -> None:
    """``alt`` and ``title`` attribute values of the tags of a raw HTML block (comments
    left out): each with letters is a unit, its span the value inside the quotes."""
    if token.map is None or ("alt" not in token.content and "title" not in token.content):
        return
    content = _HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), token.content)
    search_from = state.line_starts[token.map[0]]
    lang = _declared_lang(state)
    for tag in _HTML_START_TAG.finditer(content):
        for attr in _HTML_ATTRIBUTE.finditer(tag.group(1)):
            kind = _HTML_UNITS.get(attr.group(1).lower())
            raw = attr.group(2)
            if kind is None or raw is None:
                continue
            value = raw[1:-1] if raw[:1] in "\"'" else raw
            text = html.unescape(value)
            if not _LETTER.search(text):
                continue
            line = token.map[0] + content.count("\n", 0, tag.start(1) + attr.start(2)) + 1
            begin = state.text.find(raw, search_from)
            span = (
                (begin + len(raw) - len(value) - (raw[:1] in "\"'"), -1) if begin >= 0 else (-1, -1)
            )
            if begin >= 0:
                start = begin + (1 if raw[:1] in "\"'" else 0)
                span = (start, start + len(value))
                search_from = begin + len(raw)
            unit = Segment(text, kind, line, state.block, *span, lang, 0, state.ignore)
            state.segments.append(unit)
            if state.found is not None:
                state.found.append(UnitToken(unit, token, -1, attr.group(1).lower()))


def _add_media(state: _State, unit: Segment, token: Token, index: int) -> None:
    state.segments.append(unit)
    if state.found is not None:
        state.found.append(UnitToken(unit, token, index))


def _span(state: _State, content: str, first: int, last: int) -> tuple[int, int]:
    """Offsets of the unit's source text within the page (first line's text to last line's)."""
    lines = content.split("\n")
    region_start = state.line_starts[first]
    region_end = state.line_starts[last] if last < len(state.line_starts) else len(state.text)
    begin = state.text.find(lines[0].strip(), region_start, region_end)
    if begin < 0:
        return (-1, -1)
    tail = lines[-1].rstrip()
    stop = state.text.find(tail, begin if len(lines) == 1 else region_start, region_end)
    if not tail or stop < 0:
        return (-1, -1)
    if len(lines) > 1:
        stop = state.text.rfind(tail, begin, region_end)
    return (begin, stop + len(tail))


def _cell_span(state: _State, row: int, cell: int) -> tuple[int, int]:
    """Offsets of the ``cell``-th cell's text in a table row (pipes escaped with ``\\`` skipped)."""
    begin = state.line_starts[row]
    end = state.line_starts[row + 1] - 1 if row + 1 < len(state.line_starts) else len(state.text)
    line = state.text[begin:end]
    bounds = [m.start() for m in _CELL_PIPE.finditer(line)]
    if not bounds or bounds[0] != len(line) - len(line.lstrip()):
        bounds.insert(0, -1)
    if cell + 1 >= len(bounds):
        if cell + 1 == len(bounds):
            bounds.append(len(line))
        else:
            return (-1, -1)
    raw_start, raw_end = bounds[cell] + 1, bounds[cell + 1]
    raw = line[raw_start:raw_end]
    lead = len(raw) - len(raw.lstrip())
    return (begin + raw_start + lead, begin + raw_start + len(raw.rstrip()))


def _find_span(state: _State, needle: str, first: int) -> tuple[int, int]:
    begin = state.text.find(needle, state.line_starts[first])
    return (begin, begin + len(needle)) if begin >= 0 else (-1, -1)
