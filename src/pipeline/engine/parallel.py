"""The map stage: run a function over work items in a process pool, a Dask cluster, any
:class:`concurrent.futures.Executor`, or in this process; results come back in the order
of the items, whatever order they finish in, so the output never depends on scheduling.

Workers never outlive the run: they ignore the signals that stop a run (SIGINT, SIGTERM,
SIGHUP: the main process decides, and stops them with :func:`stop_pool`), and each watches
the main process, exiting at once when it is gone, even killed by SIGKILL (a Linux process
descriptor, else a poll). Without that, workers of a killed run would wait forever on a
queue whose other end they hold themselves, keeping the caller's output pipe open.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import forkserver, resource_tracker
from typing import Any, TypeVar

from pipeline.errors import ConfigError, stop_deferred
from pipeline.langid.lingua_backend import one_thread

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


def tapered(items: Sequence[T], parts: int, most: int) -> list[list[T]]:
    """``items`` cut into consecutive lists, each ``1/parts`` of what is left (at most
    ``most``, at least one): large first, small last, so that processes taking them in
    order finish at about the same time."""
    chunks: list[list[T]] = []
    start = 0
    while start < len(items):
        size = max(1, min(most, -(-(len(items) - start) // max(1, parts))))
        chunks.append(list(items[start : start + size]))
        start += size
    return chunks


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
            with stop_deferred():  # a worker may be started: never cut in two
                pending.append(executor.submit(fn, item))
            if len(pending) >= max(1, window):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def process_pool(
    jobs: int,
    preload: Sequence[str] = ("pipeline.tasks.check",),
    warm: Callable[[], object] | None = None,
) -> Executor:
    """A pool of ``jobs`` processes.

    With ``warm`` (loads what every worker needs: language models), the models are loaded
    here and the workers forked from this process, sharing their memory (copy-on-write:
    the models are only read), when this process runs no other Python thread. Native
    threads it may have (numpy's BLAS pool, which forks safely; lingua's pool, which the
    workers never use: :func:`~pipeline.langid.lingua_backend.one_thread`) are not
    inherited. Otherwise workers come from a fork server (on POSIX) that has imported
    ``preload``: they start fast, and never inherit the threads of this process. Each
    worker runs :func:`worker_setup` first. The fork server and multiprocessing's resource
    tracker are started with the stop signals blocked: a Ctrl-C or a hang-up sent to the
    whole process group reaches only the main process, which stops the workers itself (a
    resource tracker killed by SIGHUP would otherwise be relaunched and print tracebacks).
    """
    main = (os.getpid(),)
    methods = multiprocessing.get_all_start_methods()
    if warm is not None and "fork" in methods and threading.active_count() == 1:
        warm()
        # Loading the models leaves tens of MB free in the C heap (lingua's buffers):
        # given back before the fork, or every worker would start with them too.
        release_free_memory()
        if threading.active_count() == 1:
            forked = multiprocessing.get_context("fork")
            with stop_deferred():
                with _stop_signals_blocked():
                    resource_tracker.ensure_running()
                pool = _Pool(
                    max_workers=jobs, mp_context=forked, initializer=worker_setup, initargs=main
                )
                pool.freeze_until_shutdown()
                return pool
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
        with stop_deferred():
            # One block each: starting the resource tracker unblocks SIGINT and SIGTERM in
            # this thread when it is done (multiprocessing's own guard, bpo-33613), which
            # would leave the fork server open to a Ctrl-C while it imports ``preload``.
            with _stop_signals_blocked():
                resource_tracker.ensure_running()
            with _stop_signals_blocked():
                forkserver.ensure_running()
            return _Pool(
                max_workers=jobs, mp_context=context, initializer=worker_setup, initargs=main
            )
    return _Pool(  # pragma: no cover - Windows
        max_workers=jobs, initializer=worker_setup, initargs=main
    )


class _Pool(ProcessPoolExecutor):
    """A process pool that knows which processes were started after it was made (the
    pool registers a worker only after starting it: one started just as an interrupt
    came would be missed by :func:`stop_pool`, and fail noisily once its queues are
    gone)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.older_children = frozenset(multiprocessing.active_children())
        """Child processes this one had before the pool existed (not the pool's)."""
        self.frozen = False
        """Whether this process's objects are frozen (from the fork to the shutdown)."""
        super().__init__(*args, **kwargs)

    def freeze_until_shutdown(self) -> None:
        """Keep the garbage collector off this process's objects until the pool is shut
        down, and in the workers for good: a collection writes in the header of every
        object it visits, which would copy into each worker every page of the memory it
        shares with this process (the models' and the modules' objects), or, run here
        (this process works beside its workers), copy them here. Both sides then share
        those pages for the whole run; objects made after the fork are collected as
        usual."""
        gc.collect()
        gc.freeze()
        self.frozen = True

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self.frozen:
            self.frozen = False
            gc.unfreeze()
        super().shutdown(wait=wait, cancel_futures=cancel_futures)


@contextlib.contextmanager
def _stop_signals_blocked() -> Iterator[None]:
    """Block the stop signals in this thread for the ``with`` block: processes started
    meanwhile keep them blocked (the mask survives fork and exec). Signals that come
    meanwhile are delivered when the block ends, nothing is lost."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def release_free_memory() -> bool:
    """Give the free pages of the C heap back to the system (glibc's ``malloc_trim``;
    elsewhere nothing): memory freed by Python and by the native libraries stays in the
    process otherwise, counted in its size, until the process reuses it. Whether any was
    given back. Costs a walk of the heap's free blocks (a few milliseconds)."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


@functools.cache
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None (another C library)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            function = ctypes.CDLL(None).malloc_trim
            function.argtypes = [ctypes.c_size_t]
            function.restype = ctypes.c_int
            return function
    return None


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""The signals that stop a run; the main process handles them, workers ignore them."""

ORPHAN_EXIT = 70
"""Exit status of a worker that found its main process gone."""

_PR_SET_PDEATHSIG = 1


def worker_setup(main_pid: int) -> None:
    """In a new worker: ignore the stop signals, exit when the main process ``main_pid`` is
    gone, detect one text at a time. Never raises (a failing initializer would break the
    pool)."""
    for number in STOP_SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            signal.signal(number, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        # The fork server (or the main process) is this worker's parent: if it is killed,
        # so is the worker.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    threading.Thread(
        target=_exit_with, args=(main_pid,), name="pipeline-watch-main", daemon=True
    ).start()
    # The workers are the parallelism: each detects one text at a time, never on lingua's
    # thread pool (a forked worker must not touch its parent's).
    one_thread()


def _exit_with(pid: int) -> None:
    """Wait for process ``pid`` to end, then end this process at once."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(ORPHAN_EXIT)
    except (AttributeError, OSError):
        handle = -1
    if handle >= 0:
        select.select([handle], [], [])  # readable once the process has ended
        os._exit(ORPHAN_EXIT)
    while True:  # pragma: no cover - kernels before 5.3
        time.sleep(0.2)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(ORPHAN_EXIT)
        except PermissionError:
            pass


def stop_pool(pool: Executor) -> None:
    """Stop a process pool now: its workers are killed (they hold no state: results come
    back only through the pool), queued work is cancelled, and the pool's threads and
    processes are joined, so that nothing of it outlives the call."""
    if not isinstance(pool, ProcessPoolExecutor):
        pool.shutdown(wait=False, cancel_futures=True)
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    if isinstance(pool, _Pool):
        known = set(processes)
        processes += [p for p in multiprocessing.active_children() if p not in known]
        processes = [p for p in processes if p not in pool.older_children]
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(timeout=1.0)


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
    pool = ThreadPoolExecutor(max_workers=min(threads, len(items)))
    try:
        return list(pool.map(fn, items))
    finally:
        # On an error or an interrupt, the items not started are dropped; the ones being
        # written finish (each write is atomic), and nothing runs after the call.
        pool.shutdown(wait=True, cancel_futures=True)
