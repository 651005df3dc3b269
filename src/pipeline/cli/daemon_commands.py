"""``pipeline daemon start|run|stop|status``: a site's resident checker (the server is
:mod:`pipeline.cli.daemon`, the client :mod:`pipeline.client`).

Exit statuses: ``start`` 0 when a daemon serves the site (started, or already there), 2
when it could not start (the error names its log); ``run`` 0 when it stopped by itself
(idle, ``daemon stop``, its socket removed), 143/130/129 after SIGTERM/SIGINT/SIGHUP, 2
when it could not start; ``stop`` 0 (stopped, or none was running); ``status`` 0 when a
daemon serves the site, 1 when none does (as ``systemctl is-active`` answers non-zero),
2 on an error.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import io
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from pipeline import __version__
from pipeline.cli.commands import EXIT_FINDINGS, EXIT_OK
from pipeline.cli.daemon_places import LOCK_NAME, PROTOCOL, Places, ask, ask_status, places
from pipeline.client import PACKAGE
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.fsio import StateFolder
from pipeline.runs import print_line

STOP_WAIT = 30.0
"""Seconds ``daemon stop`` waits for the daemon to remove its socket."""


def daemon(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    """``pipeline daemon ACTION``."""
    assert config is not None, "a site command always gets the configuration"
    where = places(config.root)
    if args.action == "start":
        return _start(args, where, out, err)
    if args.action == "run":
        return _run(args, where, out)
    if args.action == "stop":
        return _stop(where, _say(args, out))
    return _status(where, out if args.quiet < 2 else io.StringIO())


def _writable(state: StateFolder, where: Places) -> None:
    """A daemon needs its socket where clients look for it: in the site's cache folder."""
    if not state.in_site:
        raise PipelineError(
            f"{state.reason or 'the site cannot be written'}: a daemon needs its socket in "
            "the site's cache folder, where 'pipeline check' looks for it",
            str(where.socket),
        )


def _engine_options(args: argparse.Namespace) -> list[str]:
    """The engine options of the daemon's own command line (for its warm-up check)."""
    options: list[str] = []
    if args.jobs is not None:
        options += ["-j", str(args.jobs)]
    if args.executor != "local":
        options += ["--executor", args.executor]
    if not args.cache:
        options.append("--no-cache")
    return options


def _run(args: argparse.Namespace, where: Places, out: TextIO) -> int:
    _writable(args.state, where)
    # The daemon's modules load the language models: imported by the daemon alone.
    from pipeline.cli.daemon import Daemon

    def say(line: str) -> None:
        print_line(out, f"{time.strftime('%Y-%m-%d %H:%M:%S')} pipeline daemon: {line}")

    server = Daemon(
        where,
        main=args.main,
        parse=args.parse,
        idle_timeout=args.idle_timeout or None,
        warmup=["-qq", *_engine_options(args), "check"],  # in the root, as a client there
        say=say,
    )
    return server.run()


def _same_code(answer: dict[str, Any]) -> bool:
    return answer.get("version") == __version__ and answer.get("package") == PACKAGE


def _start(args: argparse.Namespace, where: Places, out: TextIO, err: TextIO) -> int:
    _writable(args.state, where)
    running = _starting(where)
    if running is None:
        running, ours = _spawn(args, where)
        verb = "started" if ours else "already running"
    elif not _same_code(running):
        raise PipelineError(
            f"a daemon of pipeline {running.get('version')} (pid {running.get('pid')}, "
            f"{running.get('package')}) serves the site: 'pipeline daemon stop' first",
            str(where.socket),
        )
    else:
        verb = "already running"
    if args.quiet < (1 if verb == "started" else 2):
        warm = running.get("warmup_seconds") or 0.0
        print(
            f"pipeline daemon: {verb} for {where.root} (pid {running.get('pid')}, warmed up "
            f"in {warm:.2f} s); log: {where.log}",
            file=out if verb == "started" else err,
        )
    return EXIT_OK


def _starting(where: Places) -> dict[str, Any] | None:
    """The status of the daemon serving the site, once it answers (one another ``start``
    began is waited for: it holds the daemon lock before its socket answers); None when
    there is none."""
    while True:
        answer = ask_status(where.socket)
        if answer is not None:
            return answer
        with _no_daemon(where) as none:
            if none:
                return None
        time.sleep(0.05)


def _spawn(args: argparse.Namespace, where: Places) -> tuple[dict[str, Any], bool]:
    """Start ``pipeline daemon run`` detached (its own session, output to the log) and wait
    until it answers (after its warm-up): the status of the daemon that answers, and
    whether it is the one started here (another ``start`` may have been first)."""
    where.folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pipeline", "-C", str(where.root), *_engine_options(args)]
    command += ["daemon", "run", "--idle-timeout", f"{args.idle_timeout:g}"]
    log = os.open(where.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        pid = os.posix_spawn(
            sys.executable,
            command,
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, log, 1),
                (os.POSIX_SPAWN_DUP2, log, 2),
            ],
            setsid=True,
        )
    finally:
        os.close(log)
    while True:
        answer = ask_status(where.socket)  # waits while the daemon warms up
        if answer is not None:
            return answer, answer.get("pid") == pid
        ended, code = os.waitpid(pid, os.WNOHANG)
        if ended:
            answer = _starting(where)
            if answer is not None:
                return answer, False
            last = _last_line(where.log)
            raise PipelineError(
                f"the daemon did not start (exit status {os.waitstatus_to_exitcode(code)})"
                f"{': ' + last if last else ''}; its log: {where.log}"
            )
        time.sleep(0.02)


def _last_line(path: Path) -> str:
    """The last line of the daemon's log, without its time stamp (empty when none)."""
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    last = lines[-1].strip() if lines else ""
    return last.split(" pipeline daemon: ", 1)[-1]


@contextlib.contextmanager
def _no_daemon(where: Places) -> Iterator[bool]:
    """True when no daemon holds the site's daemon lock (none running or starting), the
    lock then held for the ``with`` block."""
    path = where.folder / LOCK_NAME
    try:
        descriptor = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        yield True
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)


def _say(args: argparse.Namespace, out: TextIO) -> Callable[[str], None]:
    """Print a line of what was done (not at -q and above)."""

    def say(line: str) -> None:
        if args.quiet < 1:
            print(line, file=out)

    return say


def _stop(where: Places, say: Callable[[str], None]) -> int:
    answer = ask_status(where.socket)
    if answer is None:
        with _no_daemon(where) as none:
            if none and where.socket.is_socket():
                where.socket.unlink()
                say(f"pipeline daemon: none for {where.root}; removed a stale socket")
            else:
                say(f"pipeline daemon: none for {where.root}")
        return EXIT_OK
    with contextlib.suppress(OSError, ValueError):  # it may stop between the two requests
        ask(where.socket, {"protocol": PROTOCOL, "control": "stop"})
    deadline = time.monotonic() + STOP_WAIT
    while where.socket.is_socket() and time.monotonic() < deadline:
        time.sleep(0.02)
    if where.socket.is_socket():
        raise PipelineError(
            f"the daemon (pid {answer.get('pid')}) did not stop within {STOP_WAIT:g} s",
            str(where.socket),
        )
    say(f"pipeline daemon: stopped (pid {answer.get('pid')}) for {where.root}")
    return EXIT_OK


def _count(number: object, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _duration(seconds: float) -> str:
    """``42 s``, ``3 min 5 s``, ``2 h 10 min``."""
    whole = int(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    return f"{whole // 3600} h {whole % 3600 // 60} min"


def _status(where: Places, out: TextIO) -> int:
    answer = ask_status(where.socket)
    if answer is None:
        stale = " (a stale socket is left: 'pipeline daemon start' replaces it)"
        print(f"no daemon for {where.root}{stale if where.socket.exists() else ''}", file=out)
        return EXIT_FINDINGS
    timeout = answer.get("idle_timeout")
    lines = [
        f"pipeline daemon: serving {answer.get('root')} (pid {answer.get('pid')}, "
        f"pipeline {answer.get('version')})",
        f"  up {_duration(answer.get('uptime', 0))}; warm-up check "
        f"{answer.get('warmup_seconds', 0):.2f} s (status {answer.get('warmup_status')})",
        f"  requests: {_count(answer.get('served'), 'check')} run "
        f"({answer.get('busy', 0):.2f} s), {answer.get('declined')} declined (run by the client)",
        f"  resident check: {_count(answer.get('runs'), 'run')}, "
        f"{answer.get('incremental')} of them incremental",
        f"  idle for {_duration(answer.get('idle', 0))}; "
        + (f"stops after {_duration(timeout)} without a request" if timeout else "no idle timeout"),
        f"  socket: {answer.get('socket')}",
    ]
    if not _same_code(answer):
        lines.append(
            f"  note: this is pipeline {__version__} ({PACKAGE}); the daemon declines its "
            "checks: 'pipeline daemon stop' and start it again"
        )
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


__all__ = ["daemon"]
