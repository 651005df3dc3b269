"""Translation coverage: counts per catalogue, language and page (pure).

Entries are counted the way ``msgfmt --statistics`` counts them: the header is left out, an
entry whose (first) translation is empty is untranslated, fuzzy or not; a fuzzy entry with
a translation is fuzzy; every other live entry is translated. Obsolete entries are counted
apart. Word counts are those of the source text (msgid), split at white space.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from pipeline.catalog.extract import domain_of
from pipeline.catalog.model import Catalog, Message
from pipeline.content.marker import generated_marker, is_intact
from pipeline.content.site import CatalogFile, Site


@dataclass(frozen=True, slots=True)
class Counts:
    """Entry and word counts of one or more catalogues."""

    translated: int = 0
    """Live entries with a translation, not fuzzy."""
    fuzzy: int = 0
    """Live fuzzy entries with a translation."""
    untranslated: int = 0
    """Live entries without a translation."""
    obsolete: int = 0
    """Obsolete (``#~``) entries."""
    translated_words: int = 0
    """Source words of the translated entries."""
    fuzzy_words: int = 0
    """Source words of the fuzzy entries."""
    untranslated_words: int = 0
    """Source words of the untranslated entries."""

    @property
    def total(self) -> int:
        """Live entries."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        """Share of live entries translated, 0-100, rounded down to one decimal (so that
        100.0 means complete); 0.0 when there is nothing to translate."""
        if not self.total:
            return 0.0
        return math.floor(1000 * self.translated / self.total) / 10

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
            self.obsolete + other.obsolete,
            self.translated_words + other.translated_words,
            self.fuzzy_words + other.fuzzy_words,
            self.untranslated_words + other.untranslated_words,
        )


@dataclass(frozen=True, slots=True)
class CatalogCoverage:
    """Counts of one PO file."""

    path: str
    """Site-relative path of the PO file."""
    lang: str
    """Its language."""
    domain: str
    """Its gettext domain."""
    counts: Counts
    """Its counts (all zero when it does not parse)."""
    error: str | None = None
    """Why it could not be read, or None."""
    outdated: bool = False
    """``extract`` and ``update`` would change it (its source page changed since)."""


@dataclass(frozen=True, slots=True)
class LanguageCoverage:
    """Counts of every catalogue of one language."""

    lang: str
    """Language code."""
    catalogs: tuple[CatalogCoverage, ...]
    """Its catalogues, sorted by domain."""

    @property
    def counts(self) -> Counts:
        """Sum over the catalogues."""
        total = Counts()
        for catalog in self.catalogs:
            total = total + catalog.counts
        return total


@dataclass(frozen=True, slots=True)
class PageCell:
    """How far one source page is translated in one language."""

    translated: int
    """Distinct units of the page with a translation in the catalogue."""
    fuzzy: int
    """Distinct units with a fuzzy translation only."""
    total: int
    """Distinct units of the page."""
    state: str
    """``generated`` (intact generated page), ``edited`` (generated, then edited by hand),
    ``hand-written`` (a page without marker), ``missing`` (no page)."""
    has_catalog: bool
    """The language has a catalogue for the page's domain."""

    @property
    def percent(self) -> float:
        if not self.total:
            return 0.0
        return math.floor(1000 * self.translated / self.total) / 10


@dataclass(frozen=True, slots=True)
class PageRow:
    """One source page and its state in every target language."""

    name: str
    """Page name (``incb``)."""
    path: str
    """Site-relative path of the source page."""
    cells: tuple[tuple[str, PageCell], ...]
    """(language, cell), in the site's language order."""


def _words(message: Message) -> int:
    return len(message.msgid.split())


def message_state(message: Message) -> str:
    """``translated``, ``fuzzy``, ``untranslated`` or ``obsolete``, as msgfmt counts them."""
    if message.obsolete:
        return "obsolete"
    first = message.msgstr_plural[0] if message.msgid_plural is not None else message.msgstr
    if message.msgid_plural is not None and not message.msgstr_plural:
        first = ""
    if not first:
        return "untranslated"
    return "fuzzy" if message.fuzzy else "translated"


def catalog_counts(catalog: Catalog) -> Counts:
    """Counts of one catalogue (the header entry left out)."""
    numbers = {"translated": 0, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    words = {"translated": 0, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    for message in catalog.messages:
        if message.msgid == "" and message.msgctxt is None:
            continue
        state = message_state(message)
        numbers[state] += 1
        words[state] += _words(message)
    return Counts(
        translated=numbers["translated"],
        fuzzy=numbers["fuzzy"],
        untranslated=numbers["untranslated"],
        obsolete=numbers["obsolete"],
        translated_words=words["translated"],
        fuzzy_words=words["fuzzy"],
        untranslated_words=words["untranslated"],
    )


def file_coverage(file: CatalogFile, *, outdated: bool = False) -> CatalogCoverage:
    """Counts of one PO file of the site (``outdated``: its source page changed since)."""
    if file.catalog is None:
        reason = str(file.error) if file.error is not None else "cannot be read"
        return CatalogCoverage(file.path, file.lang, file.domain, Counts(), reason)
    counts = catalog_counts(file.catalog)
    return CatalogCoverage(file.path, file.lang, file.domain, counts, outdated=outdated)


def language_coverage(
    languages: Sequence[str],
    files: Iterable[CatalogFile],
    outdated: AbstractSet[str] = frozenset(),
) -> tuple[LanguageCoverage, ...]:
    """Counts per language (in the order given, languages without catalogues included);
    ``outdated`` holds the paths of the catalogues behind their source pages."""
    per_lang: dict[str, list[CatalogCoverage]] = {lang: [] for lang in languages}
    for file in files:
        if file.lang in per_lang:
            per_lang[file.lang].append(file_coverage(file, outdated=file.path in outdated))
    return tuple(
        LanguageCoverage(lang, tuple(sorted(items, key=lambda c: (c.domain, c.path))))
        for lang, items in per_lang.items()
    )


def site_coverage(
    site: Site, outdated: AbstractSet[str] = frozenset()
) -> tuple[LanguageCoverage, ...]:
    """Counts per target language of a loaded site."""
    return language_coverage(site.languages, site.catalogs, outdated)


def page_table(site: Site) -> tuple[PageRow, ...]:
    """Every source page and, per target language, how much of it is translated."""
    catalogs = {(f.lang, f.domain): f.catalog for f in site.catalogs}
    rows: list[PageRow] = []
    for source in site.pages.get(site.source_language, ()):
        units = list(dict.fromkeys(s.text for s in source.segments))
        domain = domain_of(source, site.domain)
        cells: list[tuple[str, PageCell]] = []
        for lang in site.languages:
            catalog = catalogs.get((lang, domain))
            states: dict[str, str] = {}
            if catalog is not None:
                for message in catalog.messages:
                    if message.msgctxt is None and not message.obsolete:
                        states[message.msgid] = message_state(message)
            page = next((p for p in site.pages.get(lang, ()) if p.name == source.name), None)
            if page is None:
                state = "missing"
            elif generated_marker(page.text) is None:
                state = "hand-written"
            else:
                state = "generated" if is_intact(page.text) else "edited"
            cells.append(
                (
                    lang,
                    PageCell(
                        translated=sum(states.get(u) == "translated" for u in units),
                        fuzzy=sum(states.get(u) == "fuzzy" for u in units),
                        total=len(units),
                        state=state,
                        has_catalog=catalog is not None,
                    ),
                )
            )
        rows.append(PageRow(source.name, source.path, tuple(cells)))
    return tuple(sorted(rows, key=lambda r: r.name))
