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
from itertools import accumulate, compress

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
"""A word: letters and digits (an apostrophe inside it kept: ``Python's``)."""

_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
"""Text split around its words (:data:`_TOKEN`), kept between the gaps."""

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


def _term_like(words: list[str]) -> bool:
    for word in words:  # (a loop, not any() over a generator: called for every run)
        if len(word) >= TERM_LETTERS or not word.isalpha() or word[0].isupper():
            return True
    return False


class _Keys(dict[str, str]):
    """Each word's :func:`_key`, worked out once (looked up in C by ``map``)."""

    def __missing__(self, word: str) -> str:
        if len(self) >= KEYS_KEPT:
            self.clear()
        key = self[word] = _key(word)
        return key


KEYS_KEPT = 32768
"""Words whose keys a process keeps (a site's vocabulary; beyond, they are worked out
again)."""

_KEYS = _Keys()


_ASCII_GAPS = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum()})
"""Every ASCII character that is not a letter or a digit, to a space."""


def tokens(text: str) -> list[str]:
    """The words of ``text`` (:data:`_TOKEN`), in order."""
    if text.isascii() and "'" not in text:
        # Without an apostrophe, the words of ASCII text are its runs of letters and
        # digits: what is left when everything else is a space (split in C).
        return text.translate(_ASCII_GAPS).split()
    return _TOKEN.findall(text)


@lru_cache(maxsize=256)
def _words(source: str) -> tuple[list[str], frozenset[str]]:
    """The keys of the words of a source, in order and as a set (a page's units share one
    source page)."""
    theirs = list(map(_KEYS.__getitem__, tokens(source)))
    return theirs, frozenset(theirs)


@lru_cache(maxsize=256)
def _index(source: str) -> dict[str, list[int]]:
    """Where each word of a source occurs."""
    where: dict[str, list[int]] = defaultdict(list)
    for index, word in enumerate(_words(source)[0]):
        where[word].append(index)
    return dict(where)


INDEXED_WORDS = 256
"""Sources of more words than this (a whole page, shared by its units) are indexed once;
in a shorter one (a msgid) only the words a translation shares with it are looked for."""


def _positions(source: str, theirs: list[str], shared: frozenset[str]) -> dict[str, list[int]]:
    """Where each of the ``shared`` words occurs in a source (in order)."""
    if len(theirs) > INDEXED_WORDS:
        return _index(source)
    where: dict[str, list[int]] = {}
    for word in shared:
        found = where[word] = [theirs.index(word)]
        try:
            while True:
                found.append(theirs.index(word, found[-1] + 1))
        except ValueError:
            pass
    return where


def _longest(keys: list[str], i: int, theirs: list[str], starts: list[int]) -> int:
    """The most words of ``keys`` from ``i`` on that ``theirs`` holds in the same order from
    one of ``starts``."""
    best = 0
    left = len(keys) - i
    for j in starts:
        limit = min(left, len(theirs) - j)
        length = 1
        while length < limit and keys[i + length] == theirs[j + length]:
            length += 1
        if length > best:
            best = length
            if best == left:
                break  # no run can be longer
    return best


def kept_runs(translation: str, source: str) -> list[Kept]:
    """Maximal runs of words of ``translation`` that also occur, in the same order, in
    ``source`` (case-insensitive; a plural ``s`` ignored). A run counts when one of its
    words is a name or a term (a capital, a digit, or :data:`TERM_LETTERS` letters); a run
    inside quotation marks, emphasis or a link text is never prose."""
    theirs, known = _words(source)
    if not known:
        return []  # a source without words shares none
    # [gap, word, gap, word, ..., gap]: word k spans edges[2k + 1]..edges[2k + 2].
    parts = _TOKEN_SPLIT.split(translation)
    words = parts[1::2]
    keys = list(map(_KEYS.__getitem__, words))
    shared = known.intersection(keys)
    if not shared:
        return []  # no word in common (or none at all): no run
    where = _positions(source, theirs, shared)
    edges = list(accumulate(map(len, parts), initial=0))
    runs: list[Kept] = []
    i = 0  # the first word not in a run yet
    # Only the words the source has can start a run: the others are stepped over.
    for at in compress(range(len(keys)), map(shared.__contains__, keys)):
        if at < i:
            continue
        best = _longest(keys, at, theirs, where[keys[at]])
        if _term_like(words[at : at + best]):
            start, end = edges[2 * at + 1], edges[2 * (at + best)]
            # Prose needs PROSE_WORDS running words, and the run's words are the words of
            # its text: a shorter run is never prose (most runs are a name or a term).
            prose = best >= PROSE_WORDS and is_prose(translation[start:end])
            runs.append(Kept(start, end, prose))
        i = at + best
    if any(r.prose for r in runs):
        boxes = _enclosed(translation)
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
