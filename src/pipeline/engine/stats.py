"""The size-and-time table: hashes of the site's files as of the last run, trusted while a
file's size and modification time stay the same, so that a warm run reads only the files
that changed (git's rule, with its guard for files changed just before they were read)."""

from __future__ import annotations

import os
import time

from pipeline.engine.cache import Cache

STAT_KEY = "files"
"""Cache key (kind ``stat``) of the table of file sizes, times and hashes."""

RACY_NS = 2_000_000_000
"""A file changed this close to the time it was read may have changed again unseen (same
size, same time stamp): its hash is not trusted next time (git's "racy" rule)."""

Entry = tuple[int, int, str, bool]
"""(size, modification time in ns, content hash, flag) of a file; the flag marks a file
whose hash alone is not enough (a generated page, whose bytes are needed)."""


class FileStats:
    """The table as the last run left it, and the one this run builds."""

    def __init__(self, cache: Cache, *, trust: bool = True) -> None:
        self.cache = cache
        found, table = cache.get("stat", STAT_KEY) if trust else (False, None)
        sound = found and isinstance(table, dict) and isinstance(table.get("at"), int)
        self.known: dict[str, Entry] = table["files"] if sound else {}  # type: ignore[index]
        """The last run's entries, by path."""
        self.known_at: int = table["at"] if sound else 0  # type: ignore[index]
        """When the known hashes were read: a file changed less than 2 s before may have
        changed again since without its time stamp showing it."""
        self.seen: dict[str, Entry] = {}
        """This run's entries, by path."""
        self.now = time.time_ns()

    def trusted_hash(self, path: str, info: os.stat_result) -> str | None:
        """The known hash of ``path`` when its size and time are those recorded (and it was
        neither flagged nor changed just before it was read), else None: read it."""
        earlier = self.known.get(path)
        if (
            earlier is not None
            and earlier[:2] == (info.st_size, info.st_mtime_ns)
            and not earlier[3]
            and info.st_mtime_ns < self.known_at - RACY_NS
        ):
            return earlier[2]
        return None

    def record(self, path: str, size: int, mtime_ns: int, content_hash: str, flag: bool) -> None:
        """What this run found for ``path``."""
        self.seen[path] = (size, mtime_ns, content_hash, flag)

    def save(self) -> None:
        """Store this run's table (when it differs from the last)."""
        if self.seen != self.known:
            self.cache.put("stat", STAT_KEY, {"at": self.now, "files": self.seen})
