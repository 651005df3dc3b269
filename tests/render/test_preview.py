"""Preview pages: links between pages lead to their previews, the notice counts the
passages shown in the source language, the switcher names languages as CLDR capitalises
them in a menu."""

from __future__ import annotations

import pytest

from pipeline import languages
from pipeline.render.preview import (
    fallback_passages,
    link_target,
    preview_links,
    render_preview,
)

NAMES = {
    name: f"preview/fr/{name}.html"
    for name in ("index", "unga", "hrc", "docs/intro", "docs/_index")
}


@pytest.mark.parametrize(
    ("href", "page", "expected"),
    [
        ("unga/", "index", "unga"),  # Hugo: the home page is /, unga is /unga/
        ("unga", "index", "unga"),
        ("./unga.md", "index", "unga"),  # a file link, as on GitHub
        ("/unga/", "hrc", "unga"),
        ("../unga/", "hrc", "unga"),  # hrc is /hrc/: ../ is the site root
        ("unga.md#role", "hrc", "unga"),
        ("../", "hrc", "index"),
        ("intro/", "docs/_index", "docs/intro"),
        ("../intro/", "docs/intro", "docs/intro"),
        ("/docs/", "unga", "docs/_index"),
        ("https://example.org/unga/", "index", None),
        ("mailto:x@example.org", "index", None),
        ("#top", "index", None),
        ("//example.org/unga/", "index", None),
        ("missing/", "index", None),
        ("/images/x.jpg", "index", None),
    ],
)
def test_link_targets(href: str, page: str, expected: str | None) -> None:
    assert link_target(href, page, NAMES) == expected


def test_links_are_rewritten_to_previews_relative_to_the_file() -> None:
    fragment = (
        '<article lang="fr" dir="ltr">\n<p><a href="unga/#role">AGNU</a> '
        '<a href="agnu/">localised</a> <a href="https://example.org/?a=1&amp;b=2">ext</a></p>\n'
        "</article>\n"
    )
    out = preview_links(
        fragment,
        file="preview/fr/index.html",
        page="index",
        names=NAMES,
        localized={"unga/": "agnu/"},
    )
    assert '<a href="unga.html#role">AGNU</a>' in out
    assert '<a href="unga.html">localised</a>' in out
    assert 'href="https://example.org/?a=1&amp;b=2"' in out


def test_notice_counts_fallback_passages_and_is_absent_when_complete() -> None:
    fragment = (
        '<article lang="fr" dir="ltr">\n<h1>Titre</h1>\n<p lang="en">One.</p>\n'
        '<ul><li><span lang="en">Two</span></li></ul>\n</article>\n'
    )
    assert fallback_passages(fragment, "en") == 2
    page = render_preview(
        file="preview/fr/p.html",
        lang="fr",
        title="Titre",
        fragment=fragment,
        alternates={"en": "preview/en/p.html", "fr": "preview/fr/p.html"},
        source_language="en",
        units=3,
    )
    assert (
        "<strong>2 of 3 passages are not yet translated</strong> and are shown in English" in page
    )
    assert page.index("preview-notice") < page.index('<article lang="fr"')
    assert '<a href="../en/p.html" lang="en" hreflang="en">English</a>' in page
    assert '<a lang="fr" hreflang="fr" aria-current="page">Français</a>' in page
    complete = render_preview(
        file="preview/fr/p.html",
        lang="fr",
        title="Titre",
        fragment='<article lang="fr" dir="ltr">\n<p>Un.</p>\n</article>\n',
        alternates={"fr": "preview/fr/p.html"},
        source_language="en",
        units=1,
    )
    assert '<aside class="preview-notice"' not in complete


@pytest.mark.parametrize(
    ("code", "menu", "alone"),
    [
        ("fr", "Français", "français"),  # CLDR fr: uiListOrMenu only
        ("fr_CA", "Français (Canada)", "français (Canada)"),  # inherited from fr
        ("es", "Español", "Español"),
        ("ru", "Русский", "Русский"),
        ("de", "Deutsch", "Deutsch"),
        ("en", "English", "English"),
        ("ar", "العربية", "العربية"),
    ],
)
def test_language_names_capitalised_as_cldr_says(code: str, menu: str, alone: str) -> None:
    assert languages.native_name_in(code, "uiListOrMenu") == menu
    assert languages.native_name_in(code, "stand-alone") == alone


def test_unknown_display_context_is_refused() -> None:
    with pytest.raises(ValueError, match="display context"):
        languages.native_name_in("fr", "heading")
