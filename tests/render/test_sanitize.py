"""The sanitizer's allow-list and the safety test built on it."""

from __future__ import annotations

import pytest

from pipeline.render.sanitize import is_safe, sanitize


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
