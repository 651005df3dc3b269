"""The language judge: batched detection, and the answers a process remembers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

import pipeline.checks.detector as detector
from pipeline.checks.detector import Answers, BatchJudge, JudgeSpec, Query
from pipeline.checks.language import LanguageVerdict
from pipeline.langid.verdict import Verdict, judge_many
from pipeline.model import Severity

SPEC = JudgeSpec(("de", "en", "fr"), ())
TEXTS = (
    "Cette fonction renvoie la liste des éléments dans l'ordre où ils ont été ajoutés.",
    "This function returns the list of items in the order in which they were added.",
    "Diese Funktion gibt die Liste der Elemente in der Reihenfolge zurück, in der sie kamen.",
    "Renvoie None.",
)


def _queries(expected: str = "fr") -> list[Query]:
    return [(text, expected) for text in TEXTS]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the judges of this test detect."""
    detected: list[str] = []

    def counted(
        texts: Sequence[str], expected: str, candidates: Sequence[str], *args: Any
    ) -> list[Verdict | None]:
        detected.extend(texts)
        return judge_many(texts, expected, candidates, *args)

    monkeypatch.setattr(detector, "judge_many", counted)
    return detected


def test_a_verdict_does_not_depend_on_the_texts_detected_with_it() -> None:
    together = judge_many(list(TEXTS), "fr", SPEC.languages)
    alone = [judge_many([text], "fr", SPEC.languages)[0] for text in TEXTS]
    assert together == alone
    assert [v.wrong for v in together if v is not None] == [False, True, True, False]


def test_a_second_judge_with_the_same_settings_detects_nothing_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detected = _counting(monkeypatch)
    shared = Answers()
    first = BatchJudge(SPEC, remembered=shared)
    first.prefetch(_queries())
    assert sorted(detected) == sorted(TEXTS)
    second = BatchJudge(SPEC, remembered=shared)
    second.prefetch(_queries())
    assert len(detected) == len(TEXTS)  # nothing detected the second time
    assert second.answers == first.answers
    # Recalled answers count as worked out in this process (the check caches them per file).
    assert second.fresh == first.fresh
    assert second("Renvoie None.", "fr") is None
    english = second(TEXTS[1], "fr")
    assert isinstance(english, LanguageVerdict) and english.detected == "en"
    # The same answers as a judge that remembers nothing.
    alone = BatchJudge(SPEC, remembered=None)
    alone.prefetch(_queries())
    assert alone.answers == first.answers
    assert len(detected) == 2 * len(TEXTS)


def test_other_settings_or_another_expected_language_are_detected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detected = _counting(monkeypatch)
    shared = Answers()
    BatchJudge(SPEC, remembered=shared).prefetch(_queries())
    strict = JudgeSpec(SPEC.languages, (), keep_info=False)
    BatchJudge(strict, remembered=shared).prefetch(_queries())
    assert len(detected) == 2 * len(TEXTS)
    judge = BatchJudge(SPEC, remembered=shared)
    judge.prefetch(_queries("en"))
    assert len(detected) == 3 * len(TEXTS)
    assert judge(TEXTS[0], "en") is not None and judge(TEXTS[1], "en") is None


def test_the_oldest_answers_are_forgotten_first() -> None:
    answers = Answers(limit=3)
    verdict = LanguageVerdict("en", 0.99, Severity.ERROR)
    answers.keep("spec", {("a", "fr"): None, ("b", "fr"): verdict})
    answers.keep("spec", {("c", "fr"): None, ("d", "fr"): None})
    found = answers.find("spec", [("a", "fr"), ("b", "fr"), ("c", "fr"), ("d", "fr")])
    assert found == {("b", "fr"): verdict, ("c", "fr"): None, ("d", "fr"): None}
    assert answers.find("other", [("b", "fr")]) == {}
    answers.clear()
    assert answers.find("spec", [("d", "fr")]) == {}
