"""``pieces`` against the implementation it replaced (kept here as the reference), on the
aligned corpus ``../shared/data/docs-fr-pairs.jsonl``, on every msgstr and msgid of the real
python-docs-fr catalogues (read only) and on passages built to reach each shortcut."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

import polib
import pytest

from pipeline.langid import sentences as new
from pipeline.langid.scripts import measure
from pipeline.langid.sentences import (
    _ANY_STOP,
    _CLAUSE,
    _DOT_WORD,
    _MASKS,
    _MISSED_END,
    _MISSED_SPACED,
    _OPENING,
    CLAUSE_MIN_UNITS,
    CLAUSE_UNITS,
    _boundaries,
    _language,
    _mask_pattern,
    _script_near,
    _trimmed,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
PAIRS = DATA / "docs-fr-pairs.jsonl"
PYTHON_DOCS = DATA / "real" / "python-docs-fr"

Parts = list[tuple[int, int, str, bool]]


# The reference: sentences.py before the speed change (main 78a5bdc), private helpers that
# did not change are imported above.
def _old_mask_of(text: str) -> re.Pattern[str] | None:
    dot_word = _DOT_WORD.search(text) is not None
    kept = tuple(
        dot_word if need == ".w" else need in text or (need == "://" and "www." in text)
        for _, need in _MASKS
    )
    return _mask_pattern(kept)


def _old_masked(text: str) -> str:
    pattern = _old_mask_of(text)
    if pattern is None:
        return text
    return pattern.sub(lambda m: "x" * len(m.group(0)), text)


def _old_more_cuts(masked: str, start: int, end: int) -> list[int]:
    cuts: list[int] = []
    spaced = not any(stop in masked for stop in "。！？")
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


def _old_sentences(text: str, language: str) -> list[new.Piece]:
    if not text.strip():
        return []
    masked = _old_masked(text)
    out: list[new.Piece] = []
    begin = 0
    for stop in _boundaries(_language(language), masked):
        for cut in [*_old_more_cuts(masked, begin, stop), stop]:
            piece = _trimmed(text, begin, cut)
            if piece is not None:
                out.append(piece)
            begin = cut
    piece = _trimmed(text, begin, len(text))
    if piece is not None:
        out.append(piece)
    return out


def _old_clauses(text: str, sentence: new.Piece) -> list[new.Piece]:
    if len(sentence.text) < 2 * CLAUSE_MIN_UNITS - 1:
        return []
    if measure(sentence.text).units < CLAUSE_MIN_UNITS:
        return []
    masked = _old_masked(sentence.text)
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
    out: list[new.Piece] = []
    for begin, stop in pieces:
        piece = _trimmed(text, sentence.start + begin, sentence.start + stop, clause=True)
        if piece is not None:
            out.append(piece)
    return out


def _old_pieces(text: str, language: str) -> list[new.Piece]:
    if not _ANY_STOP.search(text.rstrip()):
        return []
    found = _old_sentences(text, language)
    out: list[new.Piece] = []
    for sentence in found:
        if len(found) > 1:
            out.append(sentence)
        out.extend(_old_clauses(text, sentence))
    return out


def _parts(found: list[new.Piece]) -> Parts:
    return [(p.start, p.end, p.text, p.clause) for p in found]


def _assert_same(texts: list[tuple[str, str]]) -> int:
    """Compare the two on every (text, language); the number of passages cut in pieces."""
    cut = 0
    for text, language in texts:
        expected = _parts(_old_pieces(text, language))
        assert _parts(new.pieces(text, language)) == expected, (language, text)
        assert _parts(new.sentences(text, language)) == _parts(_old_sentences(text, language))
        cut += bool(expected)
    return cut


BUILT = [
    # long sentences whose only colons are in reST roles (no clause), or also outside them
    "La fonction :func:`os.path.join` renvoie le chemin complet construit à partir des "
    "arguments donnés par l'appelant, un par un et dans l'ordre.",
    "La fonction :func:`os.path.join` renvoie le chemin complet construit à partir des "
    "arguments donnés par l'appelant : un par un et dans l'ordre, sans en oublier aucun.",
    "Cette longue phrase sans aucune ponctuation intérieure continue encore et encore — "
    "puis elle change de sujet après un tiret cadratin et continue longtemps encore.",
    "Cette longue phrase sans aucune ponctuation intérieure continue encore et encore—"
    "collée au tiret, elle ne se coupe pas là et continue longtemps encore après.",
    "この関数は与えられた引数からパスを組み立てて返します：引数は一つずつ順番に処理されます"
    "ので、呼び出し側は順番に注意してください；さもないと結果が変わります。",
    "Voir `a; b: c` et :ref:`x; y: z` dans une phrase assez longue pour être mesurée, "
    "mesurée et encore mesurée jusqu'à plus de trente mots en tout, ce qui fait beaucoup.",
    "First: a. Second; b. Third — c. 最初の文です。次の文：です。",
]


def test_pieces_match_the_reference_on_built_passages() -> None:
    texts = [(t, lang) for t in BUILT for lang in ("fr", "en", "ja", "el", "hy", "de")]
    assert _assert_same(texts) > 0


@pytest.mark.skipif(not PAIRS.is_file(), reason="../shared/data/docs-fr-pairs.jsonl is absent")
def test_pieces_match_the_reference_on_the_aligned_corpus() -> None:
    texts: list[tuple[str, str]] = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for language in ("fr", "en"):
            texts.extend([(pair["fr"], language), (pair["en"], language)])
    assert len(texts) >= 30_000
    assert _assert_same(texts) > 5_000


@pytest.mark.skipif(not PYTHON_DOCS.is_dir(), reason="../shared/data/real is absent")
def test_pieces_match_the_reference_on_every_python_docs_fr_message() -> None:
    texts: list[tuple[str, str]] = []
    for path in sorted(PYTHON_DOCS.rglob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr:
                texts.extend([(entry.msgstr, "fr"), (entry.msgid, "en")])
    assert len(texts) >= 60_000
    assert _assert_same(texts) > 10_000


# Random long passages of the characters clause marks are made of, inside and outside code
# and roles: a sentence whose marks all sit where no clause is cut gives no clause.
_CLAUSE_ALPHABET = [
    *["mot ", "phrase ", "encore ", "x", ":", ";", " : ", "; ", " — ", "—", " – ", "：", "；"],
    *[":func:`a;b`", "``c: d``", ":ref:`e — f`", "`g; h`", ". ", "\n", "\u00a0"],
]


def test_pieces_match_the_reference_on_random_clause_marks() -> None:
    rng = random.Random(16)
    texts = [
        ("".join(rng.choices(_CLAUSE_ALPHABET, k=rng.randint(20, 80))), language)
        for _ in range(3_000)
        for language in ("fr",)
    ]
    assert _assert_same(texts) > 500
