"""The check's ``catalog-outdated`` stage: templates and catalogues that ``extract`` and
``update`` would change, per gettext domain, through the cache.

A domain's result depends on its source pages, its template and its PO files (their
hashes, taken by the planner or from the size-and-time table): an unchanged domain is
answered by the cache without reading anything. Otherwise its source pages are segmented
(from the cache when the check's workers already did it), the template ``extract`` would
write is made in memory, and each existing PO file is merged with it as ``update`` would.
Only existing files are judged: a site without catalogues has nothing outdated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__, languages
from pipeline.catalog.extract import extract
from pipeline.catalog.freshness import CatalogText, Outdated, domain_outdated, gone_template
from pipeline.catalog.header import GENERATOR
from pipeline.catalog.model import Catalog
from pipeline.catalog.po_read import parse_po
from pipeline.checks.outdated import outdated_catalogs
from pipeline.checks.policy import Policy, apply
from pipeline.config import Config
from pipeline.content.pages import decode_page, parse_page
from pipeline.engine.cache import Cache, digest
from pipeline.engine.check_jobs import SiteFile
from pipeline.engine.check_plan import SiteFiles, page_key
from pipeline.engine.pages import PAGE_KIND
from pipeline.errors import CatalogError, SourceError
from pipeline.fsio import decode_text, read_bytes
from pipeline.model import Finding, Page
from pipeline.report.common import paused_collector

KIND = "catalog-outdated"
"""Cache kind of a domain's findings."""


@dataclass(slots=True)
class _Domain:
    """A gettext domain's files."""

    pages: list[SiteFile] = field(default_factory=list)
    """Its source pages, by path."""
    template: SiteFile | None = None
    """Its template, when there is one."""
    catalogs: list[SiteFile] = field(default_factory=list)
    """Its PO files in the languages checked."""


def _domains(config: Config, files: SiteFiles) -> tuple[dict[str, _Domain], list[SiteFile]]:
    """Domains with a source page and a template or catalogue to judge, and the templates
    whose pages are gone."""
    domains: dict[str, _Domain] = {}
    for name, group in files.groups.items():
        page = group.get(config.source_language)
        if page is not None:
            domains.setdefault(config.domain or name, _Domain()).pages.append(page)
    gone: list[SiteFile] = []
    for template in files.templates:
        if template.name in domains:
            domains[template.name].template = template
        else:
            gone.append(template)
    for catalog in files.catalogs:
        if catalog.name in domains:
            domains[catalog.name].catalogs.append(catalog)
    kept = {d: item for d, item in domains.items() if item.template or item.catalogs}
    for item in kept.values():
        item.pages.sort(key=lambda f: f.display)
    return kept, gone


def outdated_findings(
    config: Config, files: SiteFiles, cache: Cache, policy: Policy, setup: str
) -> list[Finding]:
    """``catalog-outdated`` findings of every template and of the PO files in ``files``,
    graded by ``policy``. ``setup`` is the fingerprint of the check's settings."""
    with paused_collector():  # keys and cached results: many long-lived objects, no cycles
        domains, gone = _domains(config, files)
        settings = digest(KIND, __version__, setup, config.project, str(config.width))
        keys: dict[str, str] = {}
        for domain, item in domains.items():
            parts = [f"{f.display}:{f.hash}" for f in (*item.pages, *item.catalogs)]
            pot = f"{item.template.display}:{item.template.hash}" if item.template else "-"
            keys[domain] = digest(settings, domain, pot, *parts)
        for old in gone:
            keys[f"\0{old.display}"] = digest(settings, "gone", old.display, old.hash)
        known = cache.get_many(KIND, list(keys.values()))
    findings: list[Finding] = []
    fresh_results: list[tuple[str, tuple[Finding, ...]]] = []
    for domain, key in keys.items():
        if key in known:
            findings += known[key]
            continue
        if domain.startswith("\0"):
            old = next(t for t in gone if t.display == domain[1:])
            items = [gone_template(old.display)] if _generated(old) else []
        else:
            items = _judge(config, domain, domains[domain], cache)
        found = tuple(apply(outdated_catalogs(items), policy, ()))
        fresh_results.append((key, found))
        findings += found
    cache.put_many(KIND, fresh_results)
    return findings


def _generated(template: SiteFile) -> bool:
    """True when ``extract`` wrote the template (it removes only those)."""
    catalog = _parse(template)
    return catalog is not None and catalog[1].header_fields().get("X-Generator") == GENERATOR


def _parse(file: SiteFile) -> tuple[str, Catalog] | None:
    """A catalogue's text and parse, or None when it cannot be read (``catalog-invalid``
    says why)."""
    try:
        data = read_bytes(Path(file.path), file.display, CatalogError)
        text = decode_text(data, file.display, CatalogError)
        return text, parse_po(text, file.display)
    except CatalogError:
        return None


def _segmented(config: Config, files: Sequence[SiteFile], cache: Cache) -> list[Page]:
    """The source pages, segmented (from the cache when the check's workers did it)."""
    keys = [page_key(file) for file in files]
    known = cache.get_many(PAGE_KIND, keys)
    pages = []
    for file, key in zip(files, keys, strict=True):
        page = known.get(key)
        if page is None:
            text = decode_page(read_bytes(Path(file.path), file.display, SourceError), file.display)
            page = parse_page(text, file.display, file.lang, file.name)
        pages.append(page)
    return pages


def _judge(config: Config, domain: str, item: _Domain, cache: Cache) -> list[Outdated]:
    pages = _segmented(config, item.pages, cache)
    fresh = extract(pages, project=config.project, date=config.date, single_domain=config.domain)
    current = None
    if item.template is not None:
        parsed = _parse(item.template)
        text, catalog = parsed if parsed is not None else (None, None)
        current = CatalogText(item.template.display, text, catalog)
    catalogs = []
    for file in item.catalogs:
        parsed = _parse(file)
        if parsed is not None:
            language = languages.gettext_name(file.lang)
            catalogs.append(CatalogText(file.display, parsed[0], parsed[1], language))
    names = [file.display for file in item.pages]
    return domain_outdated(fresh[domain], current, catalogs, width=config.width, pages=names)
