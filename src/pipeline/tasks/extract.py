"""``pipeline extract``: source pages -> POT catalogues."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.catalog import store
from pipeline.catalog.extract import extract
from pipeline.catalog.header import GENERATOR
from pipeline.config import Config
from pipeline.engine import Engine
from pipeline.engine.pages import load_pages
from pipeline.engine.parallel import io_map
from pipeline.fsio import remove_file


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


def run_extract(
    config: Config, *, engine: Engine | None = None, check: bool = False
) -> ExtractResult:
    """Write the POT catalogues; ``engine`` runs the segmentation on workers, through the
    cache (default: here, no cache). With ``check``, write and remove nothing: the result
    lists the files that would be written or removed."""
    with (engine or Engine()).session(config.root) as session:
        pages = load_pages(config, config.source_language, session)
    catalogs = extract(pages, project=config.project, date=config.date, single_domain=config.domain)
    written: list[str] = []
    unchanged = 0
    paths = {domain: store.pot_path(config, domain) for domain in catalogs}

    def write(domain: str) -> bool:
        if check:
            return store.would_change(config, paths[domain], catalogs[domain])
        return store.save(config, paths[domain], catalogs[domain])

    saved = io_map(write, list(catalogs))
    for domain, changed in zip(catalogs, saved, strict=True):
        if changed:
            written.append(config.display(paths[domain]))
        else:
            unchanged += 1
    removed: list[str] = []
    for domain in store.template_domains(config):
        if domain in catalogs:
            continue
        path = store.pot_path(config, domain)
        fields = store.load(config, path).header_fields()
        if fields.get("X-Generator") == GENERATOR:
            if not check:
                remove_file(path, config.display(path))
            removed.append(config.display(path))
    return ExtractResult(
        pages=len(pages),
        units=sum(len(p.segments) for p in pages),
        written=tuple(written),
        removed=tuple(removed),
        unchanged=unchanged,
    )
