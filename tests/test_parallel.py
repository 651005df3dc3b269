"""The map stage: order, errors, executors; --jobs 1 and --jobs 2 (and a Dask cluster) give
byte-identical outputs; the progress bar."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, run_fresh
from pipeline.cli import main
from pipeline.config import read_environment
from pipeline.engine import Engine
from pipeline.engine.parallel import chunked, ordered_map
from pipeline.engine.progress import Progress, wants_progress
from tasks.sitegen import generate_site

PAGES = 40
"""Enough pages for the work to go to the workers (a few dozen items at least)."""


def _slow_square(x: int) -> int:
    time.sleep(0.01 * (5 - x % 5))
    return x * x


def _fail_on_three(x: int) -> int:
    if x >= 3:
        raise ValueError(f"bad {x}")
    return x


def test_results_come_back_in_order_whatever_finishes_first() -> None:
    with ThreadPoolExecutor(4) as pool:
        assert list(ordered_map(_slow_square, range(12), pool, window=6)) == [
            x * x for x in range(12)
        ]
    assert list(ordered_map(_slow_square, range(4), None)) == [0, 1, 4, 9]


def test_the_first_error_in_order_is_raised() -> None:
    with ThreadPoolExecutor(4) as pool, pytest.raises(ValueError, match="bad 3"):
        list(ordered_map(_fail_on_three, range(10), pool, window=8))


def test_chunks_keep_order_and_size() -> None:
    assert chunked([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    session = Engine(jobs=2).session(Path("/nonexistent"))
    assert session.split(list(range(5))) == [[0, 1, 2, 3, 4]]  # too few to start workers
    many = session.split(list(range(100)))
    assert len(many) > 2 and [x for chunk in many for x in chunk] == list(range(100))
    session.close()


_FORKED_AFTER_WARMING = """
import gc
import os
from pipeline.engine.parallel import process_pool
from pipeline.langid import lingua_backend

WARMED = []

def warm():
    WARMED.append(os.getpid())

def seen(_):
    return WARMED, lingua_backend._threaded[0], gc.get_freeze_count()

if __name__ == "__main__":
    pool = process_pool(2, warm=warm)
    parent = list(WARMED)
    frozen_before = gc.get_freeze_count()
    results = list(pool.map(seen, range(4)))
    frozen_during = gc.get_freeze_count()
    pool.shutdown()
    frozen_after = gc.get_freeze_count()
    assert len(parent) == 1, parent
    assert all(found == parent for found, _, _ in results), results
    assert not any(threaded for _, threaded, _ in results), results
    # The objects the workers share with this process are kept from the collector in the
    # workers (no copy-on-write of their pages), here until the pool is shut down (this
    # process works beside them: a collection here would copy the pages it visits).
    assert frozen_before > 1000 and frozen_during == frozen_before, (frozen_before, frozen_during)
    assert frozen_after == 0, frozen_after
    assert all(frozen >= frozen_before // 2 for _, _, frozen in results), results
    print("ok")
"""


def test_workers_are_forked_once_the_models_are_loaded(tmp_path: Path) -> None:
    # In a fresh interpreter (one thread): warm runs once, here, and every worker sees
    # what it loaded; workers detect one text at a time (never on lingua's thread pool).
    done = run_fresh(_FORKED_AFTER_WARMING, tmp_path)
    assert done.stdout.strip() == "ok", done.stderr


_GIVEN_BACK_BEFORE_THE_FORK = """
from pipeline.engine.parallel import process_pool

KEPT = []

def rss_mb():
    with open("/proc/self/status") as status:
        return next(int(row.split()[1]) for row in status if row.startswith("VmRSS:")) / 1024

def warm():
    # What loading models leaves behind: 40 MB of the C heap freed, below a block in use.
    blocks = [bytes(4000) for _ in range(10_000)]
    KEPT.append(bytes(4000))
    del blocks

if __name__ == "__main__":
    before = rss_mb()
    pool = process_pool(1, warm=warm)
    grown = rss_mb() - before
    assert pool.submit(abs, -1).result() == 1
    pool.shutdown()
    print(round(grown))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_memory_the_models_left_free_is_given_back_before_the_fork(tmp_path: Path) -> None:
    done = run_fresh(_GIVEN_BACK_BEFORE_THE_FORK, tmp_path)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) < 15, done.stdout  # not the 40 MB freed in the heap


@pytest.fixture(autouse=True)
def _workers_even_for_small_sites(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test sites are small: without this they would be checked in one process.
    monkeypatch.setenv("PIPELINE_PARALLEL_MIN_BYTES", "0")


def test_workers_are_started_only_for_the_work_they_get() -> None:
    # One worker per ``worth`` bytes of input, at most ``jobs``: with one, the chunks run
    # in this process (chunked as with --jobs 1, so that memory stays bounded).
    items = list(range(100))
    session = Engine(jobs=4).session(Path("/nonexistent"))
    assert session.split(items, size=1_500_000, worth=1_000_000) == chunked(items, 64)
    assert session.workers() == 1
    assert session.executor(2) is None
    assert len(session.split(items, size=2_500_000, worth=1_000_000)) > 2
    assert session.workers() == 2
    assert len(session.split(items, size=9_000_000, worth=1_000_000)) > 4
    assert session.workers() == 4
    session.close()


def test_small_inputs_stay_in_one_process() -> None:
    session = Engine(jobs=2).session(Path("/nonexistent"))
    items = list(range(100))
    assert session.split(items, size=10_000, worth=1_000_000) == [items]
    assert len(session.split(items, size=2_000_000, worth=1_000_000)) > 2
    session.close()
    # PIPELINE_PARALLEL_MIN_BYTES=0, as the CLI reads it
    session = Engine(jobs=2, parallel_min_bytes=0).session(Path("/nonexistent"))
    assert len(session.split(items, size=10_000, worth=1_000_000)) > 2
    session.close()


def _outputs(root: Path, *options: str) -> dict[str, bytes]:
    """Catalogues after extract and update, and the JSON report of check."""
    quiet = io.StringIO()
    for command in (["extract"], ["update"]):
        assert main(["-C", str(root), *options, *command], stdout=quiet, stderr=quiet) == 0
    report = root / "report.json"
    status = main(
        ["-C", str(root), *options, "check", "--format", "json", "--output", str(report)],
        stdout=quiet,
        stderr=quiet,
    )
    assert status == 1, quiet.getvalue()  # the planted faults are found
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in (root / "locale").rglob("*")
        if p.is_file()
    }
    files["report.json"] = report.read_bytes()
    return files


def _normalised(files: dict[str, bytes]) -> dict[str, bytes]:
    """Creation dates aside (they follow the clock)."""
    import re

    date = re.compile(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*"')
    return {k: date.sub(rb'"\1: -"', v) for k, v in files.items()}


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = generate_site(tmp_path_factory.mktemp("serial"), pages=PAGES)
    return _normalised(_outputs(root, "--jobs", "1", "--no-cache"))


def test_two_jobs_give_the_same_bytes_as_one(serial: dict[str, bytes], tmp_path: Path) -> None:
    root = generate_site(tmp_path, pages=PAGES)
    assert _normalised(_outputs(root, "--jobs", "2")) == serial
    # And again from the warm cache.
    assert _normalised(_outputs(root, "--jobs", "2")) == serial
    assert b'"language-mismatch"' in serial["report.json"]
    assert b'"missing-page"' not in serial["report.json"]  # no 97th page at 40 pages


def test_a_dask_cluster_gives_the_same_findings(serial: dict[str, bytes], tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    root = generate_site(tmp_path, pages=PAGES)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        quiet = io.StringIO()
        for command in (["extract"], ["update"]):
            assert main(["-C", str(root), "--jobs", "1", *command], stdout=quiet) == 0
        report = root / "report.json"
        status = main(
            ["-C", str(root), "--executor", address, "--no-cache", "check", "--format", "json",
             "--output", str(report)],
            stdout=quiet,
            stderr=quiet,
        )  # fmt: skip
    assert status == 1
    assert report.read_bytes() == serial["report.json"]


def test_workers_are_gone_once_the_last_result_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check goes on alone after its workers' last result (the catalogues' outdated
    # entries): idle workers would keep their memory alive meanwhile.
    import multiprocessing

    from pipeline.engine.check_outdated import outdated_findings
    from pipeline.engine.parallel import process_pool

    root = generate_site(tmp_path, pages=PAGES)
    quiet = io.StringIO()
    for command in (["extract"], ["update"]):
        assert main(["-C", str(root), "--jobs", "1", *command], stdout=quiet) == 0
    alive: list[int] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        alive.append(len(multiprocessing.active_children()))
        return outdated_findings(*args, **kwargs)

    monkeypatch.setattr("pipeline.engine.check_site.outdated_findings", watched)
    pools: list[Executor] = []

    def counted(*args: Any, **kwargs: Any) -> Executor:
        pools.append(process_pool(*args, **kwargs))
        return pools[-1]

    monkeypatch.setattr("pipeline.engine.process_pool", counted)
    before = len(multiprocessing.active_children())
    status = main(["-C", str(root), "--jobs", "2", "check"], stdout=quiet, stderr=quiet)
    assert status == 1, quiet.getvalue()
    assert len(pools) == 1  # the check ran on two workers
    assert alive == [before]  # which were gone before the outdated entries were looked for


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only_after_a_while() -> None:
    now = [0.0]
    stream = _Terminal()
    with Progress(stream, "checking", 10, enabled=True, clock=lambda: now[0]) as bar:
        bar.advance(3)
        assert stream.getvalue() == ""  # a short run stays silent
        now[0] = 2.5
        bar.advance(2)
        assert "checking [" in stream.getvalue() and "5/10 (50%)" in stream.getvalue()
    assert stream.getvalue().endswith("\r\x1b[K")  # erased when done


def test_progress_is_quiet_in_ci_and_when_piped() -> None:
    assert wants_progress(_Terminal(), read_environment({}))
    assert not wants_progress(_Terminal(), read_environment({"CI": "true"}))
    assert not wants_progress(_Terminal(), read_environment({"TERM": "dumb"}))
    assert not wants_progress(io.StringIO(), read_environment({}))
    assert not wants_progress(None, read_environment({}))


_MASKS = """
import signal
from multiprocessing import forkserver, resource_tracker

from pipeline.engine.parallel import process_pool


def shielded(pid):
    # the stop signals that process pid blocks or ignores
    with open(f"/proc/{pid}/status") as status:
        rows = dict(row.split(":", 1) for row in status)
    mask = int(rows["SigBlk"], 16) | int(rows["SigIgn"], 16)
    return sorted(n for n in (1, 2, 15) if mask >> (n - 1) & 1)


pool = process_pool(1, preload=())
assert pool.submit(abs, -1).result() == 1
print(shielded(forkserver._forkserver._forkserver_pid))
print(shielded(resource_tracker._resource_tracker._pid))
print(sorted(int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, [])))
pool.shutdown()
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_the_fork_server_and_resource_tracker_are_shielded_from_stop_signals() -> None:
    """Both are started with SIGHUP, SIGINT and SIGTERM blocked, and keep them blocked or
    ignored (a Ctrl-C sent to the whole process group while the fork server imported its
    modules printed a traceback); the main process gets its own signal mask back."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-c", _MASKS], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[1, 2, 15]", "[1, 2, 15]", "[]"]


@pytest.mark.parametrize(("warm_alone", "warmed"), [(0, 1), (10**12, 0)])
def test_one_process_loads_the_models_first_from_enough_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm_alone: int, warmed: int
) -> None:
    # In one process, lingua's thread pool loaded models several at once (70-100 MB more
    # at the peak on the CNCF glossary): from WARM_ALONE bytes of work they are loaded
    # first, one text at a time; below it (a re-check of a few pages) only as needed.
    from pipeline.engine import check_site

    root = generate_site(tmp_path, pages=12)
    quiet = io.StringIO()
    for command in (["extract"], ["update"]):
        assert main(["-C", str(root), "--jobs", "1", *command], stdout=quiet) == 0
    calls: list[object] = []
    monkeypatch.setattr(check_site, "WARM_ALONE", warm_alone)
    monkeypatch.setattr(check_site, "warm_models", lambda context: calls.append(context))
    status = main(["-C", str(root), "--jobs", "1", "check", "--no-cache"], stdout=quiet)
    assert status in (0, 1), quiet.getvalue()
    assert len(calls) == warmed
