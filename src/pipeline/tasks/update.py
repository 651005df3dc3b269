"""``pipeline update``: merge the POT catalogues into every language's PO files."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline import languages
from pipeline.catalog import store
from pipeline.catalog.header import language_header, translations_changed, with_revision_date
from pipeline.catalog.merge import merge
from pipeline.catalog.model import Catalog, Message
from pipeline.config import Config
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
    recovered: int = 0
    """Translations a new file took from the orphan catalogues of its language."""


def run_update(
    config: Config, langs: tuple[str, ...] = (), *, check: bool = False
) -> list[CatalogUpdate]:
    """Merge every POT into each target language's PO (creating missing ones).

    A PO file that does not exist yet starts from the translations of the language's
    orphan catalogues (PO files whose template is gone, as after a page was renamed or
    split): an entry with the same context and msgid takes their translation, as
    ``msgmerge --compendium`` does. Orphan files are never changed or removed.

    The merges and writes run on a few threads (results in order); merging needs no cache
    or worker processes: it is fast. With ``check``, nothing is written: ``written`` says
    which files would be."""
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
    known = set(domains)
    orphans: dict[str, list[Catalog]] = {
        lang: [
            store.load(config, path)
            for domain, path in store.language_catalogs(config, lang)
            if domain not in known
        ]
        for lang in targets
        if any((lang, d) not in existing for d in domains)
    }
    date = config.revision_date or config.date

    def one(item: tuple[str, str]) -> CatalogUpdate:
        lang, domain = item
        path = store.po_path(config, lang, domain)
        pot = templates[domain]
        before = old = existing.get((lang, domain))
        created = old is None
        recovered: list[Message] = []
        if old is None:
            header = language_header(
                pot.header, lang, config.project, date, plural_source=config.plural_forms
            )
            recovered = _recovered(orphans.get(lang, []), pot)
            old = Catalog(header=header, messages=recovered)
        merged = merge(old, pot, lang=languages.gettext_name(lang))
        catalog = merged.catalog
        if translations_changed(before, catalog):
            catalog = with_revision_date(catalog, config.revision_date)
        if check:
            written = store.would_change(config, path, catalog)
        else:
            written = store.save(config, path, catalog)
        return CatalogUpdate(
            path=config.display(path),
            created=created,
            written=written,
            kept=merged.kept,
            fuzzy=merged.fuzzy,
            new=merged.new,
            obsolete=merged.obsolete,
            recovered=len(recovered),
        )

    # Each file is flushed to disk when written: threads overlap those waits.
    return io_map(one, [(lang, domain) for lang in targets for domain in domains])


def _recovered(orphans: list[Catalog], pot: Catalog) -> list[Message]:
    """Translations of the template's entries found in orphan catalogues, as live entries.

    For each entry the best one wins: reviewed before fuzzy, live before obsolete, then
    the first file in domain order."""
    wanted = {m.key for m in pot.messages if not m.obsolete}
    found: dict[tuple[str | None, str], tuple[tuple[bool, bool], Message]] = {}
    for catalog in orphans:
        for msg in catalog.messages:
            if msg.key not in wanted or not msg.has_translation:
                continue
            rank = (msg.fuzzy, msg.obsolete)
            best = found.get(msg.key)
            if best is None or rank < best[0]:
                found[msg.key] = (rank, replace(msg, obsolete=False))
    return [found[key][1] for key in sorted(found, key=lambda k: (k[0] or "", k[1]))]
