"""Rules over pages: missing pages, untranslated passages, structure, typography, glossary."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from pipeline.catalog.align import align
from pipeline.catalog.extract import domain_of
from pipeline.checks.candidate import Candidate, SourceLanguageOf, Suppression, make
from pipeline.checks.generated import intact_generated
from pipeline.checks.pair import PairContext, pair_findings
from pipeline.checks.shortcodes import placed_shortcode_issues
from pipeline.checks.typography import typography_issues
from pipeline.content.site import Site
from pipeline.glossary.model import Glossary
from pipeline.model import Issue, Location, Page, Segment
from pipeline.segment.position import unit_position
from pipeline.segment.shortcodes import page_shortcodes

_UNCOUNTED_BLOCKS = ("html", "shortcode")
"""Blocks that structure-mismatch does not count (shortcodes are markup-mismatch's)."""


def segment_suppression(page: Page, segment: Segment) -> Suppression | None:
    """The ``<!-- pipeline-ignore RULE -->`` request standing before a unit's block (one
    request for the whole block, located at its first unit)."""
    if not segment.ignore:
        return None
    first = min(s.line for s in page.segments if s.block == segment.block)
    return Suppression(Location(page.path, first), segment.ignore)


def missing_pages(site: Site) -> Iterator[Candidate]:
    """A source page with neither a page nor a translated catalogue in a target language."""
    translated_domains = {
        (f.lang, f.domain)
        for f in site.catalogs
        if f.catalog is not None and any(m.translated for m in f.catalog.messages)
    }
    for lang in site.languages:
        names = {p.name for p in site.pages.get(lang, ())}
        for page in site.pages.get(site.source_language, ()):
            domain = domain_of(page, site.domain)
            if page.name in names or (lang, domain) in translated_domains:
                continue
            yield make(
                "missing-page",
                Location(page.path, 1),
                f"no '{lang}' page and no translated '{lang}' catalogue for this page",
                expected=lang,
            )


def translated_page_findings(
    site: Site,
    *,
    glossary: Glossary | None,
    options: Mapping[str, Mapping[str, Any]],
    source_language_of: SourceLanguageOf,
) -> Iterator[Candidate]:
    """Hand-written translated pages compared with their source pages."""
    sources = {p.name: p for p in site.pages.get(site.source_language, ())}
    allow = tuple(str(a) for a in options.get("unchanged-translation", {}).get("allow", ()))
    for lang in site.languages:
        for page in site.pages.get(lang, ()):
            source = sources.get(page.name)
            if source is None or intact_generated(page):
                # A generated page repeats its catalogue, which is checked on its own.
                continue
            yield from _structure(source, page)
            yield from page_shortcode_findings(source, page)
            context = PairContext(lang, glossary, allow, source_language_of)
            for pair in align(source, page).pairs:
                unit = pair.target
                yield from pair_findings(
                    pair.source.text,
                    unit.text,
                    Location(page.path, unit.line),
                    context,
                    suppression=segment_suppression(page, unit),
                    # Hand-written pages are compared block by block (structure-mismatch);
                    # their inline markup is the translator's, as before the pair checker.
                    markup=False,
                    glossary=unit.lang is None,
                    origin=f"{source.path}:{pair.source.line}",
                )


def page_shortcode_problems(source: Page, page: Page) -> list[tuple[int, Issue]]:
    """(line, issue) of every shortcode difference between a hand-written page and its
    source page, order-free (shortcodes inside units included)."""
    theirs = page_shortcodes(source.text, _body_offset(source))
    mine = page_shortcodes(page.text, _body_offset(page))
    return [
        (line if line is not None else page.body_line, issue)
        for line, issue in placed_shortcode_issues(theirs, mine)
    ]


def page_shortcode_findings(source: Page, page: Page) -> Iterator[Candidate]:
    """``markup-mismatch`` for each shortcode a hand-written page renamed, dropped, added or
    left unclosed."""
    for line, issue in page_shortcode_problems(source, page):
        yield make(
            "markup-mismatch",
            Location(page.path, line),
            f"{issue.message} ({source.path})",
            expected=issue.expected,
            detected=issue.detected,
        )


def _body_offset(page: Page) -> int:
    """Offset of the first character after the front matter."""
    offset = 0
    for _ in range(page.body_line - 1):
        newline = page.text.find("\n", offset)
        if newline < 0:
            return len(page.text)
        offset = newline + 1
    return offset


def page_typography(site: Site, options: Mapping[str, Any]) -> Iterator[Candidate]:
    """Locale punctuation of every unit of every page, in the unit's language."""
    for lang, pages in sorted(site.pages.items()):
        for page in pages:
            if lang != site.source_language and intact_generated(page):
                continue
            for segment in page.segments:
                unit_lang = segment.lang or lang
                for issue in typography_issues(segment.text, unit_lang, options):
                    yield make(
                        "typography",
                        _issue_location(page, segment, issue.column),
                        issue.message,
                        suppression=segment_suppression(page, segment),
                        translation=segment.text,
                        expected=issue.expected,
                        detected=issue.detected,
                    )


def _issue_location(page: Page, segment: Segment, column: int | None) -> Location:
    """The place in the page file of a fault at 1-based ``column`` of a unit's text: its
    line and column when the text maps back to the file, else the unit's line."""
    if column is not None:
        place = unit_position(page.text, segment, column - 1)
        if place is not None:
            return Location(page.path, *place)
    return Location(page.path, segment.line)


def _block_lines(page: Page) -> dict[int, int]:
    lines: dict[int, int] = {}
    for segment in page.segments:
        lines.setdefault(segment.block, segment.line)
    return lines


def _describe(block: str) -> str:
    kind, _, count = block.partition(":")
    if kind == "heading":
        return f"a level-{count} heading"
    if kind == "list":
        return f"a list of {count} items"
    if kind == "table":
        return f"a table of {count} rows"
    return {"code": "a code block", "hr": "a rule"}.get(kind, f"a {kind}")


def _structure(source: Page, page: Page) -> Iterator[Candidate]:
    """Block by block comparison of a hand-written translation with its source."""
    keep = [i for i, b in enumerate(source.blocks) if b not in _UNCOUNTED_BLOCKS]
    mine = [i for i, b in enumerate(page.blocks) if b not in _UNCOUNTED_BLOCKS]
    a = [source.blocks[i] for i in keep]
    b = [page.blocks[i] for i in mine]
    source_lines, page_lines = _block_lines(source), _block_lines(page)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        at = page_lines.get(mine[b1], page.body_line) if b1 < len(mine) else page.body_line
        src_line = source_lines.get(keep[a1], source.body_line) if a1 < len(keep) else None
        theirs = ", ".join(_describe(x) for x in a[a1:a2]) or "nothing"
        ours = ", ".join(_describe(x) for x in b[b1:b2]) or "nothing"
        where_src = f" ({source.path}:{src_line})" if src_line else ""
        yield make(
            "structure-mismatch",
            Location(page.path, at),
            f"the source has {theirs}{where_src} where this page has {ours}",
            expected=theirs,
            detected=ours,
        )
