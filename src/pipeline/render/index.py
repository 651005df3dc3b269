"""A language's index fragment: ``<nav lang dir>`` listing every published page (pure)."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline import languages
from pipeline.render.html import bcp47
from pipeline.render.sanitize import sanitize

__all__ = ["IndexEntry", "order_key", "render_index"]


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One page in a language's index."""

    name: str
    """Page name (``incb``, ``docs/intro``)."""
    title: str
    """Title shown (plain text)."""
    title_lang: str
    """Language the title is in (the source language when it fell back)."""
    href: str
    """Link to the page's fragment, relative to the index."""
    weight: Any = None
    """Front matter ``weight`` of the source page (a number), or None."""


def order_key(entry: IndexEntry) -> tuple[int, float, str]:
    """Weighted pages first by weight, then the others; ties by page name."""
    weight = entry.weight
    if isinstance(weight, bool) or not isinstance(weight, int | float) or math.isnan(weight):
        return (1, 0.0, entry.name)
    return (0, float(weight), entry.name)


def render_index(lang: str, entries: Iterable[IndexEntry]) -> str:
    """``<nav>`` with the language's native name (capitalised as in a menu) as heading and a
    link per page, in order."""
    tag = bcp47(lang)
    direction = languages.direction(lang)
    items = []
    for entry in sorted(entries, key=order_key):
        attrs = f'href="{html.escape(entry.href)}"'
        if entry.title_lang != lang:
            attrs += f' lang="{bcp47(entry.title_lang)}"'
            if languages.direction(entry.title_lang) != direction:
                attrs += f' dir="{languages.direction(entry.title_lang)}"'
        items.append(f"<li><a {attrs}>{html.escape(entry.title, quote=False)}</a></li>\n")
    # A navigation list's heading: the name as CLDR capitalises it in a menu (Français).
    name = html.escape(languages.native_name_in(lang, "uiListOrMenu"), quote=False)
    body = f"<h1>{name}</h1>\n<ul>\n{''.join(items)}</ul>"
    return f'<nav lang="{tag}" dir="{direction}">\n{sanitize(body)}\n</nav>\n'
