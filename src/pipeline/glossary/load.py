"""Reading a glossary file: the site's glossary by its configured name, the format chosen by
the file name (or, for another suffix, by the text), errors with the file and line."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.fsio import read_text
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
    text = read_text(path, display, ConfigError).removeprefix("\ufeff")
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml") or (suffix != ".csv" and text.lstrip().startswith("<")):
        return parse_tbx(text, display, source_lang)
    return parse_csv(text, display)
