"""Counts of findings by severity and by rule, shared by the report formats."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.model import Finding, Severity

SEVERITY_ORDER: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)
"""Severities from the most to the least serious, the order reports list them in."""


@dataclass(frozen=True, slots=True)
class Summary:
    """How many findings a run produced."""

    total: int
    """Number of findings."""
    by_severity: Mapping[Severity, int]
    """Count per severity; every severity is present, in :data:`SEVERITY_ORDER`."""
    by_rule: Mapping[str, int]
    """Count per rule id, for the rules that have findings, sorted by id."""

    def count(self, severity: Severity) -> int:
        """Number of findings of ``severity``."""
        return self.by_severity.get(severity, 0)


def summarize(findings: Iterable[Finding]) -> Summary:
    """Count ``findings`` by severity and by rule."""
    severities: Counter[Severity] = Counter()
    rules: Counter[str] = Counter()
    for finding in findings:
        severities[finding.severity] += 1
        rules[finding.rule] += 1
    return Summary(
        total=sum(severities.values()),
        by_severity={severity: severities[severity] for severity in SEVERITY_ORDER},
        by_rule={rule: rules[rule] for rule in sorted(rules)},
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(summary: Summary) -> str:
    """One line for a person: ``1 error, 0 warnings, 0 info (language-mismatch: 1)``."""
    if summary.total == 0:
        return "no findings"
    counts = ", ".join(
        [
            _plural(summary.count(Severity.ERROR), "error"),
            _plural(summary.count(Severity.WARNING), "warning"),
            f"{summary.count(Severity.INFO)} info",
        ]
    )
    rules = ", ".join(f"{rule}: {count}" for rule, count in summary.by_rule.items())
    return f"{counts} ({rules})"
