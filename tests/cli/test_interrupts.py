"""SIGINT, SIGTERM and SIGHUP stop every command within 2 s, workers and fork server included;
a main process killed outright leaves no worker behind either.

The runs are real ``python -m pipeline`` processes in a session of their own, so that every
process of the run (workers, fork server, resource tracker) can be found and waited for.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO
from pipeline.cli import main
from tasks.sitegen import generate_site

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from reliability.interrupts import session_processes

CHECK_PROCESSES = 4
"""A check with --jobs 3: main (working too), resource tracker, two workers forked from main."""
LIMIT = 2.0
"""Seconds from the signal until every process is gone and the output pipes are closed."""


def _start(site: Path, *args: str, workers: bool = True) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("CI", None)
    if workers:
        env["PIPELINE_PARALLEL_MIN_BYTES"] = "0"  # the workers start even on a test-sized site
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "-C", str(site), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )


def _wait_for_workers(child: subprocess.Popen[bytes], count: int, timeout: float = 60) -> None:
    """Until the run has ``count`` processes (main, resource tracker, fork server, workers)
    and its workers have had half a second to get busy."""
    # (A check forks its workers from the main process once the models are loaded: no
    # fork server then.)
    deadline = time.monotonic() + timeout
    while len(session_processes(child.pid)) < count:
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.02)
    time.sleep(0.5)


def _stop(child: subprocess.Popen[bytes], signum: int, *, group: bool) -> tuple[float, str]:
    """Send ``signum``; wait until the output pipes are closed and no process of the run
    is alive: (seconds that took, stderr)."""
    sent = time.monotonic()
    if group:
        os.killpg(child.pid, signum)
    else:
        os.kill(child.pid, signum)
    _out, err = child.communicate(timeout=30)  # returns once both pipes are closed
    while session_processes(child.pid) and time.monotonic() - sent < 30:
        time.sleep(0.01)
    return time.monotonic() - sent, err.decode()


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose check keeps two workers busy for seconds after they start (120 pages
    once did; the faster checks of issue 16 finished those before the signal came)."""
    return generate_site(tmp_path_factory.mktemp("big"), pages=1500)


def test_sigterm_stops_a_check_with_workers_running_within_two_seconds(big_site: Path) -> None:
    child = _start(big_site, "--jobs", "3", "--no-cache", "check")
    _wait_for_workers(child, CHECK_PROCESSES)
    seconds, err = _stop(child, signal.SIGTERM, group=False)
    assert session_processes(child.pid) == []
    assert seconds < LIMIT, f"{seconds:.2f}s"
    assert child.returncode == 143
    assert err == "pipeline: check: interrupted by SIGTERM; nothing written\n"


@pytest.mark.parametrize(
    ("signum", "status"), [(signal.SIGINT, 130), (signal.SIGHUP, 129)], ids=["SIGINT", "SIGHUP"]
)
def test_a_terminal_s_signals_stop_the_whole_group_quietly(
    big_site: Path, signum: int, status: int
) -> None:
    """Ctrl-C and a closed terminal signal every process of the group: the helpers of the
    pool ignore them (no relaunched resource tracker, no traceback), the main process
    stops the workers."""
    child = _start(big_site, "--jobs", "3", "--no-cache", "check")
    _wait_for_workers(child, CHECK_PROCESSES)
    seconds, err = _stop(child, signum, group=True)
    assert seconds < LIMIT, f"{seconds:.2f}s"
    assert child.returncode == status
    name = signal.Signals(signum).name
    assert err == f"pipeline: check: interrupted by {name}; nothing written\n"


def test_workers_end_by_themselves_when_the_main_process_is_killed(big_site: Path) -> None:
    child = _start(big_site, "--jobs", "3", "--no-cache", "check")
    _wait_for_workers(child, CHECK_PROCESSES)
    seconds, _err = _stop(child, signal.SIGKILL, group=False)
    assert session_processes(child.pid) == []
    assert seconds < LIMIT, f"{seconds:.2f}s"


def test_an_interrupted_update_leaves_no_lock_and_no_temporary_file(tmp_path: Path) -> None:
    site = generate_site(tmp_path, pages=300)
    subprocess.run(
        [sys.executable, "-m", "pipeline", "-q", "-C", str(site), "extract"],
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        check=True,
    )
    child = _start(site, "update", workers=False)
    # Stop it as soon as it has written its first catalogue.
    deadline = time.monotonic() + 60
    while not list((site / "locale" / "fr" / "LC_MESSAGES").glob("**/*.po")):
        assert child.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    seconds, err = _stop(child, signal.SIGINT, group=False)
    assert child.returncode == 130
    assert seconds < LIMIT
    (line,) = err.splitlines()
    assert line.startswith("pipeline: update: interrupted by SIGINT; ")
    assert "none half-written" in line or "nothing written" in line
    assert not (site / ".pipeline.lock").exists()
    assert not [p for p in site.rglob("*.tmp")]


def test_a_stopped_run_cancels_its_jobs_on_a_dask_cluster(big_site: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        scheduler = cluster.scheduler
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        child = _start(big_site, "--executor", address, "--no-cache", "check")
        deadline = time.monotonic() + 60
        while not any(t.state == "processing" for t in list(scheduler.tasks.values())):
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "no job reached the cluster"
            time.sleep(0.02)
        sent = time.monotonic()
        seconds, err = _stop(child, signal.SIGTERM, group=False)
        assert child.returncode == 143 and seconds < LIMIT, (seconds, err)
        while scheduler.tasks and time.monotonic() - sent < LIMIT:
            time.sleep(0.02)
        # Every job of the run was cancelled: the scheduler forgot them all.
        assert not scheduler.tasks


def test_a_stop_right_after_a_temporary_file_is_created_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signal lands between the ``open`` that creates a write's temporary file and the
    return of its name (the window of the ``build/fr/.page006.html.*.tmp`` a stopped
    ``build`` once left): the run still stops with 130 and leaves no temporary file."""
    site = generate_site(tmp_path, pages=12)
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    for command in ("extract", "update"):
        assert main(["-q", "-C", str(site), command], **quiet) == 0
    real_open = os.open
    stopped: list[str] = []

    def open_then_stop(path: Any, flags: int, mode: int = 0o777, **kw: Any) -> int:
        fd = real_open(path, flags, mode, **kw)
        name = os.fsdecode(path)
        if name.endswith(".tmp") and f"{os.sep}build{os.sep}" in name and not stopped:
            stopped.append(name)
            signal.raise_signal(signal.SIGINT)  # handled as the open returns
        return fd

    monkeypatch.setattr(os, "open", open_then_stop)
    err = io.StringIO()
    status = main(["-q", "-C", str(site), "build"], stdout=io.StringIO(), stderr=err)
    monkeypatch.undo()
    assert stopped, "no temporary file was created under build/"
    assert status == 130, err.getvalue()
    (line,) = err.getvalue().splitlines()
    assert line.startswith("pipeline: build: interrupted by SIGINT; ")
    assert [p for p in site.rglob("*.tmp")] == []
    assert not (site / ".pipeline.lock").exists()
