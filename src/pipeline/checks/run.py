"""Run every rule over a site and grade the findings (pure: the site is already loaded)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from pipeline.checks.candidate import Candidate, Suppression, message_suppression
from pipeline.checks.catalog_rules import catalog_findings
from pipeline.checks.glossary import Glossary
from pipeline.checks.language import Judge, language_findings
from pipeline.checks.page_rules import (
    missing_pages,
    page_typography,
    segment_suppression,
    translated_page_findings,
)
from pipeline.checks.policy import Policy, apply
from pipeline.checks.site import Site
from pipeline.model import Finding


def _suppressions(site: Site) -> Iterator[Suppression]:
    for pages in site.pages.values():
        for page in pages:
            for segment in page.segments:
                hush = segment_suppression(page, segment)
                if hush is not None:
                    yield hush
    for file in site.catalogs:
        if file.catalog is None:
            continue
        for message in file.catalog.messages:
            if not message.obsolete:
                hush = message_suppression(file.path, message)
                if hush is not None:
                    yield hush


def run_checks(
    site: Site,
    *,
    judge: Judge,
    glossary: Glossary | None,
    options: Mapping[str, Mapping[str, Any]],
    policy: Policy,
) -> list[Finding]:
    """All findings of all rules, graded and suppressions applied, sorted."""

    @cache
    def source_language_of(text: str) -> str | None:
        verdict = judge(text, site.source_language)
        return verdict.detected if verdict is not None else None

    candidates: Iterator[Candidate] = itertools.chain(
        language_findings(site, judge),
        missing_pages(site),
        translated_page_findings(
            site, glossary=glossary, options=options, source_language_of=source_language_of
        ),
        page_typography(site, options.get("typography", {})),
        *(
            catalog_findings(
                file, glossary=glossary, options=options, source_language_of=source_language_of
            )
            for file in site.catalogs
        ),
    )
    findings = apply(candidates, policy, _suppressions(site))
    return sorted(set(findings), key=lambda f: (f.sort_key, f.severity.rank))
