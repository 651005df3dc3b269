"""Translation coverage: units and words per catalogue, language and page (pure).

Two measures, each always named: **units** (translation units: one PO entry, one distinct
text of a page) and **words** (the source text's words, split at white space). Every
count below is one of them, in one of four states:

- ``translated``: the entry has a translation and is not fuzzy;
- ``fuzzy``: the entry has a translation marked fuzzy;
- ``untranslated``: the entry's (first) translation is empty, fuzzy or not;
- ``outdated``: the source pages have the text but the catalogue has no entry for it yet
  (the page changed since ``extract`` and ``update`` last ran).

A catalogue of a domain that has source pages is counted over the units its pages have
now (each distinct text once): when the catalogue is up to date that is exactly what
``msgfmt --statistics`` counts, and an edited source page shows at once as outdated units,
not as a catalogue still 100 % translated. Entries whose text the pages no longer have
(they become obsolete at the next ``update``) are counted apart as ``removed``. A
catalogue without source pages (an orphan, kept after a page was renamed) is counted as
``msgfmt --statistics`` counts it. Obsolete (``#~``) entries are counted apart.

Pages are counted over their own distinct texts, so a page's numbers equal its
catalogue's when each page has its own domain, the manifest's (``build/manifest.json``)
and ``status``'s.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields, replace

from pipeline.catalog.model import Catalog, Message
from pipeline.content.site import CatalogFile

STATES = ("translated", "fuzzy", "untranslated", "outdated")
"""The states a unit is counted in, in display order."""


def _floor_percent(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, rounded down to one decimal (so that 100.0 means
    complete); 0.0 when ``whole`` is 0."""
    if not whole:
        return 0.0
    return math.floor(1000 * part / whole) / 10


@dataclass(frozen=True, slots=True)
class Counts:
    """Units and words of one or more catalogues or pages, by state."""

    translated: int = 0
    """Units with a translation, not fuzzy."""
    fuzzy: int = 0
    """Units with a fuzzy translation."""
    untranslated: int = 0
    """Units whose entry has no translation."""
    obsolete: int = 0
    """Obsolete (``#~``) entries (catalogues only; not part of ``total``)."""
    translated_words: int = 0
    """Source words of the translated units."""
    fuzzy_words: int = 0
    """Source words of the fuzzy units."""
    untranslated_words: int = 0
    """Source words of the untranslated units."""
    outdated: int = 0
    """Units of the source pages the catalogue has no entry for yet."""
    outdated_words: int = 0
    """Source words of the outdated units."""
    removed: int = 0
    """Live entries whose text the source pages no longer have (not part of ``total``)."""

    @property
    def total(self) -> int:
        """Units: translated + fuzzy + untranslated + outdated."""
        return self.translated + self.fuzzy + self.untranslated + self.outdated

    @property
    def total_words(self) -> int:
        """Source words of every unit."""
        return (
            self.translated_words + self.fuzzy_words + self.untranslated_words + self.outdated_words
        )

    @property
    def missing_words(self) -> int:
        """Source words not translated yet (fuzzy, untranslated and outdated units)."""
        return self.total_words - self.translated_words

    @property
    def units_percent(self) -> float:
        """Share of units translated, 0-100, rounded down to one decimal."""
        return _floor_percent(self.translated, self.total)

    @property
    def words_percent(self) -> float:
        """Share of words translated, 0-100, rounded down to one decimal."""
        return _floor_percent(self.translated_words, self.total_words)

    def units(self, state: str) -> int:
        """Units in ``state`` (one of :data:`STATES`)."""
        return int(getattr(self, state))

    def words(self, state: str) -> int:
        """Words in ``state`` (one of :data:`STATES`)."""
        return int(getattr(self, f"{state}_words"))

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def units_json(counts: Counts, *, catalogue: bool = False) -> dict[str, object]:
    """The unit counts as the JSON documents (``status``, manifest) give them."""
    data: dict[str, object] = {state: counts.units(state) for state in STATES}
    data["total"] = counts.total
    data["percent"] = counts.units_percent
    if catalogue:
        data["obsolete"] = counts.obsolete
        data["removed"] = counts.removed
    return data


def words_json(counts: Counts) -> dict[str, object]:
    """The word counts as the JSON documents give them."""
    data: dict[str, object] = {state: counts.words(state) for state in STATES}
    data["total"] = counts.total_words
    data["percent"] = counts.words_percent
    return data


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
    orphan: bool = False
    """No source page has this domain (the catalogue is counted as msgfmt counts it)."""
    stale: bool = False
    """``extract`` and ``update`` would change the file (the ``catalog-outdated`` rule's
    measure: a moved line reference counts too)."""

    @property
    def outdated(self) -> bool:
        """The catalogue is behind its source pages: ``extract`` and ``update`` would change
        it (:attr:`stale`), or add or retire units (outdated or removed units)."""
        return bool(self.stale or self.counts.outdated or self.counts.removed)


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

    @property
    def outdated(self) -> tuple[CatalogCoverage, ...]:
        """The catalogues that are out of date."""
        return tuple(c for c in self.catalogs if c.outdated)


PAGE_STATES = ("generated", "edited", "hand-written", "missing")
"""How a target-language page can exist: an intact generated page, a generated page edited
by hand, a page written by a person (no marker), no page."""


@dataclass(frozen=True, slots=True)
class PageCell:
    """How far one source page is translated in one language."""

    counts: Counts
    """Units and words of the page (each distinct text once) by state; a hand-written page
    without a catalogue counts as translated, as the build publishes it."""
    state: str
    """One of :data:`PAGE_STATES`."""
    catalogue: str | None
    """Site-relative path of the PO file the page's units are in, or None when there is
    none."""


@dataclass(frozen=True, slots=True)
class PageRow:
    """One source page and its state in every target language."""

    name: str
    """Page name (``incb``)."""
    path: str
    """Site-relative path of the source page."""
    title: str
    """Its title (front matter ``title``, else the name)."""
    units: int
    """Its distinct texts."""
    words: int
    """Their words."""
    cells: tuple[tuple[str, PageCell], ...]
    """(language, cell), in the site's language order."""


@dataclass(frozen=True, slots=True)
class SourcePage:
    """What coverage needs of a source page."""

    name: str
    """Page name."""
    path: str
    """Site-relative path."""
    title: str
    """Title shown."""
    domain: str
    """The gettext domain its units go to."""
    units: tuple[str, ...]
    """Its distinct unit texts, in order."""


def words_of(text: str) -> int:
    """Words of a source text (split at white space, as the word counts count them)."""
    return len(text.split())


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


def entry_map(catalog: Catalog) -> dict[str, Message]:
    """The live entries a page's units are looked up in (no context), by msgid."""
    return {
        m.msgid: m
        for m in catalog.messages
        if not m.obsolete and m.msgctxt is None and m.msgid != ""
    }


def count_units(
    texts: Iterable[str], entries: Mapping[str, Message] | None, *, no_entry: str = "outdated"
) -> Counts:
    """Counts of the distinct ``texts`` looked up in ``entries`` (a text without entry is
    ``no_entry``: outdated, or untranslated when there is no catalogue at all)."""
    units = {"translated": 0, "fuzzy": 0, "untranslated": 0, "outdated": 0}
    words = dict(units)
    for text in dict.fromkeys(texts):
        message = entries.get(text) if entries is not None else None
        state = no_entry if message is None else message_state(message)
        units[state] += 1
        words[state] += words_of(text)
    return Counts(
        translated=units["translated"],
        fuzzy=units["fuzzy"],
        untranslated=units["untranslated"],
        translated_words=words["translated"],
        fuzzy_words=words["fuzzy"],
        untranslated_words=words["untranslated"],
        outdated=units["outdated"],
        outdated_words=words["outdated"],
    )


def catalog_counts(catalog: Catalog) -> Counts:
    """Counts of one catalogue on its own, as ``msgfmt --statistics`` counts (the header
    entry left out)."""
    numbers = {"translated": 0, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    words = dict(numbers)
    for message in catalog.messages:
        if message.msgid == "" and message.msgctxt is None:
            continue
        state = message_state(message)
        numbers[state] += 1
        words[state] += words_of(message.msgid)
    return Counts(
        translated=numbers["translated"],
        fuzzy=numbers["fuzzy"],
        untranslated=numbers["untranslated"],
        obsolete=numbers["obsolete"],
        translated_words=words["translated"],
        fuzzy_words=words["fuzzy"],
        untranslated_words=words["untranslated"],
    )


def file_coverage(file: CatalogFile, units: Sequence[str] | None) -> CatalogCoverage:
    """Counts of one PO file over the ``units`` of its domain's source pages (None: the
    domain has no source page)."""
    if file.catalog is None:
        reason = str(file.error) if file.error is not None else "cannot be read"
        return CatalogCoverage(file.path, file.lang, file.domain, Counts(), reason)
    if units is None:
        counts = catalog_counts(file.catalog)
        return CatalogCoverage(file.path, file.lang, file.domain, counts, orphan=True)
    entries = entry_map(file.catalog)
    counts = count_units(units, entries)
    wanted = set(units)
    obsolete = sum(1 for m in file.catalog.messages if m.obsolete)
    removed = sum(1 for text in entries if text not in wanted)
    return CatalogCoverage(
        file.path,
        file.lang,
        file.domain,
        Counts(
            counts.translated,
            counts.fuzzy,
            counts.untranslated,
            obsolete,
            counts.translated_words,
            counts.fuzzy_words,
            counts.untranslated_words,
            counts.outdated,
            counts.outdated_words,
            removed,
        ),
    )


def domain_units(sources: Iterable[SourcePage]) -> dict[str, tuple[str, ...]]:
    """Every domain's distinct unit texts over its source pages, in page order."""
    found: dict[str, dict[str, None]] = {}
    for page in sources:
        found.setdefault(page.domain, {}).update(dict.fromkeys(page.units))
    return {domain: tuple(texts) for domain, texts in found.items()}


def language_coverage(
    languages: Sequence[str],
    files: Iterable[CatalogFile],
    sources: Sequence[SourcePage],
    stale: AbstractSet[str] = frozenset(),
) -> tuple[LanguageCoverage, ...]:
    """Counts per language (in the order given, languages without catalogues included);
    ``stale`` holds the paths of the catalogues ``extract`` and ``update`` would change."""
    units = domain_units(sources)
    per_lang: dict[str, list[CatalogCoverage]] = {lang: [] for lang in languages}
    for file in files:
        if file.lang in per_lang:
            found = file_coverage(file, units.get(file.domain))
            if file.path in stale:
                found = replace(found, stale=True)
            per_lang[file.lang].append(found)
    return tuple(
        LanguageCoverage(lang, tuple(sorted(items, key=lambda c: (c.domain, c.path))))
        for lang, items in per_lang.items()
    )


def page_table(
    languages: Sequence[str],
    sources: Sequence[SourcePage],
    files: Iterable[CatalogFile],
    page_states: Mapping[str, Mapping[str, str]],
) -> tuple[PageRow, ...]:
    """Every source page and, per target language, its counts and state.

    ``page_states`` gives, per language, the state (:data:`PAGE_STATES`) of every page
    that exists in that language, by name.
    """
    catalogs = {(f.lang, f.domain): f for f in files}
    maps: dict[str, dict[str, Message] | None] = {}
    rows: list[PageRow] = []
    for source in sources:
        cells: list[tuple[str, PageCell]] = []
        for lang in languages:
            state = page_states.get(lang, {}).get(source.name, "missing")
            file = catalogs.get((lang, source.domain))
            if file is None:
                counts = count_units(
                    source.units,
                    None,
                    no_entry="translated" if state == "hand-written" else "untranslated",
                )
                cells.append((lang, PageCell(counts, state, None)))
                continue
            if file.path not in maps:
                maps[file.path] = entry_map(file.catalog) if file.catalog is not None else None
            entries = maps[file.path]
            counts = count_units(
                source.units,
                entries,
                no_entry="outdated" if entries is not None else "untranslated",
            )
            cells.append((lang, PageCell(counts, state, file.path)))
        words = sum(words_of(text) for text in source.units)
        row = PageRow(
            source.name, source.path, source.title, len(source.units), words, tuple(cells)
        )
        rows.append(row)
    return tuple(sorted(rows, key=lambda r: r.name))
