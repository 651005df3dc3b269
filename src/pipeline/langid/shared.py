"""What a translation keeps from its source, and whether what it keeps is running prose.

Words a translation shares with its source (a product name, a person's name, a term kept in
English, the title of a work, an identifier) are no evidence that the translation is in the
wrong language: a French sentence naming "Raymond Hettinger" is French. They are found by
matching runs of words of the translation against the source (case-insensitively, a plural
``s`` ignored) and :func:`blank` replaces them with spaces before detection (same length, so
offsets into the text stay right).

A run is kept as evidence, though, when it is **running prose** copied from the source
(:func:`is_prose`): a sentence of the source left untranslated inside a translated paragraph
is the fault editors make most often. Prose is decided by words of running text (lower-case
words of letters, as sentences have between their capitalised names), not by characters: a
title such as "Blue Green Deployment" or "Interactively Testing Remote Servers" is a name,
"mTLS ensures that no unauthorized party can listen in" is prose. A run inside quotation
marks, emphasis or a link text is a title or a term whatever its words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
"""A word: letters and digits (an apostrophe inside it kept: ``Python's``)."""

_COMPOUND = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
"""A word with its hyphenated parts (``Pseudo-random``, ``Client-Server``)."""

_PHRASE_BREAK = re.compile(r"[,;:()\[\]|/]")
"""Punctuation that separates the items of a list of terms (``help needed, good first
issue``): prose needs its running words between two of them."""

_ENCLOSED = re.compile(
    r"\*{1,2}[^*\n]+?\*{1,2}"  # *emphasis*, **strong**
    r"|(?<!\w)_{1,2}[^_\n]+?_{1,2}(?!\w)"  # _emphasis_
    r"|\"[^\"\n]+\"|“[^”\n]+”|„[^“”\n]+[“”]|«[^»\n]+»|‘[^’\n]+’|「[^」]+」|『[^』]+』"
    r"|\[[^\]\n]+\]\([^)\n]*\)"  # [link text](target)
    r"|`[^`<\n]+<[^`>\n]+>`_{1,2}"  # `link text <target>`_
    r"|(?::[\w.+-]+)+:`[^`\n]*`"  # reST roles, their display text included
    r"|(`+)[^`]+?\1"  # code spans and literals
)
"""Spans whose words are a title, a term or a link text when the source has them too."""

_OPENERS = frozenset('*_"“„«‘「『[`:')

PROSE_WORDS = 4
"""Words of running text a copied run needs to count as prose (and as evidence)."""


@dataclass(frozen=True, slots=True)
class Kept:
    """A run of words the translation shares with its source."""

    start: int
    """Offset of its first character in the translation."""
    end: int
    """Offset after its last character."""
    prose: bool
    """True when the run is running prose (evidence of untranslated text, not a name)."""


def _key(word: str) -> str:
    folded = word.casefold()
    if len(folded) > 3 and folded.endswith("s") and folded.isalpha():
        return folded[:-1]
    return folded


def _running(word: str) -> bool:
    first = word[0]
    return len(word) >= 2 and word.isalpha() and (first.islower() or not first.isupper())


def running_words(text: str) -> int:
    """Words of running text in ``text``: words of two letters or more that do not start
    with a capital (words of scripts without case count too)."""
    return sum(1 for word in _TOKEN.findall(text) if _running(word))


def name_like(text: str) -> bool:
    """Whether ``text`` reads as a name or a title: a few words (five at most), all in a
    script with case, none of them starting in lower case (``Chaos Engineering``,
    ``Kubernetes``, ``Seokho Son``)."""
    words = _COMPOUND.findall(text)
    cased = [w for w in words if w[0].isupper() or w[0].islower()]
    return (
        0 < len(cased) <= 5
        and len(cased) == sum(1 for w in words if not w.isdigit())
        and not any(w[0].islower() for w in cased)
    )


def is_prose(text: str) -> bool:
    """Whether ``text`` is running prose: :data:`PROSE_WORDS` words of running text or
    more between two punctuation marks of a list (not a list of short terms), and at least
    half of its words."""
    words = _TOKEN.findall(text)
    running = running_words(text)
    if running < PROSE_WORDS or running * 2 < len(words):
        return False
    return any(running_words(part) >= PROSE_WORDS for part in _PHRASE_BREAK.split(text))


def _enclosed(text: str) -> list[tuple[int, int]]:
    if not any(ch in text for ch in _OPENERS):
        return []
    return [(m.start(), m.end()) for m in _ENCLOSED.finditer(text)]


TERM_LETTERS = 5
"""A run of lower-case words is a kept term (not evidence) only when one of its words has
this many characters: ``the``, ``and``, ``of the`` shared with an English source are
evidence of English, ``issue`` and ``content`` are terms."""


def _term_like(text: str, tokens: list[tuple[int, int, str]]) -> bool:
    for start, end, _ in tokens:
        word = text[start:end]
        if end - start >= TERM_LETTERS or not word.isalpha() or word[0].isupper():
            return True
    return False


@lru_cache(maxsize=256)
def _index(source: str) -> tuple[list[str], dict[str, list[int]]]:
    """The words of a source and where each occurs (a page's units share one source page)."""
    theirs = [_key(m.group(0)) for m in _TOKEN.finditer(source)]
    where: dict[str, list[int]] = defaultdict(list)
    for index, word in enumerate(theirs):
        where[word].append(index)
    return theirs, dict(where)


def kept_runs(translation: str, source: str) -> list[Kept]:
    """Maximal runs of words of ``translation`` that also occur, in the same order, in
    ``source`` (case-insensitive; a plural ``s`` ignored). A run counts when one of its
    words is a name or a term (a capital, a digit, or :data:`TERM_LETTERS` letters); a run
    inside quotation marks, emphasis or a link text is never prose."""
    mine = [(m.start(), m.end(), _key(m.group(0))) for m in _TOKEN.finditer(translation)]
    theirs, where = _index(source)
    if not mine or not theirs:
        return []
    runs: list[Kept] = []
    i = 0
    while i < len(mine):
        best = 0
        for j in where.get(mine[i][2], ()):
            length = 1
            while (
                i + length < len(mine)
                and j + length < len(theirs)
                and mine[i + length][2] == theirs[j + length]
            ):
                length += 1
            best = max(best, length)
        if best == 0:
            i += 1
            continue
        start, end = mine[i][0], mine[i + best - 1][1]
        text = translation[start:end]
        if _term_like(translation, mine[i : i + best]):
            runs.append(Kept(start, end, is_prose(text)))
        i += best
    boxes = _enclosed(translation)
    if boxes:
        runs = [
            Kept(r.start, r.end, False)
            if r.prose and any(a <= r.start and r.end <= b for a, b in boxes)
            else r
            for r in runs
        ]
    return runs


def whole(text: str) -> Kept:
    """All of ``text`` as one kept run (a translation left as its source): prose unless it
    is not running text or is a title, a value or a link text (quoted, emphasised,
    linked)."""
    prose = is_prose(text)
    if prose:
        lead, tail = len(text) - len(text.lstrip()), len(text.rstrip())
        prose = not any(a <= lead and b >= tail for a, b in _enclosed(text))
    return Kept(0, len(text), prose)


def blank(text: str, runs: list[Kept]) -> str:
    """``text`` with the runs that are not prose replaced by spaces (same length)."""
    if not runs:
        return text
    chars = list(text)
    for run in runs:
        if not run.prose:
            chars[run.start : run.end] = " " * (run.end - run.start)
    return "".join(chars)


def all_kept(text: str, runs: list[Kept]) -> bool:
    """Whether every word of ``text`` (numbers aside) is in one of ``runs``."""
    covered = [False] * len(text)
    for run in runs:
        covered[run.start : run.end] = [True] * (run.end - run.start)
    return all(covered[m.start()] or m.group(0).isdigit() for m in _TOKEN.finditer(text)) and any(
        True for _ in _TOKEN.finditer(text)
    )
