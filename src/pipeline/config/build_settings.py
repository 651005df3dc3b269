"""The ``[build]`` table of ``pipeline.toml``: its keys, checked when the file is read, with
their defaults."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any

from pipeline import languages
from pipeline.config.toml_source import TomlSource, did_you_mean


class BelowThreshold(StrEnum):
    """What happens to a page whose translation is less complete than ``min_completeness``."""

    PUBLISH = "publish"
    """Published with the untranslated units in the source language (the default)."""
    NOTICE = "notice"
    """Published as with ``publish``, with a notice saying it is partly translated."""
    SKIP = "skip"
    """Not published in that language."""


BUILD_KEYS = ("below_threshold", "localized_links", "min_completeness", "notice", "output_dir")
"""The keys ``[build]`` may hold."""

DEFAULT_NOTICE = (
    "This page is only partly translated: the passages not yet translated are shown "
    "in the original language."
)


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """The resolved ``[build]`` table."""

    output_dir: str = "build"
    """Folder the build writes to, relative to the site root."""
    min_completeness: float = 0.0
    """Share of translated units (0..1) below which ``below_threshold`` applies."""
    below_threshold: BelowThreshold = BelowThreshold.PUBLISH
    """What to do with a page below the threshold."""
    localized_links: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Per language, source link-target prefix -> localised prefix (``unga/`` -> ``agnu/``)."""
    notice: Mapping[str, str] = field(default_factory=dict)
    """Per language, the text of the partly-translated notice (default: English text)."""

    def links_for(self, lang: str) -> Mapping[str, str]:
        return self.localized_links.get(lang, {})

    def notice_for(self, lang: str) -> tuple[str, bool]:
        """The notice text and whether it is in ``lang`` (else it is English)."""
        text = self.notice.get(lang)
        return (text, True) if text is not None else (DEFAULT_NOTICE, False)


@dataclass(frozen=True, slots=True)
class _Context:
    source: TomlSource
    site_languages: tuple[str, ...]
    reserved: tuple[str, ...]
    """Folders the output must not be (the site root, ``content``, ``locale``)."""

    def fail(self, message: str, key: str) -> Exception:
        return self.source.error(message, ("build", key))


def build_settings(
    source: TomlSource, site_languages: tuple[str, ...], reserved: tuple[str, ...]
) -> BuildSettings:
    """The ``[build]`` table of ``source``, checked; a fault names the file, line and key."""
    raw = source.data.get("build", {})
    context = _Context(source, site_languages, reserved)
    if not isinstance(raw, dict):
        raise source.error("'build' must be a table", ("build",))
    for key in raw:
        if key not in BUILD_KEYS:
            hint = did_you_mean(key, BUILD_KEYS) or next(
                (
                    f" (did you mean '{known}'?)"
                    for known in BUILD_KEYS
                    if known.startswith(key) or key.startswith(known)
                ),
                "",
            )
            raise context.fail(f"unknown key 'build.{key}'{hint}", key)
    return BuildSettings(
        output_dir=_output_dir(raw.get("output_dir", "build"), context),
        min_completeness=_minimum(raw.get("min_completeness", 0.0), context),
        below_threshold=_mode(raw.get("below_threshold", "publish"), context),
        localized_links=_per_language(raw.get("localized_links", {}), "localized_links", context),
        notice=_per_language_text(raw.get("notice", {}), context),
    )


def _output_dir(output: Any, context: _Context) -> str:
    if not isinstance(output, str) or not output.strip():
        raise context.fail("'build.output_dir' must be a non-empty string", "output_dir")
    pure = PurePosixPath(output.replace("\\", "/"))
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", output) or ".." in pure.parts:
        raise context.fail("'build.output_dir' must be a folder inside the site", "output_dir")
    if str(pure) in context.reserved:
        raise context.fail(f"'build.output_dir' must not be '{pure}'", "output_dir")
    return str(pure)


def _minimum(minimum: Any, context: _Context) -> float:
    if isinstance(minimum, bool) or not isinstance(minimum, int | float):
        raise context.fail(
            "'build.min_completeness' must be a number from 0 to 1", "min_completeness"
        )
    if not 0.0 <= float(minimum) <= 1.0:
        raise context.fail("'build.min_completeness' must be from 0 to 1", "min_completeness")
    return float(minimum)


def _mode(mode: Any, context: _Context) -> BelowThreshold:
    choices = [m.value for m in BelowThreshold]
    if mode not in choices:
        hint = did_you_mean(str(mode), choices, cutoff=0.5)
        raise context.fail(
            f"'build.below_threshold' must be one of {', '.join(choices)}{hint}",
            "below_threshold",
        )
    return BelowThreshold(mode)


def _per_language(value: Any, key: str, context: _Context) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        raise context.fail(f"'build.{key}' must be a table of languages", key)
    out: dict[str, dict[str, str]] = {}
    for lang, table in value.items():
        code = _language(lang, key, context)
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k for k, v in table.items()
        ):
            raise context.fail(f"'build.{key}.{lang}' must map link targets to link targets", key)
        out[code] = dict(table)
    return out


def _per_language_text(value: Any, context: _Context) -> dict[str, str]:
    if not isinstance(value, dict):
        raise context.fail("'build.notice' must be a table of languages", "notice")
    out: dict[str, str] = {}
    for lang, text in value.items():
        code = _language(lang, "notice", context)
        if not isinstance(text, str) or not text.strip():
            raise context.fail(f"'build.notice.{lang}' must be a non-empty string", "notice")
        out[code] = text
    return out


def _language(lang: str, key: str, context: _Context) -> str:
    """The site's id of a language given in any spelling (``pt_BR`` for ``pt-br``)."""
    wanted = languages.key(lang)
    for code in context.site_languages:
        if languages.key(code) == wanted:
            return code
    hint = did_you_mean(lang, context.site_languages, cutoff=0.5)
    raise context.fail(f"'build.{key}': '{lang}' is not a language of this site{hint}", key)
