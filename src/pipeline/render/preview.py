"""Preview documents: a fragment inside a complete HTML5 page, to open in a browser (pure).

No external asset and no script: the page holds its own small style sheet. The head links
every language version (``hreflang`` alternates, ``x-default`` = the source language) and the
body starts with a language switcher. A translated page that still shows passages in the
source language says how many, above the page, and marks them (with a legend); links
between pages of the site lead to their preview pages.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping

from pipeline import languages
from pipeline.render.html import bcp47

__all__ = ["fallback_passages", "preview_links", "relative_href", "render_preview"]

_STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:48rem;margin:0 auto;"
    "padding:1rem;color:#1f2328}a{color:#0550ae}"
    "a:focus-visible{outline:3px solid #0969da;outline-offset:2px}"
    "nav.languages ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}"
    ".translation-notice{border:1px solid #9a6700;background:#fff8e0;padding:.5rem}"
    ".preview-notice{border:2px solid #9a6700;border-radius:6px;background:#fff8e0;"
    "padding:.6rem 1rem;margin:1rem 0}.preview-notice p{margin:.2rem 0}"
    ".fallback-sample{display:inline-block;padding:0 .4rem}"
    'main article [lang="{source}"],.fallback-sample{background:#fff1c2;'
    "box-shadow:inset 4px 0 0 #9a6700;padding-left:.5rem}"
    "@media print{*{print-color-adjust:exact;-webkit-print-color-adjust:exact}}"
)

_HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def relative_href(from_file: str, to_file: str) -> str:
    """Relative URL from one build file to another (both ``/``-separated, same root)."""
    here = from_file.split("/")[:-1]
    there = to_file.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def _page_base(name: str) -> tuple[str, str]:
    """Where a page's relative links start from: as a URL (Hugo's pretty URLs: ``unga`` is
    ``/unga/``, ``index`` and ``docs/_index`` are their folder) and as a file."""
    folder, _, leaf = name.rpartition("/")
    url = folder if leaf in ("index", "_index") else name
    return url, folder


def _page_named(path: str, names: Mapping[str, str]) -> str | None:
    """The page a site path names (``unga/``, ``unga.md``, ``docs/``, ``''`` for home)."""
    path = path.strip("/")
    for suffix in (".md", ".markdown", ".html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    candidates = [path, f"{path}/index", f"{path}/_index"] if path else ["index", "_index"]
    for candidate in candidates:
        if candidate in names:
            return candidate
    return None


def link_target(href: str, page: str, names: Mapping[str, str]) -> str | None:
    """The page of the site ``href`` (on page ``page``) leads to, or None."""
    if not href or href.startswith(("#", "//")) or _SCHEME.match(href):
        return None
    path = href.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        return _page_named(posixpath.normpath(path), names)
    url_base, file_base = _page_base(page)
    for base in (url_base, file_base):
        joined = posixpath.normpath(posixpath.join("/", base, path))
        found = _page_named(joined, names)
        if found is not None:
            return found
    return None


def preview_links(
    fragment: str,
    *,
    file: str,
    page: str,
    names: Mapping[str, str],
    localized: Mapping[str, str] | None = None,
) -> str:
    """``fragment`` with every link to a page of the site pointing at that page's preview.

    ``names`` maps page names to their preview files (build paths, like ``file``);
    ``localized`` is the language's ``[build] localized_links`` (``unga/`` -> ``agnu/``),
    undone to find the page.
    """
    reverse = {new: old for old, new in (localized or {}).items()}

    def swap(match: re.Match[str]) -> str:
        href = html.unescape(match.group(2))
        for new, old in reverse.items():
            if href.startswith(new):
                href = old + href[len(new) :]
                break
        target = link_target(href, page, names)
        if target is None:
            return match.group(0)
        fragment_id = href.partition("#")[2]
        new_href = relative_href(file, names[target]) + (f"#{fragment_id}" if fragment_id else "")
        return f"{match.group(1)}{html.escape(new_href)}{match.group(3)}"

    return _HREF.sub(swap, fragment)


def fallback_passages(fragment: str, source_language: str) -> int:
    """Elements of ``fragment`` (inside its ``<article>``) marked as the source language:
    the passages shown untranslated."""
    tag = re.escape(bcp47(source_language))
    body = fragment.split(">", 1)[1] if fragment.startswith("<article") else fragment
    return len(re.findall(rf'<[a-z][a-z0-9]*\b[^>]*\slang="{tag}"', body))


def _notice(lang: str, source_language: str, fallback: int, units: int) -> str:
    if lang == source_language or not fallback or not units:
        return ""
    name = html.escape(languages.english_name(source_language), quote=False)
    noun = "passage" if units == 1 else "passages"
    verb = "is" if fallback == 1 else "are"
    return (
        '<aside class="preview-notice" role="note" lang="en" aria-label="Translation status">'
        f"<p><strong>{fallback} of {units} {noun} {verb} not yet translated</strong> and "
        f"{verb} shown in {name}.</p>"
        f'<p>Passages <span class="fallback-sample">marked like this</span> are shown in {name}, '
        "waiting for their translation.</p></aside>\n"
    )


def render_preview(
    *,
    file: str,
    lang: str,
    title: str,
    fragment: str,
    alternates: Mapping[str, str],
    source_language: str,
    description: str | None = None,
    units: int = 0,
) -> str:
    """A full document at build path ``file`` around ``fragment``.

    ``alternates`` maps each language the page is published in to its preview file (build
    paths, like ``file``); links are made relative to ``file``. ``units``: the page's
    passages (body units), for the notice of a partly translated page.
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
    style = _STYLE.replace("{source}", bcp47(source_language))
    head.append(f"<style>{style}</style>\n</head>\n<body>\n")
    switcher = ['<nav class="languages" aria-label="Languages">\n<ul>\n']
    for code in sorted(alternates):
        name = html.escape(languages.native_name_in(code, "uiListOrMenu"), quote=False)
        attrs = f'lang="{bcp47(code)}" hreflang="{bcp47(code)}"'
        if languages.direction(code) != direction:
            attrs += f' dir="{languages.direction(code)}"'
        if code == lang:
            switcher.append(f'<li><a {attrs} aria-current="page">{name}</a></li>\n')
        else:
            href = html.escape(relative_href(file, alternates[code]))
            switcher.append(f'<li><a href="{href}" {attrs}>{name}</a></li>\n')
    switcher.append("</ul>\n</nav>\n")
    notice = _notice(lang, source_language, fallback_passages(fragment, source_language), units)
    return "".join([*head, *switcher, "<main>\n", notice, fragment, "</main>\n</body>\n</html>\n"])
