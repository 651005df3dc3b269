"""The resident checker's server (``pipeline daemon run``): one process that keeps a site's
check in memory and runs the clients' ``pipeline check`` for them.

It listens on an AF_UNIX socket in the site's cache folder (``.pipeline-cache/daemon.sock``,
mode 0600: only its user can connect), warms up with one quiet check of the whole site
(the language models are loaded, the memory of the check filled), then serves requests
one at a time (the protocol is :mod:`pipeline.client`'s). A check request runs through
:func:`pipeline.cli.main` in the client's folder, with the client's environment and
terminal flags, and the daemon's one :class:`~pipeline.engine.resident.ResidentCheck`; the
output goes back to the client. It declines (the client then runs the check itself) a
request of another pipeline version or installation, another command, or another site.

It stops after ``--idle-timeout`` seconds without a request, on ``pipeline daemon
stop``, on SIGTERM, SIGINT or SIGHUP, or when its socket is removed; it removes its socket
as it stops. A lock (``daemon.lock``, held for the process's life) keeps a second daemon
of the same site from starting.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline import __version__
from pipeline.checks.detector import judge_spec
from pipeline.cli.capture import Capture
from pipeline.cli.daemon_places import LOCK_NAME, Places, ask_status
from pipeline.client import (
    PACKAGE,
    PROTOCOL,
    receive,
)
from pipeline.config import find_site_root, load_config, read_environment
from pipeline.engine.models import load_py3langid, warm_lingua
from pipeline.engine.resident import ResidentCheck
from pipeline.errors import Interrupted, PipelineError
from pipeline.runs import STOP_SIGNALS, exit_status

POLL = 1.0
"""Seconds between two looks, while idle, at whether the socket is still the daemon's."""

READ_TIMEOUT = 10.0
"""Seconds a client has to send its request, and to take the answer, once connected."""

Runner = Callable[..., int]
""":func:`pipeline.cli.main` (given, not imported: the CLI starts the daemon)."""

Parse = Callable[[Sequence[str]], argparse.Namespace | None]
"""The CLI's parser: a command line's arguments, or None when it does not parse."""

_STOPPED = frozenset(exit_status(number) for number in STOP_SIGNALS)


@dataclass(slots=True)
class Counters:
    """What the daemon has done since it started (shown by ``pipeline daemon status``)."""

    started: float
    """When it started (``time.time()``)."""
    last: float
    """When it last finished a request (``time.monotonic()``), or started."""
    served: int = 0
    """Checks it ran for clients."""
    declined: int = 0
    """Requests it declined (the client ran the command itself)."""
    busy: float = 0.0
    """Seconds spent running the clients' checks (from request read to answer ready)."""
    warmup_seconds: float = 0.0
    """How long the warm-up check took."""
    warmup_status: int | None = None
    """The warm-up check's exit status (None while it runs)."""


class Daemon:
    """One site's resident checker: its socket, its memory, its loop."""

    def __init__(
        self,
        where: Places,
        *,
        main: Runner,
        parse: Parse,
        idle_timeout: float | None,
        warmup: list[str],
        say: Callable[[str], None],
    ) -> None:
        self.where = where
        """Its site and files."""
        self.main = main
        """Runs a command line (:func:`pipeline.cli.main`)."""
        self.parse = parse
        """Parses a command line as the CLI does."""
        self.idle_timeout = idle_timeout
        """Seconds without a request before it exits (None: never)."""
        self.warmup = warmup
        """The command line of the warm-up check."""
        self.say = say
        """Prints a line to its log (stdout)."""
        self.resident = ResidentCheck()
        """The check's memory, kept for the daemon's life, given to every check."""
        self.counters = Counters(started=time.time(), last=time.monotonic())
        """What it has done."""
        self.stopping = False
        """``pipeline daemon stop`` asked it to stop after the current request."""
        self.signalled: int | None = None
        """The stop signal that came during a client's check (it stops once it has
        declined that check)."""
        self._listener: socket.socket | None = None
        self._inode: tuple[int, int] | None = None

    def run(self) -> int:
        """Listen, warm up and serve until stopped; the socket is removed on the way out.
        Returns 0 (idle, stop, socket removed); a stop signal raises Interrupted."""
        with self._locked(), self._listening():
            saved = os.getcwd()
            os.chdir(self.where.root)  # no other folder is held (a client's only for its check)
            try:
                self._warm_up()
                return self._serve()
            finally:
                os.chdir(saved)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the site's daemon lock (another daemon holds it: an error)."""
        self.where.folder.mkdir(parents=True, exist_ok=True)
        path = self.where.folder / LOCK_NAME
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if not _lock(descriptor):
                holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
                raise PipelineError(
                    f"another daemon (pid {holder or '?'}) is starting or serving "
                    f"{self.where.root}",
                    str(path),
                ) from None
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
            yield
        finally:
            os.close(descriptor)

    @contextlib.contextmanager
    def _listening(self) -> Iterator[None]:
        """The listening socket (a stale one replaced), removed on the way out."""
        path = self.where.socket
        if path.is_socket() or path.exists():
            if ask_status(path) is not None:
                raise PipelineError(f"a daemon already serves {self.where.root}", str(path))
            self.say(f"replacing a stale socket: {path}")
            path.unlink()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        mask = os.umask(0o177)  # the socket is created 0600
        try:
            listener.bind(str(path))
        finally:
            os.umask(mask)
        os.chmod(path, 0o600)
        listener.listen(64)
        status = path.stat()
        self._listener, self._inode = listener, (status.st_dev, status.st_ino)
        self.say(f"listening on {path} (pid {os.getpid()}, pipeline {__version__})")
        try:
            yield
        finally:
            listener.close()
            if self._socket_is_ours():
                path.unlink()
                self.say("socket removed; stopped")
            else:
                self.say("stopped")

    def _socket_is_ours(self) -> bool:
        try:
            status = self.where.socket.stat()
        except OSError:
            return False
        return (status.st_dev, status.st_ino) == self._inode

    def _warm_up(self) -> None:
        """One quiet check of the whole site: the models load, the memory fills."""
        self.say(f"warming up: pipeline {' '.join(self.warmup)}")
        began = time.monotonic()
        capture = Capture(False, False)
        status = self.main(
            self.warmup, stdout=capture.stdout, stderr=capture.stderr, resident=self.resident
        )
        if status in _STOPPED:
            raise Interrupted(status - 128)
        self.counters.warmup_seconds = time.monotonic() - began
        self.counters.warmup_status = status
        for line in capture.text(2).splitlines():
            self.say(f"warm-up: {line}")
        languages = self._load_models()
        if languages:
            self.say(f"language models loaded for {', '.join(languages)}")
        self.counters.warmup_seconds = time.monotonic() - began
        self.say(f"warmed up in {self.counters.warmup_seconds:.2f} s (check status {status})")
        self.counters.last = time.monotonic()

    def _load_models(self) -> tuple[str, ...]:
        """Load the language models a check of the site detects with: a check whose
        findings all came from the cache loaded none, and the first check after an edit
        would pay for them (about a second for 16 languages)."""
        try:
            config = load_config(self.where.root, read_environment(os.environ))
        except PipelineError:
            return ()  # the clients' checks say what is wrong
        spec = judge_spec(candidates=config.all_languages, ignore_terms=(), options={})
        model = load_py3langid(self.where.folder)
        if model is not None:
            model.prepare()
        warm_lingua(spec.languages)
        return spec.languages

    def _serve(self) -> int:
        """Requests, one at a time, until stopped."""
        assert self._listener is not None
        while not self.stopping:
            wait = POLL
            if self.idle_timeout is not None:
                left = self.counters.last + self.idle_timeout - time.monotonic()
                if left <= 0:
                    self.say(f"no request for {self.idle_timeout:g} s: stopping")
                    return 0
                wait = min(wait, left)
            self._listener.settimeout(wait)
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                if not self._socket_is_ours():
                    self.say("the socket was removed or replaced: stopping")
                    return 0
                continue
            with connection:
                self._serve_one(connection)
            if self.signalled is not None:
                raise Interrupted(self.signalled)
            self.counters.last = time.monotonic()
        self.say("stopping, as asked")
        return 0

    def _serve_one(self, connection: socket.socket) -> None:
        connection.settimeout(READ_TIMEOUT)
        try:
            request = json.loads(receive(connection))
        except (OSError, ValueError) as exc:
            self.say(f"unreadable request: {exc}")
            return
        answer = self.answer(request)
        try:
            connection.sendall(json.dumps(answer).encode("utf-8"))
        except OSError as exc:  # the client is gone (Ctrl-C): the check is done all the same
            self.say(f"the client left before its answer: {exc.strerror or exc}")

    def answer(self, request: Any) -> dict[str, Any]:
        """The answer to one request (a check's, a decline, a status)."""
        if not isinstance(request, dict) or request.get("protocol") != PROTOCOL:
            return self._decline(f"not a request of protocol {PROTOCOL}")
        control = request.get("control")
        if control == "status":
            return self.status()
        if control == "stop":
            self.stopping = True
            self.say("stop requested")
            return {"stopping": True, "pid": os.getpid()}
        if control is not None:
            return self._decline(f"unknown control request {control!r}")
        return self._check(request)

    def status(self) -> dict[str, Any]:
        """What ``pipeline daemon status`` shows."""
        return {
            "pid": os.getpid(),
            "root": str(self.where.root),
            "socket": str(self.where.socket),
            "version": __version__,
            "package": PACKAGE,
            "uptime": time.time() - self.counters.started,
            "served": self.counters.served,
            "declined": self.counters.declined,
            "runs": self.resident.runs,
            "incremental": self.resident.incremental,
            "idle_timeout": self.idle_timeout,
            "idle": time.monotonic() - self.counters.last,
            "busy": self.counters.busy,
            "warmup_seconds": self.counters.warmup_seconds,
            "warmup_status": self.counters.warmup_status,
        }

    def _decline(self, reason: str) -> dict[str, Any]:
        self.counters.declined += 1
        self.say(f"declined: {reason}")
        return {"decline": reason}

    def _check(self, request: dict[str, Any]) -> dict[str, Any]:
        """Run a client's check here (or decline it)."""
        reason = _foreign(request)
        if reason is not None:
            return self._decline(reason)
        argv: list[str] = request["argv"]
        environ: dict[str, str] = request["environ"]
        began = time.monotonic()
        capture = Capture(request.get("stdout_tty") is True, request.get("stderr_tty") is True)
        saved = os.getcwd()
        try:
            os.chdir(request["cwd"])
        except (OSError, ValueError) as exc:
            return self._decline(f"cannot enter the client's folder: {exc}")
        try:
            reason = self._other_site(argv, environ)
            if reason is not None:
                return self._decline(reason)
            status = self.main(
                argv,
                stdout=capture.stdout,
                stderr=capture.stderr,
                environ=environ,
                resident=self.resident,
            )
        finally:
            os.chdir(saved)
        if status in _STOPPED:  # a stop signal came during the check: the client runs it
            self.signalled = status - 128
            return self._decline("the daemon was stopped during the check")
        self.counters.served += 1
        seconds = time.monotonic() - began
        self.counters.busy += seconds
        self.say(f"pipeline {' '.join(argv)}: status {status} in {seconds:.3f} s")
        return {"status": status, "output": capture.output()}

    def _other_site(self, argv: list[str], environ: Mapping[str, str]) -> str | None:
        """Why the check ``argv`` (run in the current folder with ``environ``) is not one
        of this daemon's: not a check, or another site; None when it is."""
        args = self.parse(argv)
        if args is None:
            return "the command line does not parse (the client reports it)"
        if args.command != "check":
            return f"only 'check' runs here, not {args.command!r}"
        if getattr(args, "no_daemon", False):
            return "--no-daemon"
        try:
            root = find_site_root(args.root, read_environment(environ).ceilings).resolve()
        except (PipelineError, OSError) as exc:
            return f"no site: {exc}"
        if root != self.where.root:
            return f"the site is {root}, not {self.where.root}"
        return None


def _lock(descriptor: int, tries: int = 10) -> bool:
    """Take the daemon lock; False when another process keeps it (for half a second: a
    ``start`` or ``stop`` only looks at it for a moment)."""
    for attempt in range(tries):
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if attempt + 1 < tries:
                time.sleep(0.05)
    return False


def _foreign(request: dict[str, Any]) -> str | None:
    """Why ``request`` cannot be run by this daemon's code, or None."""
    if request.get("version") != __version__:
        return f"the client is pipeline {request.get('version')}, this daemon {__version__}"
    if request.get("package") != PACKAGE:
        return f"the client's pipeline is {request.get('package')}, this daemon's {PACKAGE}"
    argv, environ, cwd = request.get("argv"), request.get("environ"), request.get("cwd")
    if not (isinstance(argv, list) and all(isinstance(word, str) for word in argv)):
        return "no command line"
    if not (isinstance(environ, dict) and all(isinstance(v, str) for v in environ.values())):
        return "no environment"
    if not isinstance(cwd, str):
        return "no current folder"
    return None


__all__ = ["Daemon", "Runner"]
