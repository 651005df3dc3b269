"""One run at a time: an advisory lock on ``.pipeline.lock`` at the site root.

The lock is ``fcntl.flock`` on an open file, so the kernel releases it when the holder
exits, even on SIGKILL: the file a killed run leaves behind blocks no one, the next run
takes it over. The file holds the holder's pid, for the message another run prints.

The file is removed when the run ends, while it is still locked. A run that was waiting on
it then holds a lock on a file that no longer has the name: it sees that (the name leads to
another file, or none) and starts again with a fresh file, so two runs never hold two
different files of the same name.

Once the lock is held no other run can be writing, so the temporary files an interrupted
run left behind (``.name.XXXXXXXX.tmp``) are removed then.

A read-only tree has its lock in the user's cache folder instead (the CLI passes ``path``).
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
from pipeline.fsio import StateFolder, describe_os_error, fault_point, remove_stale_temps

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


def _try_lock(handle: int, display: str) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise LockError(f"cannot lock: {exc.strerror}", display) from exc
    return True


def _names(handle: int, path: Path) -> bool:
    """True when ``path`` still names the file open as ``handle``."""
    try:
        held, named = os.fstat(handle), os.stat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _open(path: Path, display: str) -> int:
    try:
        fault_point("create", path)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise LockError(f"cannot create the lock file: {describe_os_error(exc)}", display) from exc


def _acquire(path: Path, display: str, wait: float | None) -> int:
    """An open descriptor of ``path``, locked, that ``path`` still names."""
    deadline = None if wait is None else time.monotonic() + max(wait, 0.0)
    while True:
        handle = _open(path, display)
        try:
            while not _try_lock(handle, display):
                if deadline is None or time.monotonic() >= deadline:
                    raise LockError(
                        f"another pipeline run holds the lock (pid {_holder(handle)})", display
                    )
                time.sleep(min(_POLL, max(deadline - time.monotonic(), 0.0)))
        except BaseException:
            os.close(handle)
            raise
        if _names(handle, path):
            return handle
        # The holder we waited for removed the file when it ended: lock a fresh one.
        os.close(handle)


@contextlib.contextmanager
def site_lock(
    root: Path, *, wait: float | None, clean_temps: bool = True, path: Path | None = None
) -> Iterator[None]:
    """Hold the site's lock for the duration of the ``with`` block.

    ``wait=None`` fails at once when another run holds it; a number waits up to that
    many seconds. Either way the failure is a :class:`LockError` naming the holder's
    pid. With ``clean_temps`` (the default), stale temporary files of interrupted
    writes under ``root`` are removed once the lock is held. ``path`` is the lock file
    (default ``root/.pipeline.lock``); it is removed when the block ends.
    """
    lock_path = root / LOCK_NAME if path is None else path
    display = LOCK_NAME if path is None else str(path)
    handle = _acquire(lock_path, display, wait)
    try:
        try:
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError as exc:
            raise LockError(f"cannot write the lock file: {exc.strerror}", display) from exc
        if clean_temps:
            remove_stale_temps(root)
        yield
    finally:
        # Removed while still locked (see the module's documentation), then released.
        if _names(handle, lock_path):
            with contextlib.suppress(OSError):
                os.unlink(lock_path)
        os.close(handle)


@contextlib.contextmanager
def state_lock(root: Path, state: StateFolder, *, wait: float | None) -> Iterator[None]:
    """:func:`site_lock` where the run keeps its state: the site root, or the user's cache
    folder for a read-only site; no lock at all when there is nowhere to write one (the
    run cannot write into the site either)."""
    if state.path is None:
        yield
        return
    path = None if state.in_site else state.path / "pipeline.lock"
    with site_lock(root, wait=wait, path=path):
        yield
