"""``language-mismatch``: passages whose language is not the expected one."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.catalog.model import Message
from pipeline.checks.candidate import Candidate, make, message_suppression
from pipeline.checks.generated import intact_generated
from pipeline.checks.page_rules import segment_suppression
from pipeline.content.site import CatalogFile
from pipeline.model import Location, Page, Segment, Severity

_SPAN = re.compile(
    r"<(?P<tag>span|q|em|i|cite|abbr|b|strong)\b[^>]*\blang\s*=\s*[\"']?(?P<lang>[\w-]+)[\"']?[^>]*>"
    r"(?P<body>.*?)</(?P=tag)\s*>",
    re.IGNORECASE | re.DOTALL,
)
_ATTR_SPAN = re.compile(
    r"\[(?P<body>[^\]]*)\]\{[^}]*\blang\s*=\s*[\"']?(?P<lang>[\w-]+)[\"']?[^}]*\}"
)


@dataclass(frozen=True, slots=True)
class LanguageVerdict:
    """What the detector concluded about one passage."""

    detected: str
    """Language it found (ISO 639-1)."""
    confidence: float
    """How sure it is, 0..1."""
    info_only: bool
    """True when the passage is short and the finding is only informative."""


Judge = Callable[[str, str], LanguageVerdict | None]
"""``judge(text, expected)``: a verdict when the text is NOT in ``expected``, else None."""


def split_declared(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text without its passages marked as another language, and those passages."""
    declared: list[tuple[str, str]] = []

    def cut(match: re.Match[str]) -> str:
        declared.append((match.group("body"), match.group("lang").replace("-", "_")))
        return " "

    rest = _ATTR_SPAN.sub(cut, _SPAN.sub(cut, text))
    return rest, declared


def passages(text: str, expected: str) -> list[tuple[str, str]]:
    """``(passage, language)`` pairs a unit's text is judged as: the text without its
    passages declared in another language (expected in ``expected``), then each of those."""
    rest, declared = split_declared(text)
    return [(rest, expected), *declared]


def _findings_for(
    text: str,
    expected: str,
    judge: Judge,
    where: Location,
    hush: object,
    source: str | None,
) -> Iterator[Candidate]:
    for passage, lang in passages(text, expected):
        verdict = judge(passage, lang.split("_")[0])
        if verdict is None:
            continue
        yield make(
            "language-mismatch",
            where,
            f"passage is in '{verdict.detected}', not '{lang}' as expected "
            f"(confidence {verdict.confidence:.2f})",
            suppression=hush,  # type: ignore[arg-type]
            severity=Severity.INFO if verdict.info_only else None,
            expected=lang,
            detected=verdict.detected,
            confidence=verdict.confidence,
            source=source,
            translation=text,
        )


def _skipped(page: Page, lang: str, source_language: str | None) -> bool:
    return source_language is not None and lang != source_language and intact_generated(page)


def _page_units(page: Page, lang: str) -> Iterator[tuple[Segment, str]]:
    for segment in page.segments:
        yield segment, segment.lang or lang


def _catalog_units(file: CatalogFile) -> Iterator[tuple[Message, str, str]]:
    """(entry, translation, expected language) of every translation judged in a catalogue."""
    if file.catalog is None:
        return
    expected = file.catalog.header_fields().get("Language") or file.lang
    for message in file.catalog.translated():
        for translation in message.translations:
            if translation == message.msgid:
                # Same text as the source: if it is in the wrong language, the fault is
                # in the source page and is reported there.
                continue
            yield message, translation, expected


def page_language_findings(
    page: Page, lang: str, judge: Judge, source_language: str | None = None
) -> Iterator[Candidate]:
    """Every unit of one page against the page's (or the unit's declared) language; an
    intact generated translation is skipped (its catalogue is checked instead)."""
    if _skipped(page, lang, source_language):
        return
    for segment, expected in _page_units(page, lang):
        yield from _findings_for(
            segment.text,
            expected,
            judge,
            Location(page.path, segment.line),
            segment_suppression(page, segment),
            None,
        )


def catalog_language_findings(file: CatalogFile, judge: Judge) -> Iterator[Candidate]:
    """Every translation of one catalogue against the catalogue's language."""
    for message, translation, expected in _catalog_units(file):
        where = Location(file.path, message.line or 1)
        hush = message_suppression(file.path, message)
        yield from _findings_for(translation, expected, judge, where, hush, message.msgid)


def _queries(text: str, expected: str) -> Iterator[tuple[str, str]]:
    for passage, lang in passages(text, expected):
        yield passage, lang.split("_")[0]


def page_queries(
    page: Page, lang: str, source_language: str | None = None
) -> Iterator[tuple[str, str]]:
    """The ``(text, expected)`` questions :func:`page_language_findings` asks its judge."""
    if _skipped(page, lang, source_language):
        return
    for segment, expected in _page_units(page, lang):
        yield from _queries(segment.text, expected)


def catalog_queries(file: CatalogFile) -> Iterator[tuple[str, str]]:
    """The ``(text, expected)`` questions :func:`catalog_language_findings` asks."""
    for _message, translation, expected in _catalog_units(file):
        yield from _queries(translation, expected)
