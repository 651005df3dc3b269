"""What the checks look at: the site's pages and catalogues, already read from disk."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pipeline.catalog.model import Catalog, Message
from pipeline.errors import CatalogError
from pipeline.model import Page


@dataclass(frozen=True, slots=True)
class CatalogFile:
    """A PO file of a target language."""

    path: str
    """Site-relative path (``locale/fr/LC_MESSAGES/incb.po``)."""
    lang: str
    """Language of the folder it is in."""
    domain: str
    """Gettext domain (``incb``)."""
    catalog: Catalog | None
    """The parsed catalogue, or None when it does not parse."""
    error: CatalogError | None = None
    """Why it does not parse."""


@dataclass(frozen=True, slots=True)
class Site:
    """Everything a check run reads."""

    source_language: str
    """Language of the source pages."""
    languages: tuple[str, ...]
    """Target languages."""
    pages: Mapping[str, tuple[Page, ...]]
    """Pages per language (source language included)."""
    catalogs: tuple[CatalogFile, ...]
    """PO files of the target languages, sorted by path."""
    domain: str | None = None
    """The site's single gettext domain, or None for one domain per page."""


SourceLanguageOf = Callable[[str], str | None]
"""Detected language of a source text (None when unsure): used to spare the translations
of source text that is already in the target language (the fault is in the source)."""


def translated_messages(catalog: Catalog) -> list[Message]:
    """Live, non-fuzzy entries with a translation."""
    return [m for m in catalog.messages if not m.obsolete and m.translated]


def translations_of(message: Message) -> tuple[str, ...]:
    """The translation strings of an entry (one, or one per plural form)."""
    return message.msgstr_plural if message.msgid_plural is not None else (message.msgstr,)
