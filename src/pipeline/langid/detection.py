"""What every language-detection backend shares: the :class:`Detection` record, the
:class:`Detector` protocol, and the language-code helpers they all use.

The backends (:mod:`~pipeline.langid.lingua_backend`,
:mod:`~pipeline.langid.langdetect_backend`, :mod:`~pipeline.langid.py3langid_backend`)
expect text already reduced by :func:`pipeline.langid.clean.detectable_text`; they count its
letters and abstain (``None``) below ``min_letters``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

DEFAULT_MIN_LETTERS = 8
"""Below this many letters a backend does not guess."""

_ISO_ALIASES = {"no": "nb"}


@lru_cache(maxsize=1024)
def normalise_code(code: str) -> str:
    """ISO 639-1 code for a language tag: ``fr_CA`` -> ``fr``, ``zh-Hant`` -> ``zh``."""
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return _ISO_ALIASES.get(base, base)


@dataclass(frozen=True, slots=True)
class Detection:
    """What a backend found a text to be written in."""

    language: str
    """ISO 639-1 code of the most probable language."""
    confidence: float
    """Probability of ``language``, 0..1."""
    expected_confidence: float
    """Probability of the expected language, 0..1 (0 when the backend does not know it)."""
    chars: int
    """Letters in the text judged."""

    @property
    def pairwise(self) -> float:
        """Probability of ``language`` against the expected language alone, 0..1."""
        total = self.confidence + self.expected_confidence
        return self.confidence / total if total > 0 else 0.0


class Detector(Protocol):
    """A language-detection backend."""

    name: str
    """Short name (``lingua``, ``langdetect``, ``combined``)."""

    def detect(self, text: str, expected: str, candidates: Sequence[str]) -> Detection | None:
        """Detect the language of ``text`` (cleaned), favouring ``candidates``.

        Returns None when the text has too few letters to judge.
        """
        ...

    def detect_many(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[Detection | None]:
        """:meth:`detect` for many texts at once (faster where the backend batches)."""
        ...


def language_set(expected: str, candidates: Iterable[str]) -> tuple[str, ...]:
    """The expected language and the candidates, normalised, sorted, without repeats."""
    codes = {normalise_code(expected)} | {normalise_code(c) for c in candidates}
    return tuple(sorted(codes))


def best_detection(probs: Mapping[str, float], expected: str, chars: int) -> Detection | None:
    """The most probable language of ``probs`` as a :class:`Detection` (None if empty)."""
    if not probs:
        return None
    # Ties broken by code, so the answer never depends on the backend's ordering.
    language, confidence = max(probs.items(), key=lambda kv: (kv[1], kv[0] == expected, kv[0]))
    if confidence <= 0:
        return None
    return Detection(language, confidence, probs.get(expected, 0.0), chars)


__all__ = [
    "DEFAULT_MIN_LETTERS",
    "Detection",
    "Detector",
    "best_detection",
    "language_set",
    "normalise_code",
]
