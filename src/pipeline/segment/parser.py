"""The one place markdown-it-py is configured."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # markdown-it-py is imported when a parser is first made
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """:func:`markdown_parser` without the inline pass: block tokens, and ``inline`` tokens
    whose children are left empty (fill them with :func:`parse_inline` where needed).
    Footnotes need the inline pass to be listed: use the full parser on pages with some."""
    md = _configured()
    md.disable("inline")
    return md


def parse_inline(token: Token, env: dict[str, Any]) -> list[Token]:
    """Fill an ``inline`` token's children, as the full parser's inline pass would."""
    md = markdown_parser()
    children: list[Token] = []
    md.inline.parse(token.content, md, env, children)
    token.children = children
    return children


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough, footnotes, front matter and ``{attrs}``, and
    Hugo's syntax: shortcodes as placeholders (:mod:`pipeline.segment.shortcodes`) and
    heading attributes (:mod:`pipeline.segment.heading_attrs`).

    ``{lang=fr}`` on the line before a block, or after ``[a span]``, declares its language.
    """
    return _configured()


@lru_cache(maxsize=1)
def permissive_parser() -> MarkdownIt:
    """The inline syntax of :func:`markdown_parser` (no front matter or block attributes),
    except that every link is a link, ``javascript:`` ones too: to see a text's link
    targets whatever their scheme (markdown-it itself refuses to link unsafe schemes)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    from pipeline.segment.shortcodes import shortcode_plugin

    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(attrs_plugin, spans=True)
    md.use(footnote_plugin)
    md.use(shortcode_plugin)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _configured() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    from pipeline.segment.heading_attrs import heading_attributes_plugin
    from pipeline.segment.shortcodes import shortcode_plugin

    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    md.use(attrs_block_plugin)
    md.use(attrs_plugin, spans=True)
    md.use(footnote_plugin)
    md.use(shortcode_plugin)
    md.use(heading_attributes_plugin)
    return md
