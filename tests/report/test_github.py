from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.model import Finding, Location, Severity
from pipeline.report.github import (
    ANNOTATIONS_PER_LEVEL,
    annotation,
    escape_data,
    escape_property,
    render_github,
)

# Workflow command syntax as GitHub documents it: ::LEVEL file=F,line=L[,col=C],title=T::MSG,
# properties free of raw ',' ':' CR LF and the message free of raw CR LF.
COMMAND = re.compile(
    r"^::(?P<level>error|warning|notice) "
    r"file=(?P<file>[^,:\r\n]+),line=(?P<line>[1-9]\d*)(?:,col=(?P<col>[1-9]\d*))?,"
    r"title=(?P<title>[^,:\r\n]+)::(?P<message>[^\r\n]*)$"
)


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def _many(count: int, severity: Severity) -> list[Finding]:
    return [
        Finding("language-mismatch", severity, Location("content/fr/a.md", line), f"n{line}")
        for line in range(1, count + 1)
    ]


def test_golden_sample(sample: list[Finding], golden: Callable[[str, str], None]) -> None:
    golden("sample.github", render_github(sample, tool_version="1.2.3"))


def test_golden_empty(golden: Callable[[str, str], None]) -> None:
    golden("empty.github", render_github([], tool_version="1.2.3"))


def test_every_annotation_matches_the_documented_syntax(sample: list[Finding]) -> None:
    lines = render_github(sample, tool_version="0").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(sample)
    levels = {"error": Severity.ERROR, "warning": Severity.WARNING, "notice": Severity.INFO}
    by_place = {(f.location.path, f.location.line, f.rule): f for f in sample}
    for line in commands:
        match = COMMAND.match(line)
        assert match, line
        finding = by_place[(_unescape_property(match["file"]), int(match["line"]), match["title"])]
        assert levels[match["level"]] is finding.severity
        assert _unescape_data(match["message"]) == finding.message
        expected_col = finding.location.column
        assert (int(match["col"]) if match["col"] else None) == expected_col


def test_message_with_newline_percent_colon_comma() -> None:
    finding = Finding(
        "a:b,c", Severity.ERROR, Location("dir,x/f:1.md", 2, 3), "50% done:\r\nnext, «é»"
    )
    line = annotation(finding)
    assert line == (
        "::error file=dir%2Cx/f%3A1.md,line=2,col=3,title=a%3Ab%2Cc::50%25 done:%0D%0Anext, «é»"
    )
    assert COMMAND.match(line)


def test_escaping_round_trips() -> None:
    text = "100% : , \r\n %0A literal"
    assert _unescape_data(escape_data(text)) == text
    assert _unescape_property(escape_property(text)) == text
    assert not set(escape_property(text)) & {":", ",", "\r", "\n"}
    assert not set(escape_data(text)) & {"\r", "\n"}


def test_25_errors_give_10_annotations_and_a_summary() -> None:
    lines = render_github(_many(25, Severity.ERROR), tool_version="0").splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == ANNOTATIONS_PER_LEVEL == 10
    assert [COMMAND.match(line)["message"] for line in errors] == [  # type: ignore[index]
        f"n{n}" for n in range(1, 11)
    ]
    plain = [line for line in lines if line.startswith("content/fr/a.md:")]
    assert plain == [f"content/fr/a.md:{n}: error language-mismatch: n{n}" for n in range(11, 26)]
    assert lines[-1].startswith("::notice ")
    assert "15 of 25 findings were not annotated" in lines[-1]
    assert "25 errors, 0 warnings, 0 info (language-mismatch: 25)" in lines


def test_cap_is_per_level_and_the_final_notice_stays_visible() -> None:
    findings = _many(12, Severity.ERROR) + _many(3, Severity.WARNING) + _many(11, Severity.INFO)
    lines = render_github(findings, tool_version="0").splitlines()
    count = {
        level: sum(line.startswith(f"::{level} ") for line in lines)
        for level in ("error", "warning", "notice")
    }
    assert count == {"error": 10, "warning": 3, "notice": 10}
    assert lines[-1].startswith("::notice ")
    assert "4 of 26 findings were not annotated" in lines[-1]


def test_no_overflow_no_final_notice() -> None:
    findings = _many(10, Severity.ERROR) + _many(10, Severity.INFO)
    lines = render_github(findings, tool_version="0").splitlines()
    assert sum(line.startswith("::") for line in lines) == 20
    assert not any("not annotated" in line for line in lines)


def test_empty() -> None:
    out = render_github([], tool_version="0")
    assert out == "no findings\n"
    assert "::" not in out
