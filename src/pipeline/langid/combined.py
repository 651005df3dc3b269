"""Both backends together: lingua decides, langdetect confirms.

lingua (high accuracy over the candidates) is the better detector on short text, so it
ranks; langdetect, a different model, is asked only about texts lingua says are in another
language, which keeps it (the slow one) off the common path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.langid.clean import letter_count
from pipeline.langid.detect import (
    DEFAULT_MIN_LETTERS,
    Detection,
    LangdetectDetector,
    LinguaDetector,
    best_detection,
    language_set,
    normalise_code,
)


@dataclass(frozen=True, slots=True)
class Opinions:
    """What lingua's two passes say about one text."""

    chars: int
    """Letters in the text."""
    candidates: Detection | None
    """lingua's high-accuracy verdict among the candidates and the expected language."""
    broad: Detection | None
    """lingua's low-accuracy verdict over any language (None when the text is too short)."""


@dataclass
class CombinedDetector:
    """lingua ranks, langdetect confirms (see :mod:`pipeline.langid.verdict` for the policy)."""

    name: str = "combined"
    """Short name."""
    lingua: LinguaDetector = field(default_factory=LinguaDetector)
    """The ranking backend."""
    langdetect: LangdetectDetector = field(default_factory=LangdetectDetector)
    """The confirming backend."""
    min_letters: int = DEFAULT_MIN_LETTERS
    """Below this many letters, no opinion."""
    any_min_letters: int = 25
    """Texts shorter than this are not tried against languages outside the candidates."""

    def opinions(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[Opinions | None]:
        """lingua's candidate and any-language passes for each text (None: too short)."""
        expected = normalise_code(expected)
        counts = [letter_count(t) for t in texts]
        todo = [i for i, n in enumerate(counts) if n >= self.min_letters]
        out: list[Opinions | None] = [None] * len(texts)
        cand = self.lingua.candidate_probabilities([texts[i] for i in todo], expected, candidates)
        wide_idx = [i for i in todo if counts[i] >= self.any_min_letters]
        broad = self.lingua.broad_probabilities([texts[i] for i in wide_idx], expected, candidates)
        broad_of = dict(zip(wide_idx, broad, strict=True))
        for i, probs in zip(todo, cand, strict=True):
            wide = broad_of.get(i)
            out[i] = Opinions(
                counts[i],
                best_detection(probs, expected, counts[i]),
                best_detection(wide, expected, counts[i]) if wide is not None else None,
            )
        return out

    def confirm_candidate(
        self, text: str, expected: str, candidates: Sequence[str], language: str
    ) -> float:
        """langdetect's probability of ``language`` against ``expected``, among candidates."""
        probs = self.langdetect.candidate_probabilities(text, normalise_code(expected), candidates)
        mine, theirs = probs.get(language, 0.0), probs.get(normalise_code(expected), 0.0)
        return mine / (mine + theirs) if mine + theirs > 0 else 0.0

    def confirm_any(
        self, text: str, expected: str, candidates: Sequence[str], language: str
    ) -> float:
        """langdetect's probability of ``language`` over all its languages (0 unless top)."""
        probs = self.langdetect.broad_probabilities(text, normalise_code(expected), candidates)
        found = best_detection(probs, normalise_code(expected), letter_count(text))
        return found.confidence if found is not None and found.language == language else 0.0

    def detect(self, text: str, expected: str, candidates: Sequence[str]) -> Detection | None:
        return self.detect_many([text], expected, candidates)[0]

    def detect_many(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[Detection | None]:
        """lingua's answer: the any-language pass's when it names a non-candidate."""
        in_set = set(language_set(expected, candidates))
        results: list[Detection | None] = []
        for op in self.opinions(texts, expected, candidates):
            if op is None:
                results.append(None)
            elif op.broad is not None and op.broad.language not in in_set:
                results.append(op.broad)
            else:
                results.append(op.candidates)
        return results
