"""The (source, translation) pair checks, one implementation for catalogue entries and for
the aligned units of hand-written translated pages: the same fault gets the same rule id
and severity wherever it is found.

* ``unchanged-translation``: the translation repeats its source word for word, and the
  source is text that needs translating (not a name, number, code, URL; not in the
  target language already);
* ``markup-mismatch``: the placeables of the text's dialect differ (links, code, emphasis,
  footnotes, tags in Markdown; role targets, literals, references in reStructuredText);
* ``glossary``: a termbase term of the source lacks its agreed rendering.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.checks.candidate import Candidate, SourceLanguageOf, Suppression, make
from pipeline.checks.glossary import glossary_issues
from pipeline.checks.markup import markup_issues
from pipeline.checks.placeables import MARKDOWN, Dialect
from pipeline.checks.unchanged import needs_translation
from pipeline.glossary.model import Glossary
from pipeline.model import Issue, Location


@dataclass(frozen=True, slots=True)
class PairContext:
    """What the pair checks need besides the pair."""

    lang: str
    """The translation's language."""
    glossary: Glossary | None
    """The termbase, if any."""
    allow: tuple[str, ...]
    """``[check.unchanged-translation] allow``: texts that may stay as their source."""
    source_language_of: SourceLanguageOf
    """Detected language of a source text (an unchanged text already in the target
    language is not a fault of the translation)."""
    formatting: bool = False
    """``[check.markup-mismatch] formatting``: report, at info, changes of formatting only
    that the dialect allows (emphasis counts in reStructuredText)."""


def unchanged_needs_translation(source: str, allow: tuple[str, ...], dialect: Dialect) -> bool:
    """Whether a translation left as its ``source`` may be a fault (the source needs
    translating); only then is the source's language detected."""
    prose = None if dialect is MARKDOWN else dialect.read(source).prose
    return needs_translation(source, allow, prose=prose)


def pair_findings(
    source: str,
    translation: str,
    where: Location,
    context: PairContext,
    *,
    suppression: Suppression | None = None,
    markup: bool = True,
    glossary: bool = True,
    origin: str | None = None,
    dialect: Dialect = MARKDOWN,
) -> Iterator[Candidate]:
    """Findings of one (source, translation) pair at ``where``, its markup read as
    ``dialect``. ``markup`` and ``glossary`` turn those comparisons off (a pair whose
    alignment is a guess; a unit marked as another language); ``origin`` names where the
    source is (``content/en/x.md:4``)."""
    if translation == source:
        if unchanged_needs_translation(source, context.allow, dialect) and (
            context.source_language_of(source) != context.lang
        ):
            at = f" ({origin})" if origin else ""
            yield make(
                "unchanged-translation",
                where,
                f"translation is identical to the source text{at}",
                suppression=suppression,
                source=source,
                translation=translation,
            )
        return
    families: list[tuple[str, list[Issue]]] = []
    if markup:
        families.append(
            (
                "markup-mismatch",
                markup_issues(source, translation, dialect, weak=context.formatting),
            )
        )
    if glossary and context.glossary is not None:
        families.append(
            ("glossary", glossary_issues(context.glossary, source, translation, context.lang))
        )
    for rule, issues in families:
        for issue in issues:
            yield make(
                rule,
                where,
                issue.message,
                suppression=suppression,
                source=source,
                translation=translation,
                severity=issue.severity,
                expected=issue.expected,
                detected=issue.detected,
            )
