"""Disk reads and writes: one way to read a file as text (with the line of a bad byte), and
atomic writes (temporary file + rename) made only when the content changes."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from pipeline.errors import PipelineError


def read_bytes(path: Path, display: str, error: type[PipelineError] = PipelineError) -> bytes:
    """The bytes of ``path``; a failure is ``error`` naming ``display`` and the OS reason."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", display) from None


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
        raise error(f"cannot read: {exc.strerror or exc}", display) from None
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


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically unless the file already holds exactly that.

    Returns True when the file was written. The parent folder is created when missing.
    A reader never sees a half-written file: the data goes to a temporary file in the
    same folder, is flushed to disk, then renamed over the target.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise PipelineError("is not a regular file", str(path))
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise PipelineError(f"cannot read: {exc.strerror}", str(path)) from exc
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise PipelineError(f"cannot write: {exc.strerror}", str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise PipelineError(f"cannot write: {exc.strerror}", str(path)) from exc
    return True


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
                with contextlib.suppress(FileNotFoundError):
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
