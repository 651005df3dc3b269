"""The client of ``pipeline daemon``: hand a ``check`` to the site's resident checker.

``python -m pipeline`` (and the ``pipeline`` command) call :func:`forward` before they
import the CLI. When the command line is a ``check`` (its first command word; without
``--no-daemon``, ``--help`` or ``--version``) and a daemon's socket,
``.pipeline-cache/daemon.sock``, is in the start folder (``-C DIR``, else the current
folder) or one of its parents, the check is sent there and its output printed; otherwise,
or when nothing answers, or when the daemon declines, :func:`forward` returns None and the
CLI runs the command in this process, as if there were no daemon.

This module imports the standard library only (no pipeline module that loads
markdown-it-py, Babel or the language detectors), so that a forwarded check costs an
interpreter's start and one exchange on the socket.

The protocol: one connection per request; the client sends one JSON object and shuts its
side down; the daemon answers one JSON object and closes. A check is
``{"protocol", "version", "package", "argv", "cwd", "environ", "stdout_tty",
"stderr_tty"}``; the answer is ``{"status", "output"}`` (``output``: the command's stdout
and stderr as ``[[1 or 2, text], ...]`` in the order they were written) or
``{"decline": reason}``. A control request is ``{"protocol", "control": "status"|"stop"}``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

from pipeline import __version__

TYPE_CHECKING = False  # typing itself costs a forwarded check 2 ms of imports
if TYPE_CHECKING:
    import _socket
    from collections.abc import Mapping, Sequence
    from typing import Any, TextIO

CACHE_DIR = ".pipeline-cache"
"""The site's cache folder (``pipeline.engine.cache.CACHE_DIR``, repeated here so that this
module imports nothing of pipeline's)."""

SOCKET_NAME = "daemon.sock"
"""The daemon's socket, in the cache folder."""

PROTOCOL = 1
"""The version of the exchange; a daemon declines a request of another."""

MAX_MESSAGE = 256 * 1024 * 1024
"""Bytes a message may have (a check of 10,000 pages writes a few megabytes)."""

PACKAGE = os.path.dirname(os.path.abspath(__file__))
"""Where this pipeline is installed: a daemon of another installation declines."""

_VALUE_OPTIONS = frozenset({"-C", "--root", "-j", "--jobs", "--executor", "--lock-wait"})
"""The global options that take a value (the next word when not given with ``=``)."""

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""The signals that end a client waiting for its answer (with one line, 128 + the number):
``pipeline.runs.STOP_SIGNALS``, repeated here so that this module imports nothing of
pipeline's."""

_LOCAL_ONLY = frozenset({"-h", "--help", "--version", "--no-daemon"})
"""Options that keep a command in this process."""


def command_word(argv: Sequence[str]) -> str | None:
    """The first word of ``argv`` that is not an option or an option's value (the command),
    or None."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--":
            return None
        elif not word.startswith("-") or word == "-":
            return word
        elif word in _VALUE_OPTIONS:
            skip = True
    return None


def start_folder(argv: Sequence[str]) -> str:
    """The folder the site is looked for from: the last ``-C``/``--root`` of ``argv`` (as
    argparse takes it), else the current folder."""
    folder = "."
    words = iter(argv)
    for word in words:
        if word == "--":
            break
        if word in ("-C", "--root"):
            folder = next(words, folder)
        elif word.startswith("--root="):
            folder = word[len("--root=") :]
        elif word.startswith("-C") and len(word) > 2:
            folder = word[2:].removeprefix("=")
    return folder


def wants_daemon(argv: Sequence[str]) -> bool:
    """True when ``argv`` is a check that a daemon may run."""
    if command_word(argv) != "check":
        return False
    options = argv[: argv.index("--")] if "--" in argv else argv
    return not any(word in _LOCAL_ONLY for word in options)


def find_socket(start: str) -> str | None:
    """The daemon socket in ``start``'s cache folder or in one of its parents', or None."""
    folder = os.path.abspath(start)
    while True:
        candidate = os.path.join(folder, CACHE_DIR, SOCKET_NAME)
        try:
            if os.stat(candidate).st_mode & 0o170000 == 0o140000:  # S_IFSOCK
                return candidate
        except (OSError, ValueError):
            pass
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def exchange(path: str, request: Mapping[str, Any], timeout: float | None = None) -> Any:
    """Send ``request`` to the socket at ``path`` and return the decoded answer. Raises
    OSError (no daemon, refused, cut off) or ValueError (not an answer)."""
    # Imported once a socket is found: a check with no daemon does not pay for them.
    import _socket
    import json

    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        connection.settimeout(timeout)
        connection.connect(path)
        connection.sendall(json.dumps(request).encode("utf-8"))
        connection.shutdown(_socket.SHUT_WR)
        return json.loads(receive(connection))
    finally:
        connection.close()


def receive(connection: _socket.socket) -> bytes:
    """Everything ``connection`` sends until it shuts its side (at most
    :data:`MAX_MESSAGE` bytes; more is a ValueError)."""
    parts: list[bytes] = []
    size = 0
    while True:
        part = connection.recv(1 << 20)
        if not part:
            return b"".join(parts)
        size += len(part)
        if size > MAX_MESSAGE:
            raise ValueError(f"a message over {MAX_MESSAGE} bytes")
        parts.append(part)


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (OSError, ValueError):
        return False


def check_request(
    argv: Sequence[str], cwd: str, environ: Mapping[str, str], stdout: TextIO, stderr: TextIO
) -> dict[str, Any]:
    """The request that asks a daemon to run the check ``argv`` for this process."""
    return {
        "protocol": PROTOCOL,
        "version": __version__,
        "package": PACKAGE,
        "argv": list(argv),
        "cwd": cwd,
        "environ": dict(environ),
        "stdout_tty": _is_terminal(stdout),
        "stderr_tty": _is_terminal(stderr),
    }


def _answer(reply: Any) -> tuple[int, list[tuple[int, str]]] | None:
    """A check's answer as (status, output), or None (a decline, or not an answer)."""
    if not isinstance(reply, dict) or "decline" in reply:
        return None
    status, output = reply.get("status"), reply.get("output")
    if not isinstance(status, int) or not isinstance(output, list):
        return None
    chunks: list[tuple[int, str]] = []
    for chunk in output:
        if not (isinstance(chunk, list) and len(chunk) == 2 and chunk[0] in (1, 2)):
            return None
        if not isinstance(chunk[1], str):
            return None
        chunks.append((chunk[0], chunk[1]))
    return status, chunks


def _interrupted(signum: int, frame: object) -> None:
    """A stop signal while the daemon works: end the client with one line (the daemon
    finishes the check; its --output file, if any, is still written)."""
    name = signal.Signals(signum).name
    line = f"pipeline: check: interrupted by {name}; the daemon finishes the check on its own\n"
    with contextlib.suppress(OSError):
        os.write(2, line.encode())
    os._exit(128 + signum)


def _set_handlers(handlers: Mapping[int, Any]) -> dict[int, Any]:
    """Set the signal handlers (in the main thread; elsewhere none can be set) and return
    the ones they replace."""
    previous: dict[int, Any] = {}
    for number, handler in handlers.items():
        try:
            previous[number] = signal.signal(number, handler)
        except ValueError:
            break
    return previous


def forward(
    argv: Sequence[str],
    *,
    cwd: str | None = None,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int | None:
    """Run ``argv`` through the site's daemon and return its exit status, after printing
    its output on ``stdout`` and ``stderr`` (default: this process's); None when there is
    no daemon to run it (the caller runs the command itself)."""
    if not wants_daemon(argv):
        return None
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        here = cwd if cwd is not None else os.getcwd()
        path = find_socket(os.path.join(here, start_folder(argv)))
        if path is None:
            return None
        request = check_request(argv, here, os.environ if environ is None else environ, out, err)
    except (OSError, ValueError):
        return None
    previous = _set_handlers(dict.fromkeys(STOP_SIGNALS, _interrupted))
    try:
        try:
            answer = _answer(exchange(path, request))
        except (OSError, ValueError, UnicodeError):
            return None  # the CLI runs the command (with the signals its own again)
        if answer is None:
            return None
        status, output = answer
        _write(output, out, err)
        return status
    finally:
        _set_handlers(previous)


def _write(output: Sequence[tuple[int, str]], out: TextIO, err: TextIO) -> None:
    """Print the daemon's output in the order it was written; a closed pipe (``| head``)
    ends the printing, not the program."""
    try:
        for fd, text in output:
            stream = out if fd == 1 else err
            stream.write(text)
            stream.flush()
    except BrokenPipeError:
        # Python would report the closed pipe again when it flushes at exit.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, out.fileno())
            os.close(devnull)
