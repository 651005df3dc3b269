"""Site configuration: optional ``pipeline.toml`` at the site root, with defaults."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline import languages
from pipeline.errors import ConfigError

CONFIG_NAME = "pipeline.toml"

# The keys pipeline.toml may hold; a nested dict is a table whose keys are checked too,
# None means a free-form table (rule names, paths, ...) checked by its consumer.
_SCHEMA: dict[str, Any] = {
    "project": str,
    "source_language": str,
    "languages": list,
    "content_dir": str,
    "locale_dir": str,
    "domain": str,
    "width": int,
    "check": {
        "rules": None,
        "overrides": list,
        "glossary": str,
        "exclude": list,
        "language-mismatch": None,
        "unchanged-translation": None,
        "typography": None,
        "untranslated": None,
        "fuzzy": None,
        "missing-page": None,
        "markup-mismatch": None,
        "catalog-invalid": None,
        "structure-mismatch": None,
    },
    "build": None,
}


@dataclass(frozen=True, slots=True)
class Config:
    """Resolved site configuration."""

    root: Path
    """The site root (the folder holding ``content/`` and ``pipeline.toml``)."""
    source_language: str = "en"
    """Language of the source pages."""
    languages: tuple[str, ...] = ()
    """Target languages, sorted (the source language excluded)."""
    content_dir: str = "content"
    """Folder of the pages, relative to the root (``content/<lang>/``)."""
    locale_dir: str = "locale"
    """Folder of the catalogues, relative to the root."""
    domain: str | None = None
    """One gettext domain for the whole site, or None for one domain per page."""
    project: str = "PACKAGE VERSION"
    """``Project-Id-Version`` of the catalogues."""
    width: int = 79
    """Line width of PO files (gettext's default is 79)."""
    check: dict[str, Any] = field(default_factory=dict)
    """The ``[check]`` table, as written."""
    build: dict[str, Any] = field(default_factory=dict)
    """The ``[build]`` table, as written."""
    path: str | None = None
    """The configuration file's display path, or None when there is none."""

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def locale_path(self) -> Path:
        return self.root / self.locale_dir

    @property
    def all_languages(self) -> tuple[str, ...]:
        return (self.source_language, *self.languages)


def load_config(root: Path) -> Config:
    """Read ``root/pipeline.toml`` if present, check it, and resolve the defaults."""
    file = root / CONFIG_NAME
    raw: dict[str, Any] = {}
    display: str | None = None
    if file.is_file():
        display = CONFIG_NAME
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            line = file.read_bytes()[: exc.start].count(b"\n") + 1
            raise ConfigError("not valid UTF-8", display, line) from exc
        except OSError as exc:
            raise ConfigError(f"cannot read: {exc.strerror}", display) from exc
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
            raise ConfigError(
                f"invalid TOML: {message}", display, int(match.group(1)) if match else None
            ) from exc
        _check_keys(raw, _SCHEMA, (), display, text)
    return _resolve(root, raw, display)


def _check_keys(
    table: dict[str, Any], schema: dict[str, Any], prefix: tuple[str, ...], display: str, text: str
) -> None:
    for key, value in table.items():
        dotted = ".".join((*prefix, key))
        if key not in schema:
            hint = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise ConfigError(f"unknown key '{dotted}'{suggestion}", display, _line_of(text, key))
        expected = schema[key]
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"'{dotted}' must be a table", display, _line_of(text, key))
            _check_keys(value, expected, (*prefix, key), display, text)
        elif expected is None:
            if not isinstance(value, dict):
                raise ConfigError(f"'{dotted}' must be a table", display, _line_of(text, key))
        elif not isinstance(value, expected) or (isinstance(value, bool) and expected is int):
            kind = {str: "a string", list: "a list", int: "an integer"}[expected]
            raise ConfigError(f"'{dotted}' must be {kind}", display, _line_of(text, key))


def _line_of(text: str, key: str) -> int | None:
    """Best-effort 1-based line where ``key`` is defined (as a key or a table header)."""
    pattern = re.compile(
        rf"^\s*(\[+\s*([\w.\-\"]*\.)?\"?{re.escape(key)}\"?\s*\]|\"?{re.escape(key)}\"?\s*=)"
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _relative_dir(value: str, key: str, display: str | None, text_line: int | None) -> str:
    pure = PurePosixPath(value.replace("\\", "/"))
    if pure.is_absolute() or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        raise ConfigError(
            f"'{key}' must be a path inside the site, not absolute", display, text_line
        )
    if ".." in pure.parts:
        raise ConfigError(f"'{key}' must not leave the site ('..')", display, text_line)
    return str(pure)


def _resolve(root: Path, raw: dict[str, Any], display: str | None) -> Config:
    text = (root / CONFIG_NAME).read_text("utf-8") if display else ""

    def line(key: str) -> int | None:
        return _line_of(text, key) if text else None

    source = str(raw.get("source_language", "en"))
    content_dir = _relative_dir(
        str(raw.get("content_dir", "content")), "content_dir", display, line("content_dir")
    )
    locale_dir = _relative_dir(
        str(raw.get("locale_dir", "locale")), "locale_dir", display, line("locale_dir")
    )
    if not languages.is_known(source):
        raise ConfigError(f"unknown language code '{source}'", display, line("source_language"))
    if "languages" in raw:
        targets = []
        for code in raw["languages"]:
            if not isinstance(code, str) or not languages.is_known(code):
                raise ConfigError(f"unknown language code '{code}'", display, line("languages"))
            targets.append(languages.normalize(code))
    else:
        targets = _discover_languages(root / content_dir, content_dir)
    domain = raw.get("domain")
    if domain is not None and not re.fullmatch(r"[\w][\w.\-/]*", domain):
        raise ConfigError(f"invalid domain name '{domain}'", display, line("domain"))
    width = int(raw.get("width", 79))
    if width < 0:
        raise ConfigError("'width' must not be negative", display, line("width"))
    source = languages.normalize(source)
    return Config(
        root=root,
        source_language=source,
        languages=tuple(sorted({t for t in targets if t != source})),
        content_dir=content_dir,
        locale_dir=locale_dir,
        domain=domain,
        project=str(raw.get("project", "PACKAGE VERSION")),
        width=width,
        check=dict(raw.get("check", {})),
        build=dict(raw.get("build", {})),
        path=display,
    )


def _discover_languages(content: Path, content_dir: str) -> list[str]:
    """The language folders of a Hugo-style tree (``content/en``, ``content/fr``)."""
    if not content.is_dir():
        return []
    found = []
    for child in sorted(content.iterdir()):
        if not child.is_dir() or child.name.startswith((".", "_")):
            continue
        if not languages.is_known(child.name):
            raise ConfigError(
                f"'{child.name}' is not a known language code (set 'languages' in {CONFIG_NAME})",
                f"{content_dir}/{child.name}",
            )
        found.append(languages.normalize(child.name))
    return found
