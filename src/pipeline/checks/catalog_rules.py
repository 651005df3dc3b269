"""Rules over PO catalogues: untranslated, unchanged, fuzzy, markup, placeholders, glossary,
typography, catalog-invalid."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from pipeline.catalog.model import Message
from pipeline.checks.candidate import Candidate, SourceLanguageOf, make, message_suppression
from pipeline.checks.header import header_issues
from pipeline.checks.pair import PairContext, pair_findings, unchanged_needs_translation
from pipeline.checks.placeables import Dialect
from pipeline.checks.placeables.choose import catalog_dialect, dialect_named, entry_dialect
from pipeline.checks.placeholders import Often, placeholder_issues, plural_often
from pipeline.checks.typography import typography_checker
from pipeline.content.site import CatalogFile
from pipeline.glossary.model import Glossary
from pipeline.model import Location


def catalog_findings(
    file: CatalogFile,
    *,
    glossary: Glossary | None,
    options: Mapping[str, Mapping[str, Any]],
    source_language_of: SourceLanguageOf,
    dialect: str | None = None,
) -> Iterator[Candidate]:
    """Every catalogue rule over one PO file. ``dialect`` is the markup dialect the
    configuration sets for the file; None: each entry's references decide (``#: x.rst``),
    else the catalogue's most common one, else Markdown."""
    if file.catalog is None:
        error = file.error
        yield make(
            "catalog-invalid",
            Location(file.path, (error.line if error else None) or 1),
            error.message if error else "the catalogue cannot be read",
        )
        return
    catalog = file.catalog
    for line, issue in header_issues(catalog, file.lang):
        yield make(
            "catalog-invalid",
            Location(file.path, line, issue.column),
            issue.message,
            expected=issue.expected,
            detected=issue.detected,
        )
    allow = _allowed(options)
    formatting = bool(options.get("markup-mismatch", {}).get("formatting", False))
    pair = PairContext(file.lang, glossary, allow, source_language_of, formatting)
    dialect_of = _dialect_chooser(catalog.messages, dialect)
    often = _often_of(catalog.header_fields().get("Plural-Forms"))
    typography_issues = typography_checker(file.lang, options.get("typography", {}))
    for message in catalog.messages:
        if message.obsolete:
            continue
        where = Location(file.path, message.line or 1)
        hush = message_suppression(file.path, message)
        texts = message.translations
        if message.fuzzy:
            previous = (
                f" (source was: {message.previous_msgid!r})"
                if message.previous_msgid is not None
                else ""
            )
            yield make(
                "fuzzy",
                where,
                f"translation is marked fuzzy and needs review{previous}",
                suppression=hush,
                source=message.msgid,
                translation=message.msgstr or None,
            )
            continue
        if not all(texts):
            what = "has an empty plural form" if any(texts) else "is not translated"
            yield make(
                "untranslated",
                where,
                f"message {what}",
                suppression=hush,
                source=message.msgid,
            )
            continue
        for issue in placeholder_issues(message, often):
            yield make(
                "placeholder-mismatch",
                where,
                issue.message,
                suppression=hush,
                source=message.msgid_plural or message.msgid,
                translation=message.msgstr if message.msgid_plural is None else None,
                expected=issue.expected,
                detected=issue.detected,
            )
        reader = dialect_of(message)
        for index, translation in enumerate(texts):
            yield from pair_findings(
                message.source_of(index),
                translation,
                where,
                pair,
                suppression=hush,
                dialect=reader,
            )
            if translation == message.source_of(index):
                continue  # an unchanged text is reported as such, not for its punctuation
            for issue in typography_issues(translation):
                yield make(
                    "typography",
                    where,
                    issue.message,
                    suppression=hush,
                    source=message.source_of(index),
                    translation=translation,
                    expected=issue.expected,
                    detected=issue.detected,
                )


@lru_cache(maxsize=64)
def _often_of(plural_forms: str | None) -> Often | None:
    """:func:`plural_often`, worked out once per ``Plural-Forms`` value (it evaluates the
    expression for 1,001 numbers; a site's catalogues share a few values). It is a pure
    function of the value and what it returns holds no state that changes."""
    return plural_often(plural_forms)


def _dialect_chooser(
    messages: Sequence[Message], dialect: str | None
) -> Callable[[Message], Dialect]:
    """The dialect of each entry: ``dialect`` when set, else the one its references name,
    else the catalogue's (see :func:`catalog_findings`). The catalogue's is worked out only
    when an entry names none (never, in a catalogue of Sphinx's: every entry has a ``#:``
    reference): the same dialect for every entry as working it out up front, without
    reading every entry's references once more."""
    if dialect:
        return lambda message: dialect_named(dialect)
    default: list[Dialect] = []

    def dialect_of(message: Message) -> Dialect:
        name = entry_dialect(message.references)
        if name is not None:
            return dialect_named(name)
        if not default:
            default.append(
                dialect_named(catalog_dialect(m.references for m in messages if m.msgid))
            )
        return default[0]

    return dialect_of


def _allowed(options: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    return tuple(str(a) for a in options.get("unchanged-translation", {}).get("allow", ()))


def judged_sources(
    file: CatalogFile, *, options: Mapping[str, Mapping[str, Any]], dialect: str | None = None
) -> Iterator[str]:
    """The source texts whose language :func:`catalog_findings` asks about: those of the
    translations left as their source that need translating (a name, a number or code
    left as it is asks nothing). Listed up front to be detected in one batch."""
    if file.catalog is None:
        return
    messages = file.catalog.messages
    allow = _allowed(options)
    dialect_of = _dialect_chooser(messages, dialect)
    for message in messages:
        if not message.translated:
            continue
        for index, translation in enumerate(message.translations):
            source = message.source_of(index)
            # (the dialect only of an entry left as its source: most entries are not)
            if translation == source and unchanged_needs_translation(
                source, allow, dialect_of(message)
            ):
                yield source
