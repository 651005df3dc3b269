"""``pipeline extract``: source pages -> POT catalogues."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.catalog import store
from pipeline.catalog.extract import extract
from pipeline.catalog.header import GENERATOR, build_date
from pipeline.config import Config
from pipeline.content.pages import load_pages


@dataclass(frozen=True, slots=True)
class ExtractResult:
    """What ``extract`` did."""

    pages: int
    """Source pages read."""
    units: int
    """Translation units found (before merging duplicates)."""
    written: tuple[str, ...]
    """POT files written (site-relative), sorted."""
    removed: tuple[str, ...]
    """Stale POT files removed (their page is gone)."""
    unchanged: int
    """POT files already up to date."""


def run_extract(config: Config) -> ExtractResult:
    pages = load_pages(config, config.source_language)
    catalogs = extract(
        pages, project=config.project, date=build_date(), single_domain=config.domain
    )
    written: list[str] = []
    unchanged = 0
    for domain, catalog in catalogs.items():
        path = store.pot_path(config, domain)
        if store.save(config, path, catalog):
            written.append(store.display(config, path))
        else:
            unchanged += 1
    removed: list[str] = []
    for domain in store.template_domains(config):
        if domain in catalogs:
            continue
        path = store.pot_path(config, domain)
        fields = store.load(config, path).header_fields()
        if fields.get("X-Generator") == GENERATOR:
            path.unlink()
            removed.append(store.display(config, path))
    return ExtractResult(
        pages=len(pages),
        units=sum(len(p.segments) for p in pages),
        written=tuple(written),
        removed=tuple(removed),
        unchanged=unchanged,
    )
