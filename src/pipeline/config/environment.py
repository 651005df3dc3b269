"""The environment variables pipeline reads, read in one place (the CLI calls
:func:`read_environment` once; nothing deeper looks at ``os.environ``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import ConfigError

PARALLEL_BYTES_ENV = "PIPELINE_PARALLEL_MIN_BYTES"
"""Bytes of input below which a run stays in one process (overrides each stage's own
estimate; ``0`` sends any run of a few dozen files to the workers)."""

CEILING_ENV = "PIPELINE_CEILING_DIRECTORIES"
"""Folders (``:``-separated, absolute) the search for the site root does not enter, as
``GIT_CEILING_DIRECTORIES`` does for git."""


@dataclass(frozen=True, slots=True)
class Environment:
    """What the environment asks of a run."""

    date: str | None = None
    """``SOURCE_DATE_EPOCH`` as a gettext date (``2026-11-29 13:00+0000``), or None."""
    now: str | None = None
    """The time of the run as a gettext date (UTC), for ``PO-Revision-Date`` when
    ``SOURCE_DATE_EPOCH`` is unset; None when not asked for (a library call)."""
    parallel_min_bytes: int | None = None
    """``PIPELINE_PARALLEL_MIN_BYTES``, or None."""
    ci: bool = False
    """``CI`` is set: no progress bar."""
    dumb_terminal: bool = False
    """``TERM=dumb``: no progress bar, no colour."""
    no_color: bool = False
    """``NO_COLOR`` is set (and not empty)."""
    force_color: bool = False
    """``FORCE_COLOR`` is set (and not empty)."""
    ceilings: tuple[str, ...] = ()
    """``PIPELINE_CEILING_DIRECTORIES``: folders the site-root search stops below."""
    cache_home: Path | None = None
    """The user's cache folder: ``XDG_CACHE_HOME``, else ``$HOME/.cache`` (None when neither
    is set to an absolute path). A read-only site keeps its cache and lock below it."""


def source_date(raw: str | None) -> str | None:
    """A ``SOURCE_DATE_EPOCH`` value as a gettext date, or None when unset or empty."""
    if raw is None or raw == "":
        return None
    try:
        stamp = int(raw)
    except ValueError as exc:
        raise ConfigError(f"SOURCE_DATE_EPOCH must be an integer, not {raw!r}") from exc
    return datetime.fromtimestamp(stamp, tz=UTC).strftime("%Y-%m-%d %H:%M+0000")


def cache_home(environ: Mapping[str, str]) -> Path | None:
    """The XDG base directory for caches (a relative ``XDG_CACHE_HOME`` is ignored, as the
    specification says)."""
    xdg = environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg)
    home = environ.get("HOME", "")
    if home and Path(home).is_absolute():
        return Path(home) / ".cache"
    return None


def read_environment(environ: Mapping[str, str], now: datetime | None = None) -> Environment:
    """The settings of ``environ`` (``os.environ``, or a test's own mapping); ``now`` is the
    time of the run (default: the clock)."""
    raw_bytes = environ.get(PARALLEL_BYTES_ENV, "")
    moment = now if now is not None else datetime.now(tz=UTC)
    return Environment(
        date=source_date(environ.get("SOURCE_DATE_EPOCH")),
        now=moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        parallel_min_bytes=int(raw_bytes) if raw_bytes.isdigit() else None,
        ci=bool(environ.get("CI")),
        dumb_terminal=environ.get("TERM") == "dumb",
        no_color=bool(environ.get("NO_COLOR")),
        force_color=bool(environ.get("FORCE_COLOR")),
        ceilings=tuple(p for p in environ.get(CEILING_ENV, "").split(":") if p),
        cache_home=cache_home(environ),
    )
