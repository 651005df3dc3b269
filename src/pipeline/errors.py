"""The project's error family. Every error carries the place it is about.

The library raises these; only :mod:`pipeline.cli` turns them into a message on
stderr and exit status 2.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator


class PipelineError(Exception):
    """Base of every error pipeline raises on bad input or configuration."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        """What is wrong, without the location."""
        self.path = path
        """The file concerned (site-relative where possible), or None."""
        self.line = line
        """1-based line in that file, or None."""

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        # One line, always: a message quoting a multi-line value (a YAML error, a
        # PO string) is folded so CI logs and editors see one finding per line.
        message = self.message
        if "\n" in message or "\r" in message:
            message = " ".join(message.split())
        return f"{where}{message}"


class ConfigError(PipelineError):
    """pipeline.toml or the command line is wrong."""


class SourceError(PipelineError):
    """A content page (Markdown, front matter) cannot be read."""


class CatalogError(PipelineError):
    """A PO or POT file cannot be read or is inconsistent."""


class LockError(PipelineError):
    """Another run holds the site's lock."""


class Interrupted(KeyboardInterrupt):
    """A signal (SIGINT, SIGTERM, SIGHUP) asked the run to stop.

    Raised in the main thread by the CLI's signal handlers, so that every ``with`` block
    and ``finally`` on the way out cleans up (workers stopped, temporary files removed,
    the lock released). A :class:`KeyboardInterrupt`, so code that handles Ctrl-C
    handles every stop request alike."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        """The signal's number."""


class _Deferral:
    """The main thread's deferred sections (see :func:`stop_deferred`)."""

    def __init__(self) -> None:
        self.depth = 0
        self.pending: int | None = None


_deferral = _Deferral()


@contextlib.contextmanager
def stop_deferred() -> Iterator[None]:
    """Hold back a stop request until the ``with`` block ends, for a step that must not be
    cut in two (a worker process being started: interrupted half-way, it would be started
    but unknown, and outlive the run). In the main thread only (where signals are
    handled); elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _deferral.depth += 1
    try:
        yield
    finally:
        _deferral.depth -= 1
        # Raised even when the block failed (a full disk as a temporary file is created):
        # the stop is what ends the run, and it is never left pending for a later block.
        if _deferral.depth == 0 and _deferral.pending is not None:
            signum, _deferral.pending = _deferral.pending, None
            raise Interrupted(signum)


def defer_stop(signum: int) -> bool:
    """For a signal handler: True when the main thread is in a deferred section, which then
    raises :class:`Interrupted` for ``signum`` when it ends."""
    if _deferral.depth > 0:
        _deferral.pending = signum
        return True
    return False
