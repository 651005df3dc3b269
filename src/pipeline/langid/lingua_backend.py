"""The lingua backend (``lingua-language-detector``).

:class:`LinguaDetector` makes a high-accuracy pass over the candidate languages, plus a
low-accuracy "any language" pass over :data:`BROAD_LANGUAGES` (low-accuracy models are
small: all of them together take ~100 MB, where high-accuracy models take ~20 MB a
language, so only the candidates get those). lingua is imported, and its models loaded, on
first use only; the built ``lingua.LanguageDetector`` of each language set is kept for the
rest of the process (:func:`lingua_detector`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

from pipeline.langid.clean import letter_count
from pipeline.langid.detection import (
    DEFAULT_MIN_LETTERS,
    Detection,
    best_detection,
    language_set,
    normalise_code,
)

BROAD_LANGUAGES: tuple[str, ...] = (
    "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa", "fi",
    "fr", "gu", "he", "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "mk", "mr", "nb",
    "nl", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "so", "sq", "sv", "sw", "ta", "te", "th",
    "tl", "tr", "uk", "ur", "vi", "zh",
)  # fmt: skip
"""Languages of the any-language pass: those both backends know (ISO 639-1), so that a
language outside the candidates can be confirmed by the other backend."""


@cache
def _lingua_iso_codes() -> dict[str, Any]:
    import lingua

    return {lang.iso_code_639_1.name.lower(): lang for lang in lingua.Language.all()}


_lingua_lock = threading.Lock()
_lingua_detectors: dict[tuple[tuple[str, ...], bool], Any] = {}
"""The lingua detectors built so far, by (language set, low accuracy): built once a process."""


def lingua_detector(languages: Sequence[str], low_accuracy: bool = False) -> Any:
    """A cached ``lingua.LanguageDetector`` for ``languages`` (those lingua knows)."""
    import lingua

    known = _lingua_iso_codes()
    codes = tuple(sorted({c for c in languages if c in known}))
    key = (codes, low_accuracy)
    with _lingua_lock:
        detector = _lingua_detectors.get(key)
        if detector is None:
            if len(codes) < 2:
                return None
            builder = lingua.LanguageDetectorBuilder.from_languages(*(known[c] for c in codes))
            if low_accuracy:
                builder = builder.with_low_accuracy_mode()
            detector = builder.build()
            _lingua_detectors[key] = detector
        return detector


_threaded = [True]
"""Whether batches go to lingua's parallel calls (its thread pool); see :func:`one_thread`."""


def one_thread() -> None:
    """Detect one text at a time in this process, never on lingua's thread pool: for a
    worker process, one of several on as many cores, and forked from a process whose
    thread pool it must not touch (same answers: only the scheduling differs)."""
    _threaded[0] = False


@contextlib.contextmanager
def one_thread_here() -> Iterator[None]:
    """:func:`one_thread` for the ``with`` block only: for this process while it works
    beside its workers, as one of them (same answers: only the scheduling differs)."""
    before = _threaded[0]
    _threaded[0] = False
    try:
        yield
    finally:
        _threaded[0] = before


def _confidence_values(detector: Any, texts: Sequence[str]) -> list[Any]:
    if len(texts) == 1 or not _threaded[0]:
        return [detector.compute_language_confidence_values(text) for text in texts]
    return list(detector.compute_language_confidence_values_in_parallel(list(texts)))


def _lingua_probs(values: Iterable[Any]) -> dict[str, float]:
    return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}


class LinguaDetector:
    """lingua: high accuracy over the candidates, low accuracy over any language.

    The candidate pass decides between the candidates (and the expected language). The
    any-language pass names a language outside them, which is returned instead when it is
    the broad pass's clear favourite (``any_min_confidence``) on a text of at least
    ``any_min_letters`` letters.
    """

    name = "lingua"

    def __init__(
        self,
        min_letters: int = DEFAULT_MIN_LETTERS,
        any_language: bool = True,
        any_min_letters: int = 20,
        any_min_confidence: float = 0.5,
    ) -> None:
        self.min_letters = min_letters
        self.any_language = any_language
        self.any_min_letters = any_min_letters
        self.any_min_confidence = any_min_confidence

    def candidate_probabilities(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[dict[str, float]]:
        """Probabilities over the candidates and the expected language, per text."""
        expected = normalise_code(expected)
        languages = language_set(expected, candidates)
        detector = lingua_detector(languages)
        if detector is None:
            # One language (or none lingua knows): nothing to choose between.
            return [{expected: 1.0} if languages == (expected,) else {} for _ in texts]
        return [_lingua_probs(values) for values in _confidence_values(detector, texts)]

    def broad_languages(self, expected: str, candidates: Sequence[str]) -> tuple[str, ...]:
        """The languages of the any-language pass: :data:`BROAD_LANGUAGES` and the
        candidates (:meth:`broad_probabilities` names no other)."""
        return tuple(sorted(set(BROAD_LANGUAGES) | set(language_set(expected, candidates))))

    def broad_probabilities(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[dict[str, float]]:
        """Probabilities over :meth:`broad_languages` (low accuracy)."""
        detector = lingua_detector(self.broad_languages(expected, candidates), low_accuracy=True)
        return [_lingua_probs(values) for values in _confidence_values(detector, texts)]

    def detect(self, text: str, expected: str, candidates: Sequence[str]) -> Detection | None:
        return self.detect_many([text], expected, candidates)[0]

    def detect_many(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[Detection | None]:
        expected = normalise_code(expected)
        results: list[Detection | None] = [None] * len(texts)
        counts = [letter_count(t) for t in texts]
        todo = [i for i, n in enumerate(counts) if n >= self.min_letters]
        if not todo:
            return results
        cand = self.candidate_probabilities([texts[i] for i in todo], expected, candidates)
        for i, probs in zip(todo, cand, strict=True):
            results[i] = best_detection(probs, expected, counts[i])
        if self.any_language:
            wide = [i for i in todo if counts[i] >= self.any_min_letters]
            in_set = set(language_set(expected, candidates))
            broad = self.broad_probabilities([texts[i] for i in wide], expected, candidates)
            for i, probs in zip(wide, broad, strict=True):
                found = best_detection(probs, expected, counts[i])
                if (
                    found is not None
                    and found.language not in in_set
                    and found.confidence >= self.any_min_confidence
                ):
                    results[i] = found
        return results


__all__ = ["BROAD_LANGUAGES", "LinguaDetector", "lingua_detector", "one_thread", "one_thread_here"]
