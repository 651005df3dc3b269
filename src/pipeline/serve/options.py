"""What ``pipeline serve``'s command line asks for (its parser is in :mod:`pipeline.cli`)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ServeOptions"]


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What the command line asked for."""

    host: str = "127.0.0.1"
    """Address to listen on (only this machine unless told otherwise)."""
    port: int = 8000
    """Port (0: any free port)."""
    update: bool = False
    """Run ``extract`` and ``update`` when a source page changes."""
    lock_wait: float | None = 30.0
    """How long a run waits for another command's lock on the site."""
