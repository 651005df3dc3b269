"""The CSV glossary format: a header row naming the source language first, then target
languages, with optional ``type`` and ``note`` columns; one concept a row. Text in, records
out (reading the file is :mod:`pipeline.glossary.load`'s)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from pipeline import languages
from pipeline.errors import ConfigError
from pipeline.glossary.model import Glossary, GlossaryEntry, normalize_lang

TERM = "term"
"""``type`` column value of an ordinary term (also the value of an empty cell)."""
DNT = "dnt"
"""``type`` column value of a term that must stay untranslated."""
_TYPES = {TERM: TERM, DNT: DNT, "do-not-translate": DNT, "do not translate": DNT}
_RESERVED_COLUMNS = ("type", "note")


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
        if key in columns or any(normalize_lang(name) == lang for lang, _ in langs):
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
        langs.append((normalize_lang(name), index))
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
    """Each row with the 1-based line where it starts."""
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
