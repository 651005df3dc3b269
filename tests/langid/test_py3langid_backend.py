"""Tests for pipeline.langid.py3langid_backend: the model is an object handed in."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.langid.py3langid_backend import (
    Py3langidDetector,
    Py3langidModel,
    identifier_from_package,
    packaged_model,
)
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


def _packaged() -> Py3langidModel:
    model = packaged_model()
    if model is None:
        pytest.skip("py3langid is not installed")
    return model


def test_py3langid_alone() -> None:
    detector = Py3langidDetector(_packaged())
    verdict = judge(INCB_FR, "en", SITE, detector)
    assert verdict is not None and verdict.wrong and verdict.detected == "fr"
    fine = judge(INCB_EN, "en", SITE, detector)
    assert fine is not None and not fine.wrong


def test_the_package_model_is_one_per_process() -> None:
    assert packaged_model() is packaged_model()


def test_the_model_is_loaded_on_first_use_only() -> None:
    loads: list[Any] = []

    def load() -> Any:
        loads.append(identifier_from_package())
        return loads[-1]

    model = Py3langidModel(load)
    assert not model.loaded and not loads
    assert model.top("") is None and model.profile(" ", SITE) == ({}, None)
    assert not model.loaded
    model.scores(INCB_EN, SITE)
    model.profile(INCB_FR, SITE)
    assert model.loaded and len(loads) == 1


def test_a_model_handed_in_gives_the_packages_scores() -> None:
    mine = Py3langidModel.of(identifier_from_package())
    assert mine.loaded
    packaged = _packaged()
    for text in (INCB_FR, INCB_EN):
        assert mine.profile(text, SITE) == packaged.profile(text, SITE)
        assert mine.scores(text, SITE) == packaged.scores(text, SITE)
        assert mine.top(text) == packaged.top(text)


def test_profile_scores_are_the_restricted_identifiers() -> None:
    model = _packaged()
    for text in (INCB_FR, INCB_EN):
        inside, outside = model.profile(text, SITE)
        assert inside == pytest.approx(model.scores(text, SITE))
        assert outside is not None and outside < max(inside.values())
    assert model.restricted(["en"]) is None
    assert model.restricted(["en", "fr"]) is model.restricted(["fr", "en"])


def test_top_is_over_every_language() -> None:
    top = _packaged().top(INCB_FR)
    assert top is not None and top[0] == "fr" and 0.5 < top[1] <= 1.0


def test_a_prefetched_batch_is_profiled_without_scoring_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After :meth:`prefetch`, a text's profile comes from the batch's scores (as columns of
    them), the same floats :meth:`profile` takes from the text's own row."""
    packaged = packaged_model()
    if packaged is None:
        pytest.skip("py3langid is not installed")
    texts = [
        "The International Narcotics Control Board monitors the drug control treaties.",
        "L'Organe international de contrôle des stupéfiants veille à l'application des traités.",
        "Der Internationale Suchtstoffkontrollrat überwacht die Umsetzung der Verträge.",
        "x",
    ] * 30
    fresh = Py3langidModel.of(packaged.identifier)
    expected = {
        languages: [fresh.profile(t, languages) for t in texts]
        for languages in (("en", "fr"), ("de", "en", "fr", "zz"), ("fr",))
    }
    model = Py3langidModel.of(packaged.identifier)
    model.prefetch(texts)

    def refused(*args: object) -> None:
        raise AssertionError("scored again")

    monkeypatch.setattr(Py3langidModel, "_decide", refused)
    for languages, profiles in expected.items():
        assert [model.profile(t, languages) for t in texts] == profiles


def test_a_prepared_model_builds_its_walk_once_before_the_first_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """:meth:`prepare` builds the vectorised DFA up front (before workers are forked from
    the process): the first batch then builds none, and scores as an unprepared model."""
    from pipeline.langid import py3langid_backend, py3langid_fast

    packaged = _packaged()
    texts = [INCB_FR, INCB_EN] * 3
    unprepared = Py3langidModel.of(packaged.identifier)
    unprepared.prefetch(texts)
    expected = [unprepared.profile(t, SITE) for t in texts]
    built: list[object] = []

    def counted(identifier: Any) -> py3langid_fast.FastScorer | None:
        built.append(identifier)
        return py3langid_fast.scorer_of(identifier)

    monkeypatch.setattr(py3langid_backend, "scorer_of", counted)
    model = Py3langidModel.of(packaged.identifier)
    assert model.prepare()
    assert len(built) == 1
    model.prefetch(texts)
    assert len(built) == 1
    assert [model.profile(t, SITE) for t in texts] == expected
