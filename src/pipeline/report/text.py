"""The report for a person at a terminal: findings grouped by file, then a summary line."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from pipeline.model import Finding, Severity
from pipeline.report.common import also_found, clip, offending_text, one_line, ordered
from pipeline.report.summary import summarize, summary_line

INDENT = "    "
"""Prefix of the line that quotes the offending text."""

TEXT_LIMIT = 100
"""Characters of offending text shown at most."""

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_STYLE = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def _finding_lines(finding: Finding, color: bool) -> list[str]:
    location = one_line(str(finding.location))
    severity = _paint(finding.severity.value, _SEVERITY_STYLE[finding.severity], color)
    head = (
        f"{_paint(location, _BOLD, color)}: {severity} "
        f"{_paint(one_line(finding.rule), _DIM, color)}: "
        f"{one_line(finding.message + also_found(finding))}"
    )
    lines = [head]
    text = offending_text(finding)
    if text is not None and text.strip():
        lines.append(INDENT + _paint(clip(text, TEXT_LIMIT), _DIM, color))
    return lines


def render_text(
    findings: Sequence[Finding], *, tool_version: str, color: bool = False, summary: bool = True
) -> str:
    """Findings as ``path:line[:col]: severity rule: message`` lines, grouped by file.

    Each finding is followed by the text concerned on an indented line (cut to about 100
    characters), files are separated by a blank line, and a summary line ends the report
    (unless ``summary`` is false: ``-q`` prints the diagnostics only).
    ANSI colours are used only when ``color`` is true. ``tool_version`` is not shown; it is
    accepted so that every format has the same signature.
    """
    del tool_version
    findings = ordered(findings)
    blocks: list[str] = []
    for _path, group in groupby(findings, key=lambda finding: finding.location.path):
        lines: list[str] = []
        for finding in group:
            lines.extend(_finding_lines(finding, color))
        blocks.append("\n".join(lines))
    if summary:
        blocks.append(summary_line(summarize(findings)))
    return "\n\n".join(blocks) + "\n" if blocks else ""
