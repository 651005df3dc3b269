"""The text of ``pipeline.toml``, parsed, and where each key of it is written (for messages)."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.fsio import read_text

KeyPath = tuple[str | int, ...]
"""A key at any depth: table names, keys, and the index of an array-of-tables entry."""

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_NAME = r"""(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_NAME}(?:\s*\.\s*{_NAME})*)\s*=")
_PART = re.compile(r"""[A-Za-z0-9_\-]+|"([^"]*)"|'([^']*)'""")


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(m.group(1) or m.group(2) or m.group(0) for m in _PART.finditer(dotted))


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or ``""``."""
    hint = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" (did you mean '{hint[0]}'?)" if hint else ""


@dataclass(frozen=True, slots=True)
class TomlSource:
    """A configuration file: its display path, its text and its parsed tables."""

    display: str | None
    """Site-relative path of the file, or None when there is no file (defaults only)."""
    text: str
    """The file's text (empty without a file)."""
    data: dict[str, Any]
    """The parsed TOML."""

    def line_of(self, path: KeyPath) -> int | None:
        """The 1-based line where ``path`` (or its nearest enclosing key) is written."""
        best: tuple[int, int] | None = None  # (depth matched, line)
        table: KeyPath = ()
        arrays: dict[tuple[str, ...], int] = {}
        for number, line in enumerate(self.text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header is not None:
                names = _parts(header.group(2))
                if header.group(1) == "[[":
                    index = arrays.get(names, -1) + 1
                    arrays[names] = index
                    table = (*names, index)
                else:
                    table = names
                full: KeyPath = table
            else:
                key = _KEY.match(line)
                if key is None:
                    continue
                full = (*table, *_parts(key.group(1)))
            depth = _common(full, path)
            if depth == len(full) and (best is None or depth > best[0]):
                best = (depth, number)
                if depth == len(path):
                    break
        return best[1] if best is not None else None

    def error(self, message: str, path: KeyPath) -> ConfigError:
        """A ConfigError naming the file and the line of ``path``."""
        return ConfigError(message, self.display, self.line_of(path) if self.display else None)


def _common(one: KeyPath, other: KeyPath) -> int:
    depth = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        depth += 1
    return depth


def dotted(path: KeyPath) -> str:
    """``check.overrides[0].rules`` for a key path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def read_toml(file: Path, display: str) -> TomlSource:
    """Read and parse a configuration file; errors name the file and line."""
    text = read_text(file, display, ConfigError)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(
            f"invalid TOML: {message}", display, int(match.group(1)) if match else None
        ) from exc
    return TomlSource(display, text, data)
