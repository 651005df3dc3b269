"""Faults of real machines at random points of real runs: writes failed (a full disk, a
refused file) and runs stopped by SIGINT, SIGTERM or SIGHUP, over extract, update, import,
build and check. A few of each here; ``make reliability`` runs 500 and more.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from dataclasses import replace

import pytest
from reliability.crash import CrashCase, prepare
from reliability.faults import FaultTally, fail_once, fault_trials
from reliability.interrupts import StopTally, stop_trials
from reliability.profiles import is_long
from reliability.sites import scratch

COMMANDS = ["extract", "update", "import", "build", "check"]
STOPPED = COMMANDS if is_long() else ["update", "check"]
"""Commands stopped by signals (each such case is timed first, in child processes)."""
FAILED_WRITES = 40 if is_long() else 8
STOPS = 10 if is_long() else 1


@pytest.fixture(scope="module")
def cases() -> Iterator[dict[str, CrashCase]]:
    with scratch("pipeline-faults-") as work:
        yield {
            command: prepare(
                work / command, command, pages=6, paras=4, seed=5, timed=command in STOPPED
            )
            for command in COMMANDS
        }


def _clean(tally: FaultTally | StopTally) -> None:
    assert tally.problems == [], "\n".join(tally.problems[:5])


@pytest.mark.parametrize("command", COMMANDS)
def test_failed_writes_lose_nothing(cases: dict[str, CrashCase], command: str) -> None:
    tally = fault_trials(cases[command], FAILED_WRITES, seed=17)
    _clean(tally)
    assert tally.trials == FAILED_WRITES and tally.writes > 0
    assert tally.file_failures + tally.cache_failures > 0


@pytest.mark.parametrize("command", STOPPED)
def test_stop_signals_lose_nothing(cases: dict[str, CrashCase], command: str) -> None:
    tally = stop_trials(cases[command], STOPS, seed=23)
    _clean(tally)
    # Tried until STOPS runs were really stopped, at most twice as often.
    assert STOPS <= tally.trials <= 2 * STOPS
    assert tally.interrupted == STOPS or tally.trials == 2 * STOPS


def test_the_checker_sees_a_half_written_file(cases: dict[str, CrashCase]) -> None:
    """The harness itself: a case whose expected states are wrong is reported."""
    case = cases["update"]
    victim = next(rel for rel in case.new if rel.endswith(".po") and rel in case.old)
    tampered = case.old[victim] + b"# tampered\n"
    bogus = replace(case, old={**case.old, victim: tampered}, new={**case.new, victim: tampered})
    tally = FaultTally("update")
    fail_once(bogus, 1, errno.ENOSPC, tally)  # the lock cannot be made: nothing is written
    assert tally.half_written == 1 and tally.file_failures == 1
    assert any(f"half-written: {victim}" in p for p in tally.problems)
