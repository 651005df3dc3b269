"""py3langid's scores for many texts at once, with numpy, bit for bit the library's own.

py3langid (``LanguageIdentifier._decide``) walks a DFA over a text's UTF-8 bytes in a Python
loop, once a byte, counts the n-gram features the states it visits output (a ``Counter``, in
order of first appearance), then sums ``log1p(count) @ nb_ptc[features] + nb_pc``. Here the
walk is done for a whole batch of texts in a few numpy steps, and the sum is the library's
own expression on the same arrays, so every float is the one the library gives.

Why the walk can be vectorised: langid's DFA is an Aho-Corasick automaton over byte n-grams
(its trainer builds one). The state after reading a text then stands for the longest suffix
of the text that is an n-gram prefix of the model, at most ``depth`` bytes long (the deepest
state): it depends on the last ``depth`` bytes only, and walking from state 0 over those
bytes alone reaches it. So ``depth`` vectorised steps over every byte of the batch give every
state (a byte whose window would start before its text's first byte starts at state 0 from
that first byte, which is exactly the library's walk). ``tests/langid/test_py3langid_fast.py``
checks the Aho-Corasick property on the installed model transition by transition, and these
scores against ``_decide`` on many texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from itertools import pairwise
from typing import Any

SHORT_BYTES = 400
"""Below this many bytes in a batch, the library's own ``_decide`` (a Python loop, one step
a byte) costs less than the numpy steps' fixed cost."""


CHUNK_BYTES = 1 << 16
"""At most about this many bytes are walked at once (the walk's arrays take some 60 bytes a
byte)."""


class FastScorer:
    """The tables of a py3langid identifier as numpy arrays, and the depth of its DFA."""

    __slots__ = ("depth", "nextmove", "output", "rowbase")

    def __init__(self, identifier: Any) -> None:
        import numpy as np

        self.nextmove: Any = np.asarray(identifier.tk_nextmove)
        """The DFA's transitions (row base + byte -> state)."""
        self.rowbase: Any = np.asarray(identifier._rowbase, dtype=np.intp)
        """Offset of each state's row of transitions in :attr:`nextmove`."""
        self.output: Any = np.asarray(identifier.tk_output, dtype=np.intp)
        """The feature each state outputs (negative: none)."""
        self.depth = dfa_depth(self.nextmove, self.rowbase)
        """The length of the longest path from state 0 to a state (first reached)."""

    def states(self, data: Any, local: Any) -> Any:
        """The DFA state after each byte of ``data`` (uint8), each text walked from state 0
        at its first byte (``local``: each byte's offset in its text)."""
        import numpy as np

        size = len(data)
        state = np.zeros(size, dtype=np.intp)
        for back in range(self.depth - 1, -1, -1):
            if back >= size:
                continue
            if back:
                moved = self.nextmove[self.rowbase[state[back:]] + data[:-back]]
                state[back:] = np.where(local[back:] >= back, moved, 0)
            else:
                state = self.nextmove[self.rowbase[state] + data].astype(np.intp)
        return state

    def visits(self, encoded: Sequence[bytes]) -> tuple[Any, Any, Any]:
        """The features each encoded text's walk outputs, each text's in order of first
        appearance (the order of the library's ``visit_counts`` Counter), their counts
        (float32) and where each text's run of them starts and ends (``len(encoded) + 1``
        bounds)."""
        import numpy as np

        lengths = np.fromiter((len(b) for b in encoded), dtype=np.intp, count=len(encoded))
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        starts = np.cumsum(lengths) - lengths
        owner = np.repeat(np.arange(len(encoded), dtype=np.intp), lengths)
        local = np.arange(len(data), dtype=np.intp) - starts[owner]
        features = self.output[self.states(data, local)]
        kept = np.flatnonzero(features >= 0)
        size = max(len(kept), 1)
        # One key per (text, feature), the position of each visit in its low digits: sorted,
        # each key's run starts at its first visit.
        keys = owner[kept] * len(self.rowbase) + features[kept]
        ordered = np.sort(keys * size + np.arange(len(kept), dtype=np.intp))
        key = ordered // size
        head = np.flatnonzero(np.diff(key, prepend=-1))
        counts = np.diff(head, append=len(key))
        # Texts are consecutive, so ordering the keys by first visit orders them by text,
        # then as the Counter does.
        first = ordered[head] - key[head] * size
        group_at = np.zeros(size, dtype=np.intp)
        group_at[first] = np.arange(len(head), dtype=np.intp)
        is_first = np.zeros(size, dtype=bool)
        is_first[first] = True
        order = group_at[np.flatnonzero(is_first)]
        key, counts = key[head][order], counts[order].astype(np.float32)
        text_of = key // len(self.rowbase)
        bounds = np.searchsorted(text_of, np.arange(len(encoded) + 1, dtype=np.intp))
        return key - text_of * len(self.rowbase), counts, bounds


def dfa_depth(nextmove: Any, rowbase: Any) -> int:
    """How many steps from state 0 the farthest state is (breadth first)."""
    import numpy as np

    table = nextmove.reshape(-1, 256)
    row_of = rowbase >> 8
    seen = np.zeros(len(rowbase), dtype=bool)
    seen[0] = True
    # States share rows of transitions: once a row is followed, every state it leads to is
    # seen (at that step), so following it again from a later step finds no new state.
    followed = np.zeros(len(table), dtype=bool)
    frontier = np.zeros(1, dtype=np.intp)
    depth = 0
    while True:
        rows = np.unique(row_of[frontier])
        rows = rows[~followed[rows]]
        followed[rows] = True
        marked = np.zeros(len(rowbase), dtype=bool)
        marked[table[rows]] = True
        frontier = np.flatnonzero(marked & ~seen)
        if not len(frontier):
            return depth
        seen[frontier] = True
        depth += 1


def scorer_of(identifier: Any) -> FastScorer | None:
    """The fast scorer of ``identifier``, or None when it is not a py3langid release whose
    tables and score this module knows (the caller then asks the library itself)."""
    needed = ("tk_nextmove", "_rowbase", "tk_output", "nb_ptc", "nb_pc", "nb_classes")
    if not all(hasattr(identifier, name) for name in needed):
        return None
    if getattr(identifier, "_norm_probs", True) or not hasattr(identifier, "_alias_pairs"):
        return None
    if not callable(getattr(identifier, "_encode", None)):
        return None
    return FastScorer(identifier)


def decide_many(identifier: Any, scorer: FastScorer, texts: Sequence[str]) -> Any:
    """``identifier._decide(text)`` for each of ``texts``, as the rows of one float32 array
    (bit for bit the library's), the DFA walked for all texts at once."""
    import numpy as np

    encoded = [identifier._encode(t) for t in texts]
    if sum(len(b) for b in encoded) < SHORT_BYTES:
        if not texts:
            return np.zeros((0, len(identifier.nb_classes)), dtype=np.float32)
        return np.stack([identifier._decide(t) for t in texts])
    # Walked in chunks of about CHUNK_BYTES: a text's scores do not depend on its batch.
    parts: list[Any] = []
    start = size = 0
    for end, data in enumerate(encoded, 1):
        size += len(data)
        if size >= CHUNK_BYTES or end == len(encoded):
            parts.append(_scored(identifier, scorer, encoded[start:end]))
            start, size = end, 0
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _scored(identifier: Any, scorer: FastScorer, encoded: Sequence[bytes]) -> Any:
    """:func:`decide_many` of texts encoded already, walked at once."""
    import numpy as np

    floor = import_module("py3langid.langid").RAW_FLOOR
    table, width = identifier.nb_ptc, len(identifier.nb_classes)
    features, counts, bounds = scorer.visits(encoded)
    # log1p and the prior's addition are elementwise (each value rounded alone), so doing
    # them for the whole batch gives each text's values; the product is the library's own
    # (``_sparse_score``), one text at a time, on arrays of the same values and shapes.
    logs = np.log1p(counts)
    rows = []
    empty = np.full(width, floor, dtype=np.float32)
    limits = bounds.tolist()
    # ``take`` gathers the same rows as the library's ``table[idx]`` into the same fresh
    # array (same values, shape and layout), at less cost a call.
    take = table.take
    for low, high in pairwise(limits):
        if high > low:
            rows.append(logs[low:high] @ take(features[low:high], axis=0))
        else:
            rows.append(empty)
    scores = np.stack(rows)
    found = bounds[1:] > bounds[:-1]
    scores[found] += identifier.nb_pc
    for i, j in identifier._alias_pairs:
        # The library's max(scores[i], scores[j]): the second only when strictly greater.
        scores[:, i] = np.where(scores[:, j] > scores[:, i], scores[:, j], scores[:, i])
        scores[:, j] = floor
    return scores


__all__ = ["CHUNK_BYTES", "SHORT_BYTES", "FastScorer", "decide_many", "dfa_depth", "scorer_of"]
