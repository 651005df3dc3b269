"""Writes failed at random points: a full disk (ENOSPC, EDQUOT) or a refused file (EACCES).

A site is brought to a state where the command has work to do (``old``); a complete run
gives ``new`` (the same cases as the kill points, :mod:`reliability.crash`). A run of the
command, in this process, first counts its write operations (every one passes a fault point
of :mod:`pipeline.fsio`: file creation, data, flush, rename, removal, folder creation, the
lock file, the cache's database and files, the decompressed models). Then each trial
restores the old state and makes the N-th write fail, N drawn at random: a full disk stays
full (every later write fails too), a refused file refuses once.

Each trial must give: no exception out of ``main`` and no traceback; exit status 2 with a
last stderr line naming the file that could not be written (saying the disk is full for
ENOSPC and EDQUOT), or, when only the cache failed, the normal status and one line saying
the cache is not used; every watched file in its old or new state; no temporary file and no
lock file left; every translation of the old catalogues still there; and the next run,
without faults, gives exactly the new state.
"""

from __future__ import annotations

import errno
import io
import random
import re
import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.cli import main
from pipeline.fsio import FaultPlan, injected_faults
from reliability.crash import COMMANDS, CrashCase, watched
from reliability.sites import translations, translations_in

ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EACCES)
"""The failures drawn: a full disk, a full quota, a refused file."""

CACHE_MARKS = (".pipeline-cache", "pipeline-cache-scratch")
"""A failed write whose path holds one of these was the cache's (or the models')."""

_NAMED = re.compile(r"^pipeline: (?P<path>[^\n:]+): (?P<message>[^\n]+)$")


@dataclass(slots=True)
class FaultTally:
    """Figures of the failed-write trials of one command."""

    command: str
    trials: int = 0
    """Runs with one write made to fail."""
    writes: int = 0
    """Write operations a complete run makes (the points drawn from)."""
    file_failures: int = 0
    """Trials where a file of the site could not be written: exit 2 naming it."""
    cache_failures: int = 0
    """Trials where only the cache failed: the run went on without it."""
    half_written: int = 0
    temps_left: int = 0
    locks_left: int = 0
    lost: int = 0
    """Translations of the old catalogues missing after a trial."""
    tracebacks: int = 0
    by_error: dict[str, int] = field(default_factory=dict)
    """Trials per error drawn (``ENOSPC``...)."""
    problems: list[str] = field(default_factory=list)


def run_in_process(site: Path, command: str) -> tuple[int, str, str | None]:
    """``pipeline -C site -j 1 COMMAND`` here: (status, stderr, traceback or None). Not
    quiet: the line saying the cache is not used must show."""
    line = COMMANDS.get(command, command).format(site=site).split()
    err = io.StringIO()
    try:
        status = main(["-C", str(site), "-j", "1", *line], stdout=io.StringIO(), stderr=err)
    except BaseException:
        return -1, err.getvalue(), traceback.format_exc()
    return status, err.getvalue(), None


def count_writes(case: CrashCase) -> int:
    """Write operations a complete run of the case's command makes."""
    _restore(case)
    with injected_faults(FaultPlan(None)) as plan:
        status, err, crash = run_in_process(case.site, case.command)
    if crash is not None or status not in (0, 1):
        raise AssertionError(f"{case.command} fails without faults ({status}): {err}{crash}")
    return plan.seen


def _restore(case: CrashCase) -> None:
    if case.site.exists():
        shutil.rmtree(case.site)
    shutil.copytree(case.pristine, case.site, symlinks=True)


def _leftovers(site: Path) -> tuple[list[str], bool]:
    """Temporary files anywhere in the site (the cache folder included), and whether the
    lock file is there."""
    temps = [
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.name.startswith(".") and p.name.endswith(".tmp")
    ]
    return temps, (site / ".pipeline.lock").exists()


def fail_once(case: CrashCase, at: int, error: int, tally: FaultTally) -> None:
    """One trial; every fault found is counted in ``tally`` (with a line in problems)."""
    _restore(case)
    # What a complete run keeps must survive (a complete import may replace a fuzzy
    # suggestion with the page's translation: that is no loss).
    kept = translations_in(case.old) & translations_in(case.new)
    plan = FaultPlan(at, error, sticky=error != errno.EACCES)
    with injected_faults(plan):
        status, err, crash = run_in_process(case.site, case.command)
    tally.trials += 1
    name = errno.errorcode[error]
    tally.by_error[name] = tally.by_error.get(name, 0) + 1
    where = f"{case.command} @ write {at} ({errno.errorcode[error]}, {plan.failed[:1]})"

    def problem(kind: str, text: str) -> None:
        tally.problems.append(f"{where}: {kind}: {text}")

    if crash is not None or "Traceback" in err:
        tally.tracebacks += 1
        problem("traceback", (crash or err)[-2000:])
        return
    for kind, text in _judge_status(plan, status, err, error, tally):
        problem(kind, text)
    state = watched(case.site)
    for rel, data in state.items():
        if data != case.old.get(rel) and data != case.new.get(rel):
            tally.half_written += 1
            problem("half-written", rel)
    temps, locked = _leftovers(case.site)
    tally.temps_left += len(temps)
    tally.locks_left += locked
    if temps or locked:
        problem("left behind", f"{temps[:3]} lock={locked}")
    missing = kept - translations(case.site)
    tally.lost += len(missing)
    if missing:
        problem("translations lost", repr(sorted(missing)[:3]))
    status, err, crash = run_in_process(case.site, case.command)
    if crash is not None or status not in (0, 1) or watched(case.site) != case.new:
        problem("the next run", f"status {status}: {err[-300:]} {crash or ''}")


def _judge_status(
    plan: FaultPlan, status: int, err: str, error: int, tally: FaultTally
) -> list[tuple[str, str]]:
    """What is wrong with the exit status and message of a faulted run (kind, text)."""
    lines = err.splitlines()
    if not plan.failed:
        return [] if status in (0, 1) else [("failed with no fault", err[-300:])]
    paths = [failed.split(" ", 1)[1] for failed in plan.failed]
    if all(any(mark in path for mark in CACHE_MARKS) for path in paths):
        tally.cache_failures += 1
        if status not in (0, 1):
            return [("status", f"{status} after a cache failure: {err[-300:]}")]
        if not any("cache not used for this run" in line for line in lines):
            return [("cache failure not said", err[-300:])]
        return []
    tally.file_failures += 1
    if status != 2 or not lines:
        return [("status", f"{status}, expected 2: {err[-300:]}")]
    found: list[tuple[str, str]] = []
    match = _NAMED.match(lines[-1])
    named = match.group("path") if match is not None else None
    if named is None or not any(path.endswith(named) for path in paths):
        found.append(("message does not name the file", f"{lines[-1]!r} for {paths[:3]}"))
    if error in (errno.ENOSPC, errno.EDQUOT) and "disk is full" not in lines[-1]:
        found.append(("message does not say the disk is full", lines[-1]))
    return found


def fault_trials(case: CrashCase, count: int, seed: int) -> FaultTally:
    """``count`` trials of ``case`` at seeded random write points and errors."""
    tally = FaultTally(case.command)
    tally.writes = count_writes(case)
    rng = random.Random(seed)
    for _ in range(count):
        fail_once(case, rng.randint(1, tally.writes), rng.choice(ERRORS), tally)
    return tally
