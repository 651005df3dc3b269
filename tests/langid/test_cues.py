"""Tests for pipeline.langid.cues."""

from __future__ import annotations

import pytest

from pipeline.langid.cues import MAX_COUNT, cue_counts, cue_evidence


def test_no_break_space_before_punctuation_is_french() -> None:
    assert cue_counts("Code source\u00a0:", "fr")["nbsp-before-punctuation"] == 1
    assert cue_evidence("Code source\u00a0:", "fr", "en") > 0
    assert cue_evidence("Code source\u00a0:", "en", "fr") < 0


def test_colon_after_word_is_english() -> None:
    assert cue_counts("Source code:", "en")["colon-after-word"] == 1
    assert cue_evidence("Source code:", "en", "fr") > 0


def test_code_is_a_word_before_punctuation() -> None:
    # The no-break space after inline code still counts.
    assert cue_counts("``Py_Free()``\u00a0;", "fr")["nbsp-before-punctuation"] == 1
    # Punctuation inside code does not.
    assert cue_counts("``a\u00a0: b``", "fr")["nbsp-before-punctuation"] == 0


def test_literal_block_marker_is_no_evidence() -> None:
    assert cue_evidence("is equivalent to ::", "fr", "en") == 0


def test_counts_are_capped() -> None:
    text = "été à ça où"
    assert cue_counts(text, "fr")["accented-letter"] == MAX_COUNT


@pytest.mark.parametrize(("language", "against"), [("de", "en"), ("fr", "es"), ("xx", "yy")])
def test_no_evidence_without_both_tables(language: str, against: str) -> None:
    assert cue_evidence("Code source\u00a0: été", language, against) == 0
