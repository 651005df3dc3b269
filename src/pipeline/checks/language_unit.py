"""The ``language-mismatch`` judgement of one unit (a page passage or a msgstr), against its
source where it has one.

A unit is judged three ways, and the questions it asks the judge are known before any is
answered (:attr:`UnitPlan.queries`), so that a whole file's questions are detected in one
batch:

1. **the passage**, without what it shares with its source (names, terms, titles, code: see
   :mod:`pipeline.langid.shared`) but with any running prose it copied from it;
2. **sentence by sentence** (clause by clause in long sentences): a wrong-language sentence
   inside an otherwise right-language passage is a finding at that sentence, with its own
   line and column;
3. **kept as in the source**: an image description, or a heading of two words or more,
   identical to its source and not a name (not the page's own name, not a term the page
   uses elsewhere), was not translated.

Passages marked as another language (``<span lang="fr">``, ``{lang=fr}``) are judged
against their declared language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.langid.clean import detectable_text
from pipeline.langid.scripts import measure
from pipeline.langid.sentences import Piece, pieces
from pipeline.langid.shared import Kept, all_kept, blank, kept_runs, name_like, whole
from pipeline.model import Location, Severity, UnitKind

PIECE_MIN_UNITS = 4.0
"""Fewest word-equivalents of a sentence or clause judged on its own (words after
cleaning; a 40-character sentence has about seven)."""

WHOLE_SHARE = 0.8
"""Share of a passage its judged sentences must make up for the passage not to be judged
as a whole besides."""

KEPT_HEADING_WORDS = 2
"""Fewest words of a heading or title left as in the source that make a finding."""

_SPAN = re.compile(
    r"<(?P<tag>span|q|em|i|cite|abbr|b|strong)\b[^>]*\blang\s*=\s*[\"']?(?P<lang>[\w-]+)[\"']?[^>]*>"
    r"(?P<body>.*?)</(?P=tag)\s*>",
    re.IGNORECASE | re.DOTALL,
)
_ATTR_SPAN = re.compile(
    r"\[(?P<body>[^\]]*)\]\{[^}]*\blang\s*=\s*[\"']?(?P<lang>[\w-]+)[\"']?[^}]*\}"
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTER = re.compile(r"[^\W\d_]")
_TRAILING = " .!?。！？;:,…'\"”’»)"
_CAPITAL_START = re.compile(r"[^\W\d_a-z](?<![^\W\d_][^\W\d_a-z])[^\W\d_]*")
"""A word (a run of letters) that does not start with an ASCII lower-case letter: the
words that start with a capital are among them (the scan stops at no other word)."""
_LINK_TEXT = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)|`([^`<\n]+?)\s*<[^`>\n]+>`_{1,2}")
_EMPHASIS = re.compile(
    r"\*(?<![\w*\\]\*)(?=[^\s*])([^*\n]{1,80}?)(?<=[^\s*\\])\*(?![\w*])"
    r"|_(?<![\w\\]_)(?=[^\s_])([^_\n]{1,80}?)(?<=[^\s_\\])_(?!\w)"
)
"""Single-marker emphasis: italics, which set foreign words and titles of works apart (each
marker matched before what precedes it is looked at: the same matches, found faster)."""
EMPHASIS_WORDS = 8
"""Emphasised spans of up to this many words inside a longer passage are not judged with
its sentences (``Regarde avant de sauter (*Look before you leap* en anglais)``)."""


def _blank_name(match: re.Match[str]) -> str:
    """A link whose text is a name (``[Google Cloud Functions](...)``, ```Generating
    Pseudo-random Floating-Point Values <https://...>`_``), blanked."""
    text = match.group(1) if match.group(1) is not None else match.group(2)
    return " " * len(match.group(0)) if name_like(text) else match.group(0)


def _blank_emphasis(match: re.Match[str]) -> str:
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    return " " * len(match.group(0)) if len(inner.split()) <= EMPHASIS_WORDS else match.group(0)


@lru_cache(maxsize=4096)
def _names_blanked(text: str) -> str:
    """``text`` without what names and titles a passage quotes: name-like link texts, runs
    of capitalised words inside a sentence, short emphasised spans."""
    if "](" in text or ">`_" in text:
        text = _LINK_TEXT.sub(_blank_name, text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(_blank_emphasis, text)
    return blank_name_runs(text)


_VOWEL = re.compile(r"[aeiouyAEIOUY\u00c0-\u024f]")
_DESCRIPTIONS = (UnitKind.IMAGE_ALT, UnitKind.IMAGE_TITLE, UnitKind.HTML_ALT, UnitKind.HTML_TITLE)
_KEPT_KINDS = {
    UnitKind.IMAGE_ALT: "image description",
    UnitKind.IMAGE_TITLE: "image title",
    UnitKind.HTML_ALT: "image description",
    UnitKind.HTML_TITLE: "title attribute",
    UnitKind.HEADING: "heading",
    UnitKind.TITLE: "title",
}


@dataclass(frozen=True, slots=True)
class LanguageVerdict:
    """What the judge concluded about one text it found in the wrong language."""

    detected: str
    """Language it found (ISO 639-1)."""
    confidence: float
    """How sure it is, 0..1."""
    severity: Severity
    """How sure a person would be that this is a fault."""


Judge = Callable[[str, str], LanguageVerdict | None]
"""``judge(text, expected)``: a verdict when the text is NOT in ``expected``, else None."""

Query = tuple[str, str]
"""``(text, expected language)``: one question to the judge."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit to judge, with what is known around it."""

    text: str
    """The unit's text (inline markup kept)."""
    expected: str
    """The language it should be in, as the site names it (``fr``, ``pt_BR``)."""
    source: str | None = None
    """The source text it translates (msgid, aligned source unit), if known."""
    source_language: str | None = None
    """The language of the source text."""
    kind: UnitKind | None = None
    """What the unit is (a heading, an image description, ...), if known."""
    named: bool = False
    """True when the unit's text is a name on its page (the page's own name, or a term the
    page uses elsewhere): kept as in the source, it is not a finding."""
    page_wide: bool = False
    """True when ``source`` is the whole source page (the unit has no counterpart there):
    what the unit shares with it is still no evidence, but it is not reported as the
    unit's source."""


@dataclass(slots=True)
class UnitPlan:
    """The questions a unit asks, and what its findings are built from."""

    unit: Unit
    """The unit."""
    base: str
    """The expected language as detection codes it (``pt_BR`` -> ``pt``)."""
    reduced: str
    """The text with declared passages and kept names blanked (same offsets)."""
    runs: list[Kept]
    """Runs of words kept from the source."""
    named: str = ""
    """The reduced text with quoted names and titles blanked too: what sentences are
    judged on."""
    declared: list[tuple[str, str]] = field(default_factory=list)
    """Passages marked as another language, with that language."""
    parts: list[tuple[Piece, str]] = field(default_factory=list)
    """Sentences and clauses judged on their own, with their reduced text."""
    kept: str | None = None
    """The kept-as-source rule's description of the unit (``heading``), when it applies."""
    whole: bool = True
    """Whether the passage is also judged as a whole (not when its judged sentences make up
    nearly all of it: they decide, and a passage mostly in the wrong language is then one
    finding all the same)."""

    @property
    def queries(self) -> set[Query]:
        """Every question the unit's judgement asks."""
        asked: set[Query] = {(self.reduced, self.base)} if self.whole else set()
        if self.declared:
            asked |= {(text, lang.split("_")[0]) for text, lang in self.declared}
        if self.parts:
            asked |= {(text, self.base) for _, text in self.parts}
        if self.kept is not None and self.unit.source_language is not None:
            asked.add((self.unit.text, self.unit.source_language))
        return asked


def _declared(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with its passages marked as another language blanked (same length), and
    those passages with their language."""
    found: list[tuple[str, str]] = []

    def cut(match: re.Match[str]) -> str:
        found.append((match.group("body"), match.group("lang").replace("-", "_")))
        return " " * len(match.group(0))

    if "lang" not in text:
        return text, found
    return _ATTR_SPAN.sub(cut, _SPAN.sub(cut, text)), found


def _worded(text: str) -> list[str]:
    """Words of letters with a vowel: words a reader reads, not ``PRs`` or ``md``."""
    return [w for w in _WORD.findall(text) if _VOWEL.search(w) and not (w.isupper() and len(w) > 1)]


# A site repeats its passages (a page's translations are its catalogue's, paragraphs recur
# from page to page), each time as a unit that differs in its kind or its place: what a
# plan is made of is kept by the text it is made from, so that it is worked out once.


@lru_cache(maxsize=4096)
def _units(text: str) -> float:
    """Word-equivalents of the detectable part of ``text``."""
    if text.isspace():
        return 0.0  # what cleaning leaves of white space: nothing, no word
    return measure(detectable_text(text)).units


@lru_cache(maxsize=4096)
def _pieces(text: str, language: str) -> tuple[Piece, ...]:
    return tuple(pieces(text, language))


@lru_cache(maxsize=4096)
def _kept_runs(text: str, source: str) -> tuple[Kept, ...]:
    return tuple(kept_runs(text, source))


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _same(text: str, source: str) -> bool:
    ours, theirs = text.split(), source.split()
    # Case folding neither makes nor takes white space: texts of different numbers of
    # words are not the same (most translations), without joining and folding them.
    if len(ours) != len(theirs):
        return False
    return " ".join(ours).casefold() == " ".join(theirs).casefold()


_PARTICLES = frozenset({"von", "van", "de", "der", "den", "da", "di", "del", "du", "la", "le"})
"""Lower-case words inside a person's name (``Martin von Löwis``)."""


def _joins(text: str, previous: re.Match[str], match: re.Match[str]) -> bool:
    """Whether two capitalised words belong to one name: one space or hyphen between them,
    a name particle, or an initial's full stop (``Terry J. Reedy``)."""
    gap = text[previous.end() : match.start()]
    if gap in (" ", "-"):
        return True
    if gap == ". " and len(previous.group(0)) == 1:
        return True
    parts = gap.split(" ")
    return len(parts) == 3 and parts[0] == parts[2] == "" and parts[1] in _PARTICLES


def capitalised(text: str) -> list[re.Match[str]]:
    """The words (runs of letters) of ``text`` that start with a capital."""
    return [m for m in _CAPITAL_START.finditer(text) if text[m.start()].isupper()]


_CASE_CLASSES = bytes(
    ord("U") if chr(code).isupper() else ord("l") if _LETTER.match(chr(code)) else ord(" ")
    for code in range(256)
)
"""Each Latin-1 character's class: ``U`` for a capital, ``l`` for another letter (as
:data:`_CAPITAL_START` reads letters), a space for the rest."""


def _capitals_fewer_than_two(text: str) -> bool:
    """Whether ``text`` is Latin-1 and fewer than two of its words start with a capital
    (:func:`capitalised`): a word starts where a letter follows no letter, which its
    characters' classes show as ``" U"`` (counted in C)."""
    try:
        classes = text.encode("latin-1").translate(_CASE_CLASSES)
    except UnicodeEncodeError:
        return False
    return classes.count(b" U") + classes.startswith(b"U") < 2


def blank_name_runs(text: str) -> str:
    """``text`` with runs of two to six capitalised words inside a sentence (after a word,
    a comma, a colon or a bracket, not at the start of a sentence) blanked: the name of a
    person, a product or a work (``imzalayın (Contributor License Agreement)``)."""
    if _capitals_fewer_than_two(text):
        return text  # (as below: a run needs two words)
    words = capitalised(text)
    if len(words) < 2:
        return text
    chars = list(text)
    run: list[re.Match[str]] = []
    for match in [*words, None]:
        if match is not None and run and _joins(text, run[-1], match):
            run.append(match)
            continue
        if 2 <= len(run) <= 6:
            before = text[: run[0].start()].rstrip(" ")
            if before and (before[-1].isalpha() or before[-1] in ',;:(«“"'):
                chars[run[0].start() : run[-1].end()] = " " * (run[-1].end() - run[0].start())
        run = [match] if match is not None else []
    return "".join(chars)


def _kept_rule(unit: Unit, runs: list[Kept]) -> str | None:
    """What the unit is (``heading``) when it is a heading, title or image description
    left as in its source and not a name; else None."""
    what = _KEPT_KINDS.get(unit.kind) if unit.kind is not None else None
    if what is None or unit.source is None or unit.named or unit.page_wide:
        return None
    if any(r.prose for r in runs) or not all_kept(unit.text, runs):
        return None
    words = _worded(unit.text)
    if "_" in unit.text or not words:
        return None
    if unit.kind in (UnitKind.HEADING, UnitKind.TITLE) and len(words) < KEPT_HEADING_WORDS:
        return None
    return what


def plan(unit: Unit) -> UnitPlan:
    """The questions ``unit`` asks and the material of its findings."""
    base = unit.expected.replace("-", "_").split("_")[0].lower()
    rest, declared = _declared(unit.text)
    if unit.source is not None and not unit.page_wide and _same(rest, unit.source):
        # Left as in the source: running prose is evidence (of the source's language);
        # a term, a name, a value or a title kept as it is is not a finding. (Decided
        # first: the runs it shares with its source would be replaced by this one.)
        runs = [whole(rest)]
    else:
        runs = list(_kept_runs(rest, unit.source)) if unit.source else []
    if unit.kind in _DESCRIPTIONS:
        # A description left in the source's words is untranslated: only the names it
        # shares with its source are no evidence.
        reduced = blank(rest, [r for r in runs if name_like(rest[r.start : r.end])])
    else:
        reduced = blank(rest, runs)
    # Names and titles a passage quotes (a link to a product, a person's name inside a
    # sentence, a title in italics) are no evidence in a translation (they are its
    # source's), nor when one sentence is weighed against the rest.
    named = _names_blanked(reduced)
    if unit.source is not None:
        reduced = named
    if unit.source is not None and not _units(reduced):
        # No word of the translation's own: punctuation alone is a matter of typography.
        reduced = ""
    result = UnitPlan(unit, base, reduced, runs, named, declared)
    result.kept = _kept_rule(unit, runs)
    covered = 0.0
    # Sentences are judged on what ``named`` keeps of them: when it keeps nothing but
    # spaces, every one cleans to no word, and none is judged (nor covers anything).
    for piece in _pieces(rest, base) if not named.isspace() else ():
        text = named[piece.start : piece.end]
        units = _units(text)
        if units >= PIECE_MIN_UNITS:
            result.parts.append((piece, text))
            covered += 0.0 if piece.clause else units
    if covered and covered >= WHOLE_SHARE * _units(named):
        result.whole = False
    return result


def _covered(piece: Piece, runs: list[Kept]) -> bool:
    """Whether the words of a sentence are running prose copied from the source."""
    end = piece.start + len(piece.text.rstrip(_TRAILING))
    return any(r.prose and r.start <= piece.start and end <= r.end for r in runs)


@dataclass(frozen=True, slots=True)
class Found:
    """One language finding of a unit, before it becomes a finding of a file."""

    verdict: LanguageVerdict
    """What the judge concluded."""
    expected: str
    """The expected language, as the site names it."""
    offset: int | None
    """Offset in the unit's text of the sentence concerned (None: the whole unit)."""
    excerpt: str
    """The text concerned (the unit, or the sentence)."""
    message: str
    """One sentence for a person."""


def _message(what: str, verdict: LanguageVerdict, expected: str, copied: bool) -> str:
    tail = "; left as in the source" if copied else ""
    return (
        f"{what} is in '{verdict.detected}', not '{expected}' as expected "
        f"(confidence {verdict.confidence:.2f}){tail}"
    )


def judge_unit(plan_: UnitPlan, judge: Judge) -> Iterator[Found]:
    """The findings of a planned unit, from the judge's answers to its questions."""
    unit = plan_.unit
    for text, lang in plan_.declared:
        verdict = judge(text, lang.split("_")[0])
        if verdict is not None:
            yield Found(verdict, lang, None, unit.text, _message("passage", verdict, lang, False))
    if plan_.kept is not None:
        kept = list(_kept_finding(plan_, judge))
        if kept:
            yield from kept
            return
    whole = judge(plan_.reduced, plan_.base) if plan_.whole else None
    flagged: list[tuple[Piece, LanguageVerdict]] = []
    for piece, text in plan_.parts:
        if any(p.start <= piece.start and piece.end <= p.end for p, _ in flagged):
            continue  # a clause of a sentence already flagged
        verdict = judge(text, plan_.base)
        if verdict is not None:
            flagged.append((piece, verdict))
    if _mostly(plan_, flagged) or (whole is not None and not flagged):
        # One finding for a passage mostly in the wrong language, not one per sentence.
        verdict = whole or max(
            (v for _, v in flagged), key=lambda v: (v.severity.rank, v.confidence)
        )
        copied = unit.source is not None and _same(unit.text, unit.source)
        message = _message("passage", verdict, unit.expected, copied)
        yield Found(verdict, unit.expected, None, unit.text, message)
        return
    for piece, verdict in flagged:
        what = "clause" if piece.clause else "sentence"
        message = _message(what, verdict, unit.expected, _covered(piece, plan_.runs))
        yield Found(verdict, unit.expected, piece.start, piece.text, message)


def _mostly(plan_: UnitPlan, flagged: list[tuple[Piece, LanguageVerdict]]) -> bool:
    """Whether the flagged sentences make up half the passage's words or more."""
    if not flagged:
        return False
    total = measure(plan_.named).units
    part = sum(measure(plan_.named[p.start : p.end]).units for p, _ in flagged)
    return total > 0 and part * 2 >= total


def _kept_finding(plan_: UnitPlan, judge: Judge) -> Iterator[Found]:
    unit = plan_.unit
    language = unit.source_language
    if language is None:
        return
    already = judge(unit.text, language)
    if already is not None and already.detected == plan_.base:
        return  # the source itself is in the target language
    verdict = LanguageVerdict(language, 1.0, Severity.WARNING)
    message = (
        f"{plan_.kept} is left as in the source ('{language}'), "
        f"not translated into '{unit.expected}'"
    )
    yield Found(verdict, unit.expected, None, unit.text, message)


def located(found: Found, where: Location, position: Callable[[int], Location] | None) -> Location:
    """Where a unit's finding is: the unit's place, or its sentence's line and column."""
    if found.offset is None or position is None:
        return where
    return position(found.offset)
