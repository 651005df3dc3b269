"""The map on which this process works beside its workers: order, errors, hand-out, memory;
a local session forks one worker fewer than its jobs."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from helpers import run_fresh
from pipeline.engine.parallel import tapered
from pipeline.engine.shared_map import shared_map


class _Box:
    """A result that can be watched for being freed."""

    def __init__(self, value: int) -> None:
        self.value = value
        self.thread = threading.current_thread().name


def _boxed(x: int) -> _Box:
    time.sleep(0.002 * (x % 3))
    return _Box(x)


def _fail_on_five(x: int) -> int:
    if x == 5:
        raise ValueError(f"bad {x}")
    return x


def test_results_come_back_in_order_and_this_thread_works_too() -> None:
    with ThreadPoolExecutor(1, thread_name_prefix="pool") as pool:
        boxes = list(shared_map(_boxed, list(range(40)), pool, 1))
    assert [b.value for b in boxes] == list(range(40))
    here = {b.value for b in boxes if b.thread == threading.current_thread().name}
    assert here and len(here) < 40  # both sides worked
    with ThreadPoolExecutor(2) as pool:
        assert [b.value for b in shared_map(_boxed, [7], pool, 2)] == [7]
        assert list(shared_map(_boxed, [], pool, 2)) == []


@pytest.mark.parametrize("workers", [1, 3])
def test_the_first_error_in_order_is_raised_and_nothing_after_it_is_started(
    workers: int,
) -> None:
    started: list[int] = []
    lock = threading.Lock()

    def watched(x: int) -> int:
        with lock:
            started.append(x)
        time.sleep(0.001)
        return _fail_on_five(x)

    with ThreadPoolExecutor(workers) as pool:
        got: list[int] = []
        with pytest.raises(ValueError, match="bad 5"):
            got.extend(shared_map(watched, list(range(200)), pool, workers))
    assert got == [0, 1, 2, 3, 4]
    # Only the items handed out before the failure was known ran (at most two per worker
    # and one here past it), not the two hundred.
    assert max(started) <= 5 + 2 * workers + 1


def test_a_result_is_not_kept_once_its_turn_has_come() -> None:
    # The map holds each result only until it is handed over: a long map must not keep
    # every worker's results alive (the 10,000-page check held hundreds of MB so).
    seen: list[weakref.ref[_Box]] = []
    with ThreadPoolExecutor(1) as pool:
        for box in shared_map(_boxed, list(range(30)), pool, 1):
            seen.append(weakref.ref(box))
            del box
        gc.collect()
        assert sum(1 for ref in seen if ref() is not None) == 0


def test_a_map_left_early_stops_handing_out(tmp_path: Path) -> None:
    calls: list[int] = []

    def slow(x: int) -> int:
        calls.append(x)
        time.sleep(0.01)
        return x

    with ThreadPoolExecutor(1) as pool:
        running = shared_map(slow, list(range(100)), pool, 1)
        assert next(running) == 0
        running.close()  # as a session does after a failure
        count = len(calls)
        time.sleep(0.1)
        assert len(calls) <= count + 2 and count < 100
    assert threading.active_count() == 1 or all(
        t.name != "pipeline-feed-workers" for t in threading.enumerate()
    )


class _Counting(ThreadPoolExecutor):
    """A pool that tells how many items it held (sent, not finished) at each hand-out."""

    def __init__(self) -> None:
        super().__init__(1)
        self.lock = threading.Lock()
        self.held = 0
        self.seen: list[tuple[int, int]] = []
        """(item, items held once it is handed out), for items 0, 1, 2..."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            self.held += 1
            self.seen.append((args[0], self.held))
        return super().submit(self._run, fn, *args, **kwargs)

    def _run(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        finally:
            with self.lock:
                self.held -= 1


def test_a_worker_holds_its_next_item_until_few_are_left() -> None:
    # Handing out an item takes a few turns of this process's threads: a worker holds the
    # next one while it works, but not near the end, where an item queued behind it could
    # not be taken back when this process runs out.
    with _Counting() as pool:
        assert [b.value for b in shared_map(_boxed, list(range(60)), pool, 1)] == list(range(60))
    assert max(held for _, held in pool.seen) == 2
    # Once no more than two are left to take, a worker gets one only when it holds none.
    assert all(held == 1 for item, held in pool.seen if 60 - item <= 2)


def test_chunks_taper_off() -> None:
    chunks = tapered(list(range(100)), 6, 64)
    assert [x for chunk in chunks for x in chunk] == list(range(100))
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 17 and sizes[-1] == 1
    assert tapered(list(range(500)), 6, 64)[0] == list(range(64))
    assert tapered([], 6, 64) == []


_ONE_FEWER = """
import os
import time
from pathlib import Path

from pipeline.engine import Engine


def pid(x):
    time.sleep(0.02)
    return os.getpid()


if __name__ == "__main__":
    with Engine(jobs=2).session(Path("/nonexistent")) as session:
        chunks = session.split(list(range(200)), size=2, worth=1)
        assert session.workers() == 2
        pids = set(session.map(pid, [c[0] for c in chunks], warm=lambda: None))
    assert os.getpid() in pids, pids  # this process worked
    assert len(pids) == 2, pids  # beside one forked worker
    print("ok")
"""


def test_a_local_session_forks_one_worker_fewer_than_its_jobs(tmp_path: Path) -> None:
    # In a fresh interpreter (one thread: the workers are forked from it).
    done = run_fresh(_ONE_FEWER, tmp_path)
    assert done.stdout.strip() == "ok", done.stderr
