"""render_page and unit_tokens: translations spliced into the source's structure."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest

from helpers import REPO
from pipeline.content.pages import parse_page
from pipeline.model import Page, Segment
from pipeline.render.html import bcp47, render_page
from pipeline.segment.markdown import segment_page, unit_tokens


def _page(text: str) -> Page:
    return parse_page(text, "content/en/t.md", "en", "t")


def _render(text: str, translations: dict[str, str], lang: str = "fr") -> str:
    page = _page(text)
    chosen = {s: translations[s.text] for s in page.segments if s.text in translations}
    html = render_page(page, lang, source_language="en", translations=chosen).html
    html5lib.HTMLParser(strict=True).parseFragment(html)
    return html


def units_key(segment: Segment) -> tuple[int, int, str]:
    return (segment.line, segment.start, segment.text)


@pytest.mark.parametrize("path", sorted((REPO / "content").glob("*/*.md")), ids=lambda p: p.name)
def test_unit_tokens_cover_the_segments_of_shipped_pages(path: Path) -> None:
    text = path.read_text("utf-8")
    _, units = unit_tokens(text, path.name)
    body = [s for s in segment_page(text, path.name).segments if s.block >= 0]
    assert sorted((u.segment for u in units), key=units_key) == sorted(body, key=units_key)
    for unit in units:
        assert unit.token.type == "inline"


def test_image_alt_and_title_and_link_title() -> None:
    text = '![A harbour](/img/h.jpg "At dawn")\n\n[![Logo](/l.png)](https://x.org "Home page")\n'
    html = _render(text, {"A harbour": "Un port", "At dawn": "À l’aube", "Home page": "Accueil"})
    assert '<img src="/img/h.jpg" alt="Un port" title="À l’aube">' in html
    assert '<a href="https://x.org" title="Accueil"><img src="/l.png" alt="Logo" lang="en">' in html


def test_untranslated_image_alt_says_english() -> None:
    html = _render("![A harbour](/img/h.jpg)\n", {})
    assert '<img src="/img/h.jpg" alt="A harbour" lang="en">' in html


def test_nested_lists_and_blockquotes() -> None:
    text = "> Quoted text.\n\n- Outer\n  - Inner one\n  - Inner two\n\n1. First\n\n   Loose.\n"
    html = _render(text, {"Outer": "Extérieur", "Inner two": "Intérieur deux", "Loose.": "Lâche."})
    assert '<blockquote>\n<p lang="en">Quoted text.</p>\n</blockquote>' in html
    assert "<li>Extérieur\n<ul>" in html
    assert '<li><span lang="en">Inner one</span></li>' in html
    assert "<li>Intérieur deux</li>" in html
    assert '<p lang="en">First</p>' in html
    assert "<p>Lâche.</p>" in html


def test_declared_language_is_kept() -> None:
    text = "{lang=de}\nEin deutscher Satz.\n\nText with [ein Wort]{lang=de} inside.\n"
    html = _render(text, {})
    assert '<p lang="de">Ein deutscher Satz.</p>' in html
    assert '<p lang="en">Text with <span lang="de">ein Wort</span> inside.</p>' in html
    translated = _render(
        text, {"Text with [ein Wort]{lang=de} inside.": "Texte avec [ein Wort]{lang=de} dedans."}
    )
    assert '<p>Texte avec <span lang="de">ein Wort</span> dedans.</p>' in translated


def test_reference_links_resolve_in_translations() -> None:
    text = "See [the report][r].\n\n[r]: https://example.org/report\n"
    html = _render(text, {"See [the report][r].": "Voir [le rapport][r]."})
    assert '<p>Voir <a href="https://example.org/report">le rapport</a>.</p>' in html


def test_code_blocks_and_html_blocks_are_kept_and_sanitized() -> None:
    text = "```python\nx = '<b>'\n```\n\n<div onclick=\"x()\">Block</div>\n"
    html = render_page(_page(text), "en", source_language="en").html
    assert "<pre><code class=\"language-python\">x = '&lt;b&gt;'\n</code></pre>" in html
    assert "<div>Block</div>" in html


def test_source_rendering_has_no_unit_lang() -> None:
    html = render_page(_page("# Title\n\nText.\n"), "en", source_language="en").html
    assert html == '<article lang="en" dir="ltr">\n<h1>Title</h1>\n<p>Text.</p>\n</article>\n'


def test_bcp47() -> None:
    assert bcp47("pt_BR") == "pt-BR"
    assert bcp47("zh_Hant_TW") == "zh-Hant-TW"
    assert bcp47("fr") == "fr"


def test_hugo_syntax_in_fragments() -> None:
    text = (
        "## What it is {#what-it-is}\n\nSee {{< ref x >}}.\n\n{{% notice %}}\n\n"
        '<p><img src="a.png" alt="A cat"></p>\n'
    )
    html = _render(text, {"What it is": "Ce que c’est", "A cat": "Un chat"})
    assert '<h2 id="what-it-is">Ce que c’est</h2>' in html
    assert "{{&lt; ref x &gt;}}" in html and "<p>{{% notice %}}</p>" in html
    assert 'alt="Un chat"' in html
    untranslated = _render(text, {})
    assert 'alt="A cat"' in untranslated
