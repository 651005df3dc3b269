"""Preview documents: a fragment inside a complete HTML5 page, to open in a browser (pure).

No external asset and no script: the page holds its own small style sheet. The head links
every language version (``hreflang`` alternates, ``x-default`` = the source language) and the
body starts with a language switcher.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from pipeline import languages
from pipeline.render.html import bcp47

__all__ = ["relative_href", "render_preview"]

_STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:48rem;margin:0 auto;"
    "padding:1rem}nav.languages ul{list-style:none;padding:0;display:flex;gap:1rem}"
    ".translation-notice{border:1px solid #c90;background:#fff8e0;padding:.5rem}"
    "[lang]:not(html):not(article){outline:1px dotted #999}"
)


def relative_href(from_file: str, to_file: str) -> str:
    """Relative URL from one build file to another (both ``/``-separated, same root)."""
    here = from_file.split("/")[:-1]
    there = to_file.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def render_preview(
    *,
    file: str,
    lang: str,
    title: str,
    fragment: str,
    alternates: Mapping[str, str],
    source_language: str,
    description: str | None = None,
) -> str:
    """A full document at build path ``file`` around ``fragment``.

    ``alternates`` maps each language the page is published in to its preview file (build
    paths, like ``file``); links are made relative to ``file``.
    """
    tag = bcp47(lang)
    direction = languages.direction(lang)
    head = [
        "<!DOCTYPE html>\n",
        f'<html lang="{tag}" dir="{direction}">\n',
        "<head>\n",
        '<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{html.escape(title, quote=False)}</title>\n",
    ]
    if description:
        head.append(f'<meta name="description" content="{html.escape(description)}">\n')
    for code in sorted(alternates):
        href = html.escape(relative_href(file, alternates[code]))
        head.append(f'<link rel="alternate" hreflang="{bcp47(code)}" href="{href}">\n')
    if source_language in alternates:
        href = html.escape(relative_href(file, alternates[source_language]))
        head.append(f'<link rel="alternate" hreflang="x-default" href="{href}">\n')
    head.append(f"<style>{_STYLE}</style>\n</head>\n<body>\n")
    switcher = ['<nav class="languages">\n<ul>\n']
    for code in sorted(alternates):
        name = html.escape(languages.native_name(code), quote=False)
        attrs = f'lang="{bcp47(code)}" hreflang="{bcp47(code)}"'
        if languages.direction(code) != direction:
            attrs += f' dir="{languages.direction(code)}"'
        if code == lang:
            switcher.append(f'<li><a {attrs} aria-current="page">{name}</a></li>\n')
        else:
            href = html.escape(relative_href(file, alternates[code]))
            switcher.append(f'<li><a href="{href}" {attrs}>{name}</a></li>\n')
    switcher.append("</ul>\n</nav>\n")
    return "".join([*head, *switcher, "<main>\n", fragment, "</main>\n</body>\n</html>\n"])
