"""The languages of a site, found where its pages and catalogues are.

A language is named as the site names it (its folder: ``pt-br``, ``zh-cn``, ``sr-Latn``);
that name is the language's id in paths, ``--lang`` and reports. Its catalogues live in
``locale/<gettext name>/`` (``pt_BR``), or in a folder already there under another spelling
of the same language (``locale/pt-br/``), which is used rather than duplicated.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import languages
from pipeline.config.layout import Layout
from pipeline.config.toml_source import TomlSource
from pipeline.errors import ConfigError

CONFIG_NAME = "pipeline.toml"


@dataclass(frozen=True, slots=True)
class SiteLanguages:
    """The site's languages, resolved."""

    source: str
    """The source language's id."""
    targets: tuple[str, ...]
    """Target languages' ids, sorted."""
    locale_names: Mapping[str, str]
    """Folder under ``locale/`` of each target language."""


@dataclass(frozen=True, slots=True)
class _Found:
    """Language folders found on disk, by language key."""

    content: dict[str, str]
    """Spelling of each language found among the pages, by key."""
    locale: dict[str, str]
    """Folder under ``locale/`` of each language that has one, by key."""


def _add(found: dict[str, str], name: str, where: str) -> None:
    known = found.get(languages.key(name))
    if known is not None and known != name:
        raise ConfigError(
            f"'{known}' and '{name}' are the same language: keep one of the two folders",
            where,
        )
    found[languages.key(name)] = name


def _unknown(name: str, where: str) -> ConfigError:
    return ConfigError(
        f"'{name}' is not a known language code (set 'languages' in {CONFIG_NAME})", where
    )


def _content_languages(root: Path, layout: Layout) -> dict[str, str]:
    """Languages of the pages: the folders at ``{lang}``'s place, or the ``{lang}`` parts of
    file names (a part that is not a language code is part of a source page's name)."""
    found: dict[str, str] = {}
    level = layout.pages.lang_folder_level()
    if level is not None:
        folder = root / level if level else root
        if not folder.is_dir():
            return found
        source_here = layout.source is not None and layout.source.prefix() == level
        for child in sorted(folder.iterdir()):
            if not child.is_dir() or child.name.startswith((".", "_")):
                continue
            where = f"{level}/{child.name}" if level else child.name
            if languages.is_known(child.name):
                _add(found, child.name, where)
            elif not source_here:
                raise _unknown(child.name, where)
        return found
    regex = layout.pages.regex()
    prefix = layout.pages.prefix()
    base = root / prefix if prefix else root
    if not base.is_dir():
        return found
    for path in sorted(base.rglob("*")):
        relative = path.relative_to(root).as_posix()
        match = regex.fullmatch(relative)
        if match is not None and languages.is_known(match.group("lang")) and path.is_file():
            _add(found, match.group("lang"), relative)
    return found


def _locale_languages(root: Path, locale_dir: str) -> dict[str, str]:
    """Folders of ``locale/`` that hold an ``LC_MESSAGES`` folder."""
    found: dict[str, str] = {}
    folder = root / locale_dir
    if not folder.is_dir():
        return found
    # Only folders can hold one: the (many) templates beside them are not stat-ed again.
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries if not e.name.startswith(".") and e.is_dir())
    for name in names:
        if not (folder / name / "LC_MESSAGES").is_dir():
            continue
        where = f"{locale_dir}/{name}"
        if not languages.is_known(name):
            raise _unknown(name, where)
        _add(found, name, where)
    return found


def resolve_languages(
    root: Path,
    layout: Layout,
    locale_dir: str,
    source_language: str,
    configured: Sequence[object] | None,
    source: TomlSource,
) -> SiteLanguages:
    """The source and target languages: ``languages`` from the file when given, else every
    language found among the pages and in ``locale/``."""
    found = _Found(_content_languages(root, layout), _locale_languages(root, locale_dir))
    source_key = languages.key(source_language)
    source_id = found.content.get(source_key, source_language)
    targets: dict[str, str] = {}
    if configured is not None:
        for code in configured:
            if not isinstance(code, str) or not languages.is_known(code):
                raise source.error(f"unknown language code '{code}'", ("languages",))
            key = languages.key(code)
            targets[key] = found.content.get(key) or found.locale.get(key) or code
    else:
        targets = {**{k: v for k, v in found.locale.items()}, **found.content}
    targets.pop(source_key, None)
    ids = tuple(sorted(targets.values()))
    locale_names = {
        lang: found.locale.get(languages.key(lang)) or languages.gettext_name(lang) for lang in ids
    }
    return SiteLanguages(source_id, ids, locale_names)
