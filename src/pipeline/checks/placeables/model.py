"""The record every markup dialect turns a msgid or msgstr into: its placeables.

A *placeable* is a piece of markup that a translation carries: a link target, a code span, a
role target, a substitution, a format placeholder (must survive as it is), or a link text,
a role's display text, an emphasis (may change). Each dialect module reads a text into one
:class:`Placeables`; :mod:`pipeline.checks.placeables.compare` compares two of them the same
way for every dialect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.model import Severity


@dataclass(frozen=True, slots=True)
class Placeable:
    """One piece of markup of a text."""

    kind: str
    """What it is, as messages name it (``link target``, ``role target``, ``literal``)."""
    key: str
    """What is compared: two placeables of one kind with the same key are the same."""
    raw: str
    """The text as written, to locate it and to show it (``:func:`len```)."""
    fixed: bool = True
    """True: it must survive translation as it is; False: it may change (a link text)."""


@dataclass(frozen=True, slots=True)
class Placeables:
    """The markup of one text, read by one dialect."""

    items: tuple[Placeable, ...] = ()
    """Placeables in text order."""
    counts: tuple[tuple[str, int], ...] = ()
    """Markup compared by number only (emphasised spans, line breaks), sorted by kind."""
    faults: tuple[str, ...] = ()
    """Markup that does not parse, one sentence each (an unclosed start-string)."""
    prose: str = ""
    """The running text outside the fixed placeables (what may need translating)."""
    text: str = ""
    """The whole text as a reader sees it (escapes resolved), where a dialect's grading
    looks for a placeable's content; empty when the dialect does not grade."""

    def fixed(self) -> tuple[Placeable, ...]:
        """The placeables that must survive translation."""
        return tuple(item for item in self.items if item.fixed)

    def count(self, kind: str) -> int:
        """How many of ``kind`` the counted markup holds."""
        return dict(self.counts).get(kind, 0)


Reader = Callable[[str], Placeables]


@dataclass(frozen=True, slots=True)
class Change:
    """A fixed placeable of one kind that differs between a source and its translation."""

    kind: str
    """The placeables' kind."""
    gone: str | None
    """The source's key missing in the translation, or None for an added one."""
    came: str | None
    """The translation's key not in the source, or None for a dropped one."""
    source: Placeables
    """The source's placeables."""
    translation: Placeables
    """The translation's placeables."""
    others: tuple[str, ...] = ()
    """The other side's unmatched keys of the same kind (extra keys for a dropped one,
    missing keys for an added one)."""
    changes: int = 1
    """How many placeables of this kind differ in the pair, both sides counted."""


"""A dialect's reader: a msgid or msgstr -> its placeables."""


@dataclass(frozen=True, slots=True)
class Counted:
    """A kind of markup compared by number, with its names for messages."""

    kind: str
    """The key in :attr:`Placeables.counts` (``em``)."""
    singular: str
    """``emphasised span``."""
    plural: str
    """``emphasised spans``."""
    weak: bool = False
    """True: a difference is not a fault of the markup (reported at info when asked)."""


@dataclass(frozen=True, slots=True)
class Dialect:
    """A markup language a catalogue's texts are written in."""

    name: str
    """As ``pipeline.toml`` spells it (``markdown``, ``rst``)."""
    read: Reader
    """Text -> placeables."""
    kinds: tuple[str, ...] = ()
    """The kinds of fixed placeables it reads, in message order."""
    counted: tuple[Counted, ...] = ()
    """The counted kinds, in message order."""
    grade: Callable[[Change], Severity | None] | None = None
    """How serious a difference is in this dialect: None for a fault (the rule's severity),
    ``WARNING`` for a likely deliberate change (an example translated), ``INFO`` for a
    change of formatting only (code markup around a word that is kept, a link localised to
    the translation's language; reported only when asked). None: every difference is a
    fault."""
    pair_changes: bool = False
    """Report one placeable replaced by another as ``X became Y`` (else as missing and extra)."""
    edges: bool = False
    """Compare leading and trailing whitespace and the number of line breaks."""
    markup: Reader | None = None
    """What comparing two texts reads them with: :attr:`read` but for the prose (left
    empty), where gathering it costs time; None: :attr:`read`."""
