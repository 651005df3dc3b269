"""Grading findings: the configured severities, exclusions and suppressions."""

from __future__ import annotations

import fnmatch
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.checks.candidate import Candidate, Suppression
from pipeline.checks.policy import OFF, Policy, apply
from pipeline.config import Override
from pipeline.model import Finding, Location, Severity
from pipeline.rules import RULES

_RULES = [*sorted(RULES)[:6], "not-a-rule"]
_PATHS = ["locale/fr/a.po", "locale/de/b.po", "content/fr/c.md"]
_LEVELS = [OFF, "info", "warning", "error"]


def _graded_before(policy: Policy, finding: Finding) -> Finding | None:
    """Policy.grade as it was written first (one finding at a time, with replace)."""
    path = finding.location.path
    if any(fnmatch.fnmatch(path, p) for p in policy.exclude):
        return None
    if finding.rule not in RULES:
        return finding
    level = policy.level(finding.rule, path)
    if level == OFF:
        return None
    configured = Severity(level)
    default = RULES[finding.rule].default_severity
    if finding.severity.rank < default.rank:
        if configured.rank >= finding.severity.rank:
            return finding
        return replace(finding, severity=configured)
    return replace(finding, severity=configured)


_findings = st.builds(
    lambda rule, severity, path, line, extra: Finding(
        rule, severity, Location(path, line), f"m{line}", source="s", extra=extra
    ),
    st.sampled_from(_RULES),
    st.sampled_from(list(Severity)),
    st.sampled_from(_PATHS),
    st.integers(1, 5),
    st.sampled_from([{}, {"k": "v"}]),
)
_policies = st.builds(
    lambda levels, overrides, exclude: Policy(levels, tuple(overrides), tuple(exclude)),
    st.dictionaries(st.sampled_from(_RULES[:-1]), st.sampled_from(_LEVELS), max_size=4),
    st.lists(
        st.builds(
            Override,
            st.lists(st.sampled_from(["locale/fr/*", "*.md", "locale/*/b.po"]), max_size=2).map(
                tuple
            ),
            st.dictionaries(st.sampled_from(_RULES[:-1]), st.sampled_from(_LEVELS), max_size=3),
        ),
        max_size=2,
    ),
    st.lists(st.sampled_from(["content/*", "locale/de/*"]), max_size=1),
)


@settings(max_examples=300, deadline=None)
@given(_policies, st.lists(_findings, max_size=12), st.booleans())
def test_apply_grades_each_finding_as_grading_it_alone_did(
    policy: Policy, findings: list[Finding], hush: bool
) -> None:
    """apply() works out each (rule, path)'s grading once and keeps a finding already at
    its configured severity as it is: the same findings, in the same order, as grading
    each one as first written."""
    suppression = Suppression(Location(_PATHS[0], 1), frozenset({_RULES[0]}))
    candidates = [
        Candidate(f, suppression if hush and i % 2 else None) for i, f in enumerate(findings)
    ]
    got = apply(candidates, policy, ())
    expected = [
        graded
        for i, f in enumerate(findings)
        if not (hush and i % 2 and f.rule == _RULES[0])
        if (graded := _graded_before(policy, f)) is not None
    ]
    kept = [g for g in got if g.rule != "unused-suppression"]
    assert kept == expected
    assert [g.extra for g in kept] == [e.extra for e in expected]
    for finding in findings:
        assert policy.grade(finding) == _graded_before(policy, finding)
