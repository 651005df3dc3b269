"""``build/manifest.json``: every page, its alternates and per-language state (pure)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.render.coverage import Counts, units_json, words_json
from pipeline.render.html import bcp47

__all__ = ["MANIFEST_VERSION", "PageLanguage", "format_manifest"]

MANIFEST_VERSION = 2
"""2: units and words by state (the numbers of ``status`` and the dashboard), ``published``."""


@dataclass(frozen=True, slots=True)
class PageLanguage:
    """One page in one language, as the manifest records it."""

    page: str
    """Page name."""
    lang: str
    """Language code (gettext spelling)."""
    path: str | None
    """Fragment path relative to the build folder, or None when the page is skipped."""
    title: str
    """Title (localised, or the source title when it fell back)."""
    status: str
    """``source``, ``catalogue``, ``untranslated``, ``hand-written`` or ``skipped``."""
    counts: Counts
    """The page's distinct units (front matter included) and their words, by state in
    the language's catalogue (all translated for the source and a hand-written page)."""
    published: int
    """Distinct units shown translated (a translation the build refused is not)."""
    notice: bool = False
    """The fragment carries a partly-translated notice."""

    @property
    def completeness(self) -> float:
        """Share of units translated (0-1, four decimals; 1.0 for a page without text)."""
        total = self.counts.total
        return 1.0 if total == 0 else round(self.counts.translated / total, 4)


def format_manifest(
    source_language: str,
    langs: Iterable[str],
    indexes: Mapping[str, str],
    entries: Iterable[PageLanguage],
) -> bytes:
    """The manifest as UTF-8 JSON: keys sorted, pages sorted by name, indent 2."""
    codes = list(langs)
    alternates: dict[str, dict[str, str]] = {}
    states: dict[str, dict[str, dict[str, object]]] = {}
    for entry in entries:
        alternates.setdefault(entry.page, {})
        if entry.path is not None:
            alternates[entry.page][entry.lang] = entry.path
        states.setdefault(entry.page, {})[entry.lang] = {
            "path": entry.path,
            "title": entry.title,
            "status": entry.status,
            "notice": entry.notice,
            "completeness": entry.completeness,
            "units": units_json(entry.counts),
            "words": words_json(entry.counts),
            "published": entry.published,
            "fallback_units": entry.counts.total - entry.published,
        }
    pages = [
        {"page": name, "alternates": alternates[name], "languages": states[name]}
        for name in sorted(alternates)
    ]
    document = {
        "version": MANIFEST_VERSION,
        "source_language": source_language,
        "languages": codes,
        "language_tags": {code: bcp47(code) for code in codes},
        "indexes": dict(indexes),
        "pages": pages,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True)
    return (text + "\n").encode("utf-8")
