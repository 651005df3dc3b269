"""Tests for pipeline.langid.combined: the backends together, with the model handed in."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from helpers import REPO
from pipeline.langid.combined import CombinedDetector
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
