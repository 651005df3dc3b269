"""The map stage: run a function over work items in a process pool, a Dask cluster, any
:class:`concurrent.futures.Executor`, or in this process; results come back in the order
of the items, whatever order they finish in, so the output never depends on scheduling."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, TypeVar

from pipeline.errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")

DASK_SCHEMES = ("dask://", "tcp://", "tls://", "inproc://")
"""Executor addresses understood by :func:`dask_executor` (``dask://`` means ``tcp://``)."""


def default_jobs() -> int:
    """Worker processes when none are asked for: one per CPU."""
    return os.cpu_count() or 1


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    """``items`` cut into consecutive lists of at most ``size``."""
    size = max(1, size)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def ordered_map(
    fn: Callable[[T], R], items: Iterable[T], executor: Executor | None, *, window: int = 4
) -> Iterator[R]:
    """``fn`` over ``items``, results in the items' order.

    With no executor, runs here, one item at a time. Otherwise at most ``window`` items
    are in flight; an item's exception is raised when its turn comes (later ones are
    cancelled), so the first error is always the same one.
    """
    if executor is None:
        for item in items:
            yield fn(item)
        return
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(executor.submit(fn, item))
            if len(pending) >= max(1, window):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def process_pool(jobs: int, preload: Sequence[str] = ("pipeline.tasks.check",)) -> Executor:
    """A pool of ``jobs`` processes.

    Workers come from a fork server (on POSIX) that has imported ``preload``: they start
    fast, and never inherit the threads of this process (a detector's thread pool, say),
    which a plain fork would leave deadlocked in the child.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
        return ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    return ProcessPoolExecutor(max_workers=jobs)  # pragma: no cover - Windows


class DaskExecutor:
    """A Dask cluster's executor and the client that owns it (closed together)."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ConfigError(
                "--executor dask://... needs the 'dask[distributed]' package installed"
            ) from exc
        url = (
            "tcp://" + address.removeprefix("dask://") if address.startswith("dask://") else address
        )
        try:
            self.client: Any = Client(url, timeout="10s", set_as_default=False)  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {url}: {exc}") from exc
        self.executor: Executor = self.client.get_executor(pure=False)  # type: ignore[no-untyped-call]
        """Submits to the cluster."""
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        """Workers the cluster had when connected."""

    def close(self) -> None:
        self.executor.shutdown(wait=False)
        self.client.close()


def parse_executor(value: str) -> str:
    """Check an ``--executor`` value: ``local`` or a Dask scheduler address."""
    if value == "local" or value.startswith(DASK_SCHEMES):
        return value
    raise ConfigError(
        f"unknown executor '{value}' (use 'local' or 'dask://HOST:PORT')", "--executor"
    )


def io_map(fn: Callable[[T], R], items: Sequence[T], *, threads: int = 8) -> list[R]:
    """``fn`` over ``items`` on a few threads, results in order: for work that waits on
    the disk (writing files, each flushed to disk), which threads overlap well."""
    if threads <= 1 or len(items) <= 1:
        return [fn(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(threads, len(items))) as pool:
        return list(pool.map(fn, items))
