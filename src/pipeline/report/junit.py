"""The JUnit XML report, for CI systems that show test results.

Each (file, rule) pair with findings is a test case named after the rule, its class name
the file's path. Errors and warnings make it fail; a pair with only info findings passes
and lists them in ``<system-out>``. With no findings the report holds one passing test
case, ``pipeline.check``. The layout follows the Surefire/Ant schema (``junit-10.xsd``)
that Jenkins, GitLab, Azure Pipelines and pytest use: ``<testsuites>`` holding one
``<testsuite>``, with constant ``time="0"`` so the output is deterministic.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from itertools import groupby

from pipeline.model import Finding, Severity
from pipeline.report.common import also_found, one_line, ordered
from pipeline.report.summary import SEVERITY_ORDER, summarize, summary_line

SUITE_NAME = "pipeline"
PASSING_CASE = "pipeline.check"
"""Name of the single test case of a report without findings."""

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _details(findings: Sequence[Finding]) -> str:
    lines = [
        f"{finding.location.line}: {one_line(finding.message + also_found(finding))}"
        for finding in findings
    ]
    return "\n".join(lines) + "\n"


def _case(path: str, rule: str, findings: Sequence[Finding]) -> tuple[ET.Element, bool]:
    case = ET.Element("testcase", {"classname": one_line(path), "name": one_line(rule)})
    case.set("time", "0")
    summary = summarize(findings)
    worst = next(severity for severity in SEVERITY_ORDER if summary.count(severity))
    if worst is Severity.INFO:
        ET.SubElement(case, "system-out").text = _details(findings)
        return case, False
    count = len(findings)
    failure = ET.SubElement(
        case,
        "failure",
        {"message": f"{count} finding" if count == 1 else f"{count} findings", "type": worst.value},
    )
    failure.text = _details(findings)
    return case, True


def render_junit(findings: Sequence[Finding], *, tool_version: str) -> str:
    """The findings as a JUnit XML document (UTF-8, with an XML declaration)."""
    findings = ordered(findings)
    cases: list[ET.Element] = []
    failures = 0
    pairs = sorted(findings, key=lambda finding: (finding.location.path, finding.rule))
    for (path, rule), group in groupby(pairs, key=lambda f: (f.location.path, f.rule)):
        case, failed = _case(path, rule, list(group))
        cases.append(case)
        failures += failed
    if not cases:
        cases.append(ET.Element("testcase", {"classname": SUITE_NAME, "name": PASSING_CASE}))
        cases[0].set("time", "0")
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "time": "0"}
    root = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME, **counts, "skipped": "0"})
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", {"name": "tool.version", "value": one_line(tool_version)})
    suite.extend(cases)
    ET.SubElement(suite, "system-out").text = one_line(summary_line(summarize(findings))) + "\n"
    ET.indent(root, space="  ")
    return _XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
