"""Writing systems: how long a text is, which script it is in, and which languages are close.

Length thresholds count **words** in scripts that separate words with spaces and
**characters** in those that do not (Han, kana, Thai) or whose syllable blocks carry as much
as a short word (Hangul): a Japanese sentence of 27 characters is as much evidence as a
French one of 8 words, not 27 letters' worth of Latin. :func:`measure` gives both counts and
:attr:`Size.units`, the word-equivalents every threshold of :mod:`pipeline.langid` is in.

A claim that a text is in a close relative of the expected language (Japanese against
Chinese on text written in Han characters only, Russian against Bulgarian, Spanish against
Portuguese, ...) needs stronger evidence than a claim across families
(:func:`related`), and letters that only the expected language uses among its relatives
veto the claim outright (:func:`exclusive_letters`). Text written in another script than
the expected language's is strong evidence (:func:`foreign_share`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.langid.clean import letter_count
from pipeline.langid.detection import normalise_code

DENSE_PER_UNIT = 2.0
"""Characters of a dense script (Han, kana, Hangul, Thai) that count as one word."""

_DENSE_SCRIPTS = frozenset({"han", "kana", "hangul", "thai"})
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")

_SCRIPT_OF_LANGUAGE: dict[str, frozenset[str]] = {
    "ja": frozenset({"han", "kana"}),
    "zh": frozenset({"han"}),
    "yue": frozenset({"han"}),
    "ko": frozenset({"hangul", "han"}),
    "th": frozenset({"thai"}),
    "ru": frozenset({"cyrillic"}),
    "uk": frozenset({"cyrillic"}),
    "bg": frozenset({"cyrillic"}),
    "be": frozenset({"cyrillic"}),
    "mk": frozenset({"cyrillic"}),
    "kk": frozenset({"cyrillic"}),
    "ky": frozenset({"cyrillic"}),
    "mn": frozenset({"cyrillic"}),
    "tg": frozenset({"cyrillic"}),
    "tt": frozenset({"cyrillic"}),
    "sr": frozenset({"cyrillic", "latin"}),
    "el": frozenset({"greek"}),
    "ar": frozenset({"arabic"}),
    "fa": frozenset({"arabic"}),
    "ur": frozenset({"arabic"}),
    "ckb": frozenset({"arabic"}),
    "ug": frozenset({"arabic"}),
    "he": frozenset({"hebrew"}),
    "yi": frozenset({"hebrew"}),
    "hi": frozenset({"devanagari"}),
    "mr": frozenset({"devanagari"}),
    "ne": frozenset({"devanagari"}),
    "bn": frozenset({"bengali"}),
    "ta": frozenset({"tamil"}),
    "te": frozenset({"telugu"}),
    "kn": frozenset({"kannada"}),
    "ml": frozenset({"malayalam"}),
    "gu": frozenset({"gujarati"}),
    "pa": frozenset({"gurmukhi"}),
    "si": frozenset({"sinhala"}),
    "ka": frozenset({"georgian"}),
    "hy": frozenset({"armenian"}),
    "am": frozenset({"ethiopic"}),
    "km": frozenset({"khmer"}),
    "my": frozenset({"myanmar"}),
}
"""Scripts each language is written in (Latin for every language not listed)."""

RELATIVES: tuple[frozenset[str], ...] = (
    frozenset({"ja", "zh"}),
    frozenset({"ru", "bg", "uk", "sr", "be", "mk"}),
    frozenset({"es", "pt", "gl", "ca"}),
    frozenset({"da", "nb", "nn", "sv"}),
    frozenset({"id", "ms"}),
    frozenset({"hi", "mr", "ne"}),
    frozenset({"fa", "ur", "ar"}),
    frozenset({"cs", "sk"}),
    frozenset({"hr", "sr", "bs", "sl"}),
    frozenset({"nl", "af"}),
)
"""Groups of close relatives: languages a detector confuses on short texts."""

_EXCLUSIVE: dict[str, str] = {
    "ru": "ыэё",
    "uk": "іїєґ",
    "be": "ўі",
    "bg": "",
    "sr": "ђјљњћџ",
    "mk": "ѓќѕјљњ",
    "es": "ñ¿¡",
    "pt": "ãõ",
    "ca": "ŀ",
    "da": "",
    "sv": "",
    "cs": "ěůř",
    "sk": "ľĺŕô",
    "ja": "ぁ-ゖァ-ヺー",
}
"""Letters a language uses that its close relatives do not (a character class body). A text
holding one is not in a relative lacking it."""


@dataclass(frozen=True, slots=True)
class Size:
    """How long a text is, counted per writing system."""

    words: int
    """Words of scripts that separate words with spaces (a run of letters; in ASCII, one
    with a vowel)."""
    dense: int
    """Characters of Han, kana, Hangul and Thai."""

    @property
    def units(self) -> float:
        """Word-equivalents: words plus dense characters / :data:`DENSE_PER_UNIT`."""
        return self.words + self.dense / DENSE_PER_UNIT


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """The script of one letter (``latin``, ``han``, ``kana``, ``cyrillic``, ...), from its
    Unicode name; ``other`` for what is not a letter."""
    if not char.isalpha():
        return "other"
    code = ord(char)
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return "kana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return "han"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if code < 0x250:
        return "latin"
    name = unicodedata.name(char, "")
    first = name.split(" ")[0].lower()
    if first == "cjk":
        return "han"
    if first in ("hiragana", "katakana"):
        return "kana"
    return first or "other"


def _is_dense(char: str) -> bool:
    return script_of(char) in _DENSE_SCRIPTS


_ASCII_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_DENSE_CHAR = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"
    "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\u0e00-\u0e7f]"
)


_DENSE_ELSEWHERE = re.compile("[\ua960-\ua97f\ud7b0-\ud7ff\U00010000-\U0010ffff]")
"""Where letters of a dense script outside :data:`_DENSE_CHAR`'s blocks may be: Hangul
Jamo Extended-A and -B, kana and CJK ideographs beyond the Basic Multilingual Plane."""


def _dense_letters(word: str) -> list[str]:
    """The letters of ``word`` in a dense script (:func:`script_of`)."""
    return [ch for ch in word if _is_dense(ch)]


_CONSONANTS = "b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ"
_COUNTED_WORD = re.compile(
    rf"([{_CONSONANTS}]+(?:['-][{_CONSONANTS}]+)*)(?![^\W\d_]|['’-][^\W\d_])"
    r"|[^\W\d_]+(?:['’-][^\W\d_]+)*"
)
"""A word (:data:`_WORD`), its group 1 set when it is of ASCII letters without a vowel
(``prs``, ``md``): what the word count of :func:`measure` leaves out. The first
alternative matches such a word whole or not at all (it cannot stop where the word goes
on), so the matches are the words of :data:`_WORD`, found in one pass."""


def _counted_classes() -> bytes:
    consonant = re.compile(f"[{_CONSONANTS}]")
    letter = re.compile(r"[^\W\d_]")
    return bytes(
        ord("c")
        if consonant.match(chr(code))
        else ord("v")
        if letter.match(chr(code))
        else ord("-")
        if chr(code) in "'-"
        else ord(" ")
        for code in range(256)
    )


_COUNTED_CLASSES = _counted_classes()
"""Each Latin-1 character's class in :data:`_COUNTED_WORD`: ``c`` for an ASCII consonant,
``v`` for another letter, ``-`` for a joiner (``'``, ``-``; ``’`` is not Latin-1), a space
for the rest."""

_COUNTED_BYTES = re.compile(rb"(c+(?:-c+)*)(?![cv]|-[cv])|[cv]+(?:-[cv]+)*")
""":data:`_COUNTED_WORD` over those classes: the same matches, each character's class
read from a byte rather than from Unicode's tables."""


MEASURED = 16384
"""Sizes a process keeps (a check measures a cleaned text when it plans its questions, and
again when it judges it)."""


@lru_cache(maxsize=MEASURED)
def measure(text: str) -> Size:
    """Words (of spaced scripts) and dense characters of ``text``."""
    if text.isascii():
        return Size(sum(map(bool, map(_VOWEL.search, _ASCII_WORD.findall(text)))), 0)
    try:
        encoded = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        # Latin-1 holds no letter of a dense script: counted as below, in bytes.
        return Size(_COUNTED_BYTES.findall(encoded.translate(_COUNTED_CLASSES)).count(b""), 0)
    if not _DENSE_CHAR.search(text):
        # Every word but the ASCII ones without a vowel: the words whose group 1 is empty.
        return Size(_COUNTED_WORD.findall(text).count(""), 0)
    dense = 0
    words = 0
    # Inside a word, the characters of _DENSE_CHAR's blocks are letters of a dense script
    # and, outside the blocks _DENSE_ELSEWHERE holds, no other character is: then they are
    # counted in C rather than looked up one by one (the same count).
    count = _DENSE_CHAR.findall if _DENSE_ELSEWHERE.search(text) is None else _dense_letters
    for word in _WORD.findall(text):
        inside = len(count(word))
        dense += inside
        # An ASCII "word" without a vowel (``prs``, ``md``) is an abbreviation, not a word.
        if inside < len(word) and (not word.isascii() or _VOWEL.search(word)):
            words += 1
    return Size(words, dense)


@lru_cache(maxsize=256)
def scripts_of_language(language: str) -> frozenset[str]:
    """The scripts ``language`` is written in (Latin when not listed)."""
    return _SCRIPT_OF_LANGUAGE.get(normalise_code(language), frozenset({"latin"}))


DENSE_WEIGHT = 3
"""Latin letters one character of a dense script weighs as, when scripts are compared (a
Hangul syllable or a Han character carries about as much as three letters)."""


def script_counts(text: str) -> dict[str, int]:
    """Letters per script in ``text``, a dense script's characters weighing
    :data:`DENSE_WEIGHT` each."""
    if not text or max(text) < "\u0250":
        # Below U+0250 every letter is Latin (:func:`script_of`): one count, in C.
        letters = letter_count(text)
        return {"latin": letters} if letters else {}
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = script_of(ch)
            weight = DENSE_WEIGHT if script in _DENSE_SCRIPTS else 1
            counts[script] = counts.get(script, 0) + weight
    return counts


def foreign_share(text: str, language: str) -> float:
    """Share of the letters of ``text`` in scripts ``language`` is not written in (0..1)."""
    counts = script_counts(text)
    total = sum(counts.values())
    if not total:
        return 0.0
    mine = scripts_of_language(language)
    return sum(n for script, n in counts.items() if script not in mine) / total


@lru_cache(maxsize=4096)
def _script_totals(text: str) -> tuple[tuple[tuple[str, int], ...], int]:
    counts = script_counts(text)
    return tuple(counts.items()), sum(counts.values())


def writable(text: str, language: str) -> bool:
    """Whether most letters of ``text`` are in a script ``language`` is written in: a
    claim that a Latin-script text is Japanese is not one a detector should make (a text
    without letters is writable in any language)."""
    counts, total = _script_totals(text)
    if not total:
        return True
    mine = scripts_of_language(language)
    return sum(n for script, n in counts if script in mine) * 2 > total


@lru_cache(maxsize=4096)
def related(a: str, b: str) -> bool:
    """Whether two languages are close relatives (see :data:`RELATIVES`)."""
    a, b = normalise_code(a), normalise_code(b)
    return a != b and any(a in group and b in group for group in RELATIVES)


@lru_cache(maxsize=256)
def _exclusive_pattern(language: str) -> re.Pattern[str] | None:
    letters = _EXCLUSIVE.get(language, "")
    return re.compile(f"[{letters}]", re.IGNORECASE) if letters else None


def exclusive_letters(text: str, language: str) -> bool:
    """Whether ``text`` holds a letter that ``language`` uses and its close relatives do
    not (``ы`` for Russian against Bulgarian, kana for Japanese against Chinese)."""
    pattern = _exclusive_pattern(normalise_code(language))
    return pattern is not None and pattern.search(text) is not None
