"""One run at a time: an advisory lock on ``.pipeline.lock`` at the site root.

The lock is ``fcntl.flock`` on an open file, so the kernel releases it when the
holder exits, even on SIGKILL: a stale lock file never blocks anyone. The file
holds the holder's pid, for the message another run prints. It is never deleted
(deleting it would let two runs lock two different files of the same name).

Once the lock is held no other run can be writing, so the temporary files an
interrupted run left behind (``.name.XXXXXXXX.tmp``) are removed then.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import LockError
from pipeline.fsio import remove_stale_temps

LOCK_NAME = ".pipeline.lock"
"""The lock file, at the site root."""

_POLL = 0.05
"""Seconds between two attempts while waiting for the lock."""


def _holder(handle: int) -> str:
    """The pid recorded in the lock file, or ``?`` when it cannot be read yet."""
    try:
        raw = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "?"
    return raw if raw.isdigit() else "?"


def _try_lock(handle: int) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise LockError(f"cannot lock: {exc.strerror}", LOCK_NAME) from exc
    return True


@contextlib.contextmanager
def site_lock(root: Path, *, wait: float | None, clean_temps: bool = True) -> Iterator[None]:
    """Hold the site's lock for the duration of the ``with`` block.

    ``wait=None`` fails at once when another run holds it; a number waits up to that
    many seconds. Either way the failure is a :class:`LockError` naming the holder's
    pid. With ``clean_temps`` (the default), stale temporary files of interrupted
    writes under ``root`` are removed once the lock is held.
    """
    path = root / LOCK_NAME
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise LockError(f"cannot create the lock file: {exc.strerror}", LOCK_NAME) from exc
    try:
        deadline = None if wait is None else time.monotonic() + max(wait, 0.0)
        while not _try_lock(handle):
            if deadline is None or time.monotonic() >= deadline:
                raise LockError(
                    f"another pipeline run holds the lock (pid {_holder(handle)})", LOCK_NAME
                )
            time.sleep(min(_POLL, max(deadline - time.monotonic(), 0.0)))
        try:
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError as exc:
            raise LockError(f"cannot write the lock file: {exc.strerror}", LOCK_NAME) from exc
        if clean_temps:
            remove_stale_temps(root)
        yield
    finally:
        # Closing the descriptor releases the lock; the file stays.
        os.close(handle)
