"""A site file as an escaped HTML page with one anchor per line (pure).

The dashboard links each finding to ``source/<site path>.html#L<line>`` instead of the raw
Markdown or PO file, whose ``#L`` anchors do nothing when opened locally. The view is an
ordered list (one item per line, so the numbers are the list's own and copying the text
copies no number), the findings of a line shown under it, the target line highlighted.
Nothing of the file is interpreted: every character is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

__all__ = [
    "SOURCE_DIR",
    "SourceNote",
    "render_source_view",
    "source_view_href",
    "source_view_path",
    "viewable",
]

SOURCE_DIR = "source"
"""Folder of the views, inside the build folder."""

_STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5rem auto; max-width: 80rem;
  padding: 0 1rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.3rem; overflow-wrap: anywhere; }
a { color: #0550ae; }
a:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
ol.lines { font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem .5rem .5rem 4.5rem;
  margin: 1rem 0; background: #f6f8fa; }
ol.lines li { white-space: pre-wrap; overflow-wrap: anywhere; padding-left: .5rem;
  border-left: 1px solid #d0d7de; scroll-margin-top: 40vh; }
ol.lines li::marker { color: #59636e; }
ol.lines li:target { background: #fff8c5; outline: 2px solid #9a6700; }
ol.lines li.noted { background: #ffebe9; }
.note { display: block; font: 14px/1.45 system-ui, sans-serif; white-space: normal;
  margin: .2rem 0 .4rem; padding: .3rem .6rem; border-left: 4px solid #cf222e;
  background: #fff; }
.note.sev-warning { border-color: #9a6700; } .note.sev-info { border-color: #59636e; }
ul.notes li { margin: .2rem 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
@media print { ol.lines { background: none; } ol.lines li.noted { background: none; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; } }
"""


@dataclass(frozen=True, slots=True)
class SourceNote:
    """A finding shown under its line."""

    line: int
    """1-based line."""
    severity: str
    """``error``, ``warning`` or ``info``."""
    rule: str
    """Rule id."""
    message: str
    """The finding's message."""


def viewable(site_path: str) -> bool:
    """True for a site-relative path a view can be made of (no ``..``, not absolute)."""
    parts = site_path.split("/")
    return (
        bool(site_path) and not site_path.startswith("/") and ".." not in parts and "" not in parts
    )


def source_view_path(site_path: str) -> str:
    """Build-relative path of the view of a site file (``source/content/en/x.md.html``)."""
    return f"{SOURCE_DIR}/{site_path}.html"


def source_view_href(site_path: str, line: int | None = None) -> str:
    """URL of the view, relative to the build folder, at ``line`` when given."""
    href = quote(source_view_path(site_path), safe="/")
    return f"{href}#L{line}" if line else href


def render_source_view(
    site_path: str, lines: Sequence[str] | None, notes: Sequence[SourceNote]
) -> str:
    """The view of ``site_path`` (its ``lines``, None when it could not be read)."""
    depth = source_view_path(site_path).count("/")
    back = "../" * depth + "status.html"
    title = html.escape(site_path, quote=False)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{title} — source</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        '<nav aria-label="Back">',
        f'<p><a href="{html.escape(back)}">← Translation status</a></p></nav>',
        "<main>",
        f"<h1><code>{title}</code></h1>",
    ]
    by_line: dict[int, list[SourceNote]] = {}
    for note in sorted(notes, key=lambda n: (n.line, n.rule, n.message)):
        by_line.setdefault(note.line, []).append(note)
    if by_line:
        parts.append(f"<h2>Findings ({len(notes)})</h2>")
        parts.append('<ul class="notes">')
        for line, items in by_line.items():
            for note in items:
                parts.append(
                    f'<li><a href="#L{line}">Line {line}</a>: {html.escape(note.severity)} '
                    f"<code>{html.escape(note.rule)}</code>: {html.escape(note.message)}</li>"
                )
        parts.append("</ul>")
    if lines is None:
        parts.append("<p>This file could not be read when the view was written.</p>")
    else:
        parts.append('<h2 class="visually-hidden">Text</h2>')
        parts.append(f'<ol class="lines" aria-label="Lines of {html.escape(site_path)}">')
        for number, text in enumerate(lines, start=1):
            shown = html.escape(text, quote=False) or " "
            items = by_line.get(number, [])
            cls = ' class="noted"' if items else ""
            notes_html = "".join(
                f'<span class="note sev-{html.escape(n.severity)}">{html.escape(n.severity)} '
                f"<code>{html.escape(n.rule)}</code>: {html.escape(n.message)}</span>"
                for n in items
            )
            parts.append(f'<li id="L{number}"{cls}>{shown}{notes_html}</li>')
        parts.append("</ol>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)
