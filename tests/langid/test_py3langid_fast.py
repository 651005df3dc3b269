"""Tests for pipeline.langid.py3langid_fast: the vectorised walk gives the library's floats."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import SHARED_DATA

from pipeline.langid import py3langid_fast
from pipeline.langid.py3langid_backend import Py3langidModel, packaged_model
from pipeline.langid.py3langid_fast import FastScorer, decide_many, dfa_depth, scorer_of

PAIRS = SHARED_DATA / "docs-fr-pairs.jsonl"
SITE = ["en", "fr"]


def _identifier() -> Any:
    model = packaged_model()
    if model is None:
        pytest.skip("py3langid is not installed")
    return model.identifier


def _scorer() -> FastScorer:
    scorer = scorer_of(_identifier())
    assert scorer is not None
    return scorer


def _same_as_library(texts: list[str], identifier: Any = None) -> None:
    identifier = identifier if identifier is not None else _identifier()
    got = decide_many(identifier, _scorer(), texts)
    assert got.shape == (len(texts), len(identifier.nb_classes))
    assert got.dtype == np.float32
    for text, row in zip(texts, got, strict=True):
        expected = identifier._decide(text)
        assert expected.dtype == row.dtype and np.array_equal(expected, row), repr(text)


def _pair_texts() -> list[str]:
    if not PAIRS.exists():
        pytest.skip(f"{PAIRS} is missing")
    texts: list[str] = []
    with PAIRS.open(encoding="utf-8") as lines:
        for line in lines:
            pair = json.loads(line)
            texts += [pair["en"], pair["fr"]]
    return texts


def test_the_dfa_is_aho_corasick_so_a_state_depends_on_the_last_depth_bytes() -> None:
    """What the vectorised walk rests on, checked transition by transition: each state
    stands for one string (its first path from state 0), and every transition goes to the
    state of the longest suffix of ``string + byte`` that is a state's string (trie edge,
    else the failure state's transition, else state 0)."""
    identifier = _identifier()
    moves = np.asarray(identifier.tk_nextmove).reshape(-1, 256)
    row_of = np.asarray(identifier._rowbase, dtype=np.intp) >> 8
    states = len(row_of)
    depth = np.full(states, -1, dtype=np.intp)
    value = np.zeros(states, dtype=np.int64)
    is_edge = np.zeros((states, 256), dtype=bool)
    depth[0], frontier, level = 0, np.zeros(1, dtype=np.intp), 0
    while len(frontier):
        targets = moves[row_of[frontier]].astype(np.intp)
        fresh = depth[targets] < 0
        source, byte = np.nonzero(fresh)
        target = targets[source, byte]
        first = np.unique(target, return_index=True)[1]
        source, byte, target = frontier[source[first]], byte[first], target[first]
        depth[target] = level + 1
        value[target] = value[source] * 256 + byte
        is_edge[source, byte] = True
        frontier, level = target, level + 1
    assert (depth >= 0).all()
    assert level - 1 == dfa_depth(np.asarray(identifier.tk_nextmove), row_of << 8) == 6
    keys = (depth.astype(np.int64) << 56) | value
    ordered = np.sort(keys)
    assert len(np.unique(ordered)) == states  # one string a state
    state_at = np.argsort(keys)

    def state_of(length: np.ndarray, string: np.ndarray) -> np.ndarray:
        key = (length.astype(np.int64) << 56) | string
        at = np.minimum(np.searchsorted(ordered, key), states - 1)
        found: np.ndarray = np.where(ordered[at] == key, state_at[at], -1)
        return found

    # The failure state: the longest proper suffix of a state's string that is a state's.
    fail = np.zeros(states, dtype=np.intp)
    todo = np.flatnonzero(depth > 0)
    best = np.full(len(todo), -1, dtype=np.intp)
    for length in range(level, -1, -1):
        proper = (depth[todo] > length) & (best < 0)
        suffix = value[todo] % (np.int64(256) ** length)
        found = state_of(np.full(len(todo), length), suffix)
        best = np.where(proper & (found >= 0), found, best)
    fail[todo] = best
    assert (best >= 0).all()
    for start in range(0, states, 8192):
        block = np.arange(start, min(start + 8192, states))
        got = moves[row_of[block]]
        edges = is_edge[block]
        expected = np.where(block[:, None] == 0, 0, moves[row_of[fail[block]]])
        assert np.array_equal(got[~edges], expected[~edges])


def test_the_scores_are_the_librarys_on_the_aligned_corpus() -> None:
    texts = _pair_texts()
    for start in range(0, len(texts), 700):
        _same_as_library(texts[start : start + 700])


@pytest.mark.parametrize(
    "texts",
    [
        [""],
        ["", "", ""],
        ["a"],
        ["é", "", "Z"],
        ["THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG. " * 10],
        ["L'ÉTÉ EST LÀ " * 40, "", "x"],
        ["lone \ud800 surrogate " * 30, "\udfff"],
        ["e\u0301" * 200, "\u212b" * 150],  # NFC changes the bytes
        ["   \n\t" * 100],
        ["!!!???" * 100, "1234567890" * 50],
        # The DFA's deepest states (6 bytes) are two-character kana n-grams.
        ["これは日本語の文章です。あります、いる、いう。" * 10, "ある" * 120],
    ],
)
def test_edge_cases_are_the_librarys(texts: list[str]) -> None:
    _same_as_library(texts)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=300),
            st.text(st.characters(codec="utf-8"), min_size=1, max_size=600),
            st.text("abcdefghijklmnopqrstuvwxyzàéèêçôœ ABCÉ.,'-", max_size=400),
            st.text(st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010), max_size=60),
            st.text(st.characters(min_codepoint=0x3000, max_codepoint=0x30FF), max_size=200),
        ),
        max_size=40,
    )
)
def test_random_batches_are_the_librarys(texts: list[str]) -> None:
    _same_as_library(texts)


def test_short_batches_are_left_to_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    identifier = _identifier()
    scorer = _scorer()
    calls: list[int] = []

    def refuse(self: FastScorer, encoded: Any) -> Any:
        calls.append(len(encoded))
        raise ZeroDivisionError

    monkeypatch.setattr(FastScorer, "visits", refuse)
    decide_many(identifier, scorer, ["le texte", "the text"])
    assert not calls
    with pytest.raises(ZeroDivisionError):
        decide_many(identifier, scorer, ["x" * py3langid_fast.SHORT_BYTES])
    assert calls == [1]


def test_long_batches_are_walked_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _pair_texts()[:300]
    sizes: list[int] = []
    visits = FastScorer.visits

    def counted(self: FastScorer, encoded: Any) -> Any:
        sizes.append(sum(len(b) for b in encoded))
        return visits(self, encoded)

    monkeypatch.setattr(FastScorer, "visits", counted)
    monkeypatch.setattr(py3langid_fast, "CHUNK_BYTES", 2000)
    _same_as_library(texts)
    assert len(sizes) > 10 and max(sizes) < 2000 + max(len(t.encode()) for t in texts)
    assert sum(sizes) == sum(len(_identifier()._encode(t)) for t in texts)


def test_restricted_identifiers_score_as_the_library() -> None:
    model = packaged_model()
    if model is None:
        pytest.skip("py3langid is not installed")
    texts = _pair_texts()[:400]
    restricted = model.restricted(["en", "fr", "de"])
    _same_as_library(texts, restricted)
    for text in texts[:60]:
        assert model.scores(text, ["en", "fr", "de"]) == {
            lang: float(score) for lang, score in restricted.rank(text)
        }
        ranked = model.identifier.rank(text)
        top = model.top(text)
        assert top is not None and top[0] == ranked[0][0]


def test_profiles_are_one_profile_a_text_as_the_library_gives_it() -> None:
    model = packaged_model()
    if model is None:
        pytest.skip("py3langid is not installed")
    identifier = model.identifier
    texts = [*_pair_texts()[:300], "", "  ", "x"]
    labels = list(identifier.nb_classes)
    for languages in (SITE, ["fr", "es", "pt", "it"]):
        for text, (scores, outside) in zip(texts, model.profiles(texts, languages), strict=True):
            if not text.strip():
                assert (scores, outside) == ({}, None)
                continue
            row = identifier._decide(text)
            assert scores == {lang: float(row[labels.index(lang)]) for lang in sorted(languages)}
            others = [
                float(v) for lang, v in zip(labels, row, strict=True) if lang not in languages
            ]
            assert outside == max(others)
            assert model.profile(text, languages) == (scores, outside)


class _Wrapped:
    """An identifier of another py3langid release: no tables this module knows."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.nb_classes = inner.nb_classes
        self.labels = inner.labels

    def _decide(self, text: str) -> Any:
        return self.inner._decide(text)


def test_another_release_is_scored_by_the_library_itself() -> None:
    identifier = _identifier()
    wrapped = _Wrapped(identifier)
    assert scorer_of(wrapped) is None
    model = Py3langidModel.of(wrapped)
    texts = _pair_texts()[:50]
    expected = Py3langidModel.of(identifier).profiles(texts, SITE)
    assert model.profiles(texts, SITE) == expected


def test_the_model_walks_a_batch_once(monkeypatch: pytest.MonkeyPatch) -> None:
    model = packaged_model()
    if model is None:
        pytest.skip("py3langid is not installed")
    texts = _pair_texts()[:200]
    expected = model.profiles(texts, SITE)
    batches: list[int] = []
    visits = FastScorer.visits

    def counted(self: FastScorer, encoded: Any) -> Any:
        batches.append(len(encoded))
        return visits(self, encoded)

    monkeypatch.setattr(FastScorer, "visits", counted)
    assert model.profiles(texts, SITE) == expected
    assert batches == [200]


def test_combined_opinions_walk_the_model_once_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.langid.combined import CombinedDetector

    model = packaged_model()
    if model is None:
        pytest.skip("py3langid is not installed")
    texts = _pair_texts()[:40]
    detector = CombinedDetector(py3langid=model)
    batches: list[int] = []
    profiles: list[Any] = []
    visits, profile = FastScorer.visits, Py3langidModel.profile

    def counted(self: FastScorer, encoded: Any) -> Any:
        batches.append(len(encoded))
        return visits(self, encoded)

    def recorded(self: Py3langidModel, text: str, languages: Any) -> Any:
        profiles.append(profile(self, text, languages))
        return profiles[-1]

    monkeypatch.setattr(FastScorer, "visits", counted)
    monkeypatch.setattr(Py3langidModel, "profile", recorded)
    detector.opinions(texts, "en", SITE)
    assert batches == [len(set(texts))]
    walked = profiles[:]
    assert len(walked) == len(texts)
    profiles.clear()
    monkeypatch.setattr(Py3langidModel, "prefetch", lambda self, texts: None)
    CombinedDetector(py3langid=Py3langidModel.of(model.identifier)).opinions(texts, "en", SITE)
    assert all(size == 1 for size in batches[1:])  # one text at a time
    assert profiles == walked


def _depth_following_every_row(nextmove: Any, rowbase: Any) -> int:
    """dfa_depth as it was first written (every row of the frontier followed at each step):
    the reference for the one that follows each row once."""
    table = nextmove.reshape(-1, 256)
    row_of = rowbase >> 8
    seen = np.zeros(len(rowbase), dtype=bool)
    seen[0] = True
    frontier = np.zeros(1, dtype=np.intp)
    depth = 0
    while True:
        marked = np.zeros(len(rowbase), dtype=bool)
        marked[table[np.unique(row_of[frontier])]] = True
        frontier = np.flatnonzero(marked & ~seen)
        if not len(frontier):
            return depth
        seen[frontier] = True
        depth += 1


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=40).flatmap(
        lambda states: st.tuples(
            st.lists(
                st.integers(min_value=0, max_value=states - 1),
                min_size=states,
                max_size=states,
            ),
            st.lists(
                st.lists(st.integers(min_value=0, max_value=states - 1), min_size=1, max_size=6),
                min_size=1,
                max_size=states,
            ),
        )
    )
)
def test_dfa_depth_is_the_breadth_first_depth(shape: tuple[list[int], list[list[int]]]) -> None:
    """Random automata, rows of transitions shared between states (as py3langid's are)."""
    row_choice, rows = shape
    states = len(row_choice)
    table = np.array(
        [[targets[b % len(targets)] for b in range(256)] for targets in rows], dtype=np.uint32
    )
    rowbase = np.array([(r % len(rows)) << 8 for r in row_choice], dtype=np.intp)
    assert table.max() < states
    nextmove = table.reshape(-1)
    assert dfa_depth(nextmove, rowbase) == _depth_following_every_row(nextmove, rowbase)
