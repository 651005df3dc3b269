"""The ``[build]`` table of ``pipeline.toml``: its keys, checked, with their defaults."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any

from pipeline import languages
from pipeline.config import CONFIG_NAME, Config
from pipeline.errors import ConfigError

__all__ = ["BUILD_KEYS", "BelowThreshold", "BuildSettings", "build_settings"]


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


def build_settings(config: Config) -> BuildSettings:
    """Check ``config.build`` and resolve it; a fault raises ConfigError naming the key."""
    raw: dict[str, Any] = dict(config.build)
    text = _config_text(config)
    display = config.path or CONFIG_NAME

    def fail(message: str, key: str) -> ConfigError:
        return ConfigError(message, display, _line_of(text, key))

    for key in raw:
        if key not in BUILD_KEYS:
            hint = difflib.get_close_matches(key, BUILD_KEYS, n=1, cutoff=0.6) or [
                known for known in BUILD_KEYS if known.startswith(key) or key.startswith(known)
            ]
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise fail(f"unknown key 'build.{key}'{suggestion}", key)
    output = raw.get("output_dir", "build")
    if not isinstance(output, str) or not output.strip():
        raise fail("'build.output_dir' must be a non-empty string", "output_dir")
    pure = PurePosixPath(output.replace("\\", "/"))
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", output) or ".." in pure.parts:
        raise fail("'build.output_dir' must be a folder inside the site", "output_dir")
    if str(pure) in (".", config.content_dir, config.locale_dir):
        raise fail(f"'build.output_dir' must not be '{pure}'", "output_dir")
    minimum = raw.get("min_completeness", 0.0)
    if isinstance(minimum, bool) or not isinstance(minimum, int | float):
        raise fail("'build.min_completeness' must be a number from 0 to 1", "min_completeness")
    if not 0.0 <= float(minimum) <= 1.0:
        raise fail("'build.min_completeness' must be from 0 to 1", "min_completeness")
    mode = raw.get("below_threshold", "publish")
    choices = [m.value for m in BelowThreshold]
    if mode not in choices:
        hint = difflib.get_close_matches(str(mode), choices, n=1, cutoff=0.5)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise fail(
            f"'build.below_threshold' must be one of {', '.join(choices)}{suggestion}",
            "below_threshold",
        )
    links = _per_language(raw.get("localized_links", {}), "localized_links", config, fail)
    notices = _per_language_text(raw.get("notice", {}), config, fail)
    return BuildSettings(
        output_dir=str(pure),
        min_completeness=float(minimum),
        below_threshold=BelowThreshold(mode),
        localized_links=links,
        notice=notices,
    )


def _per_language(value: Any, key: str, config: Config, fail: Any) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        raise fail(f"'build.{key}' must be a table of languages", key)
    out: dict[str, dict[str, str]] = {}
    for lang, table in value.items():
        code = _language(lang, key, config, fail)
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k for k, v in table.items()
        ):
            raise fail(f"'build.{key}.{lang}' must map link targets to link targets", key)
        out[code] = dict(table)
    return out


def _per_language_text(value: Any, config: Config, fail: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail("'build.notice' must be a table of languages", "notice")
    out: dict[str, str] = {}
    for lang, text in value.items():
        code = _language(lang, "notice", config, fail)
        if not isinstance(text, str) or not text.strip():
            raise fail(f"'build.notice.{lang}' must be a non-empty string", "notice")
        out[code] = text
    return out


def _language(lang: str, key: str, config: Config, fail: Any) -> str:
    code = languages.normalize(lang)
    if code not in config.all_languages:
        hint = difflib.get_close_matches(code, config.all_languages, n=1, cutoff=0.5)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise fail(f"'build.{key}': '{lang}' is not a language of this site{suggestion}", key)
    return code


def _config_text(config: Config) -> str:
    if config.path is None:
        return ""
    try:
        return (config.root / config.path).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _line_of(text: str, key: str) -> int | None:
    """The 1-based line defining ``key`` (``key =`` or a ``[build.key]`` header), if found."""
    in_build = False
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    header = re.compile(rf"^\s*\[\s*build\s*\.\s*\"?{re.escape(key)}\"?[\s.\]]")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if header.match(line):
            return number
        if stripped.startswith("["):
            in_build = re.match(r"^\[\s*build\s*\]", stripped) is not None
            continue
        if in_build and pattern.match(line):
            return number
    return None
