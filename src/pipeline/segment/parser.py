"""The one place markdown-it-py is configured."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough, footnotes, front matter and ``{attrs}``.

    ``{lang=fr}`` on the line before a block, or after ``[a span]``, declares its language.
    """
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    md.use(attrs_block_plugin)
    md.use(attrs_plugin, spans=True)
    md.use(footnote_plugin)
    return md
