"""Whether a template or catalogue is what extract and update would make of the pages now."""

from __future__ import annotations

from dataclasses import replace

from pipeline.catalog.extract import extract
from pipeline.catalog.freshness import (
    CatalogText,
    UnitChanges,
    domain_outdated,
    unit_changes,
)
from pipeline.catalog.merge import merge
from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_write import format_po
from pipeline.content.pages import parse_page

PAGE = "# Title\n\nThe network works with its partners.\n\nA second paragraph here.\n"


def template(text: str) -> Catalog:
    page = parse_page(text, "content/en/p.md", "en", "p")
    return extract([page], project="t", date=None)["p"]


def translated(pot: Catalog) -> Catalog:
    """What update writes for a translated catalogue of ``pot``."""
    po = merge(Catalog(header=Message("", "Language: fr\n")), pot, lang="fr").catalog
    filled = [replace(m, msgstr=f"FR {m.msgid}") for m in po.messages]
    return merge(Catalog(header=po.header, messages=filled), pot, lang="fr").catalog


def test_unit_changes() -> None:
    old = ["The network works with its partners.", "Gone entirely now.", "Same"]
    new = ["The network works with all its partners.", "Same", "Brand new text"]
    changes, added = unit_changes(old, new)
    assert changes == UnitChanges(new=1, changed=1, removed=1)
    assert added == ["The network works with all its partners.", "Brand new text"]


def test_up_to_date_then_outdated() -> None:
    pot = template(PAGE)
    po = translated(pot)
    current = CatalogText("locale/p.pot", format_po(pot), pot)
    catalogs = [CatalogText("locale/fr/LC_MESSAGES/p.po", format_po(po), po, "fr")]
    pages = ["content/en/p.md"]
    assert domain_outdated(pot, current, catalogs, width=79, pages=pages) == []

    edited = template(PAGE.replace("its partners", "all its partners") + "\nNew text.\n")
    found = domain_outdated(edited, current, catalogs, width=79, pages=pages)
    assert [(o.path, o.changes, o.sources, o.step) for o in found] == [
        (
            "locale/p.pot",
            UnitChanges(1, 1, 0),
            ("content/en/p.md",),
            "pipeline extract && pipeline update",
        ),
        (
            "locale/fr/LC_MESSAGES/p.po",
            UnitChanges(1, 1, 0),
            ("content/en/p.md",),
            "pipeline extract && pipeline update",
        ),
    ]
    # Once extract has run, the template is current and update alone is left to do.
    fresh = CatalogText("locale/p.pot", format_po(edited), edited)
    (stale,) = domain_outdated(edited, fresh, catalogs, width=79, pages=pages)
    assert stale.step == "pipeline update"


def test_moved_references_alone() -> None:
    pot = template(PAGE)
    moved = template("\n\n" + PAGE)
    current = CatalogText("locale/p.pot", format_po(pot), pot)
    (stale,) = domain_outdated(moved, current, [], width=79, pages=["content/en/p.md"])
    assert stale.changes == UnitChanges() and not stale.changes.any


def test_unreadable_catalogues_are_left_to_catalog_invalid() -> None:
    pot = template(PAGE)
    broken = CatalogText("locale/fr/LC_MESSAGES/p.po", "msgid", None, "fr")
    assert domain_outdated(pot, None, [broken], width=79, pages=[]) == []
