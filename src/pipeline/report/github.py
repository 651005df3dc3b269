"""GitHub Actions workflow commands that annotate the files of a pull request or a run.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per
job); further workflow commands are accepted but not shown. So the first annotations of
each level, in report order, are workflow commands, the rest are plain log lines, and a
final notice says how many findings were not annotated (one notice place is kept for it
when that happens).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pipeline.model import Finding, Severity
from pipeline.report.common import also_found, one_line, ordered
from pipeline.report.summary import summarize, summary_line

ANNOTATIONS_PER_LEVEL = 10
"""Annotations of one level GitHub shows for a step."""

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
"""Workflow command of each severity."""


def escape_data(text: str) -> str:
    """``text`` escaped as a workflow command's message (``%``, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """``text`` escaped as a workflow command's property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """The workflow command ``::error file=...,line=...,col=...,title=RULE::MESSAGE``."""
    properties = [f"file={escape_property(finding.location.path)}"]
    properties.append(f"line={finding.location.line}")
    if finding.location.column is not None:
        properties.append(f"col={finding.location.column}")
    properties.append(f"title={escape_property(finding.rule)}")
    command = COMMANDS[finding.severity]
    message = finding.message + also_found(finding)
    return f"::{command} {','.join(properties)}::{escape_data(message)}"


def plain_line(finding: Finding) -> str:
    """A finding as a log line that is not a workflow command."""
    return (
        f"{one_line(str(finding.location))}: {finding.severity.value} "
        f"{one_line(finding.rule)}: {one_line(finding.message + also_found(finding))}"
    )


def _caps(findings: Sequence[Finding]) -> dict[Severity, int]:
    counts = Counter(finding.severity for finding in findings)
    overflow = any(n > ANNOTATIONS_PER_LEVEL for n in counts.values())
    caps = dict.fromkeys(COMMANDS, ANNOTATIONS_PER_LEVEL)
    if overflow and counts[Severity.INFO] >= ANNOTATIONS_PER_LEVEL:
        caps[Severity.INFO] -= 1  # keep a notice for the final "not annotated" line
    return caps


def render_github(findings: Sequence[Finding], *, tool_version: str) -> str:
    """The findings as GitHub Actions annotations, within the limits GitHub shows.

    ``tool_version`` is not shown; it is accepted so that every format has the same
    signature.
    """
    del tool_version
    findings = ordered(findings)
    caps = _caps(findings)
    emitted: Counter[Severity] = Counter()
    lines: list[str] = []
    rest: list[Finding] = []
    for finding in findings:
        if emitted[finding.severity] < caps[finding.severity]:
            emitted[finding.severity] += 1
            lines.append(annotation(finding))
        else:
            rest.append(finding)
    if rest:
        lines.append(
            f"Not annotated (GitHub shows at most {ANNOTATIONS_PER_LEVEL} annotations "
            "of each level per step):"
        )
        lines.extend(plain_line(finding) for finding in rest)
    lines.append(summary_line(summarize(findings)))
    if rest:
        lines.append(
            f"::notice title=pipeline::{len(rest)} of {len(findings)} findings were not "
            "annotated; the step log lists them all"
        )
    return "\n".join(lines) + "\n"
