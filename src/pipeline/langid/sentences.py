"""Cut a passage into sentences (and long sentences into clauses), keeping their offsets.

Sentence boundaries come from sentencex (Wikimedia's rule-based segmenter: about 300
languages, abbreviations per language, Japanese and Chinese full stops, sentences that start
in lower case such as ``mTLS ensures ...``); it was chosen by measurement
(``benchmarks/sentence_split.py``, README "Language detection, measured"). Code spans, reST
roles, URLs, link targets and HTML tags are masked first, with as many neutral characters,
so that a full stop inside ``os.path.join`` or a URL never ends a sentence and every offset
stays an offset into the original text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from sentencex import get_sentence_boundaries

from pipeline.langid.detection import normalise_code
from pipeline.langid.scripts import measure, script_of

_MASKS = (
    (r":[\w.+-]+(?::[\w.+-]+)*:`[^`]*`", "`"),  # reST roles
    (r"(`+)(?!\1).+?\1", "`"),  # code spans, reST literals (see clean._CODE_SPAN)
    (r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)", "]("),  # Markdown link targets
    (r"</?[A-Za-z][^<>]*>", "<"),  # HTML tags
    (r"(?:\b[a-zA-Z][\w+.-]*://|\bwww\.)[^\s<>()]*[^\s<>().,;:!?'\"]", "://"),  # URLs
    (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "@"),  # e-mail addresses
    (r"\b(?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*(?:\(\))?", ".w"),  # dotted names: os.path.join
    (r"\{#[^}]*\}", "{#"),  # Hugo heading ids
    (r"\b\d+(?:\.\d+)+\b", ".w"),  # versions and numbers: 3.11, 1.2.3
)
"""What cannot end a sentence although it holds full stops, with a string each match of it
holds (a URL holds ``://`` or ``www.``; ``.w`` stands for a full stop before a letter, a
digit or ``_``: see :func:`_mask_of`)."""


@lru_cache(maxsize=256)
def _mask_pattern(kept: tuple[bool, ...]) -> re.Pattern[str] | None:
    """The alternatives of :data:`_MASKS` that are ``kept``, in their order (None: none).
    Leaving out an alternative that matches nowhere in a text masks it the same."""
    alternatives = [pattern for (pattern, _), keep in zip(_MASKS, kept, strict=True) if keep]
    if not alternatives:
        return None
    # The code span's group stays group 1: the alternatives before it have none.
    return re.compile("|".join(alternatives), re.S)


_DOT_WORD = re.compile(r"\.\w")

_NEEDS = tuple(need for _, need in _MASKS)


def _mask_of(text: str) -> re.Pattern[str] | None:
    """:data:`_MASKS`'s alternatives that may match in ``text``, as one pattern."""
    dot_word = _DOT_WORD.search(text) is not None
    url = "://" in text or "www." in text
    kept = tuple(
        [dot_word if need == ".w" else url if need == "://" else need in text for need in _NEEDS]
    )
    return _mask_pattern(kept)


_MISSED_END = re.compile(r"(?<=[^\W\d_]{3}[.!?])\s+(?=\S)|(?<=[。！？])(?=[^\s」』）)\]\"'。！？])")
"""A full stop after a word, then a space: where sentencex does not cut before a quotation
mark, a bracket or another script (``... zurück. '%(value)s'값은 ...``)."""

_MISSED_SPACED = re.compile(r"\s(?<=[^\W\d_]{3}[.!?]\s)\s*(?=\S)")
""":data:`_MISSED_END` for a text without a CJK full stop (its first alternative, matching
its first space before looking behind it: the same matches, found faster)."""

_STOPS = re.compile(r"[.!?]\s+\S")
"""A full stop and a space inside a text: where English rules may cut."""

_ANY_STOP = re.compile(r"[.!?。！？;:；：]\s*\S|\s[—–]\s")
"""Something that may end a sentence or a clause before the end of the text."""

_OPENING = frozenset("'\"“‘«„([（「『{%<")

_CLAUSE = re.compile(r"(?<=[;:])\s+|\s+[—–]\s+|(?<=[；：])")
"""Clause boundaries inside a long sentence: after ``;`` or ``:``, around a dash."""

_CLAUSE_MARK = re.compile(r"[;:；：]|\s[—–]\s")
"""What every match of :data:`_CLAUSE` holds."""


def _clause_mark(text: str) -> bool:
    """Whether ``text`` holds a match of :data:`_CLAUSE_MARK` (its characters looked for
    one by one, in C; the pattern only where a dash is)."""
    if ";" in text or ":" in text or "；" in text or "：" in text:
        return True
    return ("—" in text or "–" in text) and _CLAUSE_MARK.search(text) is not None


CLAUSE_MIN_UNITS = 30.0
"""Sentences of at least this many word-equivalents are also judged clause by clause."""

CLAUSE_UNITS = 8.0
"""Fewest word-equivalents of a clause judged on its own (shorter ones join a neighbour)."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A sentence or clause of a passage."""

    start: int
    """Offset of its first character in the passage."""
    end: int
    """Offset after its last character (trailing spaces excluded)."""
    text: str
    """The text itself."""
    clause: bool = False
    """True for a clause of a long sentence."""


def _masked(text: str) -> str:
    pattern = _mask_of(text)
    if pattern is None:
        return text
    return pattern.sub(lambda m: "x" * len(m.group(0)), text)


@lru_cache(maxsize=1024)
def _language(code: str) -> str:
    return normalise_code(code) or "en"


def _trimmed(text: str, start: int, end: int, clause: bool = False) -> Piece | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Piece(start, end, text[start:end], clause)


def _script_near(text: str, index: int, step: int, letters: int = 12) -> str:
    """The main script of the ``letters`` letters from ``index`` on (``step`` 1) or back
    (``step`` -1)."""
    counts: dict[str, int] = {}
    seen = 0
    while 0 <= index < len(text) and seen < letters:
        if text[index].isalpha():
            script = script_of(text[index])
            counts[script] = counts.get(script, 0) + (1 if script in ("latin", "cyrillic") else 3)
            seen += 1
        index += step
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0] if counts else ""


def _more_cuts(masked: str, start: int, end: int, spaced: bool) -> list[int]:
    """Sentence ends inside ``masked[start:end]`` that sentencex left: a full stop after a
    word, then a quotation mark, a bracket or a placeholder, or words of another script
    (``spaced``: ``masked`` holds no CJK full stop)."""
    # Every match of _MISSED_SPACED is inside one of _STOPS (a full stop, which may be the
    # character before ``start``: it looks behind, then spaces and text before ``end``).
    if spaced and _STOPS.search(masked, max(start - 1, 0), end) is None:
        return []
    cuts: list[int] = []
    for match in (_MISSED_SPACED if spaced else _MISSED_END).finditer(masked, start, end):
        after = match.end()
        if after >= end:
            continue
        if (
            masked[match.start() - 1] in "。！？"
            or masked[after] in _OPENING
            or _script_near(masked, after, 1) != _script_near(masked, match.start() - 1, -1)
        ):
            cuts.append(after)
    return cuts


def _boundaries(language: str, masked: str) -> list[int]:
    """Where sentences end, by sentencex's rules for ``language`` and, for another
    language, also by its English rules (a sentence of the source language left in a
    translation ends and starts as English ones do: German rules do not cut before a
    lower-case word)."""
    ends = {int(b["end_index"]) for b in get_sentence_boundaries(language, masked)}
    if language != "en" and len(ends) <= len(_STOPS.findall(masked)):
        ends |= {int(b["end_index"]) for b in get_sentence_boundaries("en", masked)}
    return sorted(ends)


def sentences(text: str, language: str) -> list[Piece]:
    """The sentences of ``text`` (a passage expected in ``language``), in order."""
    if not text.strip():
        return []
    masked = _masked(text)
    spaced = "。" not in masked and "！" not in masked and "？" not in masked
    out: list[Piece] = []
    begin = 0
    for stop in _boundaries(_language(language), masked):
        for cut in [*_more_cuts(masked, begin, stop, spaced), stop]:
            piece = _trimmed(text, begin, cut)
            if piece is not None:
                out.append(piece)
            begin = cut
    piece = _trimmed(text, begin, len(text))
    if piece is not None:
        out.append(piece)
    return out


def clauses(text: str, sentence: Piece) -> list[Piece]:
    """The clauses of a long ``sentence`` of ``text`` (none for a short one): cut after
    ``;`` and ``:`` and around dashes, short clauses joined to the one before."""
    # A word takes a character and a gap, a dense character is half a word: a sentence
    # shorter than this cannot measure CLAUSE_MIN_UNITS (measuring it would say so too).
    if len(sentence.text) < 2 * CLAUSE_MIN_UNITS - 1:
        return []
    # Masking only turns characters into "x": without these marks in the sentence its
    # masked text has no _CLAUSE match, so it stays one piece and has no clauses.
    if not _clause_mark(sentence.text):
        return []
    # Nor when _CLAUSE matches nowhere in the sentence as it is (a colon inside a role,
    # ``:attr:`x```, is no clause mark): masking makes no ``;``, ``:``, dash or space, so
    # the masked sentence has no match either, and the whole sentence is one clause.
    if _CLAUSE.search(sentence.text) is None:
        return []
    if measure(sentence.text).units < CLAUSE_MIN_UNITS:
        return []
    masked = _masked(sentence.text)
    cuts = [0, *(m.end() for m in _CLAUSE.finditer(masked)), len(masked)]
    pieces: list[tuple[int, int]] = []
    for begin, stop in itertools.pairwise(cuts):
        if stop <= begin:
            continue
        if pieces and measure(sentence.text[pieces[-1][0] : pieces[-1][1]]).units < CLAUSE_UNITS:
            pieces[-1] = (pieces[-1][0], stop)
        else:
            pieces.append((begin, stop))
    if len(pieces) > 1 and measure(sentence.text[pieces[-1][0] : pieces[-1][1]]).units < (
        CLAUSE_UNITS
    ):
        last = pieces.pop()
        pieces[-1] = (pieces[-1][0], last[1])
    if len(pieces) < 2:
        return []
    out: list[Piece] = []
    for begin, stop in pieces:
        piece = _trimmed(text, sentence.start + begin, sentence.start + stop, clause=True)
        if piece is not None:
            out.append(piece)
    return out


def pieces(text: str, language: str) -> list[Piece]:
    """Sentences of ``text`` and the clauses of its long sentences: every part of a passage
    that is judged on its own (a passage of one sentence gives its clauses only)."""
    if not _ANY_STOP.search(text.rstrip()):
        return []  # one sentence, one clause: nothing to judge apart from the passage
    found = sentences(text, language)
    out: list[Piece] = []
    for sentence in found:
        if len(found) > 1:
            out.append(sentence)
        out.extend(clauses(text, sentence))
    return out
