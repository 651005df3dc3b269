"""The Markdown dialect (CommonMark with the extensions the segmenter reads): link targets,
image sources, code spans, footnote references, inline HTML tags and Hugo shortcodes (name,
tag kind and non-translatable parameters, :attr:`Shortcode.key`) must survive; link texts
may change; emphasis, strong, struck-through spans and hard breaks are counted, and a
different number of them is a fault (the page renders differently)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.checks.placeables.model import Counted, Dialect, Placeable, Placeables
from pipeline.checks.typography import code_spans
from pipeline.segment.parser import markdown_parser
from pipeline.segment.shortcodes import parse_tag

if TYPE_CHECKING:
    from markdown_it.token import Token

_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_ATTR = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_TRANSLATABLE_ATTRS = frozenset({"lang", "title", "alt", "aria-label", "placeholder"})
"""Attributes whose values a translator may change (or drop, for ``lang``)."""

_MARKUP_CHARS = frozenset("[`*_~<{\n")
"""Characters without which inline Markdown holds no markup this module compares."""

LINK, IMAGE, CODE, FOOTNOTE, TAG, SHORTCODE = (
    "link target",
    "image source",
    "inline code",
    "footnote reference",
    "HTML tag",
    "shortcode",
)


@lru_cache(maxsize=8192)
def read(text: str) -> Placeables:
    """The placeables of an inline Markdown text (memoized: a page's units and its
    catalogue's entries are compared in the same run)."""
    if _MARKUP_CHARS.isdisjoint(text):
        return Placeables(prose=text)
    if "\\" not in text and _MARKUP_CHARS.isdisjoint(text.replace("`", "")):
        # Code spans are the only markup: CommonMark's backtick rule, without a parser.
        return Placeables(items=tuple(Placeable(CODE, c, c) for c in _code_contents(text)))
    items: list[Placeable] = []
    counts: Counter[str] = Counter()
    for block in markdown_parser().parseInline(text, {}):
        _walk(block.children or [], items, counts)
    return Placeables(items=tuple(items), counts=tuple(sorted(counts.items())))


def _code_contents(text: str) -> list[str]:
    """Contents of the code spans of a one-line text without backslashes, as CommonMark
    reads them: one space is stripped from both ends when both are spaces and the content
    is not all spaces."""
    contents: list[str] = []
    for start, end in code_spans(text):
        width = 1
        while text[start + width] == "`":
            width += 1
        content = text[start + width : end - width]
        if len(content) >= 2 and content[0] == " " and content[-1] == " " and content.strip(" "):
            content = content[1:-1]
        contents.append(content)
    return contents


def _walk(tokens: Iterable[Token], items: list[Placeable], counts: Counter[str]) -> None:
    for token in tokens:
        kind = token.type
        if kind == "link_open":
            href = str(token.attrs.get("href", ""))
            items.append(Placeable(LINK, href, href))
        elif kind == "image":
            src = str(token.attrs.get("src", ""))
            items.append(Placeable(IMAGE, src, src))
            _walk(token.children or [], items, counts)
        elif kind == "code_inline":
            items.append(Placeable(CODE, token.content, token.content))
        elif kind in ("em_open", "strong_open", "s_open"):
            counts[kind.removesuffix("_open")] += 1
        elif kind == "hardbreak":
            counts["hardbreak"] += 1
        elif kind == "footnote_ref":
            label = str(token.meta.get("label", token.meta.get("id", "")))
            items.append(Placeable(FOOTNOTE, label, f"[^{label}]"))
        elif kind == "text":
            for match in _FOOTNOTE.finditer(token.content):
                items.append(Placeable(FOOTNOTE, match.group(1), match.group(0)))
        elif kind == "html_inline":
            key = tag_key(token.content)
            if key is not None:
                items.append(Placeable(TAG, key, token.content))
        elif kind == "shortcode":
            code = parse_tag(token.content)
            if code is not None:
                items.append(Placeable(SHORTCODE, code.key, token.content))
        elif kind == "span_open":
            attrs = {
                str(name): str(value)
                for name, value in token.attrs.items()
                if name not in _TRANSLATABLE_ATTRS
            }
            if attrs:
                shown = " ".join(f"{name}={value}" for name, value in sorted(attrs.items()))
                items.append(Placeable(TAG, f"{{{shown}}}", "]{"))


def tag_key(raw: str) -> str | None:
    """``<a href="x" title="y">`` -> ``<a href="x">``: name and non-translatable attributes."""
    match = _TAG.fullmatch(raw.strip())
    if match is None:
        return None
    closing, name, rest = match.groups()
    if closing:
        return f"</{name.lower()}>"
    attrs: list[str] = []
    for attr in _ATTR.finditer(rest):
        attr_name = attr.group(1).lower()
        if attr_name in _TRANSLATABLE_ATTRS:
            continue
        value = attr.group(2)
        if value is None:
            attrs.append(attr_name)
        else:
            attrs.append(f'{attr_name}="{value.strip(chr(34) + chr(39))}"')
    inner = " ".join([name.lower(), *sorted(attrs)])
    return f"<{inner}>"


MARKDOWN = Dialect(
    "markdown",
    read,
    kinds=(LINK, IMAGE, CODE, FOOTNOTE, TAG, SHORTCODE),
    counted=(
        Counted("em", "emphasised span", "emphasised spans"),
        Counted("strong", "strong span", "strong spans"),
        Counted("s", "struck-through span", "struck-through spans"),
        Counted("hardbreak", "hard line break", "hard line breaks"),
    ),
    edges=True,
)
"""Markdown, the dialect of the catalogues ``pipeline extract`` writes."""
