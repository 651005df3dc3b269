"""A command's output, captured for a client in another process: stdout and stderr in the
order they were written, each stream answering ``isatty()`` as the client's does (so the
command colours and draws as it would on the client's terminal)."""

from __future__ import annotations

import io
from typing import Any


class Capture:
    """A command's stdout and stderr, kept in the order they were written, each answering
    ``isatty()`` as the client's does."""

    def __init__(self, stdout_tty: bool, stderr_tty: bool) -> None:
        self._chunks: list[tuple[int, list[str]]] = []
        self.stdout = _Stream(self, 1, stdout_tty)
        """What the command takes as its stdout."""
        self.stderr = _Stream(self, 2, stderr_tty)
        """What the command takes as its stderr."""

    def add(self, fd: int, text: str) -> None:
        """``text`` was written to ``fd``."""
        if self._chunks and self._chunks[-1][0] == fd:
            self._chunks[-1][1].append(text)
        else:
            self._chunks.append((fd, [text]))

    def output(self) -> list[list[Any]]:
        """``[fd, text]`` in the order written, consecutive writes to one stream joined."""
        return [[fd, "".join(parts)] for fd, parts in self._chunks]

    def text(self, fd: int) -> str:
        """Everything written to ``fd``."""
        return "".join("".join(parts) for number, parts in self._chunks if number == fd)


class _Stream(io.TextIOBase):
    def __init__(self, capture: Capture, fd: int, tty: bool) -> None:
        super().__init__()
        self._capture = capture
        self._fd = fd
        self._tty = tty

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self._capture.add(self._fd, text)
        return len(text)

    def isatty(self) -> bool:
        return self._tty
