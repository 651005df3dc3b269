"""``build/manifest.json``: every page, its alternates and per-language state (pure)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.render.coverage import Counts, units_json, words_json
from pipeline.render.html import bcp47

__all__ = ["MANIFEST_VERSION", "ManifestWriter", "PageLanguage", "format_manifest"]

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
    return ManifestWriter().format(source_language, langs, indexes, entries)


_PAGES = "\x00pages\x00"
"""Stands for the pages in the document's JSON until they are put in (no code, tag or
index path holds a NUL)."""


class ManifestWriter:
    """:func:`format_manifest` for a caller that writes the manifest again after a few
    pages changed (``serve``): each page's JSON is kept and made again only when that
    page's records changed. The bytes are those of one ``json.dumps`` of the whole
    document (the pure-Python encoder that ``indent`` needs takes seconds on 20,000
    records)."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[tuple[PageLanguage, ...], str]] = {}

    def format(
        self,
        source_language: str,
        langs: Iterable[str],
        indexes: Mapping[str, str],
        entries: Iterable[PageLanguage],
    ) -> bytes:
        """The manifest of ``entries`` (see :func:`format_manifest`)."""
        codes = list(langs)
        by_page: dict[str, list[PageLanguage]] = {}
        for entry in entries:
            by_page.setdefault(entry.page, []).append(entry)
        pages: dict[str, tuple[tuple[PageLanguage, ...], str]] = {}
        for name in sorted(by_page):
            records = tuple(by_page[name])
            kept = self._pages.get(name)
            if kept is None or kept[0] != records:
                # Nested in the document: a page object is an item of "pages", two levels in.
                text = _dumps(_page_json(name, records)).replace("\n", "\n    ")
                kept = (records, text)
            pages[name] = kept
        self._pages = pages
        document = {
            "version": MANIFEST_VERSION,
            "source_language": source_language,
            "languages": codes,
            "language_tags": {code: bcp47(code) for code in codes},
            "indexes": dict(indexes),
            "pages": _PAGES if pages else [],
        }
        text = _dumps(document)
        if pages:
            items = ",\n    ".join(text for _, text in pages.values())
            text = text.replace(_dumps(_PAGES), f"[\n    {items}\n  ]", 1)
        return (text + "\n").encode("utf-8")


def _dumps(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)


def _page_json(name: str, records: Iterable[PageLanguage]) -> dict[str, object]:
    alternates: dict[str, str] = {}
    states: dict[str, dict[str, object]] = {}
    for entry in records:
        if entry.path is not None:
            alternates[entry.lang] = entry.path
        states[entry.lang] = {
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
    return {"page": name, "alternates": alternates, "languages": states}
