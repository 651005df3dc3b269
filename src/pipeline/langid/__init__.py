"""Language identification for the ``language-mismatch`` check.

:func:`~pipeline.langid.clean.detectable_text` keeps the prose of a unit,
:mod:`~pipeline.langid.detect` holds the backends (lingua, langdetect, py3langid),
:mod:`~pipeline.langid.cues` the typographic evidence,
:mod:`~pipeline.langid.combined` puts them together and
:func:`~pipeline.langid.verdict.judge` decides, precision first.
"""

from __future__ import annotations

from pipeline.langid.clean import detectable_text
from pipeline.langid.combined import CombinedDetector
from pipeline.langid.cues import cue_evidence
from pipeline.langid.detect import (
    Detection,
    Detector,
    LangdetectDetector,
    LinguaDetector,
    Py3langidDetector,
)
from pipeline.langid.verdict import Verdict, default_detector, judge, judge_many

__all__ = [
    "CombinedDetector",
    "Detection",
    "Detector",
    "LangdetectDetector",
    "LinguaDetector",
    "Py3langidDetector",
    "Verdict",
    "cue_evidence",
    "default_detector",
    "detectable_text",
    "judge",
    "judge_many",
]
