"""The project's error family. Every error carries the place it is about.

The library raises these; only :mod:`pipeline.cli` turns them into a message on
stderr and exit status 2.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error pipeline raises on bad input or configuration."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        """What is wrong, without the location."""
        self.path = path
        """The file concerned (site-relative where possible), or None."""
        self.line = line
        """1-based line in that file, or None."""

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        # One line, always: a message quoting a multi-line value (a YAML error, a
        # PO string) is folded so CI logs and editors see one finding per line.
        message = self.message
        if "\n" in message or "\r" in message:
            message = " ".join(message.split())
        return f"{where}{message}"


class ConfigError(PipelineError):
    """pipeline.toml or the command line is wrong."""


class SourceError(PipelineError):
    """A content page (Markdown, front matter) cannot be read."""


class CatalogError(PipelineError):
    """A PO or POT file cannot be read or is inconsistent."""


class LockError(PipelineError):
    """Another run holds the site's lock."""
