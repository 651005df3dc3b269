"""Severities from configuration, in-file suppressions, and the unused ones reported."""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pipeline.checks.candidate import Candidate, Suppression, make
from pipeline.errors import ConfigError
from pipeline.model import Finding, Severity
from pipeline.rules import RULES

OFF = "off"
_LEVELS = ("off", "info", "warning", "error")


def check_rule_id(rule: str, where: str | None = None) -> str:
    """``rule`` if it is a known rule id, else a ConfigError with a did-you-mean."""
    if rule in RULES:
        return rule
    hint = difflib.get_close_matches(rule, list(RULES), n=1)
    suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
    raise ConfigError(f"unknown rule '{rule}'{suggestion}", where)


@dataclass(frozen=True, slots=True)
class Override:
    """Severities for the files matching some glob patterns."""

    paths: tuple[str, ...]
    """fnmatch patterns on site-relative paths."""
    rules: Mapping[str, str]
    """Rule id -> level (``off``, ``info``, ``warning``, ``error``)."""


@dataclass(frozen=True, slots=True)
class Policy:
    """How findings are graded: per-rule levels, per-path overrides, excluded paths."""

    levels: Mapping[str, str]
    """Rule id -> level, from ``[check.rules]``."""
    overrides: tuple[Override, ...] = ()
    """``[[check.overrides]]``, later ones win."""
    exclude: tuple[str, ...] = ()
    """Paths never reported (fnmatch patterns)."""

    def level(self, rule: str, path: str) -> str:
        level = self.levels.get(rule, RULES[rule].default_severity.value)
        for override in self.overrides:
            if rule in override.rules and any(fnmatch.fnmatch(path, p) for p in override.paths):
                level = override.rules[rule]
        return level

    def grade(self, finding: Finding) -> Finding | None:
        """The finding at its configured severity, or None when its rule is off there."""
        path = finding.location.path
        if any(fnmatch.fnmatch(path, p) for p in self.exclude):
            return None
        if finding.rule not in RULES:
            return finding
        level = self.level(finding.rule, path)
        if level == OFF:
            return None
        configured = Severity(level)
        default = RULES[finding.rule].default_severity
        if finding.severity is Severity.INFO and default is not Severity.INFO:
            # A rule that chose to report a weak case at info keeps it below the configured level.
            return finding if configured.rank >= Severity.INFO.rank else None
        return replace(finding, severity=configured)


def _levels(table: Any, where: str) -> dict[str, str]:
    if not isinstance(table, Mapping):
        raise ConfigError(f"'{where}' must be a table of rule = level", "pipeline.toml")
    levels: dict[str, str] = {}
    for rule, level in table.items():
        check_rule_id(rule, "pipeline.toml")
        if level not in _LEVELS:
            raise ConfigError(
                f"'{where}.{rule}' must be one of {', '.join(_LEVELS)}, not {level!r}",
                "pipeline.toml",
            )
        levels[rule] = level
    return levels


def load_policy(check: Mapping[str, Any]) -> Policy:
    """The policy from the ``[check]`` table."""
    overrides = []
    for index, raw in enumerate(check.get("overrides", ())):
        if not isinstance(raw, Mapping) or set(raw) - {"paths", "rules"}:
            raise ConfigError(
                f"check.overrides[{index}] takes 'paths' and 'rules' only", "pipeline.toml"
            )
        paths = raw.get("paths", [])
        if isinstance(paths, str):
            paths = [paths]
        overrides.append(
            Override(
                tuple(str(p) for p in paths),
                _levels(raw.get("rules", {}), f"check.overrides[{index}].rules"),
            )
        )
    return Policy(
        levels=_levels(check.get("rules", {}), "check.rules"),
        overrides=tuple(overrides),
        exclude=tuple(str(p) for p in check.get("exclude", ())),
    )


def apply(
    candidates: Iterable[Candidate], policy: Policy, suppressions: Iterable[Suppression]
) -> list[Finding]:
    """Grade the candidates, drop the suppressed ones, and report unused suppressions."""
    findings: list[Finding] = []
    requests: dict[Suppression, set[str]] = {hush: set() for hush in suppressions}
    for candidate in candidates:
        hush = candidate.suppression
        if hush is not None:
            used = requests.setdefault(hush, set())
            if candidate.finding.rule in hush.rules or "*" in hush.rules:
                used.add(candidate.finding.rule if candidate.finding.rule in hush.rules else "*")
                continue
        graded = policy.grade(candidate.finding)
        if graded is not None:
            findings.append(graded)
    return findings + unused_suppressions(requests, policy)


def unused_suppressions(requests: Mapping[Suppression, set[str]], policy: Policy) -> list[Finding]:
    """A rule named in a suppression that silenced nothing is itself a finding."""
    findings = []
    for hush, used in requests.items():
        for rule in sorted(hush.rules - used):
            label = "every rule" if rule == "*" else f"'{rule}'"
            why = "matches no finding" if rule == "*" or rule in RULES else "names no known rule"
            candidate = make(
                "unused-suppression",
                hush.location,
                f"suppression of {label} {why}; remove it",
                expected=None if rule == "*" else rule,
            )
            graded = policy.grade(candidate.finding)
            if graded is not None:
                findings.append(graded)
    return findings
