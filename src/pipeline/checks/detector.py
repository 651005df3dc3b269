"""The language-mismatch rule's judge, backed by :mod:`pipeline.langid`.

:class:`JudgeSpec` holds the judge's settings (plain, picklable: it travels to worker
processes); :class:`BatchJudge` is the judge itself, which answers from what it already
knows and detects the rest in batches (one :func:`~pipeline.langid.verdict.judge_many` call
per expected language, much faster than one call per text). The judge is built with the
py3langid model it detects with (the one :func:`pipeline.engine.models.load_py3langid`
returns, in a check).

Every answer a judge works out is also kept for the rest of the process (:class:`Answers`,
up to :data:`REMEMBERED` of them), shared by the judges with the same settings and model: a
check hands each chunk of files its own judge, and sites repeat their sentences and
paragraphs from page to page (a page and its catalogue hold the same translations). A
verdict depends on its text, expected language, settings and model alone, never on the
texts detected with it, so an answer remembered is the answer detection would give.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
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

REMEMBERED = 20_000
"""Answers a process keeps (beyond, the oldest are forgotten)."""


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


class Answers:
    """The answers worked out in this process, by the settings and model they were
    detected with (thread-safe; bounded by :data:`REMEMBERED`, oldest forgotten first)."""

    def __init__(self, limit: int = REMEMBERED) -> None:
        self.limit = limit
        """Most answers kept."""
        self._lock = threading.Lock()
        self._known: dict[tuple[object, Query], LanguageVerdict | None] = {}

    def find(self, owner: object, queries: Iterable[Query]) -> dict[Query, LanguageVerdict | None]:
        """The answers to ``queries`` known for ``owner`` (settings and model)."""
        known = self._known
        with self._lock:
            return {q: known[owner, q] for q in queries if (owner, q) in known}

    def keep(self, owner: object, answers: Mapping[Query, LanguageVerdict | None]) -> None:
        """Remember ``answers`` for ``owner``."""
        known = self._known
        with self._lock:
            for query, answer in answers.items():
                known[owner, query] = answer
            excess = len(known) - self.limit
            if excess > 0:
                for key in list(itertools.islice(known, excess)):
                    del known[key]

    def clear(self) -> None:
        """Forget every answer."""
        with self._lock:
            self._known.clear()


REMEMBERED_ANSWERS = Answers()
"""The process's answers, shared by every :class:`BatchJudge`."""


class BatchJudge:
    """A :data:`~pipeline.checks.language.Judge` that batches its detections.

    ``prefetch`` the questions you are about to ask: the unknown ones are detected in
    batches grouped by expected language. Answers already known (``known``, e.g. from the
    cache) are not detected again, nor those this process worked out before with the same
    settings and model (``remembered``, by default the process's
    :data:`REMEMBERED_ANSWERS`); :attr:`fresh` holds the ones this judge worked out or
    recalled. ``py3langid`` is the model to detect with (None: the package's own, when
    installed).
    """

    def __init__(
        self,
        spec: JudgeSpec,
        known: Mapping[Query, LanguageVerdict | None] | None = None,
        py3langid: Py3langidModel | None = None,
        remembered: Answers | None = REMEMBERED_ANSWERS,
    ) -> None:
        self.spec = spec
        """The settings."""
        self.py3langid = py3langid
        """The py3langid model to detect with (None: the package's own, when installed)."""
        self._detector: CombinedDetector | None = None
        self.answers: dict[Query, LanguageVerdict | None] = dict(known or {})
        """Every answer known so far."""
        self.fresh: dict[Query, LanguageVerdict | None] = {}
        """Answers worked out by this process (detected by this judge, or recalled from
        ``remembered``), not given to it."""
        self.remembered = remembered
        """Answers shared with the other judges of the process (None: none)."""

    def _owner(self) -> tuple[JudgeSpec, Py3langidModel | None]:
        return self.spec, self.py3langid

    def prefetch(self, queries: Iterable[Query]) -> None:
        """Detect, in batches, the answers to the ``queries`` not known yet."""
        unknown = [q for q in queries if q not in self.answers]
        if self.remembered is not None and unknown:
            recalled = self.remembered.find(self._owner(), unknown)
            self.answers.update(recalled)
            self.fresh.update(recalled)
            unknown = [q for q in unknown if q not in recalled]
        todo: dict[str, dict[str, None]] = defaultdict(dict)
        for text, expected in unknown:
            todo[expected][text] = None
        learnt: dict[Query, LanguageVerdict | None] = {}
        for expected in sorted(todo):
            texts = list(todo[expected])
            for start in range(0, len(texts), BATCH):
                part = texts[start : start + BATCH]
                # Only flags become answers (:meth:`_learn`): the verdicts that do not
                # flag are not worked out in detail (``wrong_only``).
                verdicts = judge_many(
                    part, expected, self.spec.languages, self.detector(), self.spec.terms, True
                )
                for text, verdict in zip(part, verdicts, strict=True):
                    learnt[text, expected] = self._learn((text, expected), verdict)
        if self.remembered is not None and learnt:
            self.remembered.keep(self._owner(), learnt)

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
        if query not in self.answers:
            self.prefetch([query])
        return self.answers[query]


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
