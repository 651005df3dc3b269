"""Tests for pipeline.langid.combined: the backends together, with the model handed in."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from typing import Any

import pytest

from helpers import REPO
from pipeline.langid.combined import CombinedDetector
from pipeline.langid.lingua_backend import LinguaDetector
from pipeline.langid.py3langid_backend import Py3langidModel, packaged_model
from pipeline.langid.verdict import judge_many

SITE = ["en", "fr"]
TEXTS = [
    "L'Organe international de contrôle des stupéfiants veille à l'application des traités.",
    "The International Narcotics Control Board monitors the drug control treaties.",
    "Options de performance",
]


class _Counting(Py3langidModel):
    """The package's model, counting the texts it profiles."""

    __slots__ = ("profiled",)

    def __init__(self, identifier: Any) -> None:
        super().__init__(lambda: identifier)
        self.profiled = 0

    def profile(self, text: str, languages: Sequence[str]) -> tuple[dict[str, float], float | None]:
        self.profiled += 1
        return super().profile(text, languages)


def test_the_model_handed_in_is_the_one_used() -> None:
    packaged = packaged_model()
    assert packaged is not None
    mine = _Counting(packaged.identifier)
    verdicts = judge_many(TEXTS, "en", SITE, CombinedDetector(py3langid=mine))
    assert mine.profiled == len(TEXTS)
    assert verdicts == judge_many(TEXTS, "en", SITE, CombinedDetector())


def test_building_detectors_and_judges_loads_nothing() -> None:
    program = (
        "import sys\n"
        "from pipeline.checks.detector import BatchJudge, judge_spec\n"
        "from pipeline.langid.combined import CombinedDetector\n"
        "from pipeline.langid.verdict import default_detector\n"
        "spec = judge_spec(candidates=['en', 'fr'], ignore_terms=(), options={})\n"
        "judge = BatchJudge(spec, {('Bonjour.', 'en'): None})\n"
        "judge.prefetch([('Bonjour.', 'en')])\n"
        "assert judge('Bonjour.', 'en') is None\n"
        "CombinedDetector(py3langid=None)\n"
        "loaded = [m for m in ('lingua', 'langdetect', 'py3langid') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
        "model = default_detector().py3langid\n"
        "assert model is not None and not model.loaded\n"
        "assert 'lingua' not in sys.modules and 'langdetect' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr


SPANISH = (
    "La Junta Internacional de Fiscalización de Estupefacientes vigila la aplicación de los "
    "tratados de fiscalización internacional de drogas en todos los países."
)


class _CountingLingua(LinguaDetector):
    """lingua, counting the texts of its any-language pass."""

    def __init__(self) -> None:
        super().__init__()
        self.broad: list[str] = []

    def broad_probabilities(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[dict[str, float]]:
        self.broad.extend(texts)
        return super().broad_probabilities(texts, expected, candidates)


def test_the_any_language_pass_runs_only_where_py3langid_could_confirm() -> None:
    """Without the 10-nat gate, the any-language pass of a verdict still runs only on the
    texts where py3langid's best outside language could reach 0.99 (the Spanish one): the
    verdicts are those of every backend on every text."""
    lingua = _CountingLingua()
    texts = [*TEXTS, SPANISH]
    fast = judge_many(texts, "fr", SITE, CombinedDetector(lingua=lingua, broad_gate=None))
    assert lingua.broad == [SPANISH]
    slow = judge_many(texts, "fr", SITE, CombinedDetector(cascade=False, broad_gate=None))
    assert fast[-1] is not None and fast[-1].wrong and fast[-1].detected == "es"
    assert [v is not None and v.wrong for v in fast] == [v is not None and v.wrong for v in slow]
    assert fast[-1] == slow[-1]


def test_texts_without_letters_or_cues_are_not_profiled() -> None:
    """A text left with no letter and no typographic cue gets no verdict: py3langid is not
    asked about it (a text with a cue and no letter still is)."""
    packaged = packaged_model()
    assert packaged is not None
    mine = _Counting(packaged.identifier)
    texts = ["+ 12 - 34 = ...", "`Py_Free()`\u00a0;", *TEXTS]
    verdicts = judge_many(texts, "en", SITE, CombinedDetector(py3langid=mine))
    assert mine.profiled == len(texts) - 1
    assert verdicts[0] is None
    slow = judge_many(texts, "en", SITE, CombinedDetector(cascade=False))
    assert slow[0] is None
    assert [v is not None and v.wrong for v in verdicts] == [
        v is not None and v.wrong for v in slow
    ]


ASTURIAN_LIKE = "Plus d'espace tampon disponible"
"""French that py3langid gives, over all its languages, to Extremaduran (not a language of
the any-language pass), 4.5 nats or more ahead of French and English."""


def test_the_any_language_pass_runs_only_where_py3langid_confirms_a_language_of_it() -> None:
    from pipeline.langid.verdict import evidence_threshold

    model = packaged_model()
    assert model is not None
    top = model.top(ASTURIAN_LIKE)
    assert top is not None and top[0] not in CombinedDetector().lingua.broad_languages("fr", SITE)
    lingua = _CountingLingua()
    detector = CombinedDetector(lingua=lingua)
    texts = [ASTURIAN_LIKE, SPANISH]
    # Past the 10-nat gate and the 4.5-nat margin: without ``confirm_at`` the pass runs.
    detector.opinions(texts, "fr", SITE, texts, flag_at=evidence_threshold)
    assert lingua.broad == texts
    lingua.broad.clear()
    fast = judge_many(texts, "fr", SITE, detector)
    assert lingua.broad == [SPANISH]
    slow = judge_many(texts, "fr", SITE, CombinedDetector(cascade=False, broad_gate=None))
    assert [v is not None and v.wrong for v in fast] == [v is not None and v.wrong for v in slow]
    assert fast[1] == slow[1] and fast[1] is not None and fast[1].detected == "es"


def test_cues_are_read_only_between_languages_with_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.langid.cues import cue_evidence

    asked: list[tuple[str, str]] = []

    def counted(text: str, language: str, against: str) -> float:
        asked.append((language, against))
        return cue_evidence(text, language, against)

    monkeypatch.setattr("pipeline.langid.combined.cue_evidence", counted)
    texts = ["Code source :", "Source code:"]
    site = ["de", "en", "fr", "ja"]
    detector = CombinedDetector()
    opinions = detector.opinions(texts, "fr", site, texts)
    assert asked == [("en", "fr"), ("en", "fr")]
    # (No cue for German: its evidence is the one read without cues; lingua's parallel
    # calls may differ in the last bit from call to call.)
    without = CombinedDetector(use_cues=False).opinions(texts, "fr", site)
    assert [op.evidence["de"] for op in opinions] == pytest.approx(
        [op.evidence["de"] for op in without], rel=1e-12
    )
    asked.clear()
    detector.opinions(texts, "de", site, texts)
    assert asked == []
