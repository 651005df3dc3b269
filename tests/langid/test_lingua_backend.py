"""Tests for pipeline.langid.lingua_backend."""

from __future__ import annotations

from pipeline.langid.lingua_backend import LinguaDetector, lingua_detector
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


def test_the_any_language_pass_names_only_its_languages() -> None:
    detector = LinguaDetector()
    languages = detector.broad_languages("fr", ["en", "tlh"])
    assert {"en", "fr", "tlh", "es", "zh"} <= set(languages)
    assert languages == tuple(sorted(set(languages)))
    for probs in detector.broad_probabilities(["Hola, ¿cómo estás hoy?"], "fr", ["en"]):
        assert set(probs) <= set(languages)
