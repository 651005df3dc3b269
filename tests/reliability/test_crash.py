"""SIGKILL at random points of real runs: outputs are old or new, never half-written.

A few seeded kill points per command here; ``make reliability`` runs 1,000 or more.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability.crash import build_available, kill_points, prepare
from reliability.profiles import is_long
from reliability.sites import scratch

KILLS = 40 if is_long() else 4
BUILD_KILLS = 10 if is_long() else 2


@pytest.mark.parametrize("command", ["update", "extract", "build"])
def test_kill_points(command: str) -> None:
    if command == "build" and not build_available():
        pytest.skip("'pipeline build' does not exist yet (No module named pipeline.tasks.build)")
    with scratch("pipeline-kill-") as work:
        small = command == "build"  # build loads the language models: keep it short
        case = prepare(work, command, pages=8 if small else 30, paras=12, seed=7)
        count = BUILD_KILLS if small else KILLS
        results = kill_points(case, count, seed=11)
    assert len(results) == count
    assert any(r.killed for r in results)


def test_half_written_file_is_detected(tmp_path: Path) -> None:
    """The checker itself: a truncated catalogue is reported."""
    from reliability.crash import CrashCase, kill_once

    with scratch("pipeline-kill-") as work:
        case = prepare(work, "update", pages=3, paras=3, seed=1)
        victim = next(
            rel
            for rel in case.new
            if rel.endswith(".po") and rel in case.old and case.new[rel] != case.old[rel]
        )
        bogus = CrashCase(
            case.command,
            case.pristine,
            case.site,
            {**case.old, victim: case.old[victim][:10]},
            {**case.new, victim: case.new[victim][:10]},
            case.duration,
        )
        with pytest.raises(AssertionError, match=r"half-written|differs"):
            kill_once(bogus, 0.0)
    del tmp_path
