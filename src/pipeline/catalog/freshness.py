"""Whether a template or catalogue is what ``extract`` and ``update`` would make of the
source pages as they are now (pure): the ``catalog-outdated`` rule's and the ``--check``
options' measure.

A file is outdated when the text ``extract`` (for a template) or ``update`` (for a PO file,
merged with the template ``extract`` would write) would give differs from the file's, dates
aside, exactly as those commands decide whether to write. What changed is counted in units:
new source texts, changed ones (a new text similar to a vanished one, as ``update`` pairs
them for a fuzzy match) and removed ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from pipeline.catalog.merge import merge
from pipeline.catalog.model import Catalog
from pipeline.catalog.po_write import format_po
from pipeline.catalog.store import same_but_dates

SIMILAR = 60.0
"""Similarity (rapidfuzz's ratio, 0-100: gettext's fuzzy threshold) from which a new text
counts as a changed old one."""


@dataclass(frozen=True, slots=True)
class UnitChanges:
    """How the units of a catalogue differ from the source pages' units now."""

    new: int = 0
    """Source texts the catalogue does not have."""
    changed: int = 0
    """Source texts that replace a similar text of the catalogue."""
    removed: int = 0
    """Texts of the catalogue the source pages no longer have."""

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed or self.removed)


@dataclass(frozen=True, slots=True)
class Outdated:
    """A template or catalogue that ``extract`` or ``update`` would change."""

    path: str
    """Site-relative path of the file."""
    changes: UnitChanges
    """What changed in units (all zero when only references, comments or order moved)."""
    sources: tuple[str, ...]
    """The source pages it comes from (the ones whose units changed, when known)."""
    step: str
    """The commands that bring it up to date (``pipeline extract && pipeline update``)."""
    gone: bool = False
    """The template's source pages are gone: ``extract`` removes it."""


def live_ids(catalog: Catalog | None) -> list[str]:
    """msgids of the live entries (header left out), in file order."""
    if catalog is None:
        return []
    return [m.msgid for m in catalog.messages if not m.obsolete and (m.msgid or m.msgctxt)]


def unit_changes(old: Sequence[str], new: Sequence[str]) -> tuple[UnitChanges, list[str]]:
    """Counts of new, changed and removed units between two lists of source texts, and the
    new texts (changed ones included), in order."""
    old_set, new_set = set(old), set(new)
    added = [text for text in dict.fromkeys(new) if text not in old_set]
    gone = [text for text in dict.fromkeys(old) if text not in new_set]
    changed = 0
    for text in added:
        if not gone:
            break
        best = process.extractOne(text, gone, scorer=fuzz.ratio, score_cutoff=SIMILAR)
        if best is not None:
            gone.remove(best[0])
            changed += 1
    return UnitChanges(len(added) - changed, changed, len(gone)), added


def _sources(fresh: Catalog, added: Iterable[str], pages: Sequence[str]) -> tuple[str, ...]:
    """The pages whose units are among ``added`` (by the template's references), else all
    the domain's pages."""
    wanted = set(added)
    found = {
        reference.rsplit(":", 1)[0]
        for message in fresh.messages
        if message.msgid in wanted
        for reference in message.references
    }
    return tuple(sorted(found & set(pages))) or tuple(sorted(pages))


def template_outdated(
    path: str,
    text: str | None,
    current: Catalog | None,
    fresh: Catalog,
    *,
    width: int,
    pages: Sequence[str],
) -> Outdated | None:
    """The template at ``path`` (its ``text`` and parsed ``current``) against the ``fresh``
    one ``extract`` would write from ``pages``; None when it is up to date."""
    if same_but_dates(text, format_po(fresh, width=width)):
        return None
    changes, added = unit_changes(live_ids(current), live_ids(fresh))
    step = "pipeline extract && pipeline update"
    return Outdated(path, changes, _sources(fresh, added, pages), step)


def catalog_outdated(
    path: str,
    text: str,
    po: Catalog,
    fresh: Catalog,
    *,
    language: str,
    width: int,
    pages: Sequence[str],
    template_current: bool,
) -> Outdated | None:
    """The PO file at ``path`` against what ``update`` would make of it with the ``fresh``
    template (``language`` is its ``Language`` header); None when it is up to date.
    ``template_current`` says that the template on disk is already ``fresh`` (then
    ``update`` alone brings the file up to date)."""
    merged = merge(po, fresh, lang=language).catalog
    if same_but_dates(text, format_po(merged, width=width)):
        return None
    changes, added = unit_changes(live_ids(po), live_ids(fresh))
    step = "pipeline update" if template_current else "pipeline extract && pipeline update"
    return Outdated(path, changes, _sources(fresh, added, pages), step)


def gone_template(path: str) -> Outdated:
    """A template ``extract`` would remove: its source pages are gone."""
    return Outdated(path, UnitChanges(), (), "pipeline extract", gone=True)


@dataclass(frozen=True, slots=True)
class CatalogText:
    """A template or catalogue as it is on disk."""

    path: str
    """Site-relative path."""
    text: str | None
    """Its text (None when it cannot be read)."""
    catalog: Catalog | None
    """Its parse (None when it does not parse)."""
    lang: str | None = None
    """The ``Language`` header ``update`` writes (gettext's name), None for a template."""


def domain_outdated(
    template: Catalog,
    current: CatalogText | None,
    catalogs: Sequence[CatalogText],
    *,
    width: int,
    pages: Sequence[str],
) -> list[Outdated]:
    """The domain's template (``current``, when there is one) and PO files (``catalogs``)
    that ``extract`` and ``update`` would change, given the ``template`` ``extract`` would
    write now from ``pages``. A PO file that cannot be read or parsed is left out (its
    fault is ``catalog-invalid``'s)."""
    found: list[Outdated] = []
    template_current = current is not None
    if current is not None:
        stale = template_outdated(
            current.path, current.text, current.catalog, template, width=width, pages=pages
        )
        template_current = stale is None
        if stale is not None:
            found.append(stale)
    for item in catalogs:
        if item.text is None or item.catalog is None or item.lang is None:
            continue
        stale = catalog_outdated(
            item.path,
            item.text,
            item.catalog,
            template,
            language=item.lang,
            width=width,
            pages=pages,
            template_current=template_current,
        )
        if stale is not None:
            found.append(stale)
    return found
