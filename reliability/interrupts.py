"""Runs stopped at random points by SIGINT, SIGTERM or SIGHUP.

Each trial restores the old state of a case (:mod:`reliability.crash`), starts
``python -m pipeline COMMAND`` in a session of its own with its output on pipes, sends one
stop signal after a seeded random delay (SIGINT and SIGHUP to the whole process group, as a
terminal does; SIGTERM to the main process only, as ``timeout`` and CI runners do), and
then requires, from the moment of the signal:

- within :data:`LIMIT` seconds: the main process has exited, no process of the session is
  left (workers and the fork server included; zombies waiting for the init process to reap
  them are dead and not counted), and both output pipes are closed;
- exit status 128 + the signal (or a normal status when the run had ended first);
- stderr: one line saying the run was interrupted and what it had finished; no traceback,
  no leaked semaphore;
- every watched file in its old or new state, no temporary file, no lock file;
- the next run (without a signal) gives exactly the new state.

The interpreter's own start-up (tens of milliseconds, before any code of pipeline runs)
is not drawn from: a SIGINT then is Python's to handle, not pipeline's.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import selectors
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from reliability.crash import CrashCase, child_command, child_env, watched
from reliability.faults import run_in_process

LIMIT = 2.0
"""Seconds a run may take to stop, every process and pipe included."""

START = 0.1
"""Least delay drawn: the interpreter's start-up runs no code of pipeline."""

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

_STOPPED = re.compile(r"^pipeline: [\w ]+: interrupted by SIG(INT|TERM|HUP); .+$")


@dataclass(slots=True)
class StopTally:
    """Figures of the interrupted runs of one command."""

    command: str
    trials: int = 0
    interrupted: int = 0
    """Runs the signal stopped (the others had ended before it came)."""
    with_workers: int = 0
    """Runs stopped while worker processes of theirs were alive."""
    by_signal: dict[str, int] = field(default_factory=dict)
    slowest: float = 0.0
    """Longest time from the signal until every process was gone and the pipes closed."""
    over_limit: int = 0
    orphans: int = 0
    half_written: int = 0
    temps_left: int = 0
    locks_left: int = 0
    tracebacks: int = 0
    window: float = 0.0
    """The running time the delays were last drawn over (seconds)."""
    problems: list[str] = field(default_factory=list)


def session_processes(sid: int) -> list[int]:
    """Live (not zombie) processes of session ``sid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[3]) == sid:
            found.append(int(entry.name))
    return found


@dataclass(slots=True)
class _Drained:
    """What the output pipes of a stopped run carried, and when."""

    stderr: bytes
    closed: float | None
    """When both pipes were closed (None: not by the deadline)."""
    said: float | None
    """When the first bytes of stderr came (the stop line is printed after the cleaning)."""
    exited: float | None
    """When the main process exited (None: unknown, no pidfd)."""


def _drain(child: subprocess.Popen[bytes], deadline: float) -> _Drained:
    """Read both pipes to their end (or the deadline), noting when the main process exits."""
    selector = selectors.DefaultSelector()
    assert child.stdout is not None and child.stderr is not None
    streams = {child.stdout.fileno(): b"", child.stderr.fileno(): b""}
    for fd in streams:
        selector.register(fd, selectors.EVENT_READ)
    open_fds = set(streams)
    pidfd: int | None = None
    with contextlib.suppress(OSError, AttributeError):
        pidfd = os.pidfd_open(child.pid)
        selector.register(pidfd, selectors.EVENT_READ)
    said = exited = None
    while (open_fds or (pidfd is not None and exited is None)) and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=max(deadline - time.monotonic(), 0.0)):
            if key.fd == pidfd:
                exited = time.monotonic()
                selector.unregister(pidfd)
                continue
            chunk = os.read(key.fd, 65536)
            if chunk:
                if key.fd == child.stderr.fileno() and said is None:
                    said = time.monotonic()
                streams[key.fd] += chunk
            else:
                selector.unregister(key.fd)
                open_fds.discard(key.fd)
    selector.close()
    if pidfd is not None:
        os.close(pidfd)
    closed = time.monotonic() if not open_fds else None
    return _Drained(streams[child.stderr.fileno()], closed, said, exited)


def _restore(case: CrashCase) -> None:
    if case.site.exists():
        shutil.rmtree(case.site)
    shutil.copytree(case.pristine, case.site, symlinks=True)


def stop_once(
    case: CrashCase, delay: float, signum: int, tally: StopTally, *, workers: bool
) -> None:
    """One trial (see the module's documentation); faults are counted in ``tally``."""
    _restore(case)
    env = child_env()
    if workers:
        env["PIPELINE_PARALLEL_MIN_BYTES"] = "0"  # any run of a few dozen files uses workers
    child = subprocess.Popen(
        child_command(case.site, case.command),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(delay)
    had_workers = len(session_processes(child.pid)) > 1
    sent = time.monotonic()
    with contextlib.suppress(ProcessLookupError):
        if signum == signal.SIGTERM:
            os.kill(child.pid, signum)
        else:
            os.killpg(child.pid, signum)
    drained = _drain(child, sent + 10)
    stderr, closed = drained.stderr, drained.closed
    try:
        status = child.wait(timeout=max(sent + 10 - time.monotonic(), 0.1))
    except subprocess.TimeoutExpired:
        status = None
    while session_processes(child.pid) and time.monotonic() < sent + 10:
        time.sleep(0.01)
    gone = time.monotonic()
    left = session_processes(child.pid)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    if status is None:
        child.kill()
        status = child.wait()
    seconds = max(gone, closed or gone) - sent

    # Where a slow stop spent its time: the main process's exit, the pipes, the last process.
    def after(moment: float | None) -> str:
        return "?" if moment is None else f"{moment - sent:.2f}s"

    timing = (
        f"stop line after {after(drained.said)}, main process exited after "
        f"{after(drained.exited)}, pipes closed after {after(closed)}, last process gone "
        f"after {after(gone)}, workers {'running' if had_workers else 'none'}, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    _judge(case, tally, delay, signum, status, stderr.decode("utf-8", "replace"), left,
           seconds, had_workers, timing)  # fmt: skip


def _judge(
    case: CrashCase,
    tally: StopTally,
    delay: float,
    signum: int,
    status: int,
    err: str,
    left: list[int],
    seconds: float,
    had_workers: bool,
    timing: str = "",
) -> None:
    name = signal.Signals(signum).name
    where = f"{case.command} {name} @ {delay:.3f}s"
    tally.trials += 1

    def problem(kind: str, text: str) -> None:
        tally.problems.append(f"{where}: {kind}: {text}")

    tally.slowest = max(tally.slowest, seconds)
    if seconds > LIMIT:
        tally.over_limit += 1
        problem(
            "slow",
            f"{seconds:.2f}s until every process was gone and the pipes closed ({timing}); "
            f"{err.strip()[-160:]!r}",
        )
    if left:
        tally.orphans += len(left)
        problem("orphans", f"{len(left)} processes still alive after 10 s")
    if "Traceback" in err or "leaked" in err or "resource_tracker" in err:
        tally.tracebacks += 1
        problem("traceback", err[-1500:])
    if status == 128 + signum:
        tally.interrupted += 1
        tally.with_workers += had_workers
        tally.by_signal[name] = tally.by_signal.get(name, 0) + 1
        lines = err.splitlines()
        if len(lines) != 1 or (not _STOPPED.match(lines[0]) and "while starting" not in lines[0]):
            problem("stderr is not one line saying what was finished", repr(err[-500:]))
    elif status not in (0, 1):
        problem("status", f"{status}: {err[-500:]}")
    state = watched(case.site)
    for rel, data in state.items():
        if rel.rsplit("/", 1)[-1].startswith(".") and rel.endswith(".tmp"):
            tally.temps_left += 1
            problem("temporary file left", rel)
        elif data != case.old.get(rel) and data != case.new.get(rel):
            tally.half_written += 1
            problem("half-written", rel)
    if (case.site / ".pipeline.lock").exists():
        tally.locks_left += 1
        problem("lock file left", ".pipeline.lock")
    again, again_err, crash = run_in_process(case.site, case.command)
    if crash is not None or again not in (0, 1) or watched(case.site) != case.new:
        problem("the next run", f"status {again}: {again_err[-300:]} {crash or ''}")


def stop_trials(
    case: CrashCase, count: int, seed: int, *, workers: bool = False, most: int | None = None
) -> StopTally:
    """Trials of ``case`` until ``count`` runs were really stopped (at most ``most`` trials,
    ``2 * count`` by default), signals and delays drawn with ``seed``.

    Delays are drawn uniformly over the run's running time as measured *under the load of
    the trials themselves*: it starts at the timed run of :func:`~reliability.crash.prepare`
    and follows the trials: a run that ended before its signal at delay ``d`` took less
    than ``d`` (the window shrinks to ``d``); a run stopped in the last tenth of the window
    took longer (the window grows by a tenth). A window timed once, at another load, made
    four runs in ten end before their signal.
    """
    tally = StopTally(case.command)
    rng = random.Random(seed)
    window = max(case.duration, START + 0.05)
    limit = 2 * count if most is None else most
    while tally.interrupted < count and tally.trials < limit:
        delay = rng.uniform(START, window)
        before = tally.interrupted
        stop_once(case, delay, rng.choice(SIGNALS), tally, workers=workers)
        if tally.interrupted == before:
            window = max(delay, START + 0.05)
        elif delay > 0.9 * window:
            window = delay * 1.1
    tally.window = window
    return tally
