"""Site configuration: optional ``pipeline.toml`` at the site root, read, checked and
resolved in one go (every table, at every depth), with defaults."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline import languages
from pipeline.config.build_settings import BuildSettings, build_settings
from pipeline.config.check_settings import CheckSettings, check_settings
from pipeline.config.environment import Environment
from pipeline.config.layout import (
    PRESETS,
    Layout,
    LayoutError,
    Pattern,
    check_pattern,
    folder_layout,
    preset_layout,
)
from pipeline.config.site_languages import CONFIG_NAME, resolve_languages
from pipeline.config.toml_source import TomlSource, did_you_mean, read_toml
from pipeline.errors import ConfigError
from pipeline.fsio import display_path

PLURAL_SOURCES = ("gettext", "cldr")
"""Values of ``plural_forms``: GNU gettext's table (then CLDR), or CLDR alone."""

_TOP: dict[str, type] = {
    "project": str,
    "source_language": str,
    "languages": list,
    "content_dir": str,
    "layout": str,
    "source_layout": str,
    "locale_dir": str,
    "domain": str,
    "width": int,
    "plural_forms": str,
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
    """Target languages, sorted (the source language excluded), named as the site names
    them (``pt-br``)."""
    content_dir: str = "content"
    """Folder of the pages, relative to the root (``content/<lang>/``), when ``layout``
    is not given."""
    layout: Layout = field(default_factory=lambda: preset_layout("hugo"))
    """Where each language's pages are."""
    locale_names: Mapping[str, str] = field(default_factory=dict)
    """Folder under ``locale/`` of each target language (``pt-br`` -> ``pt_BR``); a
    language not listed uses its gettext name."""
    locale_dir: str = "locale"
    """Folder of the catalogues, relative to the root."""
    domain: str | None = None
    """One gettext domain for the whole site, or None for one domain per page."""
    project: str = "PACKAGE VERSION"
    """``Project-Id-Version`` of the catalogues (default: the site folder's name)."""
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
    revision_date: str | None = None
    """``PO-Revision-Date`` of catalogues whose translations a run changes or creates
    (``SOURCE_DATE_EPOCH``, else the time of the run), or None to leave it as it is."""
    plural_forms: str = "gettext"
    """Where new catalogues' ``Plural-Forms`` come from: ``gettext`` (``msginit``'s table,
    then CLDR) or ``cldr``."""

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def locale_path(self) -> Path:
        return self.root / self.locale_dir

    @property
    def all_languages(self) -> tuple[str, ...]:
        return (self.source_language, *self.languages)

    def locale_name(self, lang: str) -> str:
        """The folder of ``lang``'s catalogues under ``locale/`` (gettext's spelling unless
        the site already has one under another spelling)."""
        return self.locale_names.get(lang) or languages.gettext_name(lang)

    def language_id(self, spelling: str) -> str | None:
        """The site's id of a language given in any spelling (``pt_BR``, ``PT-BR`` ->
        ``pt-br``), or None when it is not a language of the site."""
        wanted = languages.key(spelling)
        return next((lang for lang in self.all_languages if languages.key(lang) == wanted), None)

    def languages_asked(self, asked: Sequence[str], *, targets: bool) -> tuple[str, ...]:
        """The site's ids of languages given in any spelling (``--lang pt_BR`` for the
        site's ``pt-br``); one that is not a language of the site (not a target language,
        with ``targets``) is an error listing the site's languages."""
        found = []
        for spelling in asked:
            lang = self.language_id(spelling)
            if lang is None or (targets and lang == self.source_language):
                kind = "a target language" if targets else "a language"
                choices = self.languages if targets else self.all_languages
                shown = ", ".join(choices) or "none"
                hint = did_you_mean(spelling, choices)
                raise ConfigError(
                    f"'{spelling}' is not {kind} of this site{hint} (its languages: {shown})"
                )
            found.append(lang)
        return tuple(dict.fromkeys(found))

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


def _layout(source: TomlSource, content_dir: str) -> Layout:
    """The ``layout`` setting (a preset's name or a pattern), ``source_layout`` and
    ``content_dir`` (the pattern ``<content_dir>/{lang}/{path}``)."""
    raw = source.data
    given = raw.get("layout")
    if given is None:
        if "source_layout" in raw:
            raise source.error("'source_layout' needs 'layout'", ("source_layout",))
        return folder_layout(content_dir)
    if "content_dir" in raw:
        raise source.error(
            "'content_dir' and 'layout' both say where the pages are: keep one", ("layout",)
        )
    if given in PRESETS:
        layout = preset_layout(given)
    elif "{" not in given:
        hint = did_you_mean(given, PRESETS) or f" (presets: {', '.join(PRESETS)})"
        raise source.error(
            f"unknown layout '{given}'{hint}; or give a pattern with {{lang}} and {{path}}",
            ("layout",),
        )
    else:
        layout = Layout(_pattern(source, "layout", given, is_source=False))
    if "source_layout" in raw:
        pattern = _pattern(source, "source_layout", str(raw["source_layout"]), is_source=True)
        layout = Layout(layout.pages, pattern, layout.name)
    return layout


def _reserved(layout: Layout, content_dir: str, locale_dir: str) -> tuple[str, ...]:
    """Folders the build must not write into: the root, the pages' and the catalogues'."""
    folders = [".", content_dir, locale_dir, layout.pages.prefix() or "."]
    if layout.source is not None:
        folders.append(layout.source.prefix() or ".")
    return tuple(dict.fromkeys(folders))


def _pattern(source: TomlSource, key: str, text: str, *, is_source: bool) -> Pattern:
    try:
        return check_pattern(text, source=is_source)
    except LayoutError as exc:
        raise source.error(f"'{key}' {exc}", (key,)) from None


def _resolve(root: Path, source: TomlSource, environment: Environment) -> Config:
    raw: dict[str, Any] = source.data
    content_dir = _relative_dir(str(raw.get("content_dir", "content")), "content_dir", source)
    locale_dir = _relative_dir(str(raw.get("locale_dir", "locale")), "locale_dir", source)
    layout = _layout(source, content_dir)
    source_language = str(raw.get("source_language", "en"))
    if not languages.is_known(source_language):
        raise source.error(f"unknown language code '{source_language}'", ("source_language",))
    found = resolve_languages(
        root, layout, locale_dir, source_language, raw.get("languages"), source
    )
    domain = raw.get("domain")
    if domain is not None and not re.fullmatch(r"[\w][\w.\-/]*", domain):
        raise source.error(f"invalid domain name '{domain}'", ("domain",))
    width = int(raw.get("width", 79))
    if width < 0:
        raise source.error("'width' must not be negative", ("width",))
    plural_forms = str(raw.get("plural_forms", "gettext"))
    if plural_forms not in PLURAL_SOURCES:
        raise source.error(
            f"'plural_forms' must be one of {', '.join(PLURAL_SOURCES)}, not '{plural_forms}'"
            f"{did_you_mean(plural_forms, PLURAL_SOURCES)}",
            ("plural_forms",),
        )
    return Config(
        root=root,
        source_language=found.source,
        languages=found.targets,
        content_dir=content_dir,
        layout=layout,
        locale_names=found.locale_names,
        locale_dir=locale_dir,
        domain=domain,
        project=str(raw.get("project", "") or _folder_name(root)),
        width=width,
        check=check_settings(source),
        build=build_settings(
            source, (found.source, *found.targets), _reserved(layout, content_dir, locale_dir)
        ),
        path=source.display,
        date=environment.date,
        revision_date=environment.date or environment.now,
        plural_forms=plural_forms,
    )


SITE_MARKERS = (CONFIG_NAME, "content/", "locale/")
"""What makes a folder a site root (a file, or folders)."""


def find_site_root(start: Path | None, ceilings: Sequence[str] = ()) -> Path:
    """The site root, found as git and ruff find theirs: ``start`` (``-C``; default the
    current folder) or its nearest parent holding ``pipeline.toml``, ``content/`` or
    ``locale/``, not entering the ``ceilings`` (``PIPELINE_CEILING_DIRECTORIES``). A root
    found above ``start`` is given relative to the current folder when ``start`` was
    relative. No site there, or a ``start`` that is no folder, is an error naming what was
    looked for."""
    given = start is not None
    folder = start if start is not None else Path(".")
    if given and not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        raise ConfigError(f"{what} (given with -C)", str(folder))
    here = folder.resolve()
    stops = {Path(c).resolve() for c in ceilings if Path(c).is_absolute()}
    for candidate in (here, *here.parents):
        if candidate in stops and candidate != here:
            break
        if (candidate / CONFIG_NAME).is_file() or any(
            (candidate / marker.rstrip("/")).is_dir() for marker in SITE_MARKERS[1:]
        ):
            if candidate == here:
                return folder
            if folder.is_absolute():
                return candidate
            return Path(os.path.relpath(candidate))
    shown = "the current folder" if not given else str(folder)
    raise ConfigError(
        f"no site in {shown} or its parents (looked for {', '.join(SITE_MARKERS)}); "
        "run pipeline in a site's folder or name it with -C DIR"
    )


def _folder_name(root: Path) -> str:
    """The project's name when ``project`` is not set: the site folder's name (gettext's
    placeholder ``PACKAGE VERSION`` would make ``msgfmt --check`` warn)."""
    return root.resolve().name or "site"
