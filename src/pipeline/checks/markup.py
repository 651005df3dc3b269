"""Inline markup that a translation must keep, compared in the dialect of its catalogue.

The comparison is order-free: a translator may reorder a sentence, so the fixed placeables
(link targets, image sources, code spans, footnote references, HTML tags; role targets and
literals in reStructuredText) of source and translation are compared as multisets, and
counted markup (emphasis, line breaks) by number. The dialects are in
:mod:`pipeline.checks.placeables`.
"""

from __future__ import annotations

from pipeline.checks.placeables import MARKDOWN, Dialect, compare
from pipeline.model import Issue


def markup_issues(
    source: str, translation: str, dialect: Dialect = MARKDOWN, *, weak: bool = False
) -> list[Issue]:
    """Differences in inline markup between a source text and its translation, read as
    ``dialect`` (Markdown by default). ``weak`` also reports, at info, differences that are
    not faults in that dialect (emphasis counts in reStructuredText)."""
    return compare(dialect, source, translation, weak=weak)
