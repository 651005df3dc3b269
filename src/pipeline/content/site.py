"""The site as the checks and the dashboard see it: pages and catalogues, read from disk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.catalog import store
from pipeline.catalog.model import Catalog
from pipeline.config import Config
from pipeline.content.pages import load_pages
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
    text: str = ""
    """The file's text, where the reader kept it (to place a finding inside a msgstr at its
    line and column); empty otherwise."""


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


def load_site(config: Config, langs: Sequence[str]) -> Site:
    """Pages and catalogues of the languages asked for (source pages are always read)."""
    wanted = tuple(langs) or config.all_languages
    pages = {config.source_language: tuple(load_pages(config, config.source_language))}
    catalogs: list[CatalogFile] = []
    for lang in config.languages:
        if lang not in wanted:
            continue
        pages[lang] = tuple(load_pages(config, lang))
        for domain, path in store.language_catalogs(config, lang):
            display = config.display(path)
            try:
                catalogs.append(CatalogFile(display, lang, domain, store.load(config, path)))
            except CatalogError as exc:
                catalogs.append(CatalogFile(display, lang, domain, None, exc))
    return Site(
        source_language=config.source_language,
        languages=tuple(lang for lang in config.languages if lang in wanted),
        pages=pages,
        catalogs=tuple(catalogs),
        domain=config.domain,
    )
