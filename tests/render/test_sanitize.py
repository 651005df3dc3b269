"""The sanitizer's allow-list and the safety test built on it."""

from __future__ import annotations

import pytest

from pipeline.render.sanitize import is_safe, sanitize
from pipeline.render.vetting import link_targets, localize_target, refusal_reasons


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<p onclick="x()">a</p>', "<p>a</p>"),
        ("<script>alert(1)</script>b", "b"),
        ("<style>p{}</style>c", "c"),
        ('<iframe src="https://e.x"></iframe>d', "d"),
        ('<a href="javascript:alert(1)">e</a>', "<a>e</a>"),
        ('<a href="JAVASCRIPT:alert(1)">e</a>', "<a>e</a>"),
        ('<a href="vbscript:x">e</a>', "<a>e</a>"),
        ('<img src="data:image/png;base64,AA" alt="f">', '<img alt="f">'),
        ('<a href="https://e.x/" target="_blank" rel="x">g</a>', '<a href="https://e.x/">g</a>'),
        ('<a href="../p.html" hreflang="fr">h</a>', '<a href="../p.html" hreflang="fr">h</a>'),
        (
            '<span lang="fr" dir="rtl" style="color:red">i</span>',
            '<span lang="fr" dir="rtl">i</span>',
        ),
        ('<td align="right" colspan="2" bgcolor="red">j</td>', "j"),
        ("<!-- comment -->k", "k"),
        (
            '<p class="translation-notice" id="n">l</p>',
            '<p class="translation-notice" id="n">l</p>',
        ),
        ('<h2 class="x">m</h2>', "<h2>m</h2>"),
    ],
)
def test_sanitize(dirty: str, clean: str) -> None:
    assert sanitize(dirty) == clean


def test_table_cells_keep_alignment() -> None:
    table = '<table><tbody><tr><td align="right" colspan="2">j</td></tr></tbody></table>'
    assert sanitize(table) == table


def test_is_safe_ignores_serialisation_details() -> None:
    assert is_safe('<p>a &amp; b <br /> <img src="x.png" alt="y" /> "q"</p>')
    assert not is_safe("<p>a<!-- c --></p>")
    assert not is_safe("<em>unclosed")
    assert not is_safe('<a href="java&#115;cript:x">a</a>')


def test_link_targets_sees_unsafe_schemes() -> None:
    assert link_targets("[a](javascript:x) ![b](data:x) <https://e.x>") == [
        "javascript:x",
        "data:x",
        "https://e.x",
    ]


def test_localize_target_uses_longest_prefix() -> None:
    links = {"unga/": "agnu/", "unga/side/": "agnu/annexe/"}
    assert localize_target("unga/side/events", links) == "agnu/annexe/events"
    assert localize_target("unga/", links) == "agnu/"
    assert localize_target("hrc/", links) == "hrc/"


def test_refusal_reasons() -> None:
    source = "A [link](https://e.x/a) and `code`."
    assert refusal_reasons(source, "Un [lien](https://e.x/a) et `code`.", {}) == []
    assert refusal_reasons(source, "Un lien et `code`.", {})
    assert refusal_reasons(source, "Un [lien](https://e.x/a) et `code`. &lt;script&gt;", {})
    localized = "Un [lien](https://e.y/a) et `code`."
    assert refusal_reasons(source, localized, {})
    assert refusal_reasons(source, localized, {"https://e.x/": "https://e.y/"}) == []
