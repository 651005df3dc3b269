from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from pipeline.model import Finding, Location, Severity
from pipeline.report.junit import render_junit

# Attributes the Surefire/Ant schema (junit-10.xsd, as used by pytest, Jenkins, GitLab)
# allows on each element we write.
ALLOWED = {
    "testsuites": {"name", "time", "tests", "failures", "errors"},
    "testsuite": {"name", "tests", "failures", "errors", "group", "time", "skipped"}
    | {"timestamp", "hostname", "id", "package", "file", "log", "url", "version"},
    "testcase": {"name", "time", "classname", "group"},
    "failure": {"type", "message"},
    "properties": set(),
    "property": {"name", "value"},
    "system-out": set(),
}
REQUIRED = {
    "testsuite": {"name", "tests", "failures", "errors"},
    "testcase": {"name"},
    "property": {"name", "value"},
}


def _parse(findings: list[Finding]) -> ET.Element:
    return ET.fromstring(render_junit(findings, tool_version="1.2.3"))


def _check_schema_shape(root: ET.Element) -> None:
    assert root.tag == "testsuites"
    for element in root.iter():
        assert element.tag in ALLOWED, element.tag
        assert set(element.attrib) <= ALLOWED[element.tag], element.tag
        assert REQUIRED.get(element.tag, set()) <= set(element.attrib), element.tag


def test_golden_sample(sample: list[Finding], golden: Callable[[str, str], None]) -> None:
    golden("sample.junit", render_junit(sample, tool_version="1.2.3"))


def test_golden_empty(golden: Callable[[str, str], None]) -> None:
    golden("empty.junit", render_junit([], tool_version="1.2.3"))


def test_counts_match_the_cases(sample: list[Finding]) -> None:
    root = _parse(sample)
    _check_schema_shape(root)
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "pipeline"
    cases = suite.findall("testcase")
    pairs = {(f.location.path, f.rule) for f in sample}
    assert len(cases) == len(pairs) == int(suite.get("tests", "-1"))
    failed = [case for case in cases if case.find("failure") is not None]
    assert len(failed) == int(suite.get("failures", "-1")) == 4
    assert suite.get("errors") == "0"
    for name in ("tests", "failures", "errors"):
        assert root.get(name) == suite.get(name)


def test_cases_name_file_and_rule(sample: list[Finding]) -> None:
    cases = _parse(sample).iter("testcase")
    names = [(case.get("classname"), case.get("name")) for case in cases]
    assert names == sorted({(f.location.path, f.rule) for f in sample})


def test_failure_message_is_the_count_and_text_lists_lines() -> None:
    findings = [
        Finding("glossary", Severity.WARNING, Location("a.md", 9), 'Use «dépôt», not "repo"'),
        Finding("glossary", Severity.ERROR, Location("a.md", 3), "first\nline"),
        Finding("glossary", Severity.INFO, Location("a.md", 5), "note, fine: ok"),
    ]
    (case,) = _parse(findings).iter("testcase")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "3 findings"
    assert failure.get("type") == "error"
    assert (failure.text or "").splitlines() == [
        "3: first line",
        "5: note, fine: ok",
        '9: Use «dépôt», not "repo"',
    ]


def test_info_only_pair_passes_with_system_out() -> None:
    findings = [Finding("typography", Severity.INFO, Location("b.md", 2), "thin space")]
    root = _parse(findings)
    _check_schema_shape(root)
    (case,) = root.iter("testcase")
    assert case.find("failure") is None
    out = case.find("system-out")
    assert out is not None and out.text == "2: thin space\n"
    assert root.get("failures") == "0"


def test_empty_has_one_passing_case() -> None:
    root = _parse([])
    _check_schema_shape(root)
    (case,) = root.iter("testcase")
    assert case.get("name") == "pipeline.check"
    assert list(case) == []
    assert root.get("tests") == "1" and root.get("failures") == "0"


def test_control_characters_still_make_well_formed_xml() -> None:
    findings = [Finding("x\x01", Severity.ERROR, Location("a\x02.md", 1), "bad \x00 \x1b <&>")]
    root = _parse(findings)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.text == "1: bad \\x00 \\x1b <&>\n"


def test_tool_version_is_a_property() -> None:
    prop = _parse([]).find("testsuite/properties/property")
    assert prop is not None
    assert prop.attrib == {"name": "tool.version", "value": "1.2.3"}
