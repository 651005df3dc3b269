"""A progress bar on a terminal's stderr, for long runs only.

It shows itself only when the stream is a terminal, ``CI`` is not set, and the work has
already taken :data:`DELAY` seconds (short runs stay silent); it redraws at most every
:data:`INTERVAL` seconds and erases itself when done.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from pipeline.config import Environment

DELAY = 2.0
"""Seconds of work before the bar appears."""

INTERVAL = 0.1
"""Least seconds between two redraws."""

WIDTH = 30
"""Characters of the bar itself."""


def wants_progress(stream: TextIO | None, environment: Environment) -> bool:
    """True when ``stream`` is an interactive terminal and the run is not in CI."""
    if stream is None or environment.ci or environment.dumb_terminal:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """Counts work done out of a total and draws ``label [#####.....] done/total``."""

    def __init__(
        self,
        stream: TextIO | None,
        label: str,
        total: int,
        *,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
        delay: float = DELAY,
    ) -> None:
        self.stream = stream
        """Where the bar is drawn."""
        self.label = label
        """What is being done (``checking``)."""
        self.total = total
        """Units of work in all."""
        self.done = 0
        """Units finished."""
        self.enabled = enabled and stream is not None
        """False: count silently."""
        self._clock = clock
        self._start = clock()
        self._delay = delay
        self._last = float("-inf")
        self._shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def line(self) -> str:
        """The bar as it would be drawn now."""
        total = max(self.total, 1)
        filled = min(WIDTH, WIDTH * self.done // total)
        percent = min(100, 100 * self.done // total)
        return (
            f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] "
            f"{self.done}/{self.total} ({percent}%)"
        )

    def advance(self, count: int = 1) -> None:
        """``count`` more units are done."""
        self.done += count
        if not self.enabled or self.stream is None:
            return
        now = self._clock()
        if now - self._start < self._delay or now - self._last < INTERVAL:
            return
        self._last = now
        self._shown = True
        self.stream.write("\r" + self.line() + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar (when it was shown)."""
        if self._shown and self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
