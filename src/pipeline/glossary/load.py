"""Reading a glossary file: the site's glossary by its configured name, the format chosen by
the file name (or, for another suffix, by the text), errors with the file and line."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.glossary.csv_format import parse_csv
from pipeline.glossary.model import Glossary
from pipeline.glossary.tbx_format import parse_tbx

DEFAULT_GLOSSARY = "glossary.csv"
"""The glossary read, when present at the site's root, if none is configured."""


def find_glossary(root: Path, configured: str | None, config_path: str | None) -> Glossary | None:
    """The site's glossary: ``configured`` (a path relative to ``root``, from ``[check]
    glossary``), else :data:`DEFAULT_GLOSSARY` when present; None when there is none.

    Raises :class:`ConfigError` (naming ``config_path``, the configuration file) when the
    configured file does not exist, or when the glossary is malformed.
    """
    name = configured or DEFAULT_GLOSSARY
    path = root / name
    if not path.is_file():
        if configured:
            raise ConfigError(f"glossary file '{name}' does not exist", config_path)
        return None
    return load_glossary(path, name)


def load_glossary(path: Path, display: str, source_lang: str | None = None) -> Glossary:
    """Read a CSV or TBX glossary. ``source_lang`` is used for a TBX file whose root element
    declares no ``xml:lang``. Raises :class:`ConfigError` (with the line) when malformed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read glossary: {exc.strerror or exc}", display) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError("glossary is not valid UTF-8", display, line) from None
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml") or (suffix != ".csv" and text.lstrip().startswith("<")):
        return parse_tbx(text, display, source_lang)
    return parse_csv(text, display)
