"""``catalog-outdated``: a template or catalogue that ``extract`` or ``update`` would change
(pure; what would change is measured by :mod:`pipeline.catalog.freshness`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline.catalog.freshness import Outdated, UnitChanges
from pipeline.checks.candidate import Candidate, make
from pipeline.model import Location

SHOWN_SOURCES = 3
"""Source pages named in a message at most (the others are counted)."""


def _units(changes: UnitChanges) -> str:
    counts = [(changes.new, "new"), (changes.changed, "changed"), (changes.removed, "removed")]
    parts = [f"{number} {what}" for number, what in counts if number]
    total = changes.new + changes.changed + changes.removed
    return f"{', '.join(parts)} unit{'s' if total != 1 else ''}"


def _pages(sources: tuple[str, ...]) -> str:
    shown = ", ".join(sources[:SHOWN_SOURCES])
    more = len(sources) - SHOWN_SOURCES
    return shown + (f" and {more} more" if more > 0 else "")


def describe(item: Outdated) -> str:
    """The finding's message (``3 new, 1 changed, 2 removed units since content/en/unga.md
    changed; run pipeline extract && pipeline update``)."""
    if item.gone:
        return f"its source page is gone: {item.step} removes this template"
    since = f" since {_pages(item.sources)} changed" if item.sources else ""
    if item.changes.any:
        return f"{_units(item.changes)}{since}; run {item.step}"
    return (
        f"references, comments or order differ from the source page{since} "
        f"(no unit changed); run {item.step}"
    )


def outdated_catalogs(items: Iterable[Outdated]) -> Iterator[Candidate]:
    """One finding per outdated template or catalogue, on its first line."""
    for item in items:
        yield make("catalog-outdated", Location(item.path, 1), describe(item))
