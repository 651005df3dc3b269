"""The records the pipeline's stages exchange. Small, frozen, documented."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, TypeVar

_T = TypeVar("_T")


def _compact_pickle(cls: type[_T]) -> type[_T]:
    """Pickle a frozen, slotted dataclass as the tuple of its field values.

    The generic state of such dataclasses calls :func:`dataclasses.fields` for every object,
    which made storing a large site's segments in the cache take seconds; a state list from
    the generic version still loads."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    getter = operator.attrgetter(*names)

    def __getstate__(self: object) -> object:
        return getter(self)

    def __setstate__(self: object, state: Sequence[object]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    setattr(cls, "__getstate__", __getstate__)  # noqa: B010
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010
    return cls


class UnitKind(StrEnum):
    """What kind of text a translation unit is."""

    TITLE = "title"
    DESCRIPTION = "description"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    TABLE_CELL = "table-cell"
    BLOCKQUOTE = "blockquote"
    IMAGE_ALT = "image-alt"
    IMAGE_TITLE = "image-title"
    LINK_TITLE = "link-title"
    HTML_ALT = "html-alt"
    HTML_TITLE = "html-title"


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file of the site."""

    path: str
    """Path relative to the site root, with ``/`` separators."""
    line: int
    """1-based line."""
    column: int | None = None
    """1-based column, where known."""

    def __str__(self) -> str:
        if self.column is not None:
            return f"{self.path}:{self.line}:{self.column}"
        return f"{self.path}:{self.line}"


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Segment:
    """One translation unit of a page."""

    text: str
    """The translatable text, inline Markdown kept, soft line breaks joined by a space
    (by nothing between Chinese or Japanese characters)."""
    kind: UnitKind
    """What the unit is (heading, paragraph, ...)."""
    line: int
    """1-based line in the page file where the unit starts."""
    block: int
    """Index of the top-level block the unit belongs to (front matter units are -1)."""
    start: int = -1
    """Character offset in the page text where the unit's source span starts, or -1."""
    end: int = -1
    """Character offset where the unit's source span ends (exclusive), or -1."""
    lang: str | None = None
    """Language declared on the unit (``{lang=fr}``), or None."""
    level: int = 0
    """Heading level (1-6) for headings, nesting depth for list items, else 0."""
    ignore: frozenset[str] = frozenset()
    """Rule ids suppressed for this unit (``<!-- pipeline-ignore RULE -->``)."""


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Page:
    """A Markdown page of the site, segmented."""

    path: str
    """Path relative to the site root (``content/en/incb.md``)."""
    lang: str
    """Language of the folder the page is in."""
    name: str
    """Page name: path inside the language folder, without extension (``incb``)."""
    text: str
    """The page's full text (UTF-8 decoded, newlines as in the file)."""
    front_matter: dict[str, Any]
    """Front matter, parsed (empty when the page has none)."""
    segments: tuple[Segment, ...]
    """Translation units in document order."""
    body_line: int = 1
    """1-based line where the Markdown body starts (after front matter)."""
    blocks: tuple[str, ...] = ()
    """Kinds of the page's top-level blocks in order (``heading:2``, ``paragraph``, ``list:3``)."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One fault a check rule found in a text; the check engine turns it into a Finding."""

    message: str
    """One sentence for a person."""
    column: int | None = None
    """1-based character position in the checked text where the fault is, if known."""
    expected: str | None = None
    """What was expected (a rendering, a punctuation mark, a value), if it helps."""
    detected: str | None = None
    """What was found instead, if it helps."""
    severity: Severity | None = None
    """A lower severity than the rule's default, for a case that is not a fault in itself."""


class Severity(StrEnum):
    """How serious a finding is."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@_compact_pickle
@dataclass(frozen=True, slots=True)
class Finding:
    """One fault found by a check."""

    rule: str
    """Rule id (``language-mismatch``)."""
    severity: Severity
    """How serious it is, after configuration."""
    location: Location
    """Where it is."""
    message: str
    """One sentence for a person."""
    expected: str | None = None
    """Expected value (a language code, a term, ...)."""
    detected: str | None = None
    """Detected value."""
    confidence: float | None = None
    """Confidence of a detection, 0..1."""
    source: str | None = None
    """Source text of the unit concerned."""
    translation: str | None = None
    """Translated text of the unit concerned."""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Further named values a report may show."""
    related: tuple[Location, ...] = ()
    """Other places where the same fault was found and is not reported again (the
    catalogue entry imported from a page, a missing page's untranslated catalogue)."""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (
            self.location.path,
            self.location.line,
            self.location.column or 0,
            self.rule,
            self.message,
        )
