"""The backends together: lingua, py3langid and typographic cues add up their evidence.

For each candidate language other than the expected one, the evidence that a text is in it
rather than in the expected language is a sum of log-odds (:data:`WEIGHTS`):

* lingua's pairwise probability (high-accuracy models over the candidates), as log-odds;
* py3langid's log-likelihood difference (a naive Bayes model of byte n-grams, a different
  kind of evidence, strong on short texts); optional: without the package it counts 0;
* typographic cues on the raw text (:mod:`pipeline.langid.cues`), which still speak when
  code and markup leave almost no words.

The weights were fitted (logistic regression, then rounded) on the even lines of the
benchmark data and checked on the odd ones (``benchmarks/detection_quality.py --half``).
A language outside the candidates comes from lingua's any-language pass and is confirmed by
langdetect (:mod:`pipeline.langid.verdict`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.langid.clean import letter_count
from pipeline.langid.cues import CUES, cue_evidence
from pipeline.langid.detection import (
    DEFAULT_MIN_LETTERS,
    Detection,
    best_detection,
    language_set,
    normalise_code,
)
from pipeline.langid.langdetect_backend import LangdetectDetector, langdetect_factory
from pipeline.langid.lingua_backend import LinguaDetector
from pipeline.langid.py3langid_backend import Py3langidModel, packaged_model


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each kind of evidence counts, in log-odds units."""

    lingua: float = 1.3
    """Per unit of lingua's pairwise log-odds..."""
    lingua_clip: float = 6.0
    """...which are clipped to +-this (lingua says 0 or 1 on many texts)."""
    py3langid: float = 0.33
    """Per unit of py3langid's log-likelihood difference..."""
    py3langid_clip: float = 30.0
    """...clipped to +-this."""


WEIGHTS = Weights()
"""The measured weights (typographic cue weights are in :data:`pipeline.langid.cues.CUES`)."""


@dataclass(frozen=True, slots=True)
class Opinions:
    """What the backends say about one text."""

    chars: int
    """Letters in the (cleaned) text."""
    candidates: Detection | None
    """lingua's high-accuracy verdict among the candidates and the expected language."""
    broad: Detection | None
    """lingua's low-accuracy verdict over any language (None when the text is too short)."""
    evidence: Mapping[str, float]
    """Per candidate other than the expected language: log-odds that the text is in it
    rather than in the expected language (lingua + py3langid + cues)."""
    cues: bool
    """Whether typographic cues gave any evidence."""
    rank: Mapping[str, float] = field(default_factory=dict)
    """Per candidate other than the expected language: the same evidence unclipped, to
    tell apart the languages whose clipped evidence ties (a German sentence on a Russian
    page is clipped as much in German as in Portuguese)."""


def _logit(p: float, clip: float) -> float:
    if p <= 0:
        return -clip
    if p >= 1:
        return clip
    return max(-clip, min(clip, math.log(p / (1 - p))))


def logistic(x: float) -> float:
    """The probability a log-odds value stands for."""
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


CONFIRM_MARGIN = 4.5
"""Nats by which py3langid's best language outside the candidates must beat the best
candidate for its probability over all its languages to reach 0.99: ln(99) = 4.595, less a
margin for rounding (a language 4.5 nats ahead has at most 0.989)."""


@dataclass
class CombinedDetector:
    """lingua, py3langid and cues add up; langdetect confirms other languages."""

    name: str = "combined"
    """Short name."""
    lingua: LinguaDetector = field(default_factory=LinguaDetector)
    """The ranking backend (and the any-language pass)."""
    langdetect: LangdetectDetector = field(default_factory=LangdetectDetector)
    """Confirms a language outside the candidates."""
    py3langid: Py3langidModel | None = field(default_factory=packaged_model)
    """The py3langid model whose evidence is added (by default the package's own, when
    installed); None adds none."""
    use_cues: bool = True
    """Add the typographic cues' evidence."""
    weights: Weights = WEIGHTS
    """How the evidence adds up."""
    min_letters: int = DEFAULT_MIN_LETTERS
    """:meth:`detect` gives no answer below this many letters."""
    any_min_letters: int = 25
    """Texts shorter than this are not tried against languages outside the candidates."""
    cascade: bool = True
    """Ask lingua only about the texts where it can change the verdict (see
    :meth:`opinions`); False asks it about every text (same verdicts, slower)."""
    broad_gate: float | None = 10.0
    """lingua's any-language pass (the slowest step) runs on a text only when py3langid
    scores some language outside the candidates within this many nats of the best
    candidate (None: on every text). On the benchmark data 5 % of English and 2 % of
    French texts pass the gate; Spanish, German, Italian or Portuguese sentences score
    60-250 nats the other way."""

    def opinions(
        self,
        texts: Sequence[str],
        expected: str,
        candidates: Sequence[str],
        raw: Sequence[str] | None = None,
        flag_at: Callable[[int], float] | None = None,
        confirm_at: float | None = None,
    ) -> list[Opinions]:
        """The backends' opinions on each cleaned text (``raw``: the texts before cleaning,
        for the typographic cues; without them no cue is read).

        The cheap evidence (py3langid, cues) comes first. With ``flag_at`` (letters ->
        evidence a flag needs), lingua's candidate pass runs only on the texts where its
        bounded share (+-``lingua * lingua_clip``) could still bring the evidence for some
        language up to that threshold: elsewhere the verdict is "not wrong" whatever lingua
        says, and the evidence left in :attr:`Opinions.evidence` omits lingua's share.
        lingua's any-language pass runs only where py3langid's best language outside the
        candidates comes within :attr:`broad_gate` of the best candidate.

        With ``flag_at`` (verdicts, not exact opinions), two more steps are left out where
        they cannot change a verdict: py3langid on a text with no letter and no cue (it gets
        no verdict), and the any-language pass where py3langid could not confirm its
        language (:meth:`_confirmable`: the pass's answer is used only when confirmed). With
        ``confirm_at`` too (the least :meth:`confirm_any` a verdict takes), the pass runs
        only where :meth:`confirm_any` could reach it (:meth:`_broad_texts`)."""
        expected = normalise_code(expected)
        languages = language_set(expected, candidates)
        others = [c for c in languages if c != expected]
        counts = [letter_count(t) for t in texts]
        todo = [i for i, n in enumerate(counts) if n >= 1]
        w = self.weights
        cue_of = self._cue_evidence(texts, raw, expected, others)
        cued = [any(c != 0 for c in cues) for cues in cue_of]
        model = self.py3langid
        asked = [flag_at is None or n > 0 or c for n, c in zip(counts, cued, strict=True)]
        if model is not None:  # one walk of the model for the texts profiled below
            model.prefetch([t for t, a in zip(texts, asked, strict=True) if a])
        profiles = [
            model.profile(t, languages) if model is not None and asked[i] else ({}, None)
            for i, t in enumerate(texts)
        ]
        cheap: list[dict[str, float]] = []
        ranks: list[dict[str, float]] = []
        for (scores, _), cues in zip(profiles, cue_of, strict=True):
            evidence, rank = self._cheap(scores, expected, others, cues)
            cheap.append(evidence)
            ranks.append(rank)
        reach = w.lingua * w.lingua_clip
        # (Rounding is monotonic: some value plus ``reach`` reaches the threshold exactly
        # when the greatest value plus ``reach`` does.)
        ask = [
            i
            for i in todo
            if flag_at is None
            or (cheap[i] and max(cheap[i].values()) + reach >= flag_at(counts[i]))
        ]
        cand_of = dict(
            zip(
                ask,
                self.lingua.candidate_probabilities([texts[i] for i in ask], expected, candidates),
                strict=True,
            )
        )
        wide_idx = [
            i
            for i in todo
            if counts[i] >= self.any_min_letters
            and self._outsider_near(*profiles[i])
            and (flag_at is None or self._confirmable(*profiles[i]))
        ]
        if flag_at is not None:
            wide_idx = self._broad_texts(texts, wide_idx, expected, candidates, confirm_at)
        passed = [texts[i] for i in wide_idx]
        broad = self.lingua.broad_probabilities(passed, expected, candidates) if passed else []
        broad_of = dict(zip(wide_idx, broad, strict=True))
        out: list[Opinions] = []
        for i in range(len(texts)):
            probs = cand_of.get(i, {})
            evidence = cheap[i]  # (this text's own: lingua's share is added to it)
            rank = ranks[i]
            for other in others if probs else ():
                mine, theirs = probs.get(other, 0.0), probs.get(expected, 0.0)
                if mine + theirs > 0:
                    evidence[other] += w.lingua * _logit(mine / (mine + theirs), w.lingua_clip)
                    rank[other] = rank.get(other, 0.0) + w.lingua * mine
            wide = broad_of.get(i)
            out.append(
                Opinions(
                    counts[i],
                    best_detection(probs, expected, counts[i]) if probs else None,
                    best_detection(wide, expected, counts[i]) if wide is not None else None,
                    evidence,
                    cued[i],
                    rank,
                )
            )
        return out

    def _cue_evidence(
        self, texts: Sequence[str], raw: Sequence[str] | None, expected: str, others: list[str]
    ) -> list[list[float]]:
        """The cues' evidence for each of ``others`` against ``expected`` in each raw text
        (:func:`~pipeline.langid.cues.cue_evidence`; 0 without raw texts or without cues).
        A pair of languages one of which has no cue table gets 0 from ``cue_evidence``
        whatever the text: it is not asked."""
        if not self.use_cues or raw is None or expected not in CUES:
            return [[0.0] * len(others) for _ in texts]
        tabled = [other in CUES for other in others]
        return [
            [
                cue_evidence(raw[i], other, expected) if has else 0.0
                for other, has in zip(others, tabled, strict=True)
            ]
            for i in range(len(texts))
        ]

    def _cheap(
        self, scores: Mapping[str, float], expected: str, others: list[str], cues: list[float]
    ) -> tuple[dict[str, float], dict[str, float]]:
        """The evidence of py3langid's ``scores`` and the ``cues`` for each of ``others``
        (clipped), and py3langid's share unclipped (to rank ties)."""
        w = self.weights
        evidence: dict[str, float] = {}
        rank: dict[str, float] = {}
        for other, cue in zip(others, cues, strict=True):
            total = 0.0
            if other in scores and expected in scores:
                diff = scores[other] - scores[expected]
                rank[other] = w.py3langid * diff
                total += w.py3langid * max(-w.py3langid_clip, min(w.py3langid_clip, diff))
            evidence[other] = total + cue
        return evidence, rank

    def _outsider_near(self, inside: Mapping[str, float], outside: float | None) -> bool:
        """Whether py3langid leaves room for a language outside the candidates (always,
        when it has nothing to say)."""
        if self.broad_gate is None or not inside or outside is None:
            return True
        return outside >= max(inside.values()) - self.broad_gate

    def _confirmable(self, inside: Mapping[str, float], outside: float | None) -> bool:
        """Whether :meth:`confirm_any` could confirm a language outside the candidates:
        py3langid's best language outside them must beat every candidate by ln(99) nats
        (:data:`CONFIRM_MARGIN`, rounded down) for its probability to reach 0.99
        (``verdict.ANY_CONFIRM``); always, when py3langid has nothing to say (langdetect
        then confirms)."""
        if self.py3langid is None or not inside or outside is None:
            return True
        return outside > max(inside.values()) + CONFIRM_MARGIN

    def _broad_texts(
        self,
        texts: Sequence[str],
        asked: list[int],
        expected: str,
        candidates: Sequence[str],
        confirm_at: float | None,
    ) -> list[int]:
        """Which of the texts ``asked`` (indices) the any-language pass can change a
        verdict of: where :meth:`confirm_any` (py3langid's choice over all its languages)
        names a language of the pass (:meth:`LinguaDetector.broad_languages`) outside the
        candidates with at least ``confirm_at``. The pass's answer counts only if it is
        such a language and :meth:`confirm_any` gives it ``confirm_at`` or more, which it
        does only when it is py3langid's choice: elsewhere, whatever the pass says, the
        verdict is the same. Without py3langid (langdetect confirms), or without
        ``confirm_at``, every text asked."""
        model = self.py3langid
        if model is None or confirm_at is None or not asked:
            return asked
        inside = set(language_set(expected, candidates))
        outside = set(self.lingua.broad_languages(expected, candidates)) - inside
        kept: list[int] = []
        for i in asked:
            top = model.top(texts[i])
            if top is not None and top[0] in outside and top[1] >= confirm_at:
                kept.append(i)
        return kept

    def confirm_any(
        self, text: str, expected: str, candidates: Sequence[str], language: str
    ) -> float:
        """A second backend's probability of ``language`` over all its languages (0 unless
        it is that backend's first choice): py3langid's full model when installed (already
        in memory), else langdetect."""
        if self.py3langid is not None:
            top = self.py3langid.top(text)
            return top[1] if top is not None and top[0] == language else 0.0
        probs = self.langdetect.broad_probabilities(text, normalise_code(expected), candidates)
        found = best_detection(probs, normalise_code(expected), letter_count(text))
        return found.confidence if found is not None and found.language == language else 0.0

    def detect(self, text: str, expected: str, candidates: Sequence[str]) -> Detection | None:
        return self.detect_many([text], expected, candidates)[0]

    def detect_many(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[Detection | None]:
        """lingua's answer (the any-language pass's when it names a non-candidate); None
        below :attr:`min_letters` letters."""
        in_set = set(language_set(expected, candidates))
        results: list[Detection | None] = []
        for op in self.opinions(texts, expected, candidates):
            if op.chars < self.min_letters:
                results.append(None)
            elif op.broad is not None and op.broad.language not in in_set:
                results.append(op.broad)
            else:
                results.append(op.candidates)
        return results

    def preload(self, languages: Sequence[str] = ("en", "fr")) -> None:
        """Load the models of every backend now (benchmarks time detection, not loading)."""
        self.lingua.detect_many(["Hello world, this is text.", "Bonjour à tous."], "en", languages)
        langdetect_factory()
        if self.py3langid is not None:
            self.py3langid.scores("Hello world.", languages)
