"""The py3langid backend (langid.py's naive Bayes model, shipped inside the package).

Fast, and on short texts a different kind of evidence from lingua's; its log-likelihood
scores feed :mod:`pipeline.langid.combined`.

The model is an object handed to whoever detects with it: a :class:`Py3langidModel`
wraps the full identifier (97 languages) and keeps what is derived from it (identifiers
restricted to a language set, score columns). :func:`packaged_model` is the package's own,
loaded on first use (LZMA-compressed: about a second); :meth:`Py3langidModel.of` wraps one
loaded some faster way (the memory-mapped copy :mod:`pipeline.engine.models` prepares).
"""

from __future__ import annotations

import copy
import math
import threading
from collections.abc import Callable, Sequence
from functools import cache
from importlib import import_module
from typing import Any

from pipeline.langid.clean import letter_count
from pipeline.langid.detection import (
    DEFAULT_MIN_LETTERS,
    Detection,
    best_detection,
    language_set,
    normalise_code,
)
from pipeline.langid.py3langid_fast import FastScorer, decide_many, scorer_of


def py3langid_available() -> bool:
    """Whether the ``py3langid`` package (and its bundled model) can be imported."""
    try:
        import_module("py3langid.langid")
    except ImportError:
        return False
    return True


def identifier_from_package() -> Any:
    """py3langid's identifier over all its languages, from the model in the package
    (LZMA-compressed: about a second)."""
    langid = import_module("py3langid.langid")
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=False)


Columns = tuple[tuple[tuple[str, int], ...], Any]
"""Column of each of a set of languages in the full model's scores, and a mask of the others."""

View = tuple[tuple[tuple[str, ...], list[list[float]]], list[float | None]]
"""A batch's scores seen through :data:`Columns`: (the languages, each text's scores of
them) and each text's best score of another language (None: no other language)."""


class _Batch:
    """The scores of the texts :meth:`Py3langidModel.prefetch` scored last, and the views
    of them :meth:`Py3langidModel.profile` asked for."""

    __slots__ = ("rows", "scores", "views")

    def __init__(self, rows: dict[str, int], scores: Any) -> None:
        self.rows = rows
        """Each text's row in :attr:`scores`."""
        self.scores = scores
        """The full identifier's scores (float32, a row a text)."""
        self.views: dict[tuple[tuple[str, int], ...], View] = {}
        """The views made so far, by the languages' columns (which decide the mask)."""

    def view(self, inside: tuple[tuple[str, int], ...], mask: Any) -> View:
        """The scores of the languages of ``inside`` and the best of the others (``mask``),
        for every text at once: a column taken and a row's maximum are each value as it is
        (no arithmetic), so each text's are the ones :meth:`Py3langidModel.profile` takes
        from its row alone."""
        found = self.views.get(inside)
        if found is None:
            scores = self.scores
            names = tuple(lang for lang, _ in inside)
            values = scores[:, [column for _, column in inside]].tolist()
            best: list[float | None] = (
                scores[:, mask].max(axis=1).tolist() if mask.any() else [None] * len(scores)
            )
            found = self.views.setdefault(inside, ((names, values), best))
        return found


class Py3langidModel:
    """py3langid's full identifier, loaded on first use, and the views of it this backend
    derives (cached with the model, so they live as long as it does)."""

    __slots__ = (
        "_batch",
        "_codes",
        "_column_cache",
        "_fast",
        "_full",
        "_load",
        "_lock",
        "_restricted",
    )

    def __init__(self, load: Callable[[], Any] = identifier_from_package) -> None:
        self._load = load
        """Returns the full identifier (called once, on first use)."""
        self._lock = threading.Lock()
        self._full: Any = None
        self._codes: frozenset[str] | None = None
        self._restricted: dict[tuple[str, ...], Any] = {}
        self._column_cache: dict[tuple[str, ...], Columns] = {}
        self._fast: FastScorer | bool | None = False
        """The vectorised DFA of the full identifier (None: this release has none; False:
        not built yet)."""
        self._batch: _Batch = _Batch({}, None)
        """The full identifier's scores of the last batch :meth:`prefetch` scored."""

    @classmethod
    def of(cls, identifier: Any) -> Py3langidModel:
        """The model of an identifier loaded already."""
        model = cls()
        model._full = identifier
        return model

    @property
    def loaded(self) -> bool:
        """Whether the full identifier is in memory already."""
        return self._full is not None

    @property
    def identifier(self) -> Any:
        """The full identifier (loaded now when it is not yet)."""
        full = self._full
        if full is None:
            with self._lock:
                if self._full is None:
                    self._full = self._load()
                full = self._full
        return full

    def _known(self) -> frozenset[str]:
        codes = self._codes
        if codes is None:
            codes = self._codes = frozenset(self.identifier.labels)
        return codes

    def restricted(self, languages: Sequence[str]) -> Any:
        """An identifier restricted to ``languages`` (those it knows; kept for next time),
        or None when it knows fewer than two of them."""
        known = self._known()
        full = self.identifier
        codes = tuple(sorted({c for c in languages if c in known}))
        with self._lock:
            identifier = self._restricted.get(codes)
            if identifier is None:
                if len(codes) < 2:
                    return None
                identifier = copy.copy(full)
                identifier.set_languages(list(codes))
                self._restricted[codes] = identifier
            return identifier

    def scores(self, text: str, languages: Sequence[str]) -> dict[str, float]:
        """The log-likelihood score of each of ``languages`` it knows (empty: none).

        Differences of scores are log-odds between two languages (naive Bayes over byte
        n-grams)."""
        identifier = self.restricted(languages)
        if identifier is None or not text.strip():
            return {}
        return {lang: float(score) for lang, score in identifier.rank(text)}

    def prepare(self) -> bool:
        """Build the vectorised DFA now (a tenth of a second: its depth is worked out from
        the tables), as a process does before forking workers, which then share it instead
        of each building its own at its first batch. Whether there is one."""
        return self._scorer() is not None

    def _scorer(self) -> FastScorer | None:
        """The full identifier's vectorised DFA (built on first use; None: not this
        release's tables). Restricted identifiers share the full one's DFA."""
        fast = self._fast
        if fast is False:
            identifier = self.identifier
            with self._lock:
                if self._fast is False:
                    self._fast = scorer_of(identifier)
                fast = self._fast
        return fast if isinstance(fast, FastScorer) else None

    def _decide(self, identifier: Any, texts: Sequence[str]) -> Any:
        """``identifier._decide`` of each of ``texts`` (rows of one array; the same floats),
        with the vectorised walk when there is one."""
        scorer = self._scorer()
        if scorer is None:
            import numpy as np

            return np.stack([identifier._decide(t) for t in texts])
        return decide_many(identifier, scorer, texts)

    def _columns(self, languages: tuple[str, ...]) -> Columns:
        """Column of each of ``languages`` in the full model's scores, and a mask of the
        others."""
        found = self._column_cache.get(languages)
        if found is None:
            import numpy as np

            labels = list(self.identifier.nb_classes)
            inside = tuple((lang, labels.index(lang)) for lang in languages if lang in labels)
            mask = np.array([label not in languages for label in labels], dtype=bool)
            found = self._column_cache.setdefault(languages, (inside, mask))
        return found

    def prefetch(self, texts: Sequence[str]) -> None:
        """Score ``texts`` in one walk of the model (:mod:`pipeline.langid.py3langid_fast`)
        and keep their scores for :meth:`profile`, until the next batch.

        The scores kept are the ones :meth:`profile` computes itself, bit for bit, and are
        looked up by the text alone (a text's scores depend on nothing else), so a profile
        is the same with or without this step."""
        todo = [text for text in dict.fromkeys(texts) if text.strip()]
        if len(todo) < 2 or self._scorer() is None:
            return
        scores = self._decide(self.identifier, todo)
        self._batch = _Batch({text: row for row, text in enumerate(todo)}, scores)

    def profile(self, text: str, languages: Sequence[str]) -> tuple[dict[str, float], float | None]:
        """The scores of ``languages`` (as :meth:`scores`) and the best score of a language
        outside them (None when none is known or the text is blank).

        One pass of the full model: restricting it only drops columns, so the scores of
        ``languages`` are the same values a restricted identifier gives."""
        if not text.strip():
            return {}, None
        identifier = self.identifier
        inside, mask = self._columns(tuple(sorted(set(languages))))
        if not hasattr(identifier, "_decide"):  # pragma: no cover - another py3langid release
            ranked = dict(identifier.rank(text))
            others = [v for k, v in ranked.items() if k not in languages]
            return {k: ranked[k] for k, _ in inside}, max(others) if others else None
        batch = self._batch
        row = batch.rows.get(text)
        if row is not None:
            (names, values), best = batch.view(inside, mask)
            return dict(zip(names, values[row], strict=True)), best[row]
        scores = self._decide(identifier, [text])[0]
        outside = float(scores[mask].max()) if mask.any() else None
        return {lang: float(scores[column]) for lang, column in inside}, outside

    def profiles(
        self, texts: Sequence[str], languages: Sequence[str]
    ) -> list[tuple[dict[str, float], float | None]]:
        """:meth:`profile` of each of ``texts``, the model walked once for all of them."""
        self.prefetch(texts)
        return [self.profile(text, languages) for text in texts]

    def top(self, text: str) -> tuple[str, float] | None:
        """The most likely language over all it knows and its probability (the softmax of
        its log-likelihoods), or None for a blank text."""
        if not text.strip():
            return None
        ranked = self.identifier.rank(text)
        best = ranked[0][1]
        total = sum(math.exp(score - best) for _, score in ranked)
        return str(ranked[0][0]), 1.0 / total


@cache
def packaged_model() -> Py3langidModel | None:
    """The model shipped in the package (one a process, loaded on first use), or None when
    py3langid is not installed."""
    return Py3langidModel() if py3langid_available() else None


class Py3langidDetector:
    """py3langid over the candidates only, with the ``model`` it is given."""

    name = "py3langid"

    def __init__(self, model: Py3langidModel, min_letters: int = DEFAULT_MIN_LETTERS) -> None:
        self.model = model
        self.min_letters = min_letters

    def detect(self, text: str, expected: str, candidates: Sequence[str]) -> Detection | None:
        expected = normalise_code(expected)
        chars = letter_count(text)
        if chars < self.min_letters:
            return None
        scores = self.model.scores(text, language_set(expected, candidates))
        if not scores:
            return None
        top = max(scores.values())
        weights = {lang: math.exp(score - top) for lang, score in scores.items()}
        total = sum(weights.values())
        return best_detection({k: v / total for k, v in weights.items()}, expected, chars)

    def detect_many(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[Detection | None]:
        return [self.detect(t, expected, candidates) for t in texts]


__all__ = [
    "Py3langidDetector",
    "Py3langidModel",
    "identifier_from_package",
    "packaged_model",
    "py3langid_available",
]
