"""Disk reads and writes: one way to read a file as text (with the line of a bad byte),
atomic writes (temporary file + rename) made only when the content changes, and the faults
of real machines: a full disk or a refused write leaves the old file and no temporary one,
an unreadable file says why (a symbolic link leading nowhere included).

Every write of the package passes a *fault point* (:func:`fault_point`): tests and the
reliability runner install a :class:`FaultPlan` (:func:`injected_faults`) that makes the
N-th write fail with ``ENOSPC``, ``EDQUOT`` or ``EACCES``, as a full disk or a file of
another user would, without needing a tiny file system. With no plan installed (every real
run) a fault point is one comparison.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import PipelineError, stop_deferred


def read_bytes(path: Path, display: str, error: type[PipelineError] = PipelineError) -> bytes:
    """The bytes of ``path``; a failure is ``error`` naming ``display`` and the OS reason."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read: {read_reason(path, exc)}", display) from None


def read_reason(path: Path, exc: OSError) -> str:
    """Why ``path`` could not be read, for a person (a dangling symbolic link says so)."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return f"the symbolic link leads nowhere ({reason})"
    return reason


def decode_text(data: bytes, display: str, error: type[PipelineError] = PipelineError) -> str:
    """``data`` as UTF-8; a bad byte is ``error`` naming ``display`` and the byte's line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", display, line) from None


def read_text(path: Path, display: str, error: type[PipelineError] = PipelineError) -> str:
    """The UTF-8 text of ``path`` (see :func:`read_bytes` and :func:`decode_text`)."""
    return decode_text(read_bytes(path, display, error), display, error)


def read_text_if_exists(
    path: Path, display: str, error: type[PipelineError] = PipelineError
) -> str | None:
    """Like :func:`read_text`, but None when there is no such file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise error(f"cannot read: {read_reason(path, exc)}", display) from None
    return decode_text(data, display, error)


def display_path(root: Path, path: Path) -> str:
    """``path`` relative to the site ``root``, with ``/`` separators (as given when it is not
    below the root). Cheap: a string prefix test, no file system access."""
    text, base = str(path), str(root)
    if base in ("", "."):
        if not path.is_absolute():
            return path.as_posix()
    elif text.startswith(base.rstrip(os.sep) + os.sep):
        return text[len(base.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def write_if_changed(path: Path, data: bytes, display: str | None = None) -> bool:
    """Write ``data`` to ``path`` atomically unless the file already holds exactly that.

    Returns True when the file was written. The parent folder is created when missing.
    A reader never sees a half-written file: the data goes to a temporary file in the
    same folder, is flushed to disk, then renamed over the target. When anything fails
    or interrupts the write (a full disk, a signal), the temporary file is removed and
    the target keeps its old content; the error names ``display`` (default: ``path``).
    """
    where = str(path) if display is None else display
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise PipelineError("is not a regular file", where)
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise PipelineError(f"cannot read: {exc.strerror}", where) from exc
    tmp: str | None = None
    handle: BinaryIO | None = None
    try:
        fault_point("create", path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A stop signal is held back from the moment mkstemp creates the file until its
        # name is known here: handled as the ``open`` returns, it would leave a temporary
        # file nobody knows of (a stopped ``build`` once left ``.page006.html.*.tmp``).
        with stop_deferred():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            handle = os.fdopen(fd, "wb")
        with handle:
            _write_all(handle, data, path)
            handle.flush()
            fault_point("sync", path)
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, _mode_for(path))
        fault_point("rename", path)
        os.replace(tmp, path)
    except BaseException as exc:
        # Interrupts too (KeyboardInterrupt, a signal turned into an exception): the
        # temporary file never outlives the write.
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(exc, where) from exc
        raise
    _journal.wrote()
    return True


def _write_all(handle: BinaryIO, data: bytes, path: Path) -> None:
    """Write ``data``; under an injected fault plan, in two halves with a fault point
    between them (a disk that fills up in the middle of a file)."""
    if _plan is None or len(data) < 2:
        handle.write(data)
        return
    half = len(data) // 2
    handle.write(data[:half])
    handle.flush()
    fault_point("write", path)
    handle.write(data[half:])


def remove_file(path: Path, display: str | None = None) -> bool:
    """Remove ``path`` (a file); False when it was not there. Errors name ``display``."""
    where = str(path) if display is None else display
    try:
        fault_point("remove", path)
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise PipelineError(f"cannot remove: {describe_os_error(exc)}", where) from exc
    _journal.wrote()
    return True


DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
"""Error numbers that mean there is no room left (a full disk, a quota reached)."""


def describe_os_error(exc: OSError) -> str:
    """The OS reason of ``exc`` for a person: a full disk says so in plain words."""
    reason = exc.strerror or str(exc)
    if exc.errno in DISK_FULL:
        return f"the disk is full ({reason})"
    return reason


def write_error(exc: OSError, display: str) -> PipelineError:
    """The error for a write of ``display`` that failed with ``exc`` (the file keeps its
    old content: say so when the disk is full, the case people worry about)."""
    message = f"cannot write: {describe_os_error(exc)}"
    if exc.errno in DISK_FULL:
        message += "; the file keeps its old content"
    return PipelineError(message, display)


_TEMP_RE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
"""Names :func:`write_if_changed` gives its temporary files (``.name.XXXXXXXX.tmp``)."""


def remove_stale_temps(root: Path) -> list[Path]:
    """Remove the temporary files interrupted writes left under ``root``; return them.

    Only safe while no other run writes under ``root`` (hold the site lock). Hidden
    folders (``.git``, ``.venv``) are not searched.
    """
    removed: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if _TEMP_RE.match(name):
                path = Path(folder) / name
                # A read-only tree, or a file of another user: leave it.
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return sorted(removed)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; new files get 0o644 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# --------------------------------------------------------------------------- fault injection


@dataclass(slots=True)
class FaultPlan:
    """Which write operations of this process fail, and how (tests, reliability runner)."""

    at: int | None
    """1-based number of the write operation that fails (None: none fails, they are only
    counted, to learn how many a run makes)."""
    error: int = errno.ENOSPC
    """The ``errno`` it fails with."""
    sticky: bool = True
    """Every later write fails too (a full disk stays full; a refused file does not)."""
    seen: int = 0
    """Write operations met so far."""
    failed: list[str] = field(default_factory=list)
    """``operation path`` of each write made to fail."""


_plan: FaultPlan | None = None
_plan_lock = threading.Lock()


@contextlib.contextmanager
def injected_faults(plan: FaultPlan) -> Iterator[FaultPlan]:
    """Run the ``with`` block under ``plan`` (one plan at a time per process)."""
    global _plan
    if _plan is not None:
        raise RuntimeError("a fault plan is already installed")
    _plan = plan
    try:
        yield plan
    finally:
        _plan = None


def fault_point(operation: str, path: Path | str) -> None:
    """Mark a write operation (``create``, ``write``, ``sync``, ``rename``, ``remove``, a
    cache's ``commit``...); under a :class:`FaultPlan` it may raise the plan's
    :class:`OSError`, exactly as the operation itself would."""
    plan = _plan
    if plan is None:
        return
    with _plan_lock:
        plan.seen += 1
        if plan.at is None or plan.seen < plan.at or (plan.seen > plan.at and not plan.sticky):
            return
        plan.failed.append(f"{operation} {path}")
    raise OSError(plan.error, os.strerror(plan.error), str(path))


# --------------------------------------------------------------------------- journal


class _Journal:
    """How many files this process has written (or removed) in full: what an interrupted
    run had finished."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def wrote(self) -> None:
        with self._lock:
            self._count += 1

    @property
    def count(self) -> int:
        return self._count


_journal = _Journal()


def files_written() -> int:
    """Files written or removed in full by this process so far (compare two readings)."""
    return _journal.count


# --------------------------------------------------------------------------- state folder


@dataclass(frozen=True, slots=True)
class StateFolder:
    """Where a run keeps its state (the cache; the lock of a writing command)."""

    path: Path | None
    """The folder, or None when there is nowhere to write (no cache, no lock file)."""
    in_site: bool
    """True for the site root itself (``.pipeline-cache/``, ``.pipeline.lock``)."""
    reason: str = ""
    """Why the site root is not used (empty when it is)."""


def site_hash(root: Path) -> str:
    """A short stable name for the site at ``root`` (its resolved path)."""
    return hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=8).hexdigest()


def state_folder(root: Path, cache_home: Path | None, cache_dir: str) -> StateFolder:
    """The site root when the run may write there (its ``cache_dir`` included), else the
    user's cache folder ``cache_home/pipeline/<site hash>`` (created), else none.

    A read-only tree (a CI checkout, a read-only mount, another user's files) is checked
    without writing into it.
    """
    probe = [root] + ([root / cache_dir] if (root / cache_dir).is_dir() else [])
    if all(os.access(folder, os.W_OK) for folder in probe):
        return StateFolder(root, True)
    reason = "the site is read-only"
    if cache_home is None:
        return StateFolder(None, False, reason)
    folder = cache_home / "pipeline" / site_hash(root)
    try:
        fault_point("create", folder)
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return StateFolder(None, False, reason)
    if not os.access(folder, os.W_OK):
        return StateFolder(None, False, reason)
    return StateFolder(folder, False, reason)
