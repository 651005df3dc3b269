"""Reporting: findings rendered as text, JSON, SARIF, JUnit XML or GitHub annotations.

Every format is a pure function of the findings (sorted first, so the input order does
not matter) and the tool's version; none writes a timestamp, so the same findings always
give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.errors import ConfigError
from pipeline.model import Finding
from pipeline.report.common import paused_collector
from pipeline.report.github import render_github
from pipeline.report.json_report import Encodings, parse_json, render_json
from pipeline.report.junit import render_junit
from pipeline.report.sarif import render_sarif
from pipeline.report.summary import Summary, summarize, summary_line
from pipeline.report.text import render_text
from pipeline.rules import RULES, RuleInfo

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "junit", "github")
"""Names of the report formats, as ``--format`` takes them."""


def render(
    fmt: str,
    findings: Sequence[Finding],
    *,
    tool_version: str,
    color: bool = False,
    summary: bool = True,
    encodings: Encodings | None = None,
) -> str:
    """``findings`` in report format ``fmt``; ``color`` and ``summary`` (the closing counts
    line, left out by ``-q``) only affect ``text``; ``encodings`` (``json``) keeps each
    finding's text for the next report of a resident process.

    Raises :class:`ConfigError` for a format not in :data:`FORMATS`.
    """
    with paused_collector():
        if fmt == "json":  # (the one format a resident process keeps texts for)
            return render_json(findings, tool_version=tool_version, encodings=encodings)
        return _render(fmt, findings, tool_version=tool_version, color=color, summary=summary)


def _render(
    fmt: str, findings: Sequence[Finding], *, tool_version: str, color: bool, summary: bool
) -> str:
    if fmt == "text":
        return render_text(findings, tool_version=tool_version, color=color, summary=summary)
    if fmt == "json":
        return render_json(findings, tool_version=tool_version)
    if fmt == "sarif":
        return render_sarif(findings, tool_version=tool_version)
    if fmt == "junit":
        return render_junit(findings, tool_version=tool_version)
    if fmt == "github":
        return render_github(findings, tool_version=tool_version)
    raise ConfigError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")


__all__ = [
    "FORMATS",
    "RULES",
    "RuleInfo",
    "Summary",
    "parse_json",
    "render",
    "render_github",
    "render_json",
    "render_junit",
    "render_sarif",
    "render_text",
    "summarize",
    "summary_line",
]
