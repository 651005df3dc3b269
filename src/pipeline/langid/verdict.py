"""The decision: is a passage in the wrong language? Precision first.

A text is judged on its detectable part (:func:`~pipeline.langid.clean.detectable_text`):
below :data:`MIN_LETTERS` letters there is no verdict at all. Above, the confidence asked
for falls as the text grows (:data:`COMBINED_RULES`): short texts are flagged only when the
detector is nearly certain, or fairly sure *and* the other backend agrees.

A language outside the candidates (Spanish on a site in English and French) is flagged only
on texts of :data:`ANY_MIN_LETTERS` letters or more, when lingua's any-language pass and
langdetect both name it.

The thresholds were measured with ``benchmarks/detection_quality.py`` on 8,000 aligned
English/French units of the Python documentation. Everything here is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pipeline.langid.clean import detectable_text, letter_count
from pipeline.langid.combined import CombinedDetector
from pipeline.langid.detect import Detection, Detector, language_set, normalise_code

MIN_LETTERS = 8
"""Texts with fewer letters (after cleaning) get no verdict."""

ANY_MIN_LETTERS = 25
"""Fewest letters for flagging a language outside the candidates."""

ANY_MIN_CONFIDENCE = 0.6
"""lingua's any-language confidence needed for a language outside the candidates."""

ANY_CONFIRM = 0.99
"""langdetect's probability needed to confirm a language outside the candidates."""

ERROR_MIN_LETTERS = 30
"""Fewest letters for a flag to be an error rather than information."""

ERROR_MIN_CONFIDENCE = 0.85
"""Least confidence for a flag to be an error rather than information."""


@dataclass(frozen=True, slots=True)
class Rule:
    """Confidence needed to flag a text of at least ``letters`` letters."""

    letters: int
    """Applies from this many letters up (to the next rule's)."""
    alone: float
    """Pairwise probability of the other language that flags on its own."""
    agreed: float = 1.01
    """Pairwise probability that flags when the confirming backend agrees..."""
    confirm: float = 1.01
    """...with at least this pairwise probability."""


COMBINED_RULES: tuple[Rule, ...] = (
    Rule(8, 0.85, 0.70, 0.90),
    Rule(12, 0.75, 0.65, 0.90),
    Rule(32, 0.70, 0.55, 0.90),
    Rule(40, 0.70, 0.50, 0.90),
    Rule(55, 0.55, 0.50, 0.90),
)
"""lingua ranks, langdetect (restricted to the candidates) confirms."""

SINGLE_RULES: dict[str, tuple[Rule, ...]] = {
    "lingua": (
        Rule(8, 0.99),
        Rule(15, 0.90),
        Rule(25, 0.80),
        Rule(40, 0.75),
        Rule(70, 0.65),
    ),
    "langdetect": (
        Rule(8, 0.99999),
        Rule(15, 0.9999),
        Rule(25, 0.999),
        Rule(40, 0.99),
        Rule(70, 0.9),
    ),
}
"""One backend alone (the benchmark's comparison columns)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The language judgement of one text."""

    wrong: bool
    """True when the text is, with enough confidence, not in the expected language."""
    expected: str
    """The expected language (ISO 639-1)."""
    detected: str
    """The language found (the expected one when nothing else was)."""
    confidence: float
    """Confidence in ``detected``, 0..1."""
    severity_hint: Literal["error", "info"]
    """``error`` for a long text flagged with high confidence, else ``info``."""
    chars: int
    """Letters judged (after cleaning)."""


def _rule(rules: Sequence[Rule], letters: int) -> Rule:
    chosen = rules[0]
    for rule in rules:
        if letters >= rule.letters:
            chosen = rule
    return chosen


def _severity(wrong: bool, letters: int, confidence: float) -> Literal["error", "info"]:
    if wrong and letters >= ERROR_MIN_LETTERS and confidence >= ERROR_MIN_CONFIDENCE:
        return "error"
    return "info"


def _verdict(expected: str, detected: str, confidence: float, letters: int, wrong: bool) -> Verdict:
    return Verdict(
        wrong=wrong,
        expected=expected,
        detected=detected,
        confidence=round(confidence, 6),
        severity_hint=_severity(wrong, letters, confidence),
        chars=letters,
    )


def _judge_single(found: Detection | None, expected: str, rules: Sequence[Rule]) -> Verdict | None:
    if found is None or found.chars < MIN_LETTERS:
        return None
    if found.language == expected:
        return _verdict(expected, expected, found.confidence, found.chars, False)
    rule = _rule(rules, found.chars)
    p = found.pairwise
    wrong = p >= rule.alone
    return _verdict(expected, found.language, p, found.chars, wrong)


def _judge_combined(
    detector: CombinedDetector, texts: Sequence[str], expected: str, candidates: Sequence[str]
) -> list[Verdict | None]:
    in_set = set(language_set(expected, candidates))
    out: list[Verdict | None] = []
    for text, op in zip(texts, detector.opinions(texts, expected, candidates), strict=True):
        if op is None or op.chars < MIN_LETTERS or op.candidates is None:
            out.append(None)
            continue
        cand, n = op.candidates, op.chars
        # A language outside the candidates: both backends must name it, on a long text.
        wide = op.broad
        if (
            wide is not None
            and wide.language not in in_set
            and n >= ANY_MIN_LETTERS
            and wide.confidence >= ANY_MIN_CONFIDENCE
        ):
            confirm = detector.confirm_any(text, expected, candidates, wide.language)
            if confirm >= ANY_CONFIRM:
                both = 1 - (1 - wide.confidence) * (1 - confirm)
                out.append(_verdict(expected, wide.language, both, n, True))
                continue
        if cand.language == expected:
            out.append(_verdict(expected, expected, cand.confidence, n, False))
            continue
        rule = _rule(COMBINED_RULES, n)
        p = cand.pairwise
        if p >= rule.alone:
            out.append(_verdict(expected, cand.language, p, n, True))
            continue
        if p >= rule.agreed:
            confirm = detector.confirm_candidate(text, expected, candidates, cand.language)
            if confirm >= rule.confirm:
                both = 1 - (1 - p) * (1 - confirm)
                out.append(_verdict(expected, cand.language, both, n, True))
                continue
        out.append(_verdict(expected, cand.language, p, n, False))
    return out


def judge_many(
    texts: Sequence[str],
    expected: str,
    candidates: Sequence[str],
    detector: Detector | CombinedDetector | None = None,
    ignore_terms: Iterable[str] = (),
) -> list[Verdict | None]:
    """:func:`judge` for many texts with the same expectation (batched detection)."""
    detector = default_detector() if detector is None else detector
    expected = normalise_code(expected)
    terms = tuple(ignore_terms)
    cleaned = [detectable_text(t, terms) for t in texts]
    if isinstance(detector, CombinedDetector):
        return _judge_combined(detector, cleaned, expected, candidates)
    rules = SINGLE_RULES.get(detector.name, SINGLE_RULES["lingua"])
    judged: list[Verdict | None] = [None] * len(texts)
    todo = [i for i, t in enumerate(cleaned) if letter_count(t) >= MIN_LETTERS]
    found = detector.detect_many([cleaned[i] for i in todo], expected, candidates)
    for i, detection in zip(todo, found, strict=True):
        judged[i] = _judge_single(detection, expected, rules)
    return judged


def judge(
    text: str,
    expected: str,
    candidates: Sequence[str],
    detector: Detector | CombinedDetector | None = None,
    ignore_terms: Iterable[str] = (),
) -> Verdict | None:
    """Judge whether ``text`` is written in the ``expected`` language.

    ``candidates`` are the languages the text is most likely to be in instead (the site's
    languages); any other language is considered too, on longer texts. ``ignore_terms``
    (glossary terms, proper names) are removed before detection. Returns None when the
    text has too few letters, after cleaning, to judge.
    """
    return judge_many([text], expected, candidates, detector, ignore_terms)[0]


@cache
def default_detector() -> CombinedDetector:
    """The best measured configuration: lingua ranks, langdetect confirms."""
    return CombinedDetector()
