"""The language-mismatch rule's judge, backed by :mod:`pipeline.langid`.

:class:`JudgeSpec` holds the judge's settings (plain, picklable: it travels to worker
processes); :class:`BatchJudge` is the judge itself, which answers from what it already
knows and detects the rest in batches (one :func:`~pipeline.langid.verdict.judge_many` call
per expected language, much faster than one call per text). The judge is built with the
py3langid model it detects with (the one :func:`pipeline.engine.models.load_py3langid`
returns, in a check).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata

from pipeline.checks.language import Judge, LanguageVerdict
from pipeline.langid.combined import CombinedDetector
from pipeline.langid.detection import normalise_code
from pipeline.langid.py3langid_backend import Py3langidModel
from pipeline.langid.verdict import POLICY, Verdict, default_detector, judge_many
from pipeline.model import Severity

BATCH = 512
"""Texts per :func:`judge_many` call."""

Query = tuple[str, str]
"""``(text, expected language)``: one question to the judge."""


@dataclass(frozen=True, slots=True)
class JudgeSpec:
    """What a judge's answers depend on."""

    languages: tuple[str, ...]
    """Candidate languages (ISO 639-1, sorted)."""
    terms: tuple[str, ...]
    """Names removed from texts before detection (glossary terms, ``ignore``), sorted."""
    keep_info: bool = True
    """Keep the weak (short-text) findings, reported at info level."""

    def fingerprint(self) -> str:
        """A digest of the settings and of the detectors' versions (for cache keys)."""
        versions = [_version(p) for p in ("lingua-language-detector", "langdetect", "py3langid")]
        text = "\x1f".join(
            [
                *self.languages,
                "|",
                *self.terms,
                "|",
                str(self.keep_info),
                "|",
                *versions,
                "|",
                POLICY,
            ]
        )
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "?"


def judge_spec(
    *, candidates: Sequence[str], ignore_terms: Iterable[str], options: Mapping[str, object]
) -> JudgeSpec:
    """The settings of a judge over the site's languages that ignores glossary names.

    Options (``[check.language-mismatch]``): ``info = false`` drops the weak (short-text)
    findings that are otherwise reported at info level; ``ignore = ["term", ...]`` adds
    names that are not text. They are checked when the configuration is read.
    """
    extra = options.get("ignore", [])
    assert isinstance(extra, list)
    return JudgeSpec(
        languages=tuple(sorted({normalise_code(c) for c in candidates})),
        terms=tuple(sorted({*ignore_terms, *(str(t) for t in extra)})),
        keep_info=bool(options.get("info", True)),
    )


class BatchJudge:
    """A :data:`~pipeline.checks.language.Judge` that batches its detections.

    ``prefetch`` the questions you are about to ask: the unknown ones are detected in
    batches grouped by expected language. Answers already known (``known``, e.g. from the
    cache) are not detected again; :attr:`fresh` holds the ones this judge worked out.
    ``py3langid`` is the model to detect with (None: the package's own, when installed).
    """

    def __init__(
        self,
        spec: JudgeSpec,
        known: Mapping[Query, LanguageVerdict | None] | None = None,
        py3langid: Py3langidModel | None = None,
    ) -> None:
        self.spec = spec
        """The settings."""
        self.py3langid = py3langid
        """The py3langid model to detect with (None: the package's own, when installed)."""
        self._detector: CombinedDetector | None = None
        self.answers: dict[Query, LanguageVerdict | None] = dict(known or {})
        """Every answer known so far."""
        self.fresh: dict[Query, LanguageVerdict | None] = {}
        """Answers detected by this judge (not given to it)."""

    def prefetch(self, queries: Iterable[Query]) -> None:
        """Detect, in batches, the answers to the ``queries`` not known yet."""
        todo: dict[str, dict[str, None]] = defaultdict(dict)
        for text, expected in queries:
            if (text, expected) not in self.answers:
                todo[expected][text] = None
        for expected in sorted(todo):
            texts = list(todo[expected])
            for start in range(0, len(texts), BATCH):
                part = texts[start : start + BATCH]
                verdicts = judge_many(
                    part, expected, self.spec.languages, self.detector(), self.spec.terms
                )
                for text, verdict in zip(part, verdicts, strict=True):
                    self._learn((text, expected), verdict)

    def detector(self) -> CombinedDetector:
        """What detects the languages, built on first use (the package's model is looked
        for only then)."""
        if self._detector is None:
            model = self.py3langid
            self._detector = (
                default_detector() if model is None else CombinedDetector(py3langid=model)
            )
        return self._detector

    def _learn(self, query: Query, verdict: Verdict | None) -> LanguageVerdict | None:
        answer: LanguageVerdict | None = None
        if (
            verdict is not None
            and verdict.wrong
            and (verdict.severity is not Severity.INFO or self.spec.keep_info)
        ):
            answer = LanguageVerdict(verdict.detected, verdict.confidence, verdict.severity)
        self.answers[query] = answer
        self.fresh[query] = answer
        return answer

    def __call__(self, text: str, expected: str) -> LanguageVerdict | None:
        query = (text, expected)
        if query in self.answers:
            return self.answers[query]
        (verdict,) = judge_many(
            [text], expected, self.spec.languages, self.detector(), self.spec.terms
        )
        return self._learn(query, verdict)


def make_judge(
    *,
    candidates: Sequence[str],
    ignore_terms: Iterable[str],
    options: Mapping[str, object],
    py3langid: Py3langidModel | None = None,
) -> Judge:
    """A judge over the site's languages that ignores glossary names (see :func:`judge_spec`
    for the options), detecting with the ``py3langid`` model (None: the package's own, when
    installed); it remembers its answers."""
    spec = judge_spec(candidates=candidates, ignore_terms=ignore_terms, options=options)
    return BatchJudge(spec, py3langid=py3langid)
