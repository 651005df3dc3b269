"""The SARIF 2.1.0 report, for code scanning services and SARIF viewers."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from pipeline.model import Finding, Location, Severity
from pipeline.report.common import offending_text, ordered, rounded
from pipeline.rules import RULES, RuleInfo

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "pipeline"
INFORMATION_URI = "https://example.invalid/pipeline"
"""Home page of the tool, shown by SARIF viewers. Placeholder until the project has one."""
SRCROOT = "%SRCROOT%"
"""The base every result's path is relative to: the site root."""
FINGERPRINT_KEY = "pipelineFinding/v1"
"""Name of the partial fingerprint; bump the version if the hashed content changes."""

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
"""SARIF level of each severity."""

_PROPERTY_NAMES = frozenset({"expected", "detected", "confidence"})


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.help},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": LEVELS[rule.default_severity]},
    }


def _unknown_rule(rule_id: str) -> RuleInfo:
    return RuleInfo(rule_id, Severity.WARNING, f"Rule {rule_id}.", f"Findings of rule {rule_id}.")


def _fingerprint(finding: Finding) -> str:
    text = offending_text(finding) or finding.message
    material = "\0".join((finding.rule, finding.location.path, " ".join(text.split())))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def _properties(finding: Finding) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    if finding.expected is not None:
        properties["expected"] = finding.expected
    if finding.detected is not None:
        properties["detected"] = finding.detected
    if finding.confidence is not None:
        properties["confidence"] = rounded(finding.confidence)
    for key in sorted(finding.extra):
        name = f"extra.{key}" if key in _PROPERTY_NAMES else key
        properties[name] = finding.extra[key]
    return properties


def _physical(location: Location) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": location.line}
    if location.column is not None:
        region["startColumn"] = location.column
    return {
        "artifactLocation": {"uri": quote(location.path, safe="/"), "uriBaseId": SRCROOT},
        "region": region,
    }


def _result(finding: Finding, rule_index: int, fingerprint: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical(finding.location)}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.related:
        result["relatedLocations"] = [
            {
                "id": index,
                "physicalLocation": _physical(place),
                "message": {"text": "the same fault, reported here once"},
            }
            for index, place in enumerate(finding.related)
        ]
    properties = _properties(finding)
    if properties:
        result["properties"] = properties
    return result


def render_sarif(findings: Sequence[Finding], *, tool_version: str) -> str:
    """The findings as a SARIF 2.1.0 log with one run.

    The driver lists every rule of :data:`RULES` (and any other rule a finding names).
    Each result points at its path relative to ``%SRCROOT%`` (the site root) and carries a
    partial fingerprint hashed from rule, path and text (not the line, so that it survives
    edits above it; repeated identical texts are numbered ``:1``, ``:2`` in report order).
    """
    findings = ordered(findings)
    rules = list(RULES.values())
    rules += [_unknown_rule(r) for r in sorted({f.rule for f in findings} - set(RULES))]
    index = {rule.id: position for position, rule in enumerate(rules)}
    seen: Counter[str] = Counter()
    results = []
    for finding in findings:
        digest = _fingerprint(finding)
        seen[digest] += 1
        results.append(_result(finding, index[finding.rule], f"{digest}:{seen[digest]}"))
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
