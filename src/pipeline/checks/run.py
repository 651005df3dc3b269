"""Run every rule over a site and grade the findings (pure: the site is already loaded).

The work is cut per file so that it can be cached and spread over processes: the findings
of a page (:func:`page_findings`) depend only on the page, its source page and, for a
generated page, its catalogue; those of a catalogue (:func:`catalog_file_findings`) only
on the catalogue; :func:`site_findings` (missing pages) looks at the whole site but only
at its file names and which catalogues have translations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.checks.candidate import Candidate, SourceLanguageOf, Suppression, message_suppression
from pipeline.checks.catalog_rules import catalog_findings, judged_sources
from pipeline.checks.generated import generated_page_findings
from pipeline.checks.language import (
    Judge,
    catalog_language_findings,
    catalog_queries,
    page_language_findings,
    page_queries,
)
from pipeline.checks.orphans import orphan_pages
from pipeline.checks.page_rules import (
    missing_pages,
    page_typography,
    segment_suppression,
    translated_page_findings,
)
from pipeline.checks.policy import Policy, apply
from pipeline.content.site import CatalogFile, Site
from pipeline.glossary.model import Glossary
from pipeline.model import Finding, Location, Page


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything the rules need besides the files (plain data: it travels to workers)."""

    source_language: str
    """Language of the source pages."""
    languages: tuple[str, ...]
    """Target languages checked."""
    glossary: Glossary | None
    """The termbase, if any."""
    options: Mapping[str, Mapping[str, Any]]
    """Per-rule options (``[check.<rule>]`` tables)."""
    policy: Policy
    """Severities, overrides, exclusions."""
    domain: str | None = None
    """The site's single gettext domain, or None for one domain per page."""


def finding_order(finding: Finding) -> tuple[Any, ...]:
    """A total order on findings: by place, rule and message, then every other field, so
    the output never depends on the order the findings were produced in."""
    return (
        finding.sort_key,
        finding.severity.rank,
        finding.expected or "",
        finding.detected or "",
        -1.0 if finding.confidence is None else finding.confidence,
        finding.source or "",
        finding.translation or "",
        _places(finding.related) if finding.related else (),
    )


def _places(related: tuple[Location, ...]) -> tuple[tuple[str, int, int], ...]:
    """The related places as values that sort (the last tie-breaker: a fault repeated on
    one line, one of whose repeats stands for a catalogue entry too)."""
    return tuple((where.path, where.line, where.column or 0) for where in related)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings without repeats, in :func:`finding_order`."""
    return sorted(set(findings), key=finding_order)


def _source_language_of(judge: Judge, source_language: str) -> SourceLanguageOf:
    @cache
    def source_language_of(text: str) -> str | None:
        verdict = judge(text, source_language)
        return verdict.detected if verdict is not None else None

    return source_language_of


def _page_suppressions(page: Page) -> Iterator[Suppression]:
    for segment in page.segments:
        hush = segment_suppression(page, segment)
        if hush is not None:
            yield hush


def _catalog_suppressions(file: CatalogFile) -> Iterator[Suppression]:
    if file.catalog is None:
        return
    for message in file.catalog.messages:
        if not message.obsolete:
            hush = message_suppression(file.path, message)
            if hush is not None:
                yield hush


def page_findings(
    page: Page,
    rules: Rules,
    judge: Judge,
    *,
    source: Page | None = None,
    catalogs: Sequence[CatalogFile] = (),
) -> list[Finding]:
    """Findings located in one page: its language, typography and, for a translation, the
    comparison with its ``source`` page (and, for a generated page, with the ``catalogs``
    it may come from). Graded, suppressions applied, unsorted."""
    lang = page.lang
    src = rules.source_language
    alone = Site(src, (lang,) if lang != src else (), {lang: (page,)}, (), rules.domain)
    candidates: list[Iterable[Candidate]] = [
        page_language_findings(page, lang, judge, src, source),
        page_typography(alone, rules.options.get("typography", {})),
    ]
    if lang != src:
        pair = Site(
            src,
            (lang,),
            {src: (source,) if source is not None else (), lang: (page,)},
            tuple(catalogs),
            rules.domain,
        )
        candidates.append(generated_page_findings(pair))
        if source is not None:
            candidates.append(
                translated_page_findings(
                    pair,
                    glossary=rules.glossary,
                    options=rules.options,
                    source_language_of=_source_language_of(judge, src),
                )
            )
    return apply((c for group in candidates for c in group), rules.policy, _page_suppressions(page))


def page_check_queries(
    page: Page, rules: Rules, source: Page | None = None
) -> set[tuple[str, str]]:
    """The questions :func:`page_findings` may ask its judge (to detect them in a batch)."""
    queries = set(page_queries(page, page.lang, rules.source_language, source))
    if source is not None and page.lang != rules.source_language:
        theirs = {s.text for s in source.segments}
        queries |= {(s.text, rules.source_language) for s in page.segments if s.text in theirs}
    return queries


def catalog_file_findings(file: CatalogFile, rules: Rules, judge: Judge) -> list[Finding]:
    """Findings located in one catalogue. Graded, suppressions applied, unsorted."""
    candidates = [
        *catalog_language_findings(file, judge, rules.source_language),
        *catalog_findings(
            file,
            glossary=rules.glossary,
            options=rules.options,
            source_language_of=_source_language_of(judge, rules.source_language),
            dialect=rules.policy.dialect(file.path),
        ),
    ]
    return apply(candidates, rules.policy, _catalog_suppressions(file))


def catalog_check_queries(file: CatalogFile, rules: Rules) -> set[tuple[str, str]]:
    """The questions :func:`catalog_file_findings` may ask its judge."""
    queries = set(catalog_queries(file, rules.source_language))
    dialect = rules.policy.dialect(file.path)
    for source in judged_sources(file, options=rules.options, dialect=dialect):
        queries.add((source, rules.source_language))
    return queries


def site_findings(site: Site, rules: Rules) -> list[Finding]:
    """Findings that need the whole site (missing and orphan pages). Only the pages' names
    and paths and whether each catalogue has translations are read."""
    return apply([*missing_pages(site), *orphan_pages(site)], rules.policy, ())
