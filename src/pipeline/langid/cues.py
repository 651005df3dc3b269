"""Typographic evidence of a language, for texts too short for statistical detection.

Some marks are nearly certain signs of one language against another: French sets a
no-break space before ``:;!?`` (``Code source :``), where English sets none
(``Source code:``); French accents (``é``, ``à``, ``ç``) are rare in English. They survive
even when code and markup leave almost no words to detect (``Py_Free()`` followed by a
no-break space and ``;`` is French typesetting).

Each language has a table of :class:`Cue` s; a cue is evidence *for* its language, counted
at most :data:`MAX_COUNT` times, in the log-odds units of
:data:`pipeline.langid.combined.WEIGHTS`. Tables were measured against each other (English
against French, on 8,000 aligned units of the Python documentation: every cue kept fires in
at most 1 text of the other language for 20 of its own), so evidence is only given for a pair
of languages that both have a table (:func:`cue_evidence`). Only precise cues are listed:
ones that also fire often in the other language (a plain space before ``?``) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cue:
    """One typographic sign of a language."""

    name: str
    """Short name (for tests and reports)."""
    pattern: re.Pattern[str]
    """Where the sign occurs in the text (code spans already replaced)."""
    weight: float
    """Evidence per occurrence, in log-odds units."""


MAX_COUNT = 2
"""Occurrences counted per cue: repetition of one sign adds little."""

_CODE = re.compile(r":[\w.+-]+(?::[\w.+-]+)*:(`+)(?!\1).+?\1_{0,2}|(`+)(?!\2).+?\2_{0,2}", re.S)
"""Inline code and reST roles; replaced by a placeholder word so that the punctuation after
them keeps its left neighbour (``Py_Free()`` NBSP ``;``). (A role, then code, or code
alone: each alternative starts with its character, which the scan looks for. Only the
first character of the code needs to be asked whether the closing backticks start there:
the shortest match stops at the first place they do.)"""

CUES: Mapping[str, tuple[Cue, ...]] = {
    "fr": (
        Cue(
            "nbsp-before-punctuation",
            re.compile(r"[\u00a0\u202f](?<=\S[\u00a0\u202f])[:;!?»]|«[\u00a0\u202f]"),
            2.0,
        ),
        Cue(
            "space-before-punctuation",
            re.compile(r"[ ](?<=[^\W\d_][ ])[:;!?](?=\s|$|[*)])"),
            0.8,
        ),
        Cue("accented-letter", re.compile(r"[éèêàçùâîôûœ]"), 0.3),
    ),
    "en": (Cue("colon-after-word", re.compile(r"[:!?](?<=[^\W\d_][:!?])(?=\s|$|[*)])"), 2.5),),
}
"""Cue tables per language (ISO 639-1). A pattern starts with the character it is about
(what comes before it is looked behind at afterwards): scanning for that character first is
several times faster than asking what precedes every character of a text."""


def cue_counts(text: str, language: str) -> dict[str, int]:
    """How often each cue of ``language`` occurs in ``text`` (raw text, capped)."""
    plain = _CODE.sub("X", text)
    return {
        cue.name: min(MAX_COUNT, len(cue.pattern.findall(plain))) for cue in CUES.get(language, ())
    }


def _evidence(plain: str, language: str) -> float:
    return sum(
        cue.weight * min(MAX_COUNT, len(cue.pattern.findall(plain)))
        for cue in CUES.get(language, ())
    )


def language_evidence(text: str, language: str) -> float:
    """Total cue evidence for ``language`` in ``text`` (0 without a table)."""
    return _evidence(_CODE.sub("X", text) if "`" in text else text, language)


def cue_evidence(text: str, language: str, against: str) -> float:
    """Log-odds evidence that ``text`` is in ``language`` rather than ``against``.

    0 unless both languages have a cue table (cues were only measured between those).
    """
    if language not in CUES or against not in CUES:
        return 0.0
    plain = _CODE.sub("X", text) if "`" in text else text
    return _evidence(plain, language) - _evidence(plain, against)
