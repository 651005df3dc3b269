"""The langdetect backend.

:class:`LangdetectDetector` is seeded per call, so a text always gets the same answer
whatever was detected before it; its prior map restricts it to the candidates, or favours
them in the any-language pass. langdetect is imported, and its profiles read, on first use
only (:func:`langdetect_factory`, once a process).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from pipeline.langid.clean import letter_count
from pipeline.langid.detection import (
    DEFAULT_MIN_LETTERS,
    Detection,
    best_detection,
    language_set,
    normalise_code,
)

_LANGDETECT_TO_ISO = {"zh-cn": "zh", "zh-tw": "zh", "no": "nb"}


@cache
def langdetect_factory() -> Any:
    """langdetect's profiles, loaded once, in a fixed order, with a fixed seed."""
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    profiles = resources.files("langdetect") / "profiles"
    names = sorted(p.name for p in profiles.iterdir() if not p.name.startswith("."))
    factory.load_json_profile([(profiles / n).read_text(encoding="utf-8") for n in names])
    factory.seed = 0
    return factory


def _langdetect_codes() -> dict[str, str]:
    """ISO 639-1 code -> langdetect's own code (``zh`` maps to ``zh-cn``)."""
    codes: dict[str, str] = {}
    for code in sorted(langdetect_factory().get_lang_list()):
        codes.setdefault(_LANGDETECT_TO_ISO.get(code, code), code)
    return codes


def langdetect_probabilities(
    text: str, prior: Mapping[str, float] | None = None
) -> dict[str, float]:
    """langdetect's probabilities for ``text`` (ISO 639-1 codes), deterministic per call.

    ``prior`` maps ISO codes to prior weights; languages it leaves out get none and so are
    never detected. Without it every language is equally likely.
    """
    from langdetect.lang_detect_exception import LangDetectException

    factory = langdetect_factory()
    detector = factory.create()  # seeded from the factory: every call starts afresh
    if prior is not None:
        own = _langdetect_codes()
        mapped: dict[str, float] = {}
        for iso, weight in prior.items():
            if iso in own and weight > 0:
                mapped[own[iso]] = weight
        if prior.get("zh", 0) > 0:
            mapped["zh-tw"] = prior["zh"]
        if not mapped:
            return {}
        detector.set_prior_map(mapped)
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return {}
    probs: dict[str, float] = {}
    for item in found:
        iso = _LANGDETECT_TO_ISO.get(item.lang, item.lang)
        probs[iso] = probs.get(iso, 0.0) + float(item.prob)
    return probs


class LangdetectDetector:
    """langdetect, seeded per call.

    The candidate pass restricts langdetect to the candidates (and the expected language);
    the any-language pass runs over all its languages with the candidates ``favour`` times
    as likely a priori, and its answer is taken when it names another language with at least
    ``any_min_confidence`` on a text of at least ``any_min_letters`` letters.
    """

    name = "langdetect"

    def __init__(
        self,
        min_letters: int = DEFAULT_MIN_LETTERS,
        any_language: bool = True,
        any_min_letters: int = 20,
        any_min_confidence: float = 0.9,
        favour: float = 5.0,
    ) -> None:
        self.min_letters = min_letters
        self.any_language = any_language
        self.any_min_letters = any_min_letters
        self.any_min_confidence = any_min_confidence
        self.favour = favour

    def candidate_probabilities(
        self, text: str, expected: str, candidates: Sequence[str]
    ) -> dict[str, float]:
        """Probabilities with langdetect restricted to the candidates and expected language."""
        return langdetect_probabilities(
            text, dict.fromkeys(language_set(expected, candidates), 1.0)
        )

    def broad_probabilities(
        self, text: str, expected: str, candidates: Sequence[str]
    ) -> dict[str, float]:
        """Probabilities over all langdetect's languages, the candidates favoured."""
        favoured = set(language_set(expected, candidates))
        prior = {c: (self.favour if c in favoured else 1.0) for c in _langdetect_codes()}
        return langdetect_probabilities(text, prior)

    def detect(self, text: str, expected: str, candidates: Sequence[str]) -> Detection | None:
        expected = normalise_code(expected)
        chars = letter_count(text)
        if chars < self.min_letters:
            return None
        found = best_detection(
            self.candidate_probabilities(text, expected, candidates), expected, chars
        )
        if self.any_language and chars >= self.any_min_letters:
            wide = best_detection(
                self.broad_probabilities(text, expected, candidates), expected, chars
            )
            if (
                wide is not None
                and wide.language not in language_set(expected, candidates)
                and wide.confidence >= self.any_min_confidence
            ):
                return wide
        return found

    def detect_many(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[Detection | None]:
        return [self.detect(t, expected, candidates) for t in texts]


__all__ = ["LangdetectDetector", "langdetect_factory", "langdetect_probabilities"]
