from __future__ import annotations

from pipeline.model import Finding, Location, Severity
from pipeline.report.summary import SEVERITY_ORDER, summarize, summary_line


def _finding(rule: str, severity: Severity) -> Finding:
    return Finding(rule, severity, Location("a.md", 1), "m")


def test_counts_by_severity_and_rule() -> None:
    summary = summarize(
        [
            _finding("fuzzy", Severity.WARNING),
            _finding("language-mismatch", Severity.ERROR),
            _finding("fuzzy", Severity.WARNING),
            _finding("typography", Severity.INFO),
        ]
    )
    assert summary.total == 4
    assert dict(summary.by_severity) == {
        Severity.ERROR: 1,
        Severity.WARNING: 2,
        Severity.INFO: 1,
    }
    assert list(summary.by_rule.items()) == [
        ("fuzzy", 2),
        ("language-mismatch", 1),
        ("typography", 1),
    ]


def test_every_severity_is_present_in_order_even_when_zero() -> None:
    summary = summarize([])
    assert list(summary.by_severity) == list(SEVERITY_ORDER)
    assert all(count == 0 for count in summary.by_severity.values())
    assert summary.total == 0
    assert dict(summary.by_rule) == {}


def test_summary_line_example_of_the_documentation() -> None:
    line = summary_line(summarize([_finding("language-mismatch", Severity.ERROR)]))
    assert line == "1 error, 0 warnings, 0 info (language-mismatch: 1)"


def test_summary_line_plurals() -> None:
    findings = [_finding("b", Severity.ERROR)] * 2 + [_finding("a", Severity.WARNING)]
    assert summary_line(summarize(findings)) == "2 errors, 1 warning, 0 info (a: 1, b: 2)"


def test_summary_line_empty() -> None:
    assert summary_line(summarize([])) == "no findings"


def test_summarize_accepts_an_iterator() -> None:
    assert summarize(iter([_finding("x", Severity.INFO)])).total == 1
