"""The ``[check]`` table of ``pipeline.toml``, checked against the rule registry when the
file is read: rule levels, per-path overrides, exclusions, the glossary, and each rule's
own options (``[check.<rule>]``, and per language ``[check.<rule>.<lang>]``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline import languages
from pipeline.config.toml_source import KeyPath, TomlSource, did_you_mean, dotted
from pipeline.rules import DIALECTS, RULES, RuleOption

LEVELS = ("off", "info", "warning", "error")
"""What ``[check.rules]`` may set a rule to."""

_TABLE_KEYS = ("rules", "overrides", "glossary", "exclude")


@dataclass(frozen=True, slots=True)
class Override:
    """Severities for the files matching some glob patterns."""

    paths: tuple[str, ...]
    """fnmatch patterns on site-relative paths."""
    rules: Mapping[str, str]
    """Rule id -> level (``off``, ``info``, ``warning``, ``error``)."""
    dialect: str | None = None
    """The markup dialect of the matching catalogues (a name of ``rules.DIALECTS``), or None
    to decide it from their references."""


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """The resolved ``[check]`` table."""

    levels: Mapping[str, str] = field(default_factory=dict)
    """Rule id -> level, from ``[check.rules]``."""
    overrides: tuple[Override, ...] = ()
    """``[[check.overrides]]``, later ones win."""
    exclude: tuple[str, ...] = ()
    """Paths never reported (fnmatch patterns)."""
    glossary: str | None = None
    """The termbase file named by ``glossary``, or None (``glossary.csv`` when present)."""
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Rule id -> its checked options (a per-language table under the language's code)."""


def check_settings(source: TomlSource) -> CheckSettings:
    """The ``[check]`` table of ``source``, checked; a fault names the file, line and key."""
    table = source.data.get("check", {})
    if not isinstance(table, dict):
        raise source.error("'check' must be a table", ("check",))
    with_options = [rule for rule, info in RULES.items() if info.options or info.language_options]
    for key in table:
        if key in _TABLE_KEYS or key in with_options:
            continue
        if key in RULES:
            raise source.error(f"rule '{key}' takes no options ('check.{key}')", ("check", key))
        hint = did_you_mean(key, (*_TABLE_KEYS, *with_options))
        raise source.error(f"unknown key 'check.{key}'{hint}", ("check", key))
    glossary = table.get("glossary")
    if glossary is not None and not isinstance(glossary, str):
        raise source.error("'check.glossary' must be a string", ("check", "glossary"))
    return CheckSettings(
        levels=_levels(source, table.get("rules", {}), ("check", "rules")),
        overrides=_overrides(source, table.get("overrides", [])),
        exclude=_strings(source, table.get("exclude", []), ("check", "exclude")),
        glossary=glossary or None,
        options={
            rule: _rule_options(source, rule, table[rule]) for rule in with_options if rule in table
        },
    )


def _levels(source: TomlSource, table: Any, where: KeyPath) -> dict[str, str]:
    if not isinstance(table, dict):
        raise source.error(f"'{dotted(where)}' must be a table of rule = level", where)
    levels: dict[str, str] = {}
    for rule, level in table.items():
        if rule not in RULES:
            hint = did_you_mean(rule, RULES)
            raise source.error(f"unknown rule '{rule}'{hint}", (*where, rule))
        if level not in LEVELS:
            raise source.error(
                f"'{dotted((*where, rule))}' must be one of {', '.join(LEVELS)}, not {level!r}",
                (*where, rule),
            )
        levels[rule] = level
    return levels


def _overrides(source: TomlSource, raw: Any) -> tuple[Override, ...]:
    if not isinstance(raw, list):
        raise source.error("'check.overrides' must be a list of tables", ("check", "overrides"))
    found = []
    for index, entry in enumerate(raw):
        where: KeyPath = ("check", "overrides", index)
        if not isinstance(entry, dict):
            raise source.error(f"{dotted(where)} must be a table", where)
        for key in entry:
            if key not in _OVERRIDE_KEYS:
                hint = did_you_mean(key, _OVERRIDE_KEYS) or f" (keys: {', '.join(_OVERRIDE_KEYS)})"
                raise source.error(f"unknown key '{dotted((*where, key))}'{hint}", (*where, key))
        paths = entry.get("paths", [])
        if isinstance(paths, str):
            paths = [paths]
        found.append(
            Override(
                _strings(source, paths, (*where, "paths")),
                _levels(source, entry.get("rules", {}), (*where, "rules")),
                _dialect(source, entry.get("dialect"), (*where, "dialect")),
            )
        )
    return tuple(found)


_OVERRIDE_KEYS = ("paths", "rules", "dialect")


def _dialect(source: TomlSource, value: Any, where: KeyPath) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in DIALECTS:
        shown = repr(value) if not isinstance(value, str) else f"'{value}'"
        hint = did_you_mean(value, DIALECTS) if isinstance(value, str) else ""
        raise source.error(
            f"unknown dialect {shown} for '{dotted(where)}'{hint} "
            f"(dialects: {', '.join(DIALECTS)})",
            where,
        )
    return value


def _strings(source: TomlSource, value: Any, where: KeyPath) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise source.error(f"'{dotted(where)}' must be a list of strings", where)
    return tuple(value)


def _rule_options(source: TomlSource, rule: str, table: Any) -> dict[str, Any]:
    where: KeyPath = ("check", rule)
    if not isinstance(table, dict):
        raise source.error(f"'{dotted(where)}' must be a table", where)
    info = RULES[rule]
    known = {option.name: option for option in info.options}
    per_language = {option.name: option for option in info.language_options}
    checked: dict[str, Any] = {}
    for key, value in table.items():
        if key in known:
            checked[key] = _option(source, known[key], value, (*where, key))
        elif per_language and isinstance(value, dict) and languages.is_known(key):
            checked[languages.key(key)] = {
                name: _option(source, per_language[name], item, (*where, key, name))
                if name in per_language
                else _unknown(source, name, per_language, (*where, key))
                for name, item in value.items()
            }
        else:
            choices = list(known) + (["<language code>"] if per_language else [])
            hint = did_you_mean(key, known) or (
                f" (options: {', '.join(choices)})" if choices else ""
            )
            raise source.error(f"unknown option '{dotted((*where, key))}'{hint}", (*where, key))
    return checked


def _unknown(
    source: TomlSource, name: str, options: Mapping[str, RuleOption], where: KeyPath
) -> Any:
    hint = did_you_mean(name, options) or f" (options: {', '.join(options)})"
    raise source.error(f"unknown option '{dotted((*where, name))}'{hint}", (*where, name))


def _option(source: TomlSource, option: RuleOption, value: Any, where: KeyPath) -> Any:
    if option.kind == "bool" and not isinstance(value, bool):
        raise source.error(f"'{dotted(where)}' must be true or false", where)
    if option.kind == "string" and not isinstance(value, str):
        raise source.error(f"'{dotted(where)}' must be a string", where)
    if option.kind == "strings":
        return list(_strings(source, value, where))
    return value
