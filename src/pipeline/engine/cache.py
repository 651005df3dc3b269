"""The incremental cache: ``.pipeline-cache/`` at the site root, one SQLite file (WAL).

Entries are addressed by ``(kind, key)``; keys are digests of everything a result depends on
(content hashes, tool version, configuration), so an entry is never *stale*, only unused.
Values are pickles of the project's own records, stored with a checksum and read back by an
unpickler that accepts only those records: a corrupt or foreign cache (garbage, truncated
file, another schema) is thrown away and rebuilt, a damaged entry counts as a miss. Entries
unused for :data:`KEEP_DAYS` days are dropped when the cache is closed.

The cache never fails a run: when the folder cannot be written it turns itself off
(:attr:`Cache.problem` says why).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import pickle
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__

CACHE_DIR = ".pipeline-cache"
"""Folder of the cache, at the site root."""

DB_NAME = "cache.sqlite3"
"""The database file inside :data:`CACHE_DIR`."""

MAGIC = "pipeline-cache"
"""What the ``meta`` table must say for the file to be ours."""

SCHEMA = "1"
"""Layout version of the database and of the values; another one is rebuilt."""

KEEP_DAYS = 30
"""Entries unused for this many days are dropped."""

_VALUE_MAGIC = b"PLC1"
_BATCH = 500
_ALLOWED_GLOBALS: Mapping[str, frozenset[str]] = {
    "pipeline.model": frozenset({"Finding", "Location", "Page", "Segment", "Severity", "UnitKind"}),
    "pipeline.checks.language": frozenset({"LanguageVerdict"}),
    "builtins": frozenset({"frozenset", "set", "complex", "bytearray", "slice", "range"}),
    "datetime": frozenset({"date", "datetime", "time", "timedelta", "timezone"}),
    "copyreg": frozenset({"_reconstructor"}),
}


def digest(*parts: str | bytes) -> str:
    """A 128-bit hex digest of the parts (unambiguous: each part is length-prefixed)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


class _RecordUnpickler(pickle.Unpickler):
    """Loads only the project's records and plain values: a foreign pickle fails."""

    def find_class(self, module: str, name: str) -> Any:
        if name in _ALLOWED_GLOBALS.get(module, frozenset()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def encode_value(value: object) -> tuple[bytes, bytes]:
    """The stored bytes of a value and their checksum."""
    blob = _VALUE_MAGIC + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return blob, hashlib.blake2b(blob, digest_size=8).digest()


def decode_value(blob: bytes, check: bytes) -> object:
    """The value back, or :class:`ValueError` when the bytes are not a sound entry."""
    if not isinstance(blob, bytes) or not blob.startswith(_VALUE_MAGIC):
        raise ValueError("not a cache value")
    if hashlib.blake2b(blob, digest_size=8).digest() != check:
        raise ValueError("checksum mismatch")
    try:
        return _RecordUnpickler(io.BytesIO(blob[len(_VALUE_MAGIC) :])).load()
    except Exception as exc:  # any unpickling failure means a damaged entry
        raise ValueError(f"cannot load: {exc}") from exc


@dataclass(slots=True)
class CacheStats:
    """What the cache did during a run, per kind of entry."""

    hits: Counter[str] = field(default_factory=Counter)
    """Entries found, per kind."""
    misses: Counter[str] = field(default_factory=Counter)
    """Entries looked for and not found (or damaged), per kind."""
    stored: Counter[str] = field(default_factory=Counter)
    """Entries written, per kind."""
    damaged: int = 0
    """Entries that failed their integrity check (counted as misses too)."""
    rebuilt: int = 0
    """Times the database was found unusable and started afresh."""


def _today() -> int:
    return datetime.date.today().toordinal()


class Cache:
    """The site's cache; ``Cache(None)`` is a disabled one that finds nothing and stores
    nothing (``--no-cache``). Use as a context manager, or call :meth:`close`."""

    def __init__(self, folder: Path | None, *, read_only: bool = False) -> None:
        self.folder = folder
        """Where the database lives, or None when disabled."""
        self.read_only = read_only
        """True for a worker's view: lookups only, no counters of its own to keep."""
        self.stats = CacheStats()
        """Hits, misses and writes so far."""
        self.problem: str | None = None
        """Why the cache turned itself off, or None."""
        self._db: sqlite3.Connection | None = None
        self._touched: list[tuple[str, str]] = []
        self._today = _today()
        if folder is not None:
            self._db = self._open()

    # ------------------------------------------------------------------ lifecycle

    @property
    def enabled(self) -> bool:
        return self._db is not None

    @property
    def path(self) -> Path | None:
        """The database file, or None when disabled."""
        return self.folder / DB_NAME if self.folder is not None and self.enabled else None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> sqlite3.Connection | None:
        assert self.folder is not None
        path = self.folder / DB_NAME
        if self.read_only:
            try:
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
                self._validate(db)
            except (sqlite3.Error, ValueError, OSError):
                return None
            return db
        try:
            self.folder.mkdir(exist_ok=True)
            _write_markers(self.folder)
        except OSError as exc:
            self.problem = f"cannot create {self.folder}: {exc.strerror}"
            return None
        for attempt in range(2):
            try:
                db = sqlite3.connect(path, timeout=30, isolation_level=None)
            except sqlite3.Error as exc:
                self.problem = f"cannot open {path}: {exc}"
                return None
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                if not self._validate(db, create=True):
                    raise ValueError("not a pipeline cache of this version")
                return db
            except (sqlite3.DatabaseError, ValueError) as exc:
                db.close()
                if attempt:
                    self.problem = f"cannot use {path}: {exc}"
                    return None
                self.stats.rebuilt += 1
                _remove_database(path)
        return None  # pragma: no cover

    @staticmethod
    def _validate(db: sqlite3.Connection, *, create: bool = False) -> bool:
        """True when the file holds our schema; an empty file is set up when ``create``."""
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if not tables and create:
            with db:
                db.execute("BEGIN")
                db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
                db.execute(
                    "CREATE TABLE entry (kind TEXT NOT NULL, key TEXT NOT NULL, "
                    "value BLOB NOT NULL, checksum BLOB NOT NULL, used INTEGER NOT NULL, "
                    "PRIMARY KEY (kind, key)) WITHOUT ROWID"
                )
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("magic", MAGIC), ("schema", SCHEMA), ("created-by", __version__)],
                )
            return True
        if tables != {"meta", "entry"}:
            return False
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
        return meta.get("magic") == MAGIC and meta.get("schema") == SCHEMA

    def _damaged(self, exc: sqlite3.Error) -> None:
        """The database failed mid-run: start afresh (or turn off when that fails too)."""
        if self.read_only:
            self._close_db()
            return
        self._close_db()
        assert self.folder is not None
        self.stats.rebuilt += 1
        _remove_database(self.folder / DB_NAME)
        self._touched.clear()
        self._db = self._open()
        if self._db is None and self.problem is None:
            self.problem = f"cache unusable: {exc}"

    def _close_db(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def close(self) -> None:
        """Record which entries were used, drop the long-unused ones, and close."""
        if self._db is not None and not self.read_only:
            try:
                with self._db:
                    self._db.execute("BEGIN")
                    for start in range(0, len(self._touched), _BATCH):
                        self._db.executemany(
                            "UPDATE entry SET used = ? WHERE kind = ? AND key = ?",
                            [
                                (self._today, k, key)
                                for k, key in self._touched[start : start + _BATCH]
                            ],
                        )
                    self._db.execute("DELETE FROM entry WHERE used < ?", (self._today - KEEP_DAYS,))
            except sqlite3.Error:
                pass
        self._close_db()

    # ------------------------------------------------------------------ entries

    def get_many(self, kind: str, keys: Sequence[str]) -> dict[str, Any]:
        """The entries of ``kind`` found among ``keys`` (absent keys are misses)."""
        found: dict[str, Any] = {}
        wanted = list(dict.fromkeys(keys))
        if self._db is None:
            self.stats.misses[kind] += len(wanted)
            return found
        try:
            for start in range(0, len(wanted), _BATCH):
                part = wanted[start : start + _BATCH]
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT key, value, checksum, used FROM entry "
                    f"WHERE kind = ? AND key IN ({marks})",
                    (kind, *part),
                ).fetchall()
                for key, blob, check, used in rows:
                    try:
                        found[key] = decode_value(blob, check)
                    except ValueError:
                        self.stats.damaged += 1
                        continue
                    if used != self._today:
                        self._touched.append((kind, key))
        except sqlite3.Error as exc:
            self._damaged(exc)
            found.clear()
        self.stats.hits[kind] += len(found)
        self.stats.misses[kind] += len(wanted) - len(found)
        return found

    def get(self, kind: str, key: str) -> tuple[bool, Any]:
        """``(True, value)`` for a hit, ``(False, None)`` for a miss."""
        found = self.get_many(kind, [key])
        return (True, found[key]) if key in found else (False, None)

    def put_many(self, kind: str, items: Iterable[tuple[str, object]]) -> None:
        """Store entries (atomically: all of them or, on failure, none)."""
        if self._db is None or self.read_only:
            return
        rows = [(kind, key, *encode_value(value), self._today) for key, value in items]
        if not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self._damaged(exc)
            return
        self.stats.stored[kind] += len(rows)

    def put(self, kind: str, key: str, value: object) -> None:
        self.put_many(kind, [(key, value)])

    def count(self, kind: str | None = None) -> int:
        """Entries stored (of one kind, or all)."""
        if self._db is None:
            return 0
        try:
            if kind is None:
                return int(self._db.execute("SELECT COUNT(*) FROM entry").fetchone()[0])
            return int(
                self._db.execute("SELECT COUNT(*) FROM entry WHERE kind = ?", (kind,)).fetchone()[0]
            )
        except sqlite3.Error:
            return 0


def open_cache(root: Path, *, enabled: bool = True) -> Cache:
    """The cache of the site at ``root`` (a disabled one when not ``enabled``)."""
    return Cache(root / CACHE_DIR if enabled else None)


def _write_markers(folder: Path) -> None:
    """``CACHEDIR.TAG`` (backup tools skip the folder) and a ``.gitignore`` of everything."""
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This folder is pipeline's cache; it can be deleted at any time.\n",
            encoding="utf-8",
        )
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()
