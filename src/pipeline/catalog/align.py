"""Align a hand-written translated page with its source page, unit by unit (pure)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.model import Page, Segment, UnitKind

_URL = re.compile(r"\]\(\s*<?([^)\s>]*)")
_CODE = re.compile(r"`+[^`]*`+")


@dataclass(frozen=True, slots=True)
class Pair:
    """A source unit and the translated unit that stands in its place."""

    source: Segment
    """Unit of the source page."""
    target: Segment
    """Unit of the translated page."""
    certain: bool
    """False when the alignment is a guess (the translation is then marked fuzzy)."""


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of aligning two pages."""

    pairs: tuple[Pair, ...]
    """Aligned units, in source order."""
    unaligned_source: tuple[Segment, ...]
    """Source units with no counterpart."""
    unaligned_target: tuple[Segment, ...]
    """Translated units with no counterpart."""


def _shape(segment: Segment) -> tuple[str, int]:
    return (segment.kind.value, segment.level)


def _markup(segment: Segment) -> tuple[list[str], int]:
    return (sorted(_URL.findall(segment.text)), len(_CODE.findall(segment.text)))


def _sections(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Body units cut into sections, each starting at a heading (the first may not)."""
    sections: list[list[Segment]] = [[]]
    for segment in segments:
        if segment.kind is UnitKind.HEADING:
            sections.append([segment])
        else:
            sections[-1].append(segment)
    return sections if sections[0] else sections[1:]


def _section_key(section: list[Segment]) -> tuple[str, int]:
    head = section[0]
    return ("heading", head.level) if head.kind is UnitKind.HEADING else ("lead", 0)


def _affinity(source: Segment, target: Segment) -> float:
    """How well two units of the same shape fit: shared markup and similar length."""
    short, long = sorted((len(source.text), len(target.text)))
    return 1.0 + (_markup(source) == _markup(target)) + (short / long if long else 1.0)


def _align_runs(
    source: Sequence[Segment],
    target: Sequence[Segment],
    pairs: list[Pair],
    lost_source: list[Segment],
    lost_target: list[Segment],
    certain: bool = True,
) -> None:
    """Pair the units of one section: position by position when the shapes agree, else
    by the best-scoring order-keeping alignment (all such pairs are uncertain)."""
    if [_shape(s) for s in source] == [_shape(t) for t in target]:
        for s, t in zip(source, target, strict=True):
            pairs.append(Pair(s, t, certain and _markup(s) == _markup(t)))
        return
    rows, cols = len(source), len(target)
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if _shape(source[i]) == _shape(target[j]):
                best = max(best, _affinity(source[i], target[j]) + score[i + 1][j + 1])
            score[i][j] = best
    i = j = 0
    while i < rows and j < cols:
        if _shape(source[i]) == _shape(target[j]) and (
            score[i][j] == _affinity(source[i], target[j]) + score[i + 1][j + 1]
        ):
            pairs.append(Pair(source[i], target[j], False))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            lost_source.append(source[i])
            i += 1
        else:
            lost_target.append(target[j])
            j += 1
    lost_source.extend(source[i:])
    lost_target.extend(target[j:])


def align(source: Page, target: Page) -> Alignment:
    """Pair the units of ``target`` (a translation) with those of ``source``.

    Front-matter units pair by key; the body is cut into sections at headings, sections
    pair by heading level and order, and units within a section by kind and order. A pair
    whose links or code spans differ, or that fills a gap of the same size between two
    otherwise different sections, is uncertain.
    """
    pairs: list[Pair] = []
    lost_source: list[Segment] = []
    lost_target: list[Segment] = []
    source_meta = {s.kind: s for s in source.segments if s.block < 0}
    target_meta = {s.kind: s for s in target.segments if s.block < 0}
    for kind, segment in source_meta.items():
        if kind in target_meta:
            pairs.append(Pair(segment, target_meta[kind], True))
        else:
            lost_source.append(segment)
    lost_target.extend(t for k, t in target_meta.items() if k not in source_meta)
    source_sections = _sections([s for s in source.segments if s.block >= 0])
    target_sections = _sections([s for s in target.segments if s.block >= 0])
    matcher = difflib.SequenceMatcher(
        a=[_section_key(s) for s in source_sections],
        b=[_section_key(s) for s in target_sections],
        autojunk=False,
    )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        same_size = a2 - a1 == b2 - b1
        if op == "equal" or (op == "replace" and same_size):
            for s_sec, t_sec in zip(source_sections[a1:a2], target_sections[b1:b2], strict=True):
                _align_runs(s_sec, t_sec, pairs, lost_source, lost_target, op == "equal")
        else:
            for section in source_sections[a1:a2]:
                lost_source.extend(section)
            for section in target_sections[b1:b2]:
                lost_target.extend(section)
    pairs.sort(key=lambda p: (p.source.line, p.source.start))
    return Alignment(tuple(pairs), tuple(lost_source), tuple(lost_target))
