"""``build/manifest.json``: every page, its alternates and per-language state (pure)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.render.html import bcp47

__all__ = ["MANIFEST_VERSION", "PageLanguage", "format_manifest"]

MANIFEST_VERSION = 1


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
    """``source``, ``translated``, ``hand-written`` or ``skipped``."""
    units: int
    """Translation units of the page (front matter included)."""
    translated: int
    """Units shown translated."""
    notice: bool = False
    """The fragment carries a partly-translated notice."""

    @property
    def completeness(self) -> float:
        return 1.0 if self.units == 0 else round(self.translated / self.units, 4)


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
            "units": entry.units,
            "translated": entry.translated,
            "fallback_units": entry.units - entry.translated,
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
