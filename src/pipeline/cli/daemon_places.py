"""Where a site's daemon keeps its files (``.pipeline-cache/daemon.sock``, ``daemon.lock``,
``daemon.log``), and asking it something (:mod:`pipeline.client`'s exchange)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.client import CACHE_DIR, PROTOCOL, SOCKET_NAME, exchange
from pipeline.errors import PipelineError

IDLE_TIMEOUT = 3600.0
"""Seconds without a request after which a daemon exits (``--idle-timeout``'s default)."""

LOCK_NAME = "daemon.lock"
"""The lock a daemon holds for its life, beside its socket."""

LOG_NAME = "daemon.log"
"""Where ``pipeline daemon start`` sends the daemon's output, beside its socket."""

SOCKET_PATH_MAX = 107 if sys.platform.startswith("linux") else 103
"""Bytes of a Unix socket's path the system takes (``sun_path`` less its final NUL)."""


@dataclass(frozen=True, slots=True)
class Places:
    """Where a site's daemon keeps its files."""

    root: Path
    """The site root (absolute, resolved)."""
    socket: Path
    """``<root>/.pipeline-cache/daemon.sock``: where clients look for the daemon."""

    @property
    def folder(self) -> Path:
        """The cache folder that holds the socket, the lock and the log."""
        return self.socket.parent

    @property
    def log(self) -> Path:
        """The log of a daemon that ``pipeline daemon start`` started."""
        return self.folder / LOG_NAME


def places(root: Path) -> Places:
    """The daemon's places for the site at ``root``; a socket path longer than the system
    takes is an error."""
    resolved = root.resolve()
    path = resolved / CACHE_DIR / SOCKET_NAME
    size = len(os.fsencode(path))
    if size > SOCKET_PATH_MAX:
        raise PipelineError(
            f"the daemon's socket path is {size} bytes, over the {SOCKET_PATH_MAX} a Unix "
            "socket may have: move the site to a shorter path",
            str(path),
        )
    return Places(resolved, path)


def ask(path: Path, request: Mapping[str, Any], timeout: float | None = None) -> Any:
    """The daemon's answer to ``request``; OSError when no daemon answers, ValueError when
    what comes back is no answer."""
    return exchange(str(path), request, timeout)


def ask_status(path: Path) -> dict[str, Any] | None:
    """The status of the daemon listening at ``path`` (waiting while it warms up), or None
    when none answers."""
    if not path.is_socket():
        return None
    try:
        answer = ask(path, {"protocol": PROTOCOL, "control": "status"})
    except (OSError, ValueError):
        return None
    return answer if isinstance(answer, dict) and "pid" in answer else None


__all__ = [
    "IDLE_TIMEOUT",
    "LOCK_NAME",
    "LOG_NAME",
    "PROTOCOL",
    "SOCKET_PATH_MAX",
    "Places",
    "ask",
    "ask_status",
    "places",
]
