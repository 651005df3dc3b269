"""Finding glossary terms in inline Markdown: the prose of a text, how a term matches (whole
words, whitespace and apostrophes normalised, acronyms case-sensitive), and which entries of a
source text lack their rendering in a translation. Pure: no messages, no findings."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.glossary.model import Glossary, GlossaryEntry
from pipeline.segment.parser import markdown_parser

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u2011": "-"})
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9&/.\-]*[A-Z0-9]s?")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MARKUP_CHARS = frozenset("[`*_~<\\&")
"""Characters without which inline Markdown is plain text (no link, code, emphasis, tag,
escape or entity can start)."""


def missing_renderings(
    glossary: Glossary, source: str, translation: str, lang: str
) -> list[GlossaryEntry]:
    """Entries whose term occurs in ``source`` while none of their renderings in ``lang``
    occurs in ``translation``.

    Terms match whole words, whitespace-normalised, Markdown markup ignored; acronyms
    match case-sensitively, other terms not. A term inside a longer matched term at the
    same place does not count on its own. Each entry once, in source order; entries
    without a rendering in ``lang`` are never missing.
    """
    plain_source = plain_text(source)
    matches: list[tuple[int, int, int]] = []
    for number, entry in enumerate(glossary.entries):
        if not entry.renderings(lang):
            continue
        for term in (entry.term, *entry.synonyms):
            for match in _pattern(term).finditer(plain_source):
                matches.append((match.start(), match.end(), number))
    kept = _outermost(matches)
    if not kept:
        return []
    plain_translation = plain_text(translation)
    missing: list[GlossaryEntry] = []
    seen: set[int] = set()
    for _start, _end, number in kept:
        if number in seen:
            continue
        seen.add(number)
        entry = glossary.entries[number]
        if any(_pattern(value).search(plain_translation) for value in entry.renderings(lang)):
            continue
        missing.append(entry)
    return missing


def _outermost(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Matches not lying inside a longer match, sorted by position."""
    ordered = sorted(matches, key=lambda m: (m[0], m[0] - m[1], m[2]))
    kept = []
    for start, end, number in ordered:
        inside = any(
            other_start <= start and end <= other_end and other_end - other_start > end - start
            for other_start, other_end, _ in ordered
        )
        if not inside:
            kept.append((start, end, number))
    return kept


@lru_cache(maxsize=8192)
def plain_text(text: str) -> str:
    """Prose of inline Markdown: markup, code spans and URLs dropped, whitespace and
    apostrophes normalised."""
    if _MARKUP_CHARS.isdisjoint(text):
        return " ".join(text.translate(_APOSTROPHES).split())
    parts: list[str] = []
    for block in markdown_parser().parseInline(text, {}):
        for token in block.children or []:
            if token.type == "text":
                parts.append(_FOOTNOTE.sub(" ", token.content))
            elif token.type == "image":
                parts.append(token.content)
            elif token.type in ("softbreak", "hardbreak", "code_inline") or (
                token.type == "html_inline" and _BR.fullmatch(token.content.strip())
            ):
                parts.append(" ")
    return " ".join("".join(parts).translate(_APOSTROPHES).split())


def is_acronym(term: str) -> bool:
    """True for ``INCB``, ``HIV/AIDS``, ``COVID-19``, ``SDGs``: matched case-sensitively."""
    return bool(_ACRONYM.fullmatch(term)) and sum(c.isupper() for c in term) >= 2


@lru_cache(maxsize=4096)
def _pattern(phrase: str) -> re.Pattern[str]:
    words = phrase.translate(_APOSTROPHES).split()
    body = r"\s+".join(re.escape(word) for word in words)
    flags = 0 if is_acronym(phrase.strip()) else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)
