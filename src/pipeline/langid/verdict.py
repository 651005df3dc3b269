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

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.langid.clean import detectable_text, letter_count
from pipeline.langid.combined import CombinedDetector, Opinions, logistic
from pipeline.langid.detection import Detection, Detector, language_set, normalise_code
from pipeline.langid.scripts import (
    exclusive_letters,
    measure,
    related,
    script_of,
    scripts_of_language,
    writable,
)
from pipeline.langid.shared import name_like
from pipeline.model import Severity

POLICY = "2"
"""Version of the decision rules below (part of the detection cache's key)."""

MIN_LETTERS = 8
"""Texts with fewer letters (after cleaning) get no verdict from a single backend."""

ANY_MIN_LETTERS = 25
"""Fewest letters for flagging a language outside the candidates."""

ANY_MIN_CONFIDENCE = 0.6
"""lingua's any-language confidence needed for a language outside the candidates."""

ANY_CONFIRM = 0.99
"""langdetect's probability needed to confirm a language outside the candidates."""

ERROR_MIN_UNITS = 8.0
"""Fewest word-equivalents (:attr:`pipeline.langid.scripts.Size.units`) of an ``error``:
about a sentence of running text (8 words, 16 Han characters)."""

ERROR_MIN_CONFIDENCE = 0.97
"""Least confidence of an ``error``."""

WARNING_MIN_UNITS = 4.0
"""Fewest word-equivalents of a ``warning`` (shorter flags are ``info``)."""

WARNING_MIN_CONFIDENCE = 0.9
"""Least confidence of a ``warning``."""

RELATIVE_MIN_UNITS = 5.0
"""Fewest word-equivalents for claiming a close relative of the expected language
(:func:`pipeline.langid.scripts.related`) at all..."""

RELATIVE_ERROR_UNITS = 16.0
"""...and for such a claim to be an ``error``."""

MANY_RIVALS = 3
"""Languages that could have written a text from which it counts as judged among many."""

MANY_MIN_UNITS = 3.0
"""Fewest word-equivalents of a flag when three languages or more could have written the
text (one of many languages fits one or two words by chance)."""

FOREIGN_MIN_UNITS = 2.0
"""...or this many when the text is in a script the expected language is not written in."""

RELATIVE_FACTOR = 1.5
"""A claim of a close relative needs this many times the usual evidence."""

_REQUIRED_LETTERS = {"ja": "ja"}
"""Languages whose texts always hold their own letters (Japanese prose has kana): a text
without them is not claimed to be in that language against a relative."""


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
    severity: Severity
    """How sure a person would be that this is a fault (:func:`severity_of`)."""
    chars: int
    """Letters judged (after cleaning)."""
    units: float = 0.0
    """Word-equivalents judged (after cleaning): words, or dense characters / 2."""


def _rule(rules: Sequence[Rule], letters: int) -> Rule:
    chosen = rules[0]
    for rule in rules:
        if letters >= rule.letters:
            chosen = rule
    return chosen


def severity_of(units: float, confidence: float, relative: bool = False) -> Severity:
    """The severity of a wrong-language flag: ``error`` for running text (a sentence or
    more) flagged with high confidence, where a person agrees nine times in ten; ``warning``
    for a few words with strong evidence; ``info`` for the rest. A claim of a close relative
    of the expected language is an ``error`` only on twice the length."""
    if confidence >= ERROR_MIN_CONFIDENCE and units >= (
        RELATIVE_ERROR_UNITS if relative else ERROR_MIN_UNITS
    ):
        return Severity.ERROR
    if confidence >= WARNING_MIN_CONFIDENCE and units >= WARNING_MIN_UNITS:
        return Severity.WARNING
    return Severity.INFO


def _verdict(
    expected: str,
    detected: str,
    confidence: float,
    letters: int,
    wrong: bool,
    units: float | None = None,
) -> Verdict:
    size = float(letters) if units is None else units
    return Verdict(
        wrong=wrong,
        expected=expected,
        detected=detected,
        confidence=round(confidence, 6),
        severity=(
            severity_of(size, confidence, related(expected, detected)) if wrong else Severity.INFO
        ),
        chars=letters,
        units=size,
    )


def _judge_single(
    found: Detection | None, expected: str, rules: Sequence[Rule], text: str
) -> Verdict | None:
    if found is None or found.chars < MIN_LETTERS:
        return None
    units = measure(text).units
    if found.language == expected:
        return _verdict(expected, expected, found.confidence, found.chars, False, units)
    rule = _rule(rules, found.chars)
    p = found.pairwise
    wrong = p >= rule.alone
    return _verdict(expected, found.language, p, found.chars, wrong, units)


def evidence_threshold(letters: int) -> float:
    """Log-odds of evidence needed to flag a text of ``letters`` letters (against one other
    language of the same family of scripts; see :func:`claim_threshold`)."""
    needed = EVIDENCE_THRESHOLDS[0][1]
    for fewest, threshold in EVIDENCE_THRESHOLDS:
        if letters >= fewest:
            needed = threshold
    return needed


def claim_threshold(letters: int, rivals: int, relative: bool) -> float:
    """Log-odds of evidence needed to claim one language among ``rivals`` candidates that
    could have written the text: :func:`evidence_threshold`, plus the log of the number of
    rivals (the more languages are tried, the likelier one of them fits a short text by
    chance: on a site in English and French nothing is added), times
    :data:`RELATIVE_FACTOR` for a close relative of the expected language."""
    needed = evidence_threshold(letters) + math.log(max(1, rivals))
    return needed * RELATIVE_FACTOR if relative else needed


@cache
def _writes_latin(language: str) -> bool:
    return "latin" in scripts_of_language(language)


@cache
def _related(a: str, b: str) -> bool:
    return related(a, b)


def below_latin_limit(text: str) -> bool:
    """Whether every character of ``text`` is below U+0250, where every letter is Latin
    (:func:`pipeline.langid.scripts.script_of`)."""
    return not text or max(text) < "\u0250"


def writable_in(text: str, language: str, latin: bool) -> bool:
    """:func:`pipeline.langid.scripts.writable`, told whether ``text`` is
    :func:`below_latin_limit` (``latin``): then its letters, if any, are all Latin, and a
    language written in Latin script can write it whatever it holds (``writable`` would
    count the letters to find every one in a script of the language's); otherwise
    ``writable`` itself answers."""
    if latin and _writes_latin(language):
        return True
    return writable(text, language)


def _claimable(text: str, expected: str, other: str, units: float, latin: bool) -> bool:
    """Whether ``other`` may be claimed at all for ``text`` expected in ``expected``: it can
    write the text, and against a close relative the text is long enough, holds no letter
    only the expected language uses, and holds the letters the claimed language always
    has (``latin``: whether ``text`` is :func:`below_latin_limit`)."""
    if not writable_in(text, other, latin):
        return False
    if not _related(expected, other):
        return True
    if units < RELATIVE_MIN_UNITS or exclusive_letters(text, expected):
        return False
    required = _REQUIRED_LETTERS.get(other)
    return required is None or exclusive_letters(text, required)


def _best_claim(
    text: str,
    expected: str,
    evidence: Mapping[str, float],
    units: float,
    rank: Mapping[str, float],
    latin: bool,
) -> tuple[str, float, bool] | None:
    """The best-supported language the text may be claimed to be in, its evidence, and
    whether the evidence is enough (None when no language can be claimed)."""
    claimable = [
        (other, score)
        for other, score in evidence.items()
        if _claimable(text, expected, other, units, latin)
    ]
    if not claimable:
        return None
    other, score = (
        max(claimable, key=lambda kv: (round(kv[1], 6), rank.get(kv[0], 0.0), kv[0]))
        if len(claimable) > 1
        else claimable[0]
    )
    return other, score, score > 0


def _enough_among_many(text: str, expected: str) -> bool:
    """Whether a text is long enough to be claimed among many languages: not a name or a
    title (``Chaos Engineering``), and :data:`MANY_MIN_UNITS` words, or
    :data:`FOREIGN_MIN_UNITS` words in scripts the expected language is not written in
    (``New issue`` on a Korean page, where the script is evidence enough that the text is
    not Korean)."""
    if name_like(text):
        return False
    mine = scripts_of_language(expected)
    foreign = "".join(ch if not ch.isalpha() or script_of(ch) not in mine else " " for ch in text)
    if measure(foreign).units >= FOREIGN_MIN_UNITS:
        return True
    return measure(text).units >= MANY_MIN_UNITS


def _outsider(
    detector: CombinedDetector,
    text: str,
    op: Opinions,
    expected: str,
    candidates: Sequence[str],
    units: float,
    latin: bool,
) -> Verdict | None:
    """A language outside the candidates, when both backends name it on a long text."""
    wide = op.broad
    if (
        wide is None
        or wide.language in language_set(expected, candidates)
        or op.chars < ANY_MIN_LETTERS
        or wide.confidence < ANY_MIN_CONFIDENCE
        or not _claimable(text, expected, wide.language, units, latin)
    ):
        return None
    confirm = detector.confirm_any(text, expected, candidates, wide.language)
    if confirm < ANY_CONFIRM:
        return None
    both = 1 - (1 - wide.confidence) * (1 - confirm)
    return _verdict(expected, wide.language, both, op.chars, True, units)


def _judge_combined(
    detector: CombinedDetector,
    texts: Sequence[str],
    raw: Sequence[str],
    expected: str,
    candidates: Sequence[str],
    wrong_only: bool = False,
) -> list[Verdict | None]:
    out: list[Verdict | None] = []
    # Verdicts that are not "wrong" need no exact evidence: lingua runs only where it could
    # tip the balance (the confidence of a "not wrong" verdict is then a bound, unused).
    flag_at = evidence_threshold if detector.cascade else None
    opinions = detector.opinions(
        texts, expected, candidates, raw, flag_at=flag_at, confirm_at=ANY_CONFIRM
    )
    for text, op in zip(texts, opinions, strict=True):
        n = op.chars
        if n < 1 and not op.cues:
            out.append(None)  # nothing left to judge
            continue
        if wrong_only and op.broad is None and not _may_claim(op.evidence, n):
            out.append(None)  # "not wrong", whatever the details (see _may_claim)
            continue
        units = measure(text).units
        latin = below_latin_limit(text)
        outsider = (
            _outsider(detector, text, op, expected, candidates, units, latin)
            if op.broad is not None
            else None
        )
        if outsider is not None:
            out.append(outsider)
            continue
        claim = (
            _best_claim(text, expected, op.evidence, units, op.rank, latin) if op.evidence else None
        )
        if claim is None or not claim[2]:
            # Nothing to choose between, or the expected language is the likeliest.
            score = claim[1] if claim is not None else -10.0
            out.append(_verdict(expected, expected, logistic(-score), n, False, units))
            continue
        other, score, _ = claim
        rivals = sum(1 for o in op.evidence if writable_in(text, o, latin))
        wrong = score >= claim_threshold(n, rivals, _related(expected, other)) and (
            rivals < MANY_RIVALS or _enough_among_many(text, expected)
        )
        out.append(_verdict(expected, other, logistic(score), n, wrong, units))
    if wrong_only:
        return [v if v is not None and v.wrong else None for v in out]
    return out


def _may_claim(evidence: Mapping[str, float], letters: int) -> bool:
    """Whether some language of ``evidence`` has as much as a claim of it needs at the
    least: a claim flags a text only with :func:`claim_threshold` or more, never below
    :func:`evidence_threshold` (the log of the rivals adds nothing or more, and the factor
    of relatives only raises a positive threshold). Without that, and without a language
    outside the candidates (the any-language pass's), a text is not flagged."""
    return bool(evidence) and max(evidence.values()) >= evidence_threshold(letters)


def judge_many(
    texts: Sequence[str],
    expected: str,
    candidates: Sequence[str],
    detector: Detector | CombinedDetector | None = None,
    ignore_terms: Iterable[str] = (),
    wrong_only: bool = False,
) -> list[Verdict | None]:
    """:func:`judge` for many texts with the same expectation (batched detection).

    With ``wrong_only``, only the verdicts that flag their text (``wrong``) are given, None
    for the other texts: the same flags, without working out the details of the verdicts
    that do not flag (a check keeps only flags)."""
    detector = default_detector() if detector is None else detector
    expected = normalise_code(expected)
    terms = tuple(ignore_terms)
    cleaned = [detectable_text(t, terms) for t in texts]
    if isinstance(detector, CombinedDetector):
        return _judge_combined(detector, cleaned, texts, expected, candidates, wrong_only)
    rules = SINGLE_RULES.get(detector.name, SINGLE_RULES["lingua"])
    judged: list[Verdict | None] = [None] * len(texts)
    todo = [i for i, t in enumerate(cleaned) if letter_count(t) >= MIN_LETTERS]
    found = detector.detect_many([cleaned[i] for i in todo], expected, candidates)
    for i, detection in zip(todo, found, strict=True):
        verdict = _judge_single(detection, expected, rules, cleaned[i])
        judged[i] = verdict if not wrong_only or (verdict is not None and verdict.wrong) else None
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
