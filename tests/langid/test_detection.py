"""Tests for pipeline.langid.detection (what the backends share)."""

from __future__ import annotations

import pytest

from pipeline.langid.detection import Detection, best_detection, language_set, normalise_code


@pytest.mark.parametrize(
    ("tag", "code"),
    [("fr_CA", "fr"), ("zh-Hant", "zh"), (" EN ", "en"), ("no", "nb"), ("pt-BR", "pt")],
)
def test_normalise_code(tag: str, code: str) -> None:
    assert normalise_code(tag) == code


def test_language_set_is_normalised_sorted_and_unique() -> None:
    assert language_set("fr_FR", ["en", "fr", "EN-us"]) == ("en", "fr")
    assert language_set("en", []) == ("en",)


def test_best_detection_breaks_ties_by_the_expected_language_then_code() -> None:
    assert best_detection({}, "en", 10) is None
    assert best_detection({"en": 0.0, "fr": 0.0}, "en", 10) is None
    tie = best_detection({"en": 0.5, "fr": 0.5}, "fr", 10)
    assert tie == Detection("fr", 0.5, 0.5, 10)
    other = best_detection({"de": 0.4, "es": 0.4, "en": 0.2}, "en", 12)
    assert other == Detection("es", 0.4, 0.2, 12)


def test_pairwise_is_against_the_expected_language_alone() -> None:
    assert Detection("fr", 0.6, 0.2, 10).pairwise == pytest.approx(0.75)
    assert Detection("fr", 0.0, 0.0, 10).pairwise == 0.0
