"""Segments -> POT catalogues (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.catalog.header import template_header
from pipeline.catalog.model import Catalog, Message
from pipeline.model import Page


@dataclass(slots=True)
class _Entry:
    text: str
    references: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


def domain_of(page: Page, single_domain: str | None) -> str:
    """The gettext domain a page's units go to: the page name, or the site's one domain."""
    return single_domain if single_domain else page.name


def extract(
    pages: Iterable[Page], *, project: str, date: str | None, single_domain: str | None = None
) -> dict[str, Catalog]:
    """One POT catalogue per domain, entries in first-seen order, references merged."""
    domains: dict[str, dict[str, _Entry]] = {}
    for page in pages:
        entries = domains.setdefault(domain_of(page, single_domain), {})
        for segment in page.segments:
            entry = entries.get(segment.text)
            if entry is None:
                entry = entries[segment.text] = _Entry(segment.text)
            reference = f"{page.path}:{segment.line}"
            if reference not in entry.references:
                entry.references.append(reference)
            if segment.kind.value not in entry.kinds:
                entry.kinds.append(segment.kind.value)
    catalogs: dict[str, Catalog] = {}
    for domain in sorted(domains):
        messages = [
            Message(
                msgid=entry.text,
                references=tuple(entry.references),
                extracted_comments=(", ".join(entry.kinds),),
            )
            for entry in domains[domain].values()
        ]
        catalogs[domain] = Catalog(header=template_header(project, date), messages=messages)
    return catalogs
