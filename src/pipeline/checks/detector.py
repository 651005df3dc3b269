"""The language-mismatch rule's judge, backed by :mod:`pipeline.langid`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from pipeline.checks.language import Judge, LanguageVerdict
from pipeline.errors import ConfigError
from pipeline.langid.detect import normalise_code
from pipeline.langid.verdict import judge_many

_OPTIONS = ("info", "ignore")


def make_judge(
    *, candidates: Sequence[str], ignore_terms: Iterable[str], options: Mapping[str, object]
) -> Judge:
    """A judge over the site's languages that ignores glossary names.

    Options (``[check.language-mismatch]``): ``info = false`` drops the weak (short-text)
    findings that are otherwise reported at info level; ``ignore = ["term", ...]`` adds
    names that are not text.
    """
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise ConfigError(f"unknown option 'check.language-mismatch.{unknown[0]}'", "pipeline.toml")
    extra = options.get("ignore", [])
    if not isinstance(extra, list):
        raise ConfigError("'check.language-mismatch.ignore' must be a list", "pipeline.toml")
    keep_info = bool(options.get("info", True))
    languages = tuple(sorted({normalise_code(c) for c in candidates}))
    terms = tuple(sorted({*ignore_terms, *(str(t) for t in extra)}))

    @lru_cache(maxsize=65536)
    def judge(text: str, expected: str) -> LanguageVerdict | None:
        (verdict,) = judge_many([text], expected, languages, ignore_terms=terms)
        if verdict is None or not verdict.wrong:
            return None
        info_only = verdict.severity_hint == "info"
        if info_only and not keep_info:
            return None
        return LanguageVerdict(verdict.detected, verdict.confidence, info_only)

    return judge
