"""The decision: is a passage in the wrong language? Precision first.

A text is judged on its detectable part (:func:`~pipeline.langid.clean.detectable_text`)
and, for typographic cues, on its raw form. The default detector
(:class:`~pipeline.langid.combined.CombinedDetector`) adds up lingua's, py3langid's and the
cues' evidence (log-odds) that the text is in another candidate language; the evidence asked
for falls as the text grows (:data:`EVIDENCE_THRESHOLDS`). A text with no letter left and no
typographic cue gets no verdict. The single backends (benchmark comparisons) give no verdict
below :data:`MIN_LETTERS` letters and flag by :data:`SINGLE_RULES`.

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
from pipeline.langid.combined import CombinedDetector, logistic
from pipeline.langid.detection import Detection, Detector, language_set, normalise_code

MIN_LETTERS = 8
"""Texts with fewer letters (after cleaning) get no verdict from a single backend."""

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
    """Pairwise probability of the other language that flags."""


EVIDENCE_THRESHOLDS: tuple[tuple[int, float], ...] = (
    (0, 2.0),
    (8, 2.5),
    (16, 1.25),
    (30, 1.0),
)
"""(fewest letters, log-odds of evidence needed): the combined detector's flagging rule.
Tuned on the even lines of the benchmark data, checked on the odd ones."""

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


def evidence_threshold(letters: int) -> float:
    """Log-odds of evidence needed to flag a text of ``letters`` letters."""
    needed = EVIDENCE_THRESHOLDS[0][1]
    for fewest, threshold in EVIDENCE_THRESHOLDS:
        if letters >= fewest:
            needed = threshold
    return needed


def _judge_combined(
    detector: CombinedDetector,
    texts: Sequence[str],
    raw: Sequence[str],
    expected: str,
    candidates: Sequence[str],
) -> list[Verdict | None]:
    in_set = set(language_set(expected, candidates))
    out: list[Verdict | None] = []
    # Verdicts that are not "wrong" need no exact evidence: lingua runs only where it could
    # tip the balance (the confidence of a "not wrong" verdict is then a bound, unused).
    flag_at = evidence_threshold if detector.cascade else None
    opinions = detector.opinions(texts, expected, candidates, raw, flag_at=flag_at)
    for text, op in zip(texts, opinions, strict=True):
        n = op.chars
        if n < 1 and not op.cues:
            out.append(None)  # nothing left to judge
            continue
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
        if not op.evidence:
            # The expected language is the only candidate: nothing to choose between.
            out.append(_verdict(expected, expected, 1.0, n, False))
            continue
        other, score = max(op.evidence.items(), key=lambda kv: (kv[1], kv[0]))
        if score <= 0:
            out.append(_verdict(expected, expected, logistic(-score), n, False))
            continue
        wrong = score >= evidence_threshold(n)
        out.append(_verdict(expected, other, logistic(score), n, wrong))
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
        return _judge_combined(detector, cleaned, texts, expected, candidates)
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
    """The best measured configuration: lingua + py3langid + cues, langdetect confirms."""
    return CombinedDetector()
