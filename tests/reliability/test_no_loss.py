"""No translation is ever lost across random source edits between extract/update runs."""

from __future__ import annotations

from hypothesis import given
from reliability.edits import Edit, Model, Stats, run_sequence, sequences
from reliability.profiles import profile
from reliability.sites import scratch


@profile(short=30, long=1000)
@given(sequences)
def test_edit_sequences_lose_nothing(case: tuple[Model, list[Edit]]) -> None:
    model, steps = case
    stats = Stats()
    with scratch() as site:
        run_sequence(model, steps, site, stats)
    assert stats.sequences == 1
