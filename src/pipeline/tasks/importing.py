"""``pipeline import LANG``: hand-written translated pages -> PO translations."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline import languages
from pipeline.catalog import store
from pipeline.catalog.align import align
from pipeline.catalog.extract import domain_of
from pipeline.catalog.header import language_header, translations_changed, with_revision_date
from pipeline.catalog.merge import merge
from pipeline.catalog.model import Catalog, Message
from pipeline.config import Config
from pipeline.content.pages import load_pages
from pipeline.errors import ConfigError
from pipeline.model import Location


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What ``import`` did for one language."""

    pages: int
    """Translated pages aligned with a source page."""
    filled: int
    """Entries given a translation with certainty."""
    uncertain: int
    """Entries filled from an uncertain alignment (marked fuzzy)."""
    conflicts: tuple[Location, ...]
    """Translated units that differ from a translation already in the catalogue (kept)."""
    unaligned: tuple[Location, ...]
    """Units (source or translated) that could not be aligned."""
    written: tuple[str, ...]
    """PO files written."""


def run_import(config: Config, lang: str, *, overwrite: bool = False) -> ImportResult:
    if lang not in config.languages:
        raise ConfigError(f"'{lang}' is not a target language of this site")
    sources = {p.name: p for p in load_pages(config, config.source_language)}
    targets = load_pages(config, lang)
    date = config.revision_date or config.date
    catalogs: dict[str, Catalog] = {}
    opened: dict[str, Catalog | None] = {}
    filled = uncertain = 0
    conflicts: list[Location] = []
    unaligned: list[Location] = []
    pages = 0
    for page in targets:
        source = sources.get(page.name)
        if source is None:
            unaligned.extend(Location(page.path, s.line) for s in page.segments)
            continue
        pages += 1
        domain = domain_of(source, config.domain)
        catalog = catalogs.get(domain)
        if catalog is None:
            opened[domain], catalog = _open_catalog(config, lang, domain, date)
            catalogs[domain] = catalog
        alignment = align(source, page)
        unaligned.extend(Location(source.path, s.line) for s in alignment.unaligned_source)
        unaligned.extend(Location(page.path, s.line) for s in alignment.unaligned_target)
        index = {m.key: i for i, m in enumerate(catalog.messages) if not m.obsolete}
        for pair in alignment.pairs:
            position = index.get((None, pair.source.text))
            if position is None:
                unaligned.append(Location(source.path, pair.source.line))
                continue
            message = catalog.messages[position]
            if message.msgstr == pair.target.text and message.translated == pair.certain:
                continue
            if message.translated and message.msgstr != pair.target.text and not overwrite:
                conflicts.append(Location(page.path, pair.target.line))
                continue
            catalog.messages[position] = _fill(message, pair.target.text, pair.certain)
            if pair.certain:
                filled += 1
            else:
                uncertain += 1
    written = []
    for domain in sorted(catalogs):
        path = store.po_path(config, lang, domain)
        catalog = catalogs[domain]
        if translations_changed(opened[domain], catalog):
            catalog = with_revision_date(catalog, config.revision_date)
        if store.save(config, path, catalog):
            written.append(config.display(path))
    return ImportResult(
        pages=pages,
        filled=filled,
        uncertain=uncertain,
        conflicts=tuple(conflicts),
        unaligned=tuple(sorted(set(unaligned), key=lambda loc: (loc.path, loc.line))),
        written=tuple(written),
    )


def _open_catalog(
    config: Config, lang: str, domain: str, date: str | None
) -> tuple[Catalog | None, Catalog]:
    """The language's PO for a domain as it is on disk (None when there is none), and
    brought up to date with its POT."""
    pot_file = store.pot_path(config, domain)
    if not pot_file.is_file():
        raise ConfigError(
            f"no template for domain '{domain}' (run 'pipeline extract' first)",
            config.display(pot_file),
        )
    pot = store.load(config, pot_file)
    po_file = store.po_path(config, lang, domain)
    on_disk = store.load(config, po_file) if po_file.is_file() else None
    po = on_disk or Catalog(
        header=language_header(
            pot.header, lang, config.project, date, plural_source=config.plural_forms
        )
    )
    return on_disk, merge(po, pot, lang=languages.gettext_name(lang)).catalog


def _fill(message: Message, text: str, certain: bool) -> Message:
    filled = replace(message, msgstr=text)
    if certain:
        filled = replace(
            filled.with_flag("fuzzy", False),
            previous_msgctxt=None,
            previous_msgid=None,
            previous_msgid_plural=None,
        )
    else:
        filled = filled.with_flag("fuzzy", True)
    return filled
