"""Language detection backends: what language a (cleaned) text is in, and how sure.

Three backends implement the :class:`Detector` protocol:

* :class:`LinguaDetector` (``lingua-language-detector``): a high-accuracy pass over the
  candidate languages, plus a low-accuracy "any language" pass over :data:`BROAD_LANGUAGES`
  (low-accuracy models are small: all of them together take ~100 MB, where high-accuracy
  models take ~20 MB a language, so only the candidates get those).
* :class:`LangdetectDetector` (``langdetect``): seeded per call, so a text always gets the
  same answer whatever was detected before it; its prior map restricts it to the candidates,
  or favours them in the any-language pass.
* :class:`Py3langidDetector` (``py3langid``, langid.py's naive Bayes model shipped inside
  the package, no download): fast, and on short texts a different kind of evidence from
  lingua's; its log-likelihood scores feed :mod:`pipeline.langid.combined`.

Backends expect text already reduced by :func:`pipeline.langid.clean.detectable_text`;
they count its letters and abstain (``None``) below ``min_letters``. Models are loaded
lazily, on first use, and detector objects are cached per language set.
"""

from __future__ import annotations

import copy
import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

from pipeline.langid.clean import letter_count

BROAD_LANGUAGES: tuple[str, ...] = (
    "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa", "fi",
    "fr", "gu", "he", "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "mk", "mr", "nb",
    "nl", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "so", "sq", "sv", "sw", "ta", "te", "th",
    "tl", "tr", "uk", "ur", "vi", "zh",
)  # fmt: skip
"""Languages of the any-language pass: those both backends know (ISO 639-1), so that a
language outside the candidates can be confirmed by the other backend."""

DEFAULT_MIN_LETTERS = 8
"""Below this many letters a backend does not guess."""

_LANGDETECT_TO_ISO = {"zh-cn": "zh", "zh-tw": "zh", "no": "nb"}
_ISO_ALIASES = {"no": "nb"}


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


# --------------------------------------------------------------------------- lingua


@cache
def _lingua_iso_codes() -> dict[str, Any]:
    import lingua

    return {lang.iso_code_639_1.name.lower(): lang for lang in lingua.Language.all()}


_lingua_lock = threading.Lock()
_lingua_detectors: dict[tuple[tuple[str, ...], bool], Any] = {}


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
        if len(texts) == 1:
            return [_lingua_probs(detector.compute_language_confidence_values(texts[0]))]
        batch = detector.compute_language_confidence_values_in_parallel(list(texts))
        return [_lingua_probs(values) for values in batch]

    def broad_probabilities(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[dict[str, float]]:
        """Probabilities over :data:`BROAD_LANGUAGES` and the candidates (low accuracy)."""
        languages = tuple(sorted(set(BROAD_LANGUAGES) | set(language_set(expected, candidates))))
        detector = lingua_detector(languages, low_accuracy=True)
        if len(texts) == 1:
            return [_lingua_probs(detector.compute_language_confidence_values(texts[0]))]
        batch = detector.compute_language_confidence_values_in_parallel(list(texts))
        return [_lingua_probs(values) for values in batch]

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


# --------------------------------------------------------------------------- langdetect


@cache
def _langdetect_factory() -> Any:
    """langdetect's profiles, loaded once, in a fixed order, with a fixed seed."""
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    profiles = resources.files("langdetect") / "profiles"
    names = sorted(p.name for p in profiles.iterdir() if not p.name.startswith("."))
    factory.load_json_profile([(profiles / n).read_text(encoding="utf-8") for n in names])
    factory.seed = 0
    return factory


def _langdetect_codes() -> dict[str, str]:
    """ISO 639-1 code -> langdetect's own code (``zh`` maps to ``zh-cn``)."""
    codes: dict[str, str] = {}
    for code in sorted(_langdetect_factory().get_lang_list()):
        codes.setdefault(_LANGDETECT_TO_ISO.get(code, code), code)
    return codes


def langdetect_probabilities(
    text: str, prior: Mapping[str, float] | None = None
) -> dict[str, float]:
    """langdetect's probabilities for ``text`` (ISO 639-1 codes), deterministic per call.

    ``prior`` maps ISO codes to prior weights; languages it leaves out get none and so are
    never detected. Without it every language is equally likely.
    """
    from langdetect.lang_detect_exception import LangDetectException

    factory = _langdetect_factory()
    detector = factory.create()  # seeded from the factory: every call starts afresh
    if prior is not None:
        own = _langdetect_codes()
        mapped: dict[str, float] = {}
        for iso, weight in prior.items():
            if iso in own and weight > 0:
                mapped[own[iso]] = weight
        if prior.get("zh", 0) > 0:
            mapped["zh-tw"] = prior["zh"]
        if not mapped:
            return {}
        detector.set_prior_map(mapped)
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return {}
    probs: dict[str, float] = {}
    for item in found:
        iso = _LANGDETECT_TO_ISO.get(item.lang, item.lang)
        probs[iso] = probs.get(iso, 0.0) + float(item.prob)
    return probs


class LangdetectDetector:
    """langdetect, seeded per call.

    The candidate pass restricts langdetect to the candidates (and the expected language);
    the any-language pass runs over all its languages with the candidates ``favour`` times
    as likely a priori, and its answer is taken when it names another language with at least
    ``any_min_confidence`` on a text of at least ``any_min_letters`` letters.
    """

    name = "langdetect"

    def __init__(
        self,
        min_letters: int = DEFAULT_MIN_LETTERS,
        any_language: bool = True,
        any_min_letters: int = 20,
        any_min_confidence: float = 0.9,
        favour: float = 5.0,
    ) -> None:
        self.min_letters = min_letters
        self.any_language = any_language
        self.any_min_letters = any_min_letters
        self.any_min_confidence = any_min_confidence
        self.favour = favour

    def candidate_probabilities(
        self, text: str, expected: str, candidates: Sequence[str]
    ) -> dict[str, float]:
        """Probabilities with langdetect restricted to the candidates and expected language."""
        return langdetect_probabilities(
            text, dict.fromkeys(language_set(expected, candidates), 1.0)
        )

    def broad_probabilities(
        self, text: str, expected: str, candidates: Sequence[str]
    ) -> dict[str, float]:
        """Probabilities over all langdetect's languages, the candidates favoured."""
        favoured = set(language_set(expected, candidates))
        prior = {c: (self.favour if c in favoured else 1.0) for c in _langdetect_codes()}
        return langdetect_probabilities(text, prior)

    def detect(self, text: str, expected: str, candidates: Sequence[str]) -> Detection | None:
        expected = normalise_code(expected)
        chars = letter_count(text)
        if chars < self.min_letters:
            return None
        found = best_detection(
            self.candidate_probabilities(text, expected, candidates), expected, chars
        )
        if self.any_language and chars >= self.any_min_letters:
            wide = best_detection(
                self.broad_probabilities(text, expected, candidates), expected, chars
            )
            if (
                wide is not None
                and wide.language not in language_set(expected, candidates)
                and wide.confidence >= self.any_min_confidence
            ):
                return wide
        return found

    def detect_many(
        self, texts: Sequence[str], expected: str, candidates: Sequence[str]
    ) -> list[Detection | None]:
        return [self.detect(t, expected, candidates) for t in texts]


# --------------------------------------------------------------------------- py3langid


_py3langid_lock = threading.Lock()
_py3langid_model: list[Any] = []
"""The full identifier, once loaded (or installed)."""


def py3langid_from_package() -> Any:
    """py3langid's identifier over all its languages, from the model in the package
    (LZMA-compressed: about a second)."""
    from importlib import import_module

    langid = import_module("py3langid.langid")
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=False)


def install_py3langid(identifier: Any) -> None:
    """Use ``identifier`` (the full model, loaded some faster way) from now on."""
    with _py3langid_lock:
        if not _py3langid_model:
            _py3langid_model.append(identifier)


def py3langid_loaded() -> bool:
    """Whether the full model is loaded already."""
    return bool(_py3langid_model)


def _py3langid_full() -> Any:
    """py3langid's identifier over all its languages (loaded on first use)."""
    if not _py3langid_model:
        identifier = py3langid_from_package()
        with _py3langid_lock:
            if not _py3langid_model:
                _py3langid_model.append(identifier)
    return _py3langid_model[0]


@cache
def _py3langid_codes() -> frozenset[str]:
    return frozenset(_py3langid_full().labels)


def py3langid_available() -> bool:
    """Whether the ``py3langid`` package (and its bundled model) can be imported."""
    try:
        from importlib import import_module

        import_module("py3langid.langid")
    except ImportError:
        return False
    return True


_py3langid_identifiers: dict[tuple[str, ...], Any] = {}


def py3langid_identifier(languages: Sequence[str]) -> Any:
    """A cached py3langid identifier restricted to ``languages`` (those it knows)."""
    known = _py3langid_codes()
    codes = tuple(sorted({c for c in languages if c in known}))
    with _py3langid_lock:
        identifier = _py3langid_identifiers.get(codes)
        if identifier is None:
            if len(codes) < 2:
                return None
            identifier = copy.copy(_py3langid_full())
            identifier.set_languages(list(codes))
            _py3langid_identifiers[codes] = identifier
        return identifier


def py3langid_scores(text: str, languages: Sequence[str]) -> dict[str, float]:
    """py3langid's log-likelihood score of each of ``languages`` it knows (empty: none).

    Differences of scores are log-odds between two languages (naive Bayes over byte n-grams).
    """
    identifier = py3langid_identifier(languages)
    if identifier is None or not text.strip():
        return {}
    return {lang: float(score) for lang, score in identifier.rank(text)}


@cache
def _py3langid_columns(languages: tuple[str, ...]) -> tuple[tuple[tuple[str, int], ...], Any]:
    """Column of each of ``languages`` in the full model's scores, and a mask of the others."""
    import numpy as np

    labels = list(_py3langid_full().nb_classes)
    inside = tuple((lang, labels.index(lang)) for lang in languages if lang in labels)
    mask = np.array([label not in languages for label in labels], dtype=bool)
    return inside, mask


def py3langid_profile(text: str, languages: Sequence[str]) -> tuple[dict[str, float], float | None]:
    """py3langid's scores of ``languages`` (as :func:`py3langid_scores`) and the best score
    of a language outside them (None when none is known or the text is blank).

    One pass of the full model: restricting it only drops columns, so the scores of
    ``languages`` are the same values a restricted identifier gives."""
    if not text.strip():
        return {}, None
    identifier = _py3langid_full()
    inside, mask = _py3langid_columns(tuple(sorted(set(languages))))
    decide = getattr(identifier, "_decide", None)
    if decide is None:  # pragma: no cover - another py3langid release: the public API
        ranked = dict(identifier.rank(text))
        outside = [v for k, v in ranked.items() if k not in languages]
        return {k: ranked[k] for k, _ in inside}, max(outside) if outside else None
    scores = decide(text)
    best = float(scores[mask].max()) if mask.any() else None
    return {lang: float(scores[column]) for lang, column in inside}, best


def py3langid_top(text: str) -> tuple[str, float] | None:
    """py3langid's most likely language over all it knows and its probability (the
    softmax of its log-likelihoods), or None for a blank text."""
    import math

    if not text.strip():
        return None
    ranked = _py3langid_full().rank(text)
    top = ranked[0][1]
    total = sum(math.exp(score - top) for _, score in ranked)
    return str(ranked[0][0]), 1.0 / total


class Py3langidDetector:
    """py3langid (langid.py's model, shipped in the package), over the candidates only."""

    name = "py3langid"

    def __init__(self, min_letters: int = DEFAULT_MIN_LETTERS) -> None:
        self.min_letters = min_letters

    def detect(self, text: str, expected: str, candidates: Sequence[str]) -> Detection | None:
        expected = normalise_code(expected)
        chars = letter_count(text)
        if chars < self.min_letters:
            return None
        scores = py3langid_scores(text, language_set(expected, candidates))
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


def preload(languages: Sequence[str] = ("en", "fr")) -> None:
    """Load the models now (tests and benchmarks time detection, not loading)."""
    LinguaDetector().detect_many(["Hello world, this is text.", "Bonjour à tous."], "en", languages)
    _langdetect_factory()
    if py3langid_available():
        py3langid_scores("Hello world.", languages)


__all__ = [
    "BROAD_LANGUAGES",
    "DEFAULT_MIN_LETTERS",
    "Detection",
    "Detector",
    "LangdetectDetector",
    "LinguaDetector",
    "Py3langidDetector",
    "best_detection",
    "install_py3langid",
    "langdetect_probabilities",
    "language_set",
    "lingua_detector",
    "normalise_code",
    "preload",
    "py3langid_available",
    "py3langid_from_package",
    "py3langid_identifier",
    "py3langid_loaded",
    "py3langid_profile",
    "py3langid_scores",
    "py3langid_top",
]
