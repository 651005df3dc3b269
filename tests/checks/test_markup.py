"""Inline markup comparison between a source text and its translation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import aligned_pairs
from pipeline.checks.markup import markup_issues


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("Use `--jobs` here.", "Utilisez ceci.", "inline code `--jobs` of the source is missing"),
        ("Use `--jobs` here.", "Utilisez `--job`.", "inline code `--job` is not in the source"),
        (
            "See [the docs](https://a.org/x).",
            "Voir [la doc](https://b.org/x).",
            "link target 'https://a.org/x' of the source is missing in the translation",
        ),
        ("[x](cnd/)", "[x](cnd)", "link target 'cnd' is not in the source"),
        ("![a cat](cat.png)", "![un chat](chat.png)", "image source 'cat.png'"),
        ("A **bold** claim.", "Une affirmation.", "the source has 1 strong span"),
        ("An _emphasised_ word.", "Un mot.", "the source has 1 emphasised span"),
        ("A ~~struck~~ word.", "Un mot.", "1 struck-through span"),
        ("A claim.[^1]", "Une affirmation.", "footnote reference [^1] of the source is missing"),
        ("A claim.[^1]", "Une affirmation.[^2]", "footnote reference [^2] is not in the source"),
        ("Line one  \nline two", "Ligne un ligne deux", "1 hard line break"),
        ("Line one\\\nline two", "Ligne un ligne deux", "1 hard line break"),
        ("one\ntwo", "un deux", "the source has 1 line break"),
        ('A <span class="x">b</span>', 'Un <span class="y">b</span>', 'HTML tag <span class="x">'),
        ("A<br>b", "A b", "HTML tag <br> of the source is missing"),
        ("<https://a.org>", "<https://b.org>", "link target 'https://a.org'"),
        (" leading", "en tête", "the source starts with whitespace ' '"),
        ("trailing ", "à la fin", "the source ends with whitespace ' '"),
        ("text", "texte\n", "the source ends with no whitespace, the translation with"),
    ],
)
def test_planted_differences_are_found(source: str, translation: str, expected: str) -> None:
    messages = [issue.message for issue in markup_issues(source, translation)]
    assert any(expected in message for message in messages), messages


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("Plain text.", "Texte simple."),
        (
            "[A](https://a.org) and [B](https://b.org) use `x` and `y`.",
            "`y` et `x` : voir [B](https://b.org) puis [A](https://a.org).",
        ),
        ('[a](x "title")', '[b](x "titre")'),
        ("*one* and _two_", "_un_ et *deux*"),
        ("**one** and __two__", "__un__ et **deux**"),
        ("![a cat](cat.png)", "![un chat](cat.png)"),
        ('<span lang="fr">coup</span> d', '<span lang="en">coup</span> d'),
        ('<abbr title="World Health Organization">WHO</abbr>', '<abbr title="OMS">OMS</abbr>'),
        ("a coup [d'état]{lang=fr}", "un coup d'État"),
        ("Footnotes[^1] and[^2]", "Notes[^2] et[^1]"),
        ("A  \nB", "Un  \nDeux"),
        ("A\\\nB", "Un  \nDeux"),
        ("Visit <https://idpc.net>", "Visitez <https://idpc.net>"),
    ],
)
def test_equivalent_markup_is_clean(source: str, translation: str) -> None:
    assert markup_issues(source, translation) == []


def test_counts_repeated_items() -> None:
    issues = markup_issues("`a` or `a`", "`a`")
    assert [issue.message for issue in issues] == [
        "inline code `a` of the source is missing in the translation (1 of 2)"
    ]
    assert issues[0].expected == "a"


def test_extra_item_has_a_column_in_the_translation() -> None:
    issues = markup_issues("See [x](a/).", "Voir [x](a/) et [y](b/).")
    assert len(issues) == 1
    assert issues[0].column == len("Voir [x](a/) et [y](") + 1
    assert issues[0].detected == "b/"


def test_order_is_deterministic() -> None:
    issues = markup_issues("`b` `a` [x](z) [y](y)", "texte")
    assert [issue.expected for issue in issues] == ["y", "z", "a", "b"]


def test_shipped_site_pairs_have_no_markup_issue() -> None:
    pairs = aligned_pairs()
    assert len(pairs) > 50
    found = [
        (name, en.line, issue.message)
        for name, en, fr in pairs
        if en.text != fr.text
        for issue in markup_issues(en.text, fr.text)
    ]
    assert found == []


def test_shipped_site_planted_link_fault_is_caught() -> None:
    pairs = [(n, en, fr) for n, en, fr in aligned_pairs() if "](unga/)" in fr.text]
    assert pairs
    _, en, fr = pairs[0]
    broken = fr.text.replace("](unga/)", "](agnu/)")
    messages = [issue.message for issue in markup_issues(en.text, broken)]
    assert "link target 'unga/' of the source is missing in the translation" in messages
    assert "link target 'agnu/' is not in the source" in messages


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_`[]()<>!^\\\n/")), max_size=30))
def test_a_text_never_differs_from_itself(text: str) -> None:
    assert markup_issues(text, text) == []
