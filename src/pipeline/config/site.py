"""Site configuration: optional ``pipeline.toml`` at the site root, read, checked and
resolved in one go (every table, at every depth), with defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline import languages
from pipeline.config.build_settings import BuildSettings, build_settings
from pipeline.config.check_settings import CheckSettings, check_settings
from pipeline.config.environment import Environment
from pipeline.config.toml_source import TomlSource, did_you_mean, read_toml
from pipeline.errors import ConfigError
from pipeline.fsio import display_path

CONFIG_NAME = "pipeline.toml"

_TOP: dict[str, type] = {
    "project": str,
    "source_language": str,
    "languages": list,
    "content_dir": str,
    "locale_dir": str,
    "domain": str,
    "width": int,
    "check": dict,
    "build": dict,
}
_KINDS = {str: "a string", list: "a list", int: "an integer", dict: "a table"}


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
    check: CheckSettings = field(default_factory=CheckSettings)
    """The ``[check]`` table, checked."""
    build: BuildSettings = field(default_factory=BuildSettings)
    """The ``[build]`` table, checked."""
    path: str | None = None
    """The configuration file's display path, or None when there is none."""
    date: str | None = None
    """Date written into catalogue headers (``SOURCE_DATE_EPOCH``), or None for none."""

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def locale_path(self) -> Path:
        return self.root / self.locale_dir

    @property
    def all_languages(self) -> tuple[str, ...]:
        return (self.source_language, *self.languages)

    def display(self, path: Path) -> str:
        """A file's site-relative path with ``/`` separators, for messages and keys."""
        return display_path(self.root, path)


def load_config(root: Path, environment: Environment | None = None) -> Config:
    """Read ``root/pipeline.toml`` if present, check every table of it, and resolve the
    defaults. ``environment`` (read by the CLI) gives the catalogue date."""
    file = root / CONFIG_NAME
    source = read_toml(file, CONFIG_NAME) if file.is_file() else TomlSource(None, "", {})
    _check_top(source)
    return _resolve(root, source, environment or Environment())


def _check_top(source: TomlSource) -> None:
    for key, value in source.data.items():
        if key not in _TOP:
            raise source.error(f"unknown key '{key}'{did_you_mean(key, _TOP)}", (key,))
        expected = _TOP[key]
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is int):
            raise source.error(f"'{key}' must be {_KINDS[expected]}", (key,))


def _relative_dir(value: str, key: str, source: TomlSource) -> str:
    pure = PurePosixPath(value.replace("\\", "/"))
    if pure.is_absolute() or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        raise source.error(f"'{key}' must be a path inside the site, not absolute", (key,))
    if ".." in pure.parts:
        raise source.error(f"'{key}' must not leave the site ('..')", (key,))
    return str(pure)


def _resolve(root: Path, source: TomlSource, environment: Environment) -> Config:
    raw: dict[str, Any] = source.data
    content_dir = _relative_dir(str(raw.get("content_dir", "content")), "content_dir", source)
    locale_dir = _relative_dir(str(raw.get("locale_dir", "locale")), "locale_dir", source)
    source_language = str(raw.get("source_language", "en"))
    if not languages.is_known(source_language):
        raise source.error(f"unknown language code '{source_language}'", ("source_language",))
    if "languages" in raw:
        targets = []
        for code in raw["languages"]:
            if not isinstance(code, str) or not languages.is_known(code):
                raise source.error(f"unknown language code '{code}'", ("languages",))
            targets.append(languages.normalize(code))
    else:
        targets = _discover_languages(root / content_dir, content_dir)
    domain = raw.get("domain")
    if domain is not None and not re.fullmatch(r"[\w][\w.\-/]*", domain):
        raise source.error(f"invalid domain name '{domain}'", ("domain",))
    width = int(raw.get("width", 79))
    if width < 0:
        raise source.error("'width' must not be negative", ("width",))
    source_language = languages.normalize(source_language)
    target_languages = tuple(sorted({t for t in targets if t != source_language}))
    return Config(
        root=root,
        source_language=source_language,
        languages=target_languages,
        content_dir=content_dir,
        locale_dir=locale_dir,
        domain=domain,
        project=str(raw.get("project", "PACKAGE VERSION")),
        width=width,
        check=check_settings(source),
        build=build_settings(
            source, (source_language, *target_languages), (".", content_dir, locale_dir)
        ),
        path=source.display,
        date=environment.date,
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
