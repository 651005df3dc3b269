"""What the dashboard shows, as one record (pure data)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.model import Finding
from pipeline.render.coverage import LanguageCoverage, PageRow


@dataclass(frozen=True, slots=True)
class DashboardInput:
    """Everything the dashboard shows."""

    languages: Sequence[LanguageCoverage]
    """Counts per target language and catalogue."""
    findings: Sequence[Finding]
    """What ``check`` reported."""
    pages: Sequence[PageRow]
    """Every source page with its counts per target language."""
    path_langs: Mapping[str, str]
    """The language of each file of the site (findings are counted per language)."""
    source_language: str
    """Language of the source pages."""
    project: str = ""
    """Project name for the title, or empty."""
    preview: bool = False
    """Preview pages were built: link pages to them."""
    error: str | None = None
    """A one-line error to show at the top (the site could not be built), or None."""
    path_pages: Mapping[str, str] | None = None
    """The page each file belongs to (pages by path, catalogues by domain), to filter by."""
