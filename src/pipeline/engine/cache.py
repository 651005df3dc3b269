"""The incremental cache: ``.pipeline-cache/`` at the site root, one SQLite file (WAL).

Entries are addressed by ``(kind, key)``; keys are digests of everything a result depends on
(content hashes, tool version, configuration), so an entry is never *stale*, only unused.
Values are pickles of the project's own records, stored with a checksum and read back by an
unpickler that accepts only those records: a corrupt or foreign cache (garbage, truncated
file, another schema) is thrown away and rebuilt, a damaged entry counts as a miss. Entries
unused for :data:`KEEP_DAYS` days are dropped when the cache is closed (once a day).

The cache never fails a run: when the folder cannot be written, or a write fails (a full
disk, a read-only file system), it turns itself off for the rest of the run and the site's
database is left as it was (:attr:`Cache.problem` says why). Its writes pass the fault
points of :mod:`pipeline.fsio`, so tests can make them fail.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import hashlib
import io
import os
import pickle
import shutil
import sqlite3
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.fsio import describe_os_error, fault_point

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
_PACKED_MAGIC = b"PLZ1"
_COMPRESS_FROM = 2048
"""Pickles of this many bytes or more are stored zlib-compressed."""
_BATCH = 500
_ALLOWED_GLOBALS: Mapping[str, frozenset[str]] = {
    "pipeline.model": frozenset({"Finding", "Location", "Page", "Segment", "Severity", "UnitKind"}),
    "pipeline.checks.language_unit": frozenset({"LanguageVerdict"}),
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
    """The stored bytes of a value and their checksum (large values compressed: a site's
    segmented pages are mostly text, and writing less is faster than compressing)."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    if len(data) >= _COMPRESS_FROM:
        blob = _PACKED_MAGIC + zlib.compress(data, 1)
    else:
        blob = _VALUE_MAGIC + data
    return blob, hashlib.blake2b(blob, digest_size=8).digest()


def decode_value(blob: bytes, check: bytes) -> object:
    """The value back, or :class:`ValueError` when the bytes are not a sound entry."""
    if not isinstance(blob, bytes) or not blob.startswith((_VALUE_MAGIC, _PACKED_MAGIC)):
        raise ValueError("not a cache value")
    if hashlib.blake2b(blob, digest_size=8).digest() != check:
        raise ValueError("checksum mismatch")
    try:
        data = blob[len(_VALUE_MAGIC) :]
        if blob.startswith(_PACKED_MAGIC):
            data = zlib.decompress(data)
        return _RecordUnpickler(io.BytesIO(data)).load()
    except Exception as exc:  # any unpickling failure means a damaged entry
        raise ValueError(f"cannot load: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Packed:
    """A value in the form the cache stores it: a few times smaller than its objects, for
    a run that holds many values until it needs them all."""

    blob: bytes
    """The stored bytes (see :func:`encode_value`)."""
    check: bytes
    """Their checksum."""

    def value(self) -> Any:
        """The value back."""
        return decode_value(self.blob, self.check)


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
    nothing (``--no-cache``). Use as a context manager, or call :meth:`close`.

    Nothing reaches the site unless the run succeeds: writes to an existing cache stay in
    one transaction, committed by ``close(success=True)``; a new (or rebuilt) cache is
    built in a temporary folder and moved into place then. A failed run leaves the site's
    files exactly as they were.
    """

    def __init__(self, folder: Path | None, *, read_only: bool = False) -> None:
        self.folder = folder
        """Where the cache lives (or will), or None when disabled."""
        self.read_only = read_only
        """True for a worker's view: look-ups only."""
        self.stats = CacheStats()
        """Hits, misses and writes so far."""
        self.problem: str | None = None
        """Why the cache turned itself off, or None."""
        self._db: sqlite3.Connection | None = None
        self._scratch: Path | None = None
        self._touched: list[tuple[str, str]] = []
        self._today = _today()
        if folder is None:
            return
        if read_only:
            self._db = _connect_read_only(folder / DB_NAME)
            return
        target = folder / DB_NAME
        if target.is_file():
            self._db = self._open_live(target)
        if self._db is None:
            self._db = self._open_scratch()

    # ------------------------------------------------------------------ lifecycle

    @property
    def enabled(self) -> bool:
        return self._db is not None

    @property
    def db_folder(self) -> Path | None:
        """The folder of the database in use (a scratch one while a new cache is being
        built), for workers' read-only look-ups; None when disabled."""
        if self._db is None:
            return None
        return self._scratch if self._scratch is not None else self.folder

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        self.close(success=kind is None)

    def _open_live(self, path: Path) -> sqlite3.Connection | None:
        """The site's database, or None (counted as rebuilt) when it is not a sound one."""
        try:
            db = sqlite3.connect(path, timeout=30, isolation_level=None)
        except sqlite3.Error:
            self.stats.rebuilt += 1
            return None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if _validate(db):
                db.execute("BEGIN")
                return db
        except sqlite3.DatabaseError:
            pass
        db.close()
        self.stats.rebuilt += 1
        return None

    def _open_scratch(self) -> sqlite3.Connection | None:
        """A new, empty database in a temporary folder."""
        try:
            fault_point("create", "pipeline-cache-scratch")
            self._scratch = Path(tempfile.mkdtemp(prefix="pipeline-cache-"))
            db = sqlite3.connect(self._scratch / DB_NAME, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            _create(db)
            db.execute("BEGIN")
        except (OSError, sqlite3.Error) as exc:
            reason = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
            self.problem = f"cannot create a cache: {reason}"
            self._drop_scratch()
            return None
        return db

    def _drop_scratch(self) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _fault(self, operation: str) -> None:
        """A fault point of a database write: an injected failure is raised as SQLite
        raises a real one."""
        try:
            fault_point(operation, self.folder or CACHE_DIR)
        except OSError as exc:
            raise sqlite3.OperationalError(_sqlite_wording(exc)) from exc

    def _disable(self, why: str) -> None:
        """Turn the cache off for the rest of the run; the site's database stays as it was."""
        self._close_db(commit=False)
        self._drop_scratch()
        self._touched.clear()
        if self.problem is None:
            self.problem = why

    def _damaged(self, exc: sqlite3.Error) -> None:
        """The database failed mid-run: go on with a new one (or none). A failed write (a
        full disk, a read-only file) turns the cache off instead."""
        if not self.read_only and _write_failure(exc):
            self._disable(f"cannot write the cache: {exc}")
            return
        self._close_db(commit=False)
        if self.read_only:
            return
        self.stats.rebuilt += 1
        self._drop_scratch()
        self._touched.clear()
        self._db = self._open_scratch()
        if self._db is None and self.problem is None:
            self.problem = f"cache unusable: {exc}"

    def _close_db(self, *, commit: bool) -> sqlite3.Error | None:
        """Commit (or roll back) and close; the error of a failed commit, or None."""
        if self._db is None:
            return None
        failed: sqlite3.Error | None = None
        try:
            if self._db.in_transaction:
                if commit:
                    self._fault("commit")
                self._db.execute("COMMIT" if commit else "ROLLBACK")
        except sqlite3.Error as exc:
            failed = exc
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        self._db = None
        return failed

    def close(self, *, success: bool = True) -> None:
        """Keep this run's work (``success``) or drop it, and release the database."""
        if self._db is None or self.read_only:
            self._close_db(commit=False)
            return
        if not success:
            self._close_db(commit=False)
            self._drop_scratch()
            return
        try:
            for start in range(0, len(self._touched), _BATCH):
                self._db.executemany(
                    "UPDATE entry SET used = ? WHERE kind = ? AND key = ?",
                    [
                        (self._today, kind, key)
                        for kind, key in self._touched[start : start + _BATCH]
                    ],
                )
            self._sweep()
        except sqlite3.Error:
            pass
        failed = self._close_db(commit=True)
        if failed is not None:
            self._disable(f"cannot write the cache: {failed}")
        elif self._scratch is not None:
            self._install_scratch()

    def _sweep(self) -> None:
        """Drop the entries unused for :data:`KEEP_DAYS` days, once a day (the look goes
        through every entry: 40 ms at 90,000, a resident check's every run otherwise)."""
        assert self._db is not None
        today = str(self._today)
        row = self._db.execute("SELECT value FROM meta WHERE name = 'swept'").fetchone()
        if row is not None and row[0] == today:
            return
        self._db.execute("DELETE FROM entry WHERE used < ?", (self._today - KEEP_DAYS,))
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('swept', ?)", (today,))

    def _install_scratch(self) -> None:
        """Move the database built in the scratch folder into the site (atomically)."""
        assert self.folder is not None and self._scratch is not None
        target = self.folder / DB_NAME
        staging = self.folder / f".{DB_NAME}.{os.getpid()}.tmp"
        try:
            fault_point("create", self.folder)
            self.folder.mkdir(exist_ok=True)
            mark_cache_folder(self.folder)
            fault_point("write", staging)
            shutil.copyfile(self._scratch / DB_NAME, staging)
            fault_point("rename", target)
            for suffix in ("-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    Path(f"{target}{suffix}").unlink()
            os.replace(staging, target)
        except OSError as exc:
            self.problem = f"cannot write the cache into {self.folder}: {describe_os_error(exc)}"
        finally:
            with contextlib.suppress(OSError):
                staging.unlink()
            self._drop_scratch()

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

    def put_many(self, kind: str, items: Iterable[tuple[str, object]]) -> dict[str, Packed]:
        """Store entries (they reach the site when the cache is closed after a success);
        the entries stored, packed (none when the cache is off or could not store them)."""
        if self._db is None or self.read_only:
            return {}
        rows = [(kind, key, *encode_value(value), self._today) for key, value in items]
        if not rows:
            return {}
        try:
            self._fault("write")
            self._db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self._damaged(exc)
            return {}
        self.stats.stored[kind] += len(rows)
        return {key: Packed(blob, check) for _, key, blob, check, _ in rows}

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


def _create(db: sqlite3.Connection) -> None:
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


def _validate(db: sqlite3.Connection) -> bool:
    """True when the database holds our schema, at our version."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables != {"meta", "entry"}:
        return False
    meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
    return meta.get("magic") == MAGIC and meta.get("schema") == SCHEMA


def _connect_read_only(path: Path) -> sqlite3.Connection | None:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        if _validate(db):
            return db
        db.close()
    except sqlite3.Error:
        pass
    return None


def open_cache(root: Path, *, enabled: bool = True, folder: Path | None = None) -> Cache:
    """The cache of the site at ``root`` (a disabled one when not ``enabled``), kept in
    ``folder`` when given (a read-only site's, in the user's cache folder), else in the
    site's ``.pipeline-cache/``."""
    return Cache(folder if folder is not None else root / CACHE_DIR) if enabled else Cache(None)


_WRITE_FAILURES = ("disk is full", "readonly database", "disk i/o error", "unable to open")


def _write_failure(exc: sqlite3.Error) -> bool:
    """True when SQLite failed to write (as opposed to finding a damaged database)."""
    return isinstance(exc.__cause__, OSError) or any(
        words in str(exc).lower() for words in _WRITE_FAILURES
    )


def _sqlite_wording(exc: OSError) -> str:
    """What SQLite says for the failure ``exc`` stands for."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "database or disk is full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "attempt to write a readonly database"
    return f"disk I/O error ({describe_os_error(exc)})"


def mark_cache_folder(folder: Path) -> None:
    """``CACHEDIR.TAG`` (backup tools skip the folder) and a ``.gitignore`` of everything
    (the folder must exist)."""
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        fault_point("create", tag)
        tag.write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This folder is pipeline's cache; it can be deleted at any time.\n",
            encoding="utf-8",
        )
    ignore = folder / ".gitignore"
    if not ignore.exists():
        fault_point("create", ignore)
        ignore.write_text("*\n", encoding="utf-8")
