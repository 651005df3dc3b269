"""``pipeline update``: merge the POT catalogues into every language's PO files."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.catalog import store
from pipeline.catalog.header import build_date, language_header
from pipeline.catalog.merge import merge
from pipeline.catalog.model import Catalog
from pipeline.config import Config
from pipeline.engine import Engine
from pipeline.engine.parallel import io_map


@dataclass(frozen=True, slots=True)
class CatalogUpdate:
    """The merge of one PO file."""

    path: str
    """Site-relative path of the PO file."""
    created: bool
    """The file did not exist before."""
    written: bool
    """The file changed on disk."""
    kept: int
    """Entries whose translation was kept as it was."""
    fuzzy: int
    """Entries that became fuzzy (source changed)."""
    new: int
    """New, untranslated entries."""
    obsolete: int
    """Entries made obsolete (source text gone)."""


def run_update(
    config: Config, langs: tuple[str, ...] = (), *, engine: Engine | None = None
) -> list[CatalogUpdate]:
    """Merge every POT into each target language's PO (creating missing ones).

    The merges and writes run on a few threads (results in order); ``engine`` is accepted
    for symmetry with the other commands (merging needs no cache: it is fast)."""
    domains = store.template_domains(config)
    targets = langs or config.languages
    templates = {d: store.load(config, store.pot_path(config, d)) for d in domains}
    # Read every PO before writing anything: a bad file stops the run with nothing changed.
    existing: dict[tuple[str, str], Catalog] = {}
    for lang in targets:
        for domain in domains:
            path = store.po_path(config, lang, domain)
            if path.is_file():
                existing[(lang, domain)] = store.load(config, path)
    date = build_date()

    def one(item: tuple[str, str]) -> CatalogUpdate:
        lang, domain = item
        path = store.po_path(config, lang, domain)
        pot = templates[domain]
        old = existing.get((lang, domain))
        created = old is None
        if old is None:
            header = language_header(pot.header, lang, config.project, date)
            old = Catalog(header=header, messages=[])
        merged = merge(old, pot, lang=lang)
        written = store.save(config, path, merged.catalog)
        return CatalogUpdate(
            path=store.display(config, path),
            created=created,
            written=written,
            kept=merged.kept,
            fuzzy=merged.fuzzy,
            new=merged.new,
            obsolete=merged.obsolete,
        )

    # Each file is flushed to disk when written: threads overlap those waits.
    return io_map(one, [(lang, domain) for lang in targets for domain in domains])
