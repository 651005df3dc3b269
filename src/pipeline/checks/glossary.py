"""A terminology glossary (CSV or TBX) and the check that translations use its renderings."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.parsers import expat

from pipeline import languages
from pipeline.errors import ConfigError
from pipeline.model import Issue
from pipeline.segment.parser import markdown_parser

TERM = "term"
DNT = "dnt"
_TYPES = {TERM: TERM, DNT: DNT, "do-not-translate": DNT, "do not translate": DNT}
_RESERVED_COLUMNS = ("type", "note")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u2011": "-"})
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9&/.\-]*[A-Z0-9]s?")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_DNT_TYPES = frozenset({"dnt", "donottranslate", "do-not-translate"})
_DEPRECATED = ("deprecated", "superseded", "notrecommended", "forbidden")


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
        code = _norm_lang(lang)
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

    def issues(self, source: str, translation: str, lang: str) -> list[Issue]:
        """Terms of ``source`` whose required rendering is missing from ``translation``.

        Terms match whole words, whitespace-normalised, Markdown markup ignored; acronyms
        match case-sensitively, other terms not. A term inside a longer matched term at the
        same place does not count on its own. One issue per entry, in source order.
        """
        plain_source = plain_text(source)
        matches: list[tuple[int, int, int]] = []
        for number, entry in enumerate(self.entries):
            if not entry.renderings(lang):
                continue
            for term in (entry.term, *entry.synonyms):
                for match in _pattern(term).finditer(plain_source):
                    matches.append((match.start(), match.end(), number))
        kept = _outermost(matches)
        if not kept:
            return []
        plain_translation = plain_text(translation)
        issues: list[Issue] = []
        seen: set[int] = set()
        for _start, _end, number in kept:
            if number in seen:
                continue
            seen.add(number)
            entry = self.entries[number]
            wanted = entry.renderings(lang)
            if any(_pattern(value).search(plain_translation) for value in wanted):
                continue
            issues.append(_issue(entry, wanted))
        return issues

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


def _issue(entry: GlossaryEntry, wanted: tuple[str, ...]) -> Issue:
    if entry.dnt:
        message = f'glossary: "{entry.term}" should be kept untranslated'
    else:
        message = f'glossary: "{entry.term}" should be translated as "{wanted[0]}"'
        if len(wanted) > 1:
            others = ", ".join(f'"{value}"' for value in wanted[1:])
            message += f" (or {others})"
    return Issue(message, expected=wanted[0])


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


_MARKUP_CHARS = frozenset("[`*_~<\\&")
"""Characters without which inline Markdown is plain text (no link, code, emphasis, tag,
escape or entity can start)."""


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


def _norm_lang(code: str) -> str:
    parts = code.strip().replace("-", "_").split("_")
    return "_".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


# --------------------------------------------------------------------------- loading


def load_glossary(path: Path, display: str, source_lang: str | None = None) -> Glossary:
    """Read a CSV or TBX glossary. ``source_lang`` is used for a TBX file whose root element
    declares no ``xml:lang``. Raises :class:`ConfigError` (with the line) when malformed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read glossary: {exc.strerror or exc}", display) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError("glossary is not valid UTF-8", display, line) from None
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml") or (suffix != ".csv" and text.lstrip().startswith("<")):
        return parse_tbx(text, display, source_lang)
    return parse_csv(text, display)


def parse_csv(text: str, display: str) -> Glossary:
    """Glossary from CSV text: a header row naming the source language first, then target
    languages, with optional ``type`` (``term`` or ``dnt``) and ``note`` columns."""
    rows = list(_csv_rows(text, display))
    if not rows:
        raise ConfigError("glossary is empty (a header row is needed)", display, 1)
    header_line, header = rows[0]
    names = [cell.strip() for cell in header]
    if not names or not names[0] or names[0].lower() in _RESERVED_COLUMNS:
        raise ConfigError("the first column must be the source language code", display, 1)
    columns: dict[str, int] = {}
    langs: list[tuple[str, int]] = []
    for index, name in enumerate(names):
        key = name.lower()
        if key in columns or any(_norm_lang(name) == lang for lang, _ in langs):
            raise ConfigError(f"column {name!r} appears twice", display, header_line)
        if key in _RESERVED_COLUMNS:
            columns[key] = index
            continue
        if not name or not languages.is_known(name):
            raise ConfigError(
                f"column {name!r} is neither a known language code nor type/note",
                display,
                header_line,
            )
        langs.append((_norm_lang(name), index))
    source_lang, source_index = langs[0]
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) != len(names):
            raise ConfigError(f"row has {len(row)} fields, the header {len(names)}", display, line)
        term = " ".join(row[source_index].split())
        if not term:
            raise ConfigError("row has no source term", display, line)
        if term in seen:
            raise ConfigError(
                f"term {term!r} is already defined at line {seen[term]}", display, line
            )
        seen[term] = line
        kind = TERM
        if "type" in columns:
            raw = row[columns["type"]].strip().lower()
            if raw and raw not in _TYPES:
                raise ConfigError(
                    f"unknown type {row[columns['type']]!r} (expected term or dnt)", display, line
                )
            kind = _TYPES.get(raw, TERM)
        note = row[columns["note"]].strip() if "note" in columns else ""
        translations = tuple(
            (lang, (" ".join(row[index].split()),))
            for lang, index in langs[1:]
            if row[index].strip()
        )
        entries.append(GlossaryEntry(term, translations, kind == DNT, note or None, line))
    return Glossary(source_lang, tuple(entries), display)


def _csv_rows(text: str, display: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ConfigError(f"malformed CSV: {exc}", display, reader.line_num) from None
        yield previous + 1, row
        previous = reader.line_num


@dataclass(slots=True)
class _Node:
    """An XML element, with the line where it starts."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def iter(self, *tags: str) -> Iterator[_Node]:
        for child in self.children:
            if child.tag in tags:
                yield child
            yield from child.iter(*tags)

    def all_text(self) -> str:
        return "".join(self.text) + "".join(child.all_text() for child in self.children)


def _parse_xml(text: str, display: str) -> _Node:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Node] = []
    roots: list[_Node] = []

    def local(name: str) -> str:
        return name.rsplit(" ", 1)[-1]

    def start(name: str, attrs: dict[str, str]) -> None:
        node = _Node(local(name), {local(k): v for k, v in attrs.items()}, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].text.append(data)

    def doctype(_name: str, _system: str | None, _public: str | None, internal: bool) -> None:
        if internal:
            raise ConfigError(
                "glossary DOCTYPE with an internal subset is not allowed",
                display,
                parser.CurrentLineNumber,
            )

    def entity(*_args: object) -> None:
        raise ConfigError(
            "entity declarations are not allowed in a glossary", display, parser.CurrentLineNumber
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        raise ConfigError(f"malformed TBX: {message}", display, exc.lineno) from None
    if not roots:
        raise ConfigError("malformed TBX: no root element", display, 1)
    return roots[0]


def parse_tbx(text: str, display: str, source_lang: str | None = None) -> Glossary:
    """Glossary from TBX text: TBX-Basic / TBX v2 (``martif``, ``termEntry``, ``langSet``,
    ``tig``/``ntig``) or TBX v3 (``tbx``, ``conceptEntry``, ``langSec``, ``termSec``)."""
    root = _parse_xml(text, display)
    if root.tag not in ("martif", "tbx"):
        raise ConfigError(
            f"not a TBX file (root element <{root.tag}>, expected <martif> or <tbx>)",
            display,
            root.line,
        )
    declared = root.attrs.get("lang") or source_lang
    if not declared:
        raise ConfigError(
            "TBX file declares no source language (xml:lang on the root element)",
            display,
            root.line,
        )
    source = _norm_lang(declared)
    entries: list[GlossaryEntry] = []
    for concept in root.iter("termEntry", "conceptEntry"):
        entry = _tbx_entry(concept, source, display)
        if entry is not None:
            entries.append(entry)
    return Glossary(source, tuple(entries), display)


def _tbx_entry(concept: _Node, source: str, display: str) -> GlossaryEntry | None:
    source_terms: list[str] = []
    translations: dict[str, list[str]] = {}
    for lang_set in concept.iter("langSet", "langSec"):
        raw_lang = lang_set.attrs.get("lang")
        if not raw_lang:
            raise ConfigError(f"<{lang_set.tag}> without xml:lang", display, lang_set.line)
        lang = _norm_lang(raw_lang)
        for term, deprecated in _tbx_terms(lang_set):
            if lang.split("_", 1)[0] == source.split("_", 1)[0]:
                source_terms.append(term)
            elif not deprecated:
                translations.setdefault(lang, []).append(term)
    if not source_terms:
        return None
    dnt = any(_is_dnt(node) for node in concept.iter("termNote", "descrip", "admin", "note"))
    note = None
    for node in concept.iter("descrip", "note"):
        if node.attrs.get("type", "definition") in ("definition", "context", "note"):
            note = " ".join(node.all_text().split()) or None
            if note:
                break
    unique = list(dict.fromkeys(source_terms))
    return GlossaryEntry(
        unique[0],
        tuple((lang, tuple(dict.fromkeys(values))) for lang, values in translations.items()),
        dnt,
        note,
        concept.line,
        tuple(unique[1:]),
    )


def _tbx_terms(lang_set: _Node) -> Iterator[tuple[str, bool]]:
    groups = list(lang_set.iter("tig", "ntig", "termSec"))
    if not groups:
        groups = [lang_set]
    for group in groups:
        deprecated = any(
            note.attrs.get("type") in ("administrativeStatus", "normativeAuthorization")
            and any(word in note.all_text().lower() for word in _DEPRECATED)
            for note in group.iter("termNote")
        )
        for term in group.iter("term"):
            value = " ".join(term.all_text().split())
            if value:
                yield value, deprecated


def _is_dnt(node: _Node) -> bool:
    kind = node.attrs.get("type", "").replace("_", "").lower()
    value = node.all_text().strip().lower()
    if kind in _DNT_TYPES:
        return value in ("", "yes", "true", "1")
    if kind == "translatable":
        return value in ("no", "false", "0")
    return value in ("do not translate", "do-not-translate", "dnt")
