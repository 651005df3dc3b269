"""Tests for pipeline.langid.lingua_backend."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.langid import lingua_backend
from pipeline.langid.lingua_backend import WARM_TEXTS, LinguaDetector, lingua_detector
from pipeline.langid.verdict import judge

SITE = ["en", "fr"]
INCB_FR = (
    "L'OICS est l'organe d'experts indépendant et quasi-judiciaire chargé de surveiller la "
    "mise en œuvre des traités des Nations Unies sur le contrôle des drogues."
)
INCB_EN = (
    "The International Narcotics Control Board is the independent and quasi-judicial expert "
    "body that monitors the implementation of the United Nations drug control conventions."
)


def test_lingua_alone() -> None:
    detector = LinguaDetector()
    verdict = judge(INCB_FR, "en", SITE, detector)
    assert verdict is not None and verdict.wrong and verdict.detected == "fr"
    fine = judge(INCB_EN, "en", SITE, detector)
    assert fine is not None and not fine.wrong


def test_detectors_are_built_once_per_language_set() -> None:
    assert lingua_detector(["en", "fr"]) is lingua_detector(["fr", "en", "xx"])
    assert lingua_detector(["en"]) is None  # nothing to choose between


def test_too_few_letters_get_no_answer() -> None:
    assert LinguaDetector().detect("OK", "en", SITE) is None
    assert LinguaDetector().candidate_probabilities(["Bonjour"], "fr", ["fr"]) == [{"fr": 1.0}]


class _Recording:
    """A lingua detector that records how it is called."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def compute_language_confidence_values(self, text: str) -> list[Any]:
        self.calls.append(("one", text))
        return []

    def compute_language_confidence_values_in_parallel(self, texts: list[str]) -> list[Any]:
        self.calls.append(("many", len(texts)))
        return [[] for _ in texts]


def test_models_are_loaded_one_text_at_a_time_before_the_first_parallel_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # lingua's thread pool loading several models at once took more CPU and ~70-100 MB
    # more at the peak (CNCF glossary, one process): a detector's models are loaded first.
    fake = _Recording()
    monkeypatch.setattr(lingua_backend, "lingua_detector", lambda *_a, **_k: fake)
    monkeypatch.setattr(lingua_backend, "_threaded", [True])
    detector = LinguaDetector()
    detector.candidate_probabilities(["un texte", "another text"], "en", ["fr"])
    detector.candidate_probabilities(["encore", "again"], "en", ["fr"])
    assert fake.calls == [("one", text) for text in WARM_TEXTS] + [("many", 2), ("many", 2)]


def test_one_thread_workers_do_not_load_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _Recording()
    monkeypatch.setattr(lingua_backend, "lingua_detector", lambda *_a, **_k: fake)
    monkeypatch.setattr(lingua_backend, "_threaded", [False])
    LinguaDetector().candidate_probabilities(["un texte", "another text"], "en", ["fr"])
    assert fake.calls == [("one", "un texte"), ("one", "another text")]
