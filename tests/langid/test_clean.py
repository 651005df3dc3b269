"""Tests for pipeline.langid.clean."""

from __future__ import annotations

import pytest

from pipeline.langid.clean import detectable_text, letter_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Use `print(x)` here", "Use here"),
        ("Use ``x = 1`` here", "Use here"),
        ("before\n```python\nprint('hello world')\n```\nafter", "before after"),
        ("A :keyword:`try` and :func:`open` and :py:meth:`a.b`.", "A and and ."),
        ("See :ref:`the tutorial <tut-intro>` now", "See the tutorial now"),
        ('Read [the guide](https://example.com/guide "Guide") today', "Read the guide today"),
        ("![a small logo](img/logo.png) here", "a small logo here"),
        ("Go to https://example.org/a?b=c, or www.example.com.", "Go to , or ."),
        ("Write to someone@example.org please", "Write to please"),
        ('<a href="https://x.org" title="Bonjour le monde">click</a> me', "click me"),
        ("There are 42 items, 3.5 kg and version 3.11", "There are items, kg and version"),
        ("The HTML and CSS of the NATO site", "The and of the site"),
        ("L'OICS est ici", "L' est ici"),
        ("Hello %s and %(name)s and {0} and {name!r:>10}", "Hello and and and"),
        ("Some **bold** and ~~struck~~ text", "Some bold and struck text"),
        ("Call os.path.join() or __init__ or snake_case_name", "Call or or"),
        ("e.g. this, i.e. that", "e.g. this, i.e. that"),
        ("a   lot\n\nof\tspace", "a lot of space"),
        ("Python's `docs <https://docs.python.org>`_ site", "Python's docs site"),
        ("A *short term* inside a sentence", "A inside a sentence"),
        # Each pattern that matches its first character before looking behind it: the
        # same matches as looking first (after a word, inside a word, at the start).
        ("The DocTestParser and iPhone, l'iPhone et xDocTest", "The and , l'iPhone et"),
        ("a0b1c2 averyveryverylongtokenwith9 x86 end", "end"),
        ("ÉTAT et été, aÉTAT, NATO.", "et été, , ."),
        ("__init__ and x__init__ and _private", "and and"),
        ("word*star* and *lone* but x*y*z", "word*star and but x*y*z"),
        ("see :term: and x:term: here", "see and x:term: here"),
    ],
)
def test_cleaning(text: str, expected: str) -> None:
    assert detectable_text(text) == expected


def test_ignore_terms_are_whole_words_and_case_sensitive() -> None:
    text = "Use Django with Djangology and django"
    assert detectable_text(text, ["Django"]) == "Use with Djangology and django"


def test_ignore_terms_longest_first() -> None:
    assert detectable_text("Nations Unies et Nations", ["Nations", "Nations Unies"]) == "et"


def test_single_capitals_stay() -> None:
    assert detectable_text("I think A is fine") == "I think A is fine"


def test_letter_count() -> None:
    assert letter_count("Ça va, 42 !") == 4


def test_a_text_is_cleaned_once() -> None:
    """Planning a unit's questions and judging them clean the same text: the second time,
    the text cleaned the first time is returned (the very same string)."""
    text = "Un  texte   avec :func:`open` et   des espaces"
    first = detectable_text(text)
    assert detectable_text(text) is first
    assert detectable_text(text, ["texte"]) == "Un avec et des espaces"
