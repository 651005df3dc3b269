"""``language-mismatch``: passages and sentences whose language is not the expected one.

Every unit of a page (against the page's language) and every translation of a catalogue
(against the catalogue's ``Language``) is judged by
:mod:`~pipeline.checks.language_unit`: as a whole, sentence by sentence, and against its
source where it has one (the aligned unit of the source page; the msgid). The same fault
gets the same rule and severity on a page and in a catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from pipeline.catalog.align import align
from pipeline.catalog.model import Message
from pipeline.catalog.positions import translation_position
from pipeline.checks.candidate import Candidate, Suppression, make, message_suppression
from pipeline.checks.generated import intact_generated
from pipeline.checks.language_unit import (
    Judge,
    LanguageVerdict,
    Query,
    Unit,
    UnitPlan,
    judge_unit,
    located,
    plan,
)
from pipeline.checks.page_rules import segment_suppression
from pipeline.content.site import CatalogFile
from pipeline.model import Location, Page, Segment, UnitKind
from pipeline.segment.position import unit_position

__all__ = [
    "Judge",
    "LanguageVerdict",
    "catalog_language_findings",
    "catalog_queries",
    "page_language_findings",
    "page_queries",
]

_NAME_PARTS = re.compile(r"[^\W_]+")
_ACRONYM = re.compile(r"\(\s*[A-Za-z]{2,6}\s*\)")
_UNIT_KINDS = {kind.value: kind for kind in UnitKind}
_DESCRIPTIONS = (UnitKind.IMAGE_ALT, UnitKind.IMAGE_TITLE, UnitKind.HTML_ALT, UnitKind.HTML_TITLE)
"""Units that describe an image: without a counterpart in the source page, judged alone
(an English description is a fault even when its words occur on the source page)."""


@lru_cache(maxsize=8192)
def _plan(unit: Unit) -> UnitPlan:
    return plan(unit)


def _page_name_words(page: Page) -> tuple[str, ...]:
    parts = page.name.split("/")
    name = parts[-2] if len(parts) > 1 and parts[-1] in ("_index", "index") else parts[-1]
    return tuple(w.casefold() for w in _NAME_PARTS.findall(name))


def _named(page: Page, segment: Segment, folded_page: str) -> bool:
    """Whether a heading or title is a name on its page: the page's own name (a glossary
    entry titled with its term), or a phrase the page also uses elsewhere."""
    if segment.kind not in (UnitKind.HEADING, UnitKind.TITLE):
        return False
    text = _ACRONYM.sub(" ", segment.text)
    words = tuple(w.casefold() for w in _NAME_PARTS.findall(text))
    if words and words == _page_name_words(page):
        return True
    phrase = " ".join(segment.text.split()).casefold()
    return len(phrase) >= 3 and folded_page.count(phrase) >= 2


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _skipped(page: Page, lang: str, source_language: str | None) -> bool:
    return source_language is not None and lang != source_language and intact_generated(page)


def _page_units(
    page: Page, lang: str, source_language: str | None, source: Page | None
) -> Iterator[tuple[Segment, Unit]]:
    """Each unit of a page as :class:`Unit` (with its aligned source unit, when the page
    is a translation of ``source``)."""
    if _skipped(page, lang, source_language):
        return
    if source is None or source is page or lang == source_language:
        for segment in page.segments:
            yield segment, Unit(segment.text, segment.lang or lang, kind=segment.kind)
        return
    theirs: dict[tuple[int, int], str] = {}
    for pair in align(source, page).pairs:
        theirs[(pair.target.line, pair.target.start)] = pair.source.text
    same = {(s.kind, _folded(s.text)): s.text for s in source.segments}
    whole = "\n".join(s.text for s in source.segments)
    folded = page.text.casefold()
    for segment in page.segments:
        if segment.lang:
            yield segment, Unit(segment.text, segment.lang, kind=segment.kind)
            continue
        # The aligned unit; a unit of the same kind with the same text anywhere on the
        # source page (an image description copied into a section laid out differently);
        # else the whole source page, whose names and terms are no evidence either (but
        # for an image's description, judged alone).
        mine = same.get((segment.kind, _folded(segment.text)))
        mine = mine or theirs.get((segment.line, segment.start))
        wide = mine is None and segment.kind not in _DESCRIPTIONS
        yield (
            segment,
            Unit(
                segment.text,
                lang,
                mine if mine is not None else whole if wide else None,
                source_language if mine is not None or wide else None,
                segment.kind,
                mine is not None and _named(page, segment, folded),
                page_wide=wide,
            ),
        )


def _candidates(
    unit_plan: UnitPlan,
    judge: Judge,
    where: Location,
    position: Callable[[int], Location] | None,
    hush: Suppression | None,
) -> Iterator[Candidate]:
    unit = unit_plan.unit
    for found in judge_unit(unit_plan, judge):
        verdict = found.verdict
        yield make(
            "language-mismatch",
            located(found, where, position),
            found.message,
            suppression=hush,
            severity=verdict.severity,
            expected=found.expected,
            detected=verdict.detected,
            confidence=verdict.confidence,
            source=None if unit.page_wide else unit.source,
            translation=found.excerpt,
        )


def page_language_findings(
    page: Page,
    lang: str,
    judge: Judge,
    source_language: str | None = None,
    source: Page | None = None,
) -> Iterator[Candidate]:
    """Every unit of one page against the page's (or the unit's declared) language, and
    against its ``source`` page's aligned unit; an intact generated translation is skipped
    (its catalogue is checked instead)."""
    for segment, unit in _page_units(page, lang, source_language, source):

        def position(offset: int, segment: Segment = segment) -> Location:
            found = unit_position(page.text, segment, offset)
            if found is None:
                return Location(page.path, segment.line)
            return Location(page.path, found[0], found[1])

        yield from _candidates(
            _plan(unit),
            judge,
            Location(page.path, segment.line),
            position,
            segment_suppression(page, segment),
        )


def page_queries(
    page: Page, lang: str, source_language: str | None = None, source: Page | None = None
) -> Iterator[Query]:
    """The questions :func:`page_language_findings` asks its judge."""
    for _segment, unit in _page_units(page, lang, source_language, source):
        yield from _plan(unit).queries


def _kind(message: Message) -> UnitKind | None:
    """The unit kind our extraction names in the entry's ``#.`` comment, if any."""
    for comment in message.extracted_comments:
        kinds = {_UNIT_KINDS.get(part.strip()) for part in comment.split(",")}
        if len(kinds) == 1 and None not in kinds:
            return kinds.pop()
    return None


def _catalog_units(
    file: CatalogFile, source_language: str | None
) -> Iterator[tuple[Message, int, Unit]]:
    """(entry, plural form, unit) of every translation judged in a catalogue."""
    if file.catalog is None:
        return
    expected = file.catalog.header_fields().get("Language") or file.lang
    for message in file.catalog.translated():
        kind = _kind(message) if message.extracted_comments else None
        for form, translation in enumerate(message.translations):
            source = message.source_of(form)
            yield message, form, Unit(translation, expected, source, source_language, kind)


def catalog_language_findings(
    file: CatalogFile, judge: Judge, source_language: str | None = None
) -> Iterator[Candidate]:
    """Every translation of one catalogue against the catalogue's language and its msgid."""
    lines = file.text.split("\n") if file.text else []
    for message, form, unit in _catalog_units(file, source_language):

        def position(offset: int, message: Message = message, form: int = form) -> Location:
            found = translation_position(lines, message, form, offset) if lines else None
            if found is None:
                return Location(file.path, message.line or 1)
            return Location(file.path, found[0], found[1])

        yield from _candidates(
            _plan(unit),
            judge,
            Location(file.path, message.line or 1),
            position,
            message_suppression(file.path, message),
        )


def catalog_queries(file: CatalogFile, source_language: str | None = None) -> Iterator[Query]:
    """The questions :func:`catalog_language_findings` asks."""
    for _message, _form, unit in _catalog_units(file, source_language):
        yield from _plan(unit).queries
