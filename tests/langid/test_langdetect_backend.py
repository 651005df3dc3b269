"""Tests for pipeline.langid.langdetect_backend."""

from __future__ import annotations

from pipeline.langid.langdetect_backend import LangdetectDetector, langdetect_probabilities
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


def test_langdetect_alone() -> None:
    detector = LangdetectDetector()
    verdict = judge(INCB_FR, "en", SITE, detector)
    assert verdict is not None and verdict.wrong and verdict.detected == "fr"
    fine = judge(INCB_EN, "en", SITE, detector)
    assert fine is not None and not fine.wrong


def test_the_prior_restricts_the_languages() -> None:
    probs = langdetect_probabilities(INCB_FR, {"en": 1.0, "de": 1.0})
    assert probs and set(probs) <= {"en", "de"}
    assert langdetect_probabilities(INCB_FR, {"xx": 1.0}) == {}


def test_every_call_starts_afresh() -> None:
    first = langdetect_probabilities(INCB_EN)
    langdetect_probabilities(INCB_FR)
    assert langdetect_probabilities(INCB_EN) == first
