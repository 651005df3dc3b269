"""Severities from configuration, in-file suppressions, and the unused ones reported."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.checks.candidate import Candidate, Suppression, make
from pipeline.config import CheckSettings, Override
from pipeline.config.toml_source import did_you_mean
from pipeline.model import Finding, Severity
from pipeline.rules import RULES

OFF = "off"


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

    def dialect(self, path: str) -> str | None:
        """The markup dialect ``[[check.overrides]]`` sets for ``path`` (later ones win), or
        None when none does."""
        found = None
        for override in self.overrides:
            if override.dialect is not None and any(
                fnmatch.fnmatch(path, p) for p in override.paths
            ):
                found = override.dialect
        return found

    def grade(self, finding: Finding) -> Finding | None:
        """The finding at its configured severity, or None when its rule is off there."""
        return _graded(finding, self.grading(finding.rule, finding.location.path))

    def grading(self, rule: str, path: str) -> tuple[bool, Severity | None]:
        """How a finding of ``rule`` at ``path`` is graded: whether it is reported (not
        excluded, its rule not off there), and the configured severity (None for a rule
        that is not in the registry: its finding keeps its own)."""
        if any(fnmatch.fnmatch(path, p) for p in self.exclude):
            return False, None
        if rule not in RULES:
            return True, None
        level = self.level(rule, path)
        if level == OFF:
            return False, None
        return True, Severity(level)


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
""":attr:`Severity.rank` of each severity, looked up without building its table."""


def _graded(finding: Finding, grading: tuple[bool, Severity | None]) -> Finding | None:
    """``finding`` graded as :meth:`Policy.grading` says."""
    reported, configured = grading
    if not reported:
        return None
    severity = finding.severity
    if configured is None or severity is configured:
        return finding  # (the same finding as one rebuilt with its own severity)
    if _RANK[severity] < _RANK[RULES[finding.rule].default_severity] and (
        _RANK[configured] >= _RANK[severity]
    ):
        # A rule that chose to report a weak case below its default keeps it there
        # (an info finding stays info, a warning of an error rule stays a warning).
        return finding
    return Finding(
        finding.rule,
        configured,
        finding.location,
        finding.message,
        finding.expected,
        finding.detected,
        finding.confidence,
        finding.source,
        finding.translation,
        finding.extra,
        finding.related,
    )


def load_policy(check: CheckSettings) -> Policy:
    """The policy of the (already checked) ``[check]`` settings."""
    return Policy(levels=check.levels, overrides=check.overrides, exclude=check.exclude)


def apply(
    candidates: Iterable[Candidate], policy: Policy, suppressions: Iterable[Suppression]
) -> list[Finding]:
    """Grade the candidates, drop the suppressed ones, and report unused suppressions."""
    findings: list[Finding] = []
    requests: dict[Suppression, set[str]] = {hush: set() for hush in suppressions}
    gradings: dict[tuple[str, str], tuple[bool, Severity | None]] = {}
    for candidate in candidates:
        hush = candidate.suppression
        if hush is not None:
            used = requests.setdefault(hush, set())
            if candidate.finding.rule in hush.rules or "*" in hush.rules:
                used.add(candidate.finding.rule if candidate.finding.rule in hush.rules else "*")
                continue
        finding = candidate.finding
        key = (finding.rule, finding.location.path)
        grading = gradings.get(key)
        if grading is None:  # (a file's findings share a few rules and one path)
            grading = gradings[key] = policy.grading(*key)
        graded = _graded(finding, grading)
        if graded is not None:
            findings.append(graded)
    return findings + unused_suppressions(requests, policy)


def unused_suppressions(requests: Mapping[Suppression, set[str]], policy: Policy) -> list[Finding]:
    """A rule named in a suppression that silenced nothing is itself a finding."""
    findings = []
    for hush, used in requests.items():
        for rule in sorted(hush.rules - used):
            label = "every rule" if rule == "*" else f"'{rule}'"
            known = rule == "*" or rule in RULES
            why = (
                "matches no finding" if known else f"names no known rule{did_you_mean(rule, RULES)}"
            )
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
