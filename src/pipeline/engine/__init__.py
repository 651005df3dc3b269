"""How the commands run their work at scale: the cache, the map stage, the progress bar.

A command takes an :class:`Engine` (the user's choices: ``--jobs``, ``--executor``,
``--no-cache``, where progress goes) and opens a :class:`Session` on the site for the
duration of the run::

    with Engine(jobs=4, cache=True).session(config.root) as session:
        for result in session.map(work, items):
            ...
        session.cache.stats.hits

``Engine()`` (the default for library callers) runs everything in this process without a
cache, exactly as a plain function call would.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar

from pipeline.engine.cache import Cache, CacheStats, open_cache
from pipeline.engine.parallel import (
    DaskExecutor,
    chunked,
    default_jobs,
    ordered_map,
    process_pool,
    stop_pool,
    tapered,
)
from pipeline.engine.progress import Progress
from pipeline.engine.shared_map import shared_map

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["Cache", "CacheStats", "Engine", "Progress", "Session"]


@dataclass(frozen=True, slots=True)
class Engine:
    """How to run: parallelism, cache, progress."""

    jobs: int | None = 1
    """Processes that work (None: one per CPU; 1: everything in this process); a local
    pool forks one fewer, this process working beside them."""
    executor: str | Executor | None = None
    """``dask://HOST:PORT`` (or ``tcp://...``), any Executor, or None/``local``: a process
    pool of ``jobs`` workers."""
    cache: bool = False
    """Use the site's ``.pipeline-cache/``."""
    progress: TextIO | None = None
    """Stream for the progress bar, or None."""
    show_progress: bool = False
    """Draw the progress bar (the CLI decides: a terminal, outside CI)."""
    parallel_min_bytes: int | None = None
    """Bytes of input below which a run stays in one process, overriding each stage's own
    estimate (``PIPELINE_PARALLEL_MIN_BYTES``; ``0`` sends any run of a few dozen files to
    the workers)."""
    cache_dir: Path | None = None
    """Where the cache lives: None for the site's ``.pipeline-cache/``; a read-only site's
    is in the user's cache folder (the CLI chooses)."""
    notices: Callable[[str], None] | None = None
    """Where one-line notices go (the cache turned itself off for the run): the CLI
    prints them; None drops them."""
    resident: object | None = None
    """A resident process's memory of its last site check (``pipeline daemon``), a
    :class:`~pipeline.engine.resident.ResidentCheck`: a check that finds only existing
    files edited since then works on those alone."""

    def session(self, root: Path) -> Session:
        return Session(self, root)


class Session:
    """One run's cache and workers; close it (or use ``with``) to release them."""

    def __init__(self, engine: Engine, root: Path) -> None:
        self.engine = engine
        """The choices this session follows."""
        self.cache: Cache = open_cache(root, enabled=engine.cache, folder=engine.cache_dir)
        """The site's cache (disabled with ``cache=False``)."""
        self._owned: Executor | DaskExecutor | None = None
        self._executor: Executor | None = None
        self._maps: list[Generator[object, None, None]] = []
        self._local_workers: int | None = None
        self._forked = 0
        """Worker processes forked for the local pool (this process works beside them)."""

    def __enter__(self) -> Session:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        self.close(success=kind is None)

    def close(self, *, success: bool = True) -> None:
        """Stop the workers; keep the cache's new entries only after a ``success``.

        After a failure or an interrupt nothing is waited for: work in flight is
        cancelled (on a Dask cluster too) and local workers are killed at once."""
        try:
            for running in self._maps:
                with contextlib.suppress(Exception):
                    running.close()  # cancels the futures it still waits for
            self._maps.clear()
            if isinstance(self._owned, DaskExecutor):
                self._owned.close()
            elif self._owned is not None and success:
                self._owned.shutdown(wait=True, cancel_futures=True)
            elif self._owned is not None:
                stop_pool(self._owned)
        finally:
            self._owned = None
            self._executor = None
            self.cache.close(success=success)
            if self.cache.problem is not None and self.engine.notices is not None:
                self.engine.notices(f"cache not used for this run: {self.cache.problem}")

    def release_workers(self) -> None:
        """Stop this session's local worker processes now, their work being done (a later
        :meth:`map` starts new ones): a stage that goes on alone in this process after its
        map then does not keep idle workers, and their memory, alive meanwhile. A Dask
        cluster or an executor the caller gave is left as it is until :meth:`close`."""
        if self._owned is None or isinstance(self._owned, DaskExecutor):
            return
        for running in self._maps:
            running.close()
        self._maps.clear()
        self._owned.shutdown(wait=True, cancel_futures=True)
        self._owned = None
        self._executor = None

    @property
    def jobs(self) -> int:
        """Worker processes asked for."""
        return self.engine.jobs or default_jobs()

    @property
    def local_workers(self) -> int:
        """Worker processes a local pool starts: ``jobs``, or fewer when :meth:`split`
        found too little work for them."""
        return self.jobs if self._local_workers is None else self._local_workers

    @property
    def distributed(self) -> bool:
        """True when work goes to an executor other than a local pool (Dask, a given one)."""
        return self.engine.executor not in (None, "local")

    def executor(self, items: int, warm: Callable[[], object] | None = None) -> Executor | None:
        """Where ``items`` work items should run: None (here) for a single item or
        ``jobs=1`` on the local machine. ``warm`` loads what local workers share (see
        :func:`~pipeline.engine.parallel.process_pool`)."""
        if self._executor is not None:
            return self._executor
        chosen = self.engine.executor
        if isinstance(chosen, Executor):
            self._executor = chosen
        elif isinstance(chosen, str) and chosen != "local":
            dask = DaskExecutor(chosen)
            self._owned, self._executor = dask, dask.executor
        elif self.local_workers > 1 and items > 1:
            # This process works too (see :mod:`~pipeline.engine.shared_map`): one fewer.
            self._forked = min(self.local_workers, items) - 1
            pool = process_pool(self._forked, warm=warm)
            self._owned, self._executor = pool, pool
        return self._executor

    def workers(self) -> int:
        """How many items can run at once."""
        if isinstance(self._owned, DaskExecutor):
            return self._owned.workers
        return self.jobs if self.distributed else self.local_workers

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], *, warm: Callable[[], object] | None = None
    ) -> Iterator[R]:
        """``fn`` over ``items`` (results in order) on this session's executor; ``warm``
        loads, before local workers start, what they share."""
        executor = self.executor(len(items), warm)
        running: Iterator[R]
        if executor is not None and executor is self._owned:  # a local pool
            running = shared_map(fn, items, executor, self._forked)
        else:
            window = 2 * max(self.workers(), 1) + 1
            running = ordered_map(fn, items, executor, window=window)
        if executor is not None:
            self._maps.append(running)  # type: ignore[arg-type]
        return running

    def progress(self, label: str, total: int) -> Progress:
        """A progress bar for ``total`` units of work."""
        return Progress(self.engine.progress, label, total, enabled=self.engine.show_progress)

    def split(
        self,
        items: Sequence[T],
        *,
        small: int = 32,
        most: int = 64,
        size: int | None = None,
        worth: int = 0,
    ) -> list[list[T]]:
        """Work items grouped into chunks for :meth:`map`: one chunk when a local run has
        fewer than ``small`` items, or ``size`` (bytes of input) below ``worth`` (starting
        workers would cost more than they save), else chunks of at most ``most`` items,
        enough to keep every worker busy (memory stays bounded: only the chunks in flight
        are held). A local run also decides here how many workers :meth:`map` starts: one
        per ``worth`` bytes of input, at most ``jobs`` (a worker that would get less work
        costs more memory than it saves time); with one, the chunks run in this process."""
        if not items:
            return []
        if self.engine.parallel_min_bytes is not None:
            worth = self.engine.parallel_min_bytes
        local = not self.distributed
        if local and (len(items) < small or (size is not None and size < worth)):
            self._local_workers = 1
            return [list(items)]
        workers = max(self.jobs, 2)
        if local:
            paid = self.jobs if size is None or worth <= 0 else max(1, size // worth)
            workers = self._local_workers = min(self.jobs, paid)
            if workers <= 1:
                return chunked(items, most)
        if local:  # taken in order by this process and its workers: small ones last
            return tapered(items, workers * 3, most)
        size = max(1, min(most, -(-len(items) // (workers * 6))))
        return chunked(items, size)
