"""The glossary in memory: concepts (a source term, its synonyms and accepted renderings per
language) in file order, and looking up a concept's renderings in a language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


def normalize_lang(code: str) -> str:
    """A language code as the glossary compares them: ``FR-ca`` -> ``fr_CA``."""
    parts = code.strip().replace("-", "_").split("_")
    return "_".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One concept of the glossary: a source term and its required renderings."""

    term: str
    """The source-language term (``International Narcotics Control Board``)."""
    translations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(language code, accepted renderings, preferred first) pairs, in file order."""
    dnt: bool = False
    """Do not translate: the term itself must appear in every translation."""
    note: str | None = None
    """A note for translators, or None."""
    line: int = 0
    """1-based line of the entry in the glossary file (0: unknown)."""
    synonyms: tuple[str, ...] = ()
    """Further source-language terms for the same concept (TBX)."""

    def renderings(self, lang: str) -> tuple[str, ...]:
        """Accepted renderings in ``lang``, or ``()``: ``fr_CA`` falls back to ``fr``, and ``fr``
        to a regional variant such as ``fr_FR`` when only that is given."""
        if self.dnt:
            return (self.term,)
        code = normalize_lang(lang)
        base = code.split("_", 1)[0]
        for wanted in (code, base):
            for entry_lang, values in self.translations:
                if entry_lang == wanted and values:
                    return values
        for entry_lang, values in self.translations:
            if entry_lang.split("_", 1)[0] == base and values:
                return values
        return ()


@dataclass(frozen=True, slots=True)
class Glossary:
    """A glossary: its source language and its entries in file order."""

    source_lang: str
    """Language code of the source terms (``en``)."""
    entries: tuple[GlossaryEntry, ...] = ()
    """The entries, in file order."""
    path: str | None = field(default=None, compare=False)
    """The file it was read from, for messages."""

    def names(self, lang: str | None = None) -> tuple[str, ...]:
        """Every term and rendering (only ``lang``'s renderings when given), deduplicated."""
        found: dict[str, None] = {}
        for entry in self.entries:
            found.setdefault(entry.term, None)
            for synonym in entry.synonyms:
                found.setdefault(synonym, None)
            if lang is not None:
                values: Sequence[str] = entry.renderings(lang)
            else:
                values = [value for _, group in entry.translations for value in group]
            for value in values:
                found.setdefault(value, None)
        return tuple(found)
