"""``language-mismatch``: passages whose language is not the expected one."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.checks.candidate import Candidate, make, message_suppression
from pipeline.checks.page_rules import segment_suppression
from pipeline.checks.site import Site, translated_messages, translations_of
from pipeline.model import Location, Severity

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


def _findings_for(
    text: str,
    expected: str,
    judge: Judge,
    where: Location,
    hush: object,
    source: str | None,
) -> Iterator[Candidate]:
    rest, declared = split_declared(text)
    for passage, lang in [(rest, expected), *declared]:
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


def language_findings(site: Site, judge: Judge) -> Iterator[Candidate]:
    """Every page unit against its page's (or declared) language; every translation against
    its catalogue's language."""
    for lang, pages in sorted(site.pages.items()):
        for page in pages:
            for segment in page.segments:
                expected = segment.lang or lang
                yield from _findings_for(
                    segment.text,
                    expected,
                    judge,
                    Location(page.path, segment.line),
                    segment_suppression(page, segment),
                    None,
                )
    for file in site.catalogs:
        if file.catalog is None:
            continue
        expected = file.catalog.header_fields().get("Language") or file.lang
        for message in translated_messages(file.catalog):
            where = Location(file.path, message.line or 1)
            hush = message_suppression(file.path, message)
            for translation in translations_of(message):
                if translation == message.msgid:
                    # Same text as the source: if it is in the wrong language, the fault is
                    # in the source page and is reported there.
                    continue
                yield from _findings_for(translation, expected, judge, where, hush, message.msgid)
