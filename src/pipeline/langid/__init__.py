"""Language identification for the ``language-mismatch`` check.

:func:`~pipeline.langid.clean.detectable_text` keeps the prose of a unit,
:mod:`~pipeline.langid.detection` holds what the backends share (the
:class:`~pipeline.langid.detection.Detection` record, the
:class:`~pipeline.langid.detection.Detector` protocol), one module holds each backend
(:mod:`~pipeline.langid.lingua_backend`, :mod:`~pipeline.langid.langdetect_backend`,
:mod:`~pipeline.langid.py3langid_backend`, whose model is an object handed in),
:mod:`~pipeline.langid.cues` the typographic evidence,
:mod:`~pipeline.langid.combined` puts them together and
:func:`~pipeline.langid.verdict.judge` decides, precision first.
"""

from __future__ import annotations

from pipeline.langid.clean import detectable_text
from pipeline.langid.combined import CombinedDetector
from pipeline.langid.cues import cue_evidence
from pipeline.langid.detection import Detection, Detector
from pipeline.langid.langdetect_backend import LangdetectDetector
from pipeline.langid.lingua_backend import LinguaDetector
from pipeline.langid.py3langid_backend import Py3langidDetector, Py3langidModel, packaged_model
from pipeline.langid.verdict import Verdict, default_detector, judge, judge_many

__all__ = [
    "CombinedDetector",
    "Detection",
    "Detector",
    "LangdetectDetector",
    "LinguaDetector",
    "Py3langidDetector",
    "Py3langidModel",
    "Verdict",
    "cue_evidence",
    "default_detector",
    "detectable_text",
    "judge",
    "judge_many",
    "packaged_model",
]
