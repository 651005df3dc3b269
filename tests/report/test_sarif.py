from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pipeline.model import Finding, Location, Severity
from pipeline.report.sarif import FINGERPRINT_KEY, render_sarif
from pipeline.rules import RULES

SCHEMA_NAME = "sarif-schema-2.1.0.json"


def _log(findings: list[Finding]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_sarif(findings, tool_version="1.2.3"))
    return document


def _results(findings: list[Finding]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = _log(findings)["runs"][0]["results"]
    return results


def test_golden_sample(sample: list[Finding], golden: Callable[[str, str], None]) -> None:
    golden("sample.sarif", render_sarif(sample, tool_version="1.2.3"))


def test_golden_empty(golden: Callable[[str, str], None]) -> None:
    golden("empty.sarif", render_sarif([], tool_version="1.2.3"))


@pytest.mark.parametrize("which", ["sample", "empty", "unknown-rule"])
def test_valid_against_the_oasis_schema(
    shared_data: Path, sample: list[Finding], which: str
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = shared_data / SCHEMA_NAME
    if not schema_path.exists():
        pytest.skip(f"{schema_path} is absent")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    findings = {
        "sample": sample,
        "empty": [],
        "unknown-rule": [Finding("brand-new", Severity.INFO, Location("a.md", 1, 2), "m")],
    }[which]
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(_log(findings)), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_header_and_driver() -> None:
    log = _log([])
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "pipeline"
    assert driver["version"] == "1.2.3"
    assert driver["informationUri"].startswith("https://")
    assert log["runs"][0]["results"] == []


def test_one_descriptor_per_rule() -> None:
    rules = _log([])["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor in rules:
        info = RULES[descriptor["id"]]
        assert descriptor["name"] == info.name
        assert descriptor["shortDescription"]["text"] == info.summary
        assert descriptor["fullDescription"]["text"] == info.help
        assert descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == levels[info.default_severity]


def test_results(sample: list[Finding]) -> None:
    log = _log(sample)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    results = log["runs"][0]["results"]
    assert len(results) == len(sample)
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startLine"] >= 1
    by_rule = {result["ruleId"]: result for result in results}
    mismatch = by_rule["language-mismatch"]
    assert mismatch["level"] == "error"
    assert mismatch["message"]["text"].startswith("Passage is in English")
    assert mismatch["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 12,
        "startColumn": 1,
    }
    assert mismatch["properties"] == {"expected": "fr", "detected": "en", "confidence": 0.974}
    assert by_rule["untranslated"]["level"] == "note"
    assert (
        "startColumn" not in by_rule["untranslated"]["locations"][0]["physicalLocation"]["region"]
    )
    assert "properties" not in by_rule["unused-suppression"]
    assert by_rule["markup-mismatch"]["properties"] == {
        "msgid": "See [the docs](https://example.org/a,b)."
    }


def test_paths_are_uri_references() -> None:
    (result,) = _results([Finding("x", Severity.INFO, Location("content/de/straße 1.md", 1), "m")])
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "content/de/stra%C3%9Fe%201.md"


def test_fingerprint_ignores_the_line_but_not_rule_path_or_text(sample: list[Finding]) -> None:
    finding = sample[2]

    def fingerprint(f: Finding) -> str:
        value: str = _results([f])[0]["partialFingerprints"][FINGERPRINT_KEY]
        return value

    moved = replace(finding, location=Location(finding.location.path, 40, 3))
    assert fingerprint(moved) == fingerprint(finding)
    assert fingerprint(replace(finding, rule="glossary")) != fingerprint(finding)
    assert fingerprint(replace(finding, translation="Autre texte")) != fingerprint(finding)
    other_path = replace(finding, location=Location("content/fr/other.md", 12, 1))
    assert fingerprint(other_path) != fingerprint(finding)


def test_repeated_texts_get_distinct_fingerprints() -> None:
    findings = [
        Finding("untranslated", Severity.WARNING, Location("a.md", line), "m", source="Same")
        for line in (3, 9)
    ]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in _results(findings)]
    assert prints[0].endswith(":1") and prints[1].endswith(":2")
    assert prints[0].split(":")[0] == prints[1].split(":")[0]


def test_unknown_rule_gets_a_descriptor() -> None:
    log = _log([Finding("brand-new", Severity.WARNING, Location("a.md", 1), "m")])
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    result = log["runs"][0]["results"][0]
    assert rules[result["ruleIndex"]]["id"] == "brand-new"
    assert len(rules) == len(RULES) + 1


def test_schema_check_can_fail(shared_data: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = shared_data / SCHEMA_NAME
    if not schema_path.exists():
        pytest.skip(f"{schema_path} is absent")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    log = _log([Finding("fuzzy", Severity.ERROR, Location("a.md", 1), "m")])
    log["runs"][0]["results"][0]["level"] = "fatal"
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert list(validator.iter_errors(log))
