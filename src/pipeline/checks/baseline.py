"""Baselines: the findings a team accepts today, so that only new ones fail the check.

Entries are keyed on path, rule and a hash of the offending text, never on line numbers, so
editing elsewhere in a file does not revive an accepted finding.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.checks.candidate import make
from pipeline.errors import ConfigError
from pipeline.model import Finding, Location

BASELINE_VERSION = 1

Key = tuple[str, str, str]


def finding_key(finding: Finding) -> Key:
    """(path, rule, hash of the text) of a finding."""
    text = finding.translation or finding.source or finding.message
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]
    return (finding.location.path, finding.rule, digest)


def format_baseline(findings: Iterable[Finding]) -> str:
    """The baseline file for these findings (JSON, sorted, one entry per finding)."""
    entries = sorted(finding_key(f) for f in findings)
    document = {
        "version": BASELINE_VERSION,
        "findings": [{"path": p, "rule": r, "hash": h} for p, r, h in entries],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@dataclass(frozen=True, slots=True)
class Baseline:
    """Accepted findings, as a multiset of keys."""

    entries: Counter[Key]
    """How many findings of each key are accepted."""
    path: str
    """The baseline file, for messages."""


def parse_baseline(text: str, path: str) -> Baseline:
    """Read a baseline file; anything malformed is a ConfigError naming the file."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"not a baseline file: {exc.msg}", path, exc.lineno) from exc
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise ConfigError(f"not a version {BASELINE_VERSION} baseline file", path, 1)
    entries: Counter[Key] = Counter()
    for item in document.get("findings", []):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("path", "rule", "hash")
        ):
            raise ConfigError("baseline entries need 'path', 'rule' and 'hash' strings", path)
        entries[(item["path"], item["rule"], item["hash"])] += 1
    return Baseline(entries, path)


def subtract(
    findings: Sequence[Finding], baseline: Baseline
) -> tuple[list[Finding], list[Finding]]:
    """(findings not in the baseline, findings about baseline entries matching nothing)."""
    left = Counter(baseline.entries)
    fresh: list[Finding] = []
    for finding in sorted(findings, key=lambda f: f.sort_key):
        key = finding_key(finding)
        if left[key] > 0:
            left[key] -= 1
        else:
            fresh.append(finding)
    stale = [
        make(
            "unused-suppression",
            Location(baseline.path, 1),
            f"baseline entry for '{rule}' in {path} matches no finding any more "
            "(write the baseline again)",
            expected=rule,
        ).finding
        for (path, rule, _), count in sorted(left.items())
        for _ in range(count)
    ]
    return fresh, stale
