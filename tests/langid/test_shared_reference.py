"""The kept runs against the implementation they replaced (kept here as the reference: the
source's words read after the translation's, even for a source without words, and the term
test an ``any`` over a generator), on the aligned corpus ``../shared/data/docs-fr-pairs.jsonl``
and on random pairs of the characters words, apostrophes and gaps are made of."""

from __future__ import annotations

import json
import random
import re
from itertools import accumulate, compress
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.langid import shared
from pipeline.langid.shared import PROSE_WORDS, Kept, is_prose, kept_runs

PAIRS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "docs-fr-pairs.jsonl"

_OLD_SPLIT = re.compile(f"({shared._TOKEN.pattern})")


def _old_kept_runs(translation: str, source: str) -> list[Kept]:
    parts = _OLD_SPLIT.split(translation)
    words = parts[1::2]
    keys = list(map(shared._KEYS.__getitem__, words))
    theirs, known = shared._words(source)
    common = known.intersection(keys)
    if not common:
        return []
    where = shared._positions(source, theirs, common)
    edges = list(accumulate(map(len, parts), initial=0))
    runs: list[Kept] = []
    i = 0
    for at in compress(range(len(keys)), map(common.__contains__, keys)):
        if at < i:
            continue
        best = shared._longest(keys, at, theirs, where[keys[at]])
        if any(len(w) >= 5 or not w.isalpha() or w[0].isupper() for w in words[at : at + best]):
            start, end = edges[2 * at + 1], edges[2 * (at + best)]
            prose = best >= PROSE_WORDS and is_prose(translation[start:end])
            runs.append(Kept(start, end, prose))
        i = at + best
    if any(r.prose for r in runs):
        boxes = shared._enclosed(translation)
        runs = [
            Kept(r.start, r.end, False)
            if r.prose and any(a <= r.start and r.end <= b for a, b in boxes)
            else r
            for r in runs
        ]
    return runs


@pytest.mark.skipif(not PAIRS.is_file(), reason="../shared/data/docs-fr-pairs.jsonl is absent")
def test_kept_runs_match_the_reference_on_the_aligned_corpus() -> None:
    found = 0
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for translation, source in ((pair["fr"], pair["en"]), (pair["en"], pair["en"])):
            runs = kept_runs(translation, source)
            assert runs == _old_kept_runs(translation, source), (translation, source)
            found += len(runs)
    assert found > 10_000


# Words that recur (so that runs form), apostrophes of both kinds inside, before and after
# words, doubled, underscores, digits, accents, a letter outside Latin-1, gaps of every kind.
_PIECES = [
    *["the", "file", "Name", "names", "l", "exemple", "Python", "s", "x", "é", "œuvre"],
    *["'", "’", "''", "_", "7", "-", " ", "  ", ", ", ". ", "\u00a0", "\n", "*", "`", "«"],
]


def test_kept_runs_match_the_reference_on_random_pairs() -> None:
    rng = random.Random(7)
    found = 0
    for _ in range(20_000):
        translation = "".join(rng.choices(_PIECES, k=rng.randint(0, 30)))
        source = "".join(rng.choices(_PIECES, k=rng.randint(0, 30)))
        runs = kept_runs(translation, source)
        assert runs == _old_kept_runs(translation, source), (translation, source)
        found += len(runs)
    assert found > 2_000


@settings(max_examples=500)
@given(st.text(max_size=40), st.text(max_size=40))
def test_kept_runs_match_the_reference_on_any_text(translation: str, source: str) -> None:
    assert kept_runs(translation, source) == _old_kept_runs(translation, source)
    assert kept_runs(translation, translation) == _old_kept_runs(translation, translation)
