"""What a command's run needs around it (part of the CLI): where it keeps its state, its
lock, and how it stops when it is asked to.

**State.** The cache and a writing command's lock live in the site (``.pipeline-cache/``,
``.pipeline.lock``), or, when the site is read-only, in the user's cache folder
(``$XDG_CACHE_HOME/pipeline/<site hash>``), with one line saying so; when that cannot be
written either, the run goes without a cache.

**Stopping.** SIGINT (Ctrl-C), SIGTERM (a CI time limit, ``kill``) and SIGHUP (the
terminal closed) all stop a run the same way: the first one raises
:class:`~pipeline.errors.Interrupted` in the main thread, so every ``with`` block and
``finally`` on the way out does its cleaning (workers killed, Dask jobs cancelled, temporary
files removed, the lock released), and the CLI prints one line saying what was finished and
exits with 128 + the signal's number (130, 143, 129), as a shell reports a process the
signal ended.

Further signals while the run is stopping are not turned into new exceptions (they would
cut the cleaning short). If the cleaning has not ended :data:`GRACE` seconds after the
first signal (a library call that does not return), a watchdog kills the run's worker
processes, prints the same line and ends the process at once. A library call that holds
the interpreter lock (lingua loading a language's models) delays both the handler and the
watchdog until it returns.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import TextIO

from pipeline.errors import Interrupted, defer_stop
from pipeline.fsio import StateFolder, files_written, state_folder
from pipeline.lock import state_lock

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""The signals that stop a run."""

GRACE = 1.5
"""Seconds the cleaning may take before the watchdog ends the process."""


def exit_status(signum: int) -> int:
    """The exit status of a run stopped by ``signum`` (130, 143, 129)."""
    return 128 + signum


def signal_name(signum: int) -> str:
    """``SIGTERM`` for 15."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def signal_of(exc: KeyboardInterrupt) -> int:
    """The signal behind an interrupt (a plain KeyboardInterrupt is Ctrl-C's SIGINT)."""
    return exc.signum if isinstance(exc, Interrupted) else int(signal.SIGINT)


def stop_line(command: str, signum: int, written: int) -> str:
    """The line a stopped run prints: which signal, and what it had finished."""
    finished = (
        f"{written} file{'s' if written != 1 else ''} written in full before it, none half-written"
        if written
        else "nothing written"
    )
    return f"pipeline: {command}: interrupted by {signal_name(signum)}; {finished}"


def print_line(stream: TextIO, line: str) -> None:
    """Print ``line``, never failing (after SIGHUP the terminal may be gone)."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=stream, flush=True)


class StopRequests:
    """The handlers of the stop signals for one run (see the module's documentation)."""

    def __init__(self, last_words: Callable[[int], str], stream: TextIO) -> None:
        self._last_words = last_words
        self._stream = stream
        self.received: int | None = None
        """The first stop signal received, or None."""
        self._active = False
        self._watchdog: threading.Timer | None = None
        self._thread_hook = threading.excepthook

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if not self._active or self.received is not None:
            return  # already stopping (or done): the watchdog bounds the time
        self.received = signum
        self._watchdog = threading.Timer(GRACE, self._hard_stop, args=(signum,))
        self._watchdog.daemon = True
        self._watchdog.start()
        if not defer_stop(signum):  # else raised when the deferred step ends
            raise Interrupted(signum)

    def _hard_stop(self, signum: int) -> None:
        """The cleaning did not end in time: kill the workers and end the process now."""
        for child in multiprocessing.active_children():
            with contextlib.suppress(OSError, ValueError, AttributeError):
                child.kill()
        print_line(self._stream, self._last_words(signum))
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        os._exit(exit_status(signum))

    def _thread_died(self, args: threading.ExceptHookArgs) -> None:
        """A background thread's uncaught exception: silent once the run is stopping (the
        process pool's manager thread dies of its workers being stopped), else as before."""
        if self.received is None:
            self._thread_hook(args)

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopRequests]:
        """The handlers, for the duration of the ``with`` block (in the main thread only:
        elsewhere signals cannot be handled, and the block runs without them)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
        self._thread_hook = threading.excepthook
        self._active = True
        try:
            for number in STOP_SIGNALS:
                signal.signal(number, self._handle)
            threading.excepthook = self._thread_died
            yield self
        finally:
            self._active = False
            threading.excepthook = self._thread_hook
            for number, handler in previous.items():
                signal.signal(number, signal.SIG_DFL if handler is None else handler)
            if self._watchdog is not None:
                self._watchdog.cancel()


def run_stoppable(command: str, stream: TextIO, run: Callable[[], int]) -> int:
    """``run()``'s exit status, or, when a stop signal (or Ctrl-C) ends it, that signal's
    (130, 143, 129) after one line on ``stream`` saying what was finished."""
    before = files_written()

    def last_words(signum: int) -> str:
        return stop_line(command, signum, files_written() - before)

    requests = StopRequests(last_words, stream)
    try:
        with requests.installed():
            return run()
    except KeyboardInterrupt as exc:
        # Everything on the way out has cleaned up already.
        print_line(stream, last_words(signal_of(exc)))
        return exit_status(signal_of(exc))
    except BaseException:
        if requests.received is None:
            raise
        # The stop came in the middle of something that turned it into another error (a
        # module being imported wraps it in a RuntimeError): it is still the stop.
        print_line(stream, last_words(requests.received))
        return exit_status(requests.received)


@contextlib.contextmanager
def run_state(
    root: Path,
    cache_home: Path | None,
    *,
    cache_dir: str,
    lock: bool,
    note: TextIO | None,
    wait: float | None,
) -> Iterator[StateFolder]:
    """The run's state folder (see the module's documentation), with the site's lock held
    when ``lock``; a read-only site is said on ``note`` (None: not said)."""
    state = state_folder(root, cache_home, cache_dir)
    if not state.in_site and note is not None:
        where = f"cache in {state.path}" if state.path is not None else "no cache"
        print_line(note, f"pipeline: note: {state.reason}: {where}")
    with state_lock(root, state, wait=wait) if lock else contextlib.nullcontext():
        yield state
