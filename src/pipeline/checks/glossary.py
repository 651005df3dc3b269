"""The ``glossary`` rule: a term of the source text whose agreed rendering is missing from the
translation. The glossary itself (model, readers, term matching) is :mod:`pipeline.glossary`."""

from __future__ import annotations

from pipeline.glossary.match import missing_renderings
from pipeline.glossary.model import Glossary, GlossaryEntry
from pipeline.model import Issue


def glossary_issues(glossary: Glossary, source: str, translation: str, lang: str) -> list[Issue]:
    """Terms of ``source`` whose required rendering is missing from ``translation``, one issue
    per entry, in source order (see :func:`~pipeline.glossary.match.missing_renderings`)."""
    return [
        _issue(entry, entry.renderings(lang))
        for entry in missing_renderings(glossary, source, translation, lang)
    ]


def _issue(entry: GlossaryEntry, wanted: tuple[str, ...]) -> Issue:
    if entry.dnt:
        message = f'glossary: "{entry.term}" should be kept untranslated'
    else:
        message = f'glossary: "{entry.term}" should be translated as "{wanted[0]}"'
        if len(wanted) > 1:
            others = ", ".join(f'"{value}"' for value in wanted[1:])
            message += f" (or {others})"
    return Issue(message, expected=wanted[0])
