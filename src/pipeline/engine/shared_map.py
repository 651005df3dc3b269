"""A map on which this process works too: the items are handed out in order, one at a time,
to the pool's workers and to this process, and the results come back in the items' order.

On a machine of N cores, N processes work: this one and N - 1 workers. A worker forked
from this process copies, page by page, the memory it writes in (the objects of the models
and modules it touches: their reference counts), so each worker costs its share of that
memory on top of its own work; this process, working too, costs only its work. On two
cores that is one forked worker instead of two (the 10,000-page check: a peak of 451-499
MB instead of 526-537 MB), at the same speed.

A thread of this process keeps the workers fed while this process works on an item of its
own: as soon as a worker's result is in, the thread hands it more. A worker holds its next
item while it works on one (handing one out takes a few turns of this process's threads,
and this process may keep the interpreter for tens of milliseconds in a native call: on
the Python-docs catalogues a worker waited 9-120 ms for each item), except near the end,
where it gets one only when it holds none: an item queued behind a busy worker could not
be taken back when this process runs out. The items are best cut small towards the end
(:func:`~pipeline.engine.parallel.tapered`), so that both sides finish together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import Any, Generic, TypeVar

from pipeline.errors import stop_deferred
from pipeline.langid.lingua_backend import one_thread_here

T = TypeVar("T")
R = TypeVar("R")


class _Handout(Generic[T, R]):
    """The items, which of them are taken, and the futures of those sent to the pool."""

    def __init__(self, fn: Callable[[T], R], items: Sequence[T], executor: Executor) -> None:
        self.fn = fn
        self.items = items
        self.executor = executor
        self.lock = threading.Lock()
        self.taken = 0
        """Items taken so far (by a worker or by this process): always the first ones."""
        self.sent: dict[int, Future[R]] = {}
        """The futures of the items sent to the pool, by index, until their turn comes."""
        self.closed = False
        """Set when the map ends: the feeder hands out nothing more."""
        self.wake: Future[None] = Future()
        """Completed to wake the feeder when the map ends."""

    def _next(self) -> int | None:
        """The next item's index, now taken, or None when none is left (or the map is
        stopped); the lock is held."""
        if self.closed or self.taken >= len(self.items):
            return None
        self.taken += 1
        return self.taken - 1

    def take(self) -> int | None:
        """The next item's index for this process, or None when every item is taken."""
        with self.lock:
            return self._next()

    def stop(self) -> None:
        """Take no more items (one has failed: it is raised in its turn, and no item after
        it is started, as in an ordered map)."""
        with self.lock:
            self.closed = True

    def send(self) -> Future[R] | None:
        """Send the next item to the pool; its future, or None when every item is taken."""
        with self.lock:
            index = self._next()
            if index is None:
                return None
            try:
                with stop_deferred():  # (in the main thread: a worker may be started)
                    future = self.executor.submit(self.fn, self.items[index])
            except BaseException as exc:  # the pool is broken or shut down
                future = Future()
                future.set_exception(exc)
            self.sent[index] = future
            return future

    def held(self, workers: int) -> int:
        """How many items the pool's ``workers`` should hold: two each (the one running and
        the next: handing out the next takes a few turns of this process's threads, and
        this process may hold the interpreter for tens of milliseconds in a native call)
        while more than that is left to take, then one each (an item queued behind a busy
        worker cannot be taken back when this process runs out of items)."""
        with self.lock:
            left = len(self.items) - self.taken
        return 2 * workers if left > 2 * workers else workers

    def sent_future(self, index: int) -> Future[R] | None:
        with self.lock:
            return self.sent.get(index)

    def forget(self, index: int) -> None:
        """Drop the future of an item whose turn has come (its result is the caller's)."""
        with self.lock:
            self.sent.pop(index, None)

    def close(self) -> list[Future[R]]:
        """Hand out nothing more; the futures still held."""
        self.stop()
        with self.lock:
            held = list(self.sent.values())
            self.sent.clear()
        self.wake.set_result(None)
        return held


def shared_map(
    fn: Callable[[T], R], items: Sequence[T], executor: Executor, workers: int
) -> Generator[R, None, None]:
    """``fn`` over ``items`` on the pool's ``workers`` and in this process, results in the
    items' order. An item's exception is raised when its turn comes (no item after it is
    started meanwhile), so the first error is always the same one."""
    handout: _Handout[T, R] = _Handout(fn, items, executor)
    # The first items go to the workers from this thread (the pool may fork them now,
    # which must happen while this process runs no other thread of its own).
    workers = max(1, workers)
    flying = {f for f in (handout.send() for _ in range(handout.held(workers))) if f is not None}
    feeder = threading.Thread(
        target=_feed, args=(handout, flying, workers), name="pipeline-feed-workers", daemon=True
    )
    feeder.start()
    here: dict[int, R] = {}
    failed: dict[int, BaseException] = {}
    try:
        for turn in range(len(items)):
            try:
                result = _turn(handout, turn, here, failed)
            finally:
                handout.forget(turn)
            yield result
            del result
    finally:
        for future in handout.close():
            future.cancel()
        feeder.join()


def _turn(
    handout: _Handout[T, R], turn: int, here: dict[int, R], failed: dict[int, BaseException]
) -> R:
    """The result of item ``turn``, working on other items here while it is not in."""
    while True:
        if turn in failed:
            raise failed.pop(turn)
        if turn in here:
            return here.pop(turn)
        future = handout.sent_future(turn)
        if future is not None and (future.done() or failed):
            return future.result()
        index = None if failed else handout.take()
        if index is None:
            if future is None:  # taken here: it is in ``here`` or ``failed``
                raise AssertionError(f"item {turn} was lost")  # pragma: no cover
            return future.result()
        try:
            with one_thread_here():  # this process is one of the workers now
                here[index] = handout.fn(handout.items[index])
        except Exception as exc:
            failed[index] = exc
            handout.stop()


def _feed(handout: _Handout[T, R], flying: set[Future[R]], workers: int) -> None:
    """Give a worker the next item each time one of its results is in, until every item
    is taken or the map ends."""
    watched: set[Future[Any]] = {handout.wake, *flying}
    while True:
        done, pending = wait(watched, return_when=FIRST_COMPLETED)
        if handout.wake in done:
            return
        watched = set(pending)
        if any(not f.cancelled() and f.exception() is not None for f in done):
            handout.stop()
        while len(watched) - 1 < handout.held(workers):
            future = handout.send()
            if future is None:
                break
            watched.add(future)
        if watched == {handout.wake}:
            return
