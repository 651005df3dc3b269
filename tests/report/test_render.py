from __future__ import annotations

import random
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import ConfigError
from pipeline.model import Finding, Location, Severity
from pipeline.report import (
    FORMATS,
    parse_json,
    render,
    render_github,
    render_json,
    render_junit,
    render_sarif,
    render_text,
)
from pipeline.report.common import ordered

DIRECT = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
}


def test_formats() -> None:
    assert FORMATS == ("text", "json", "sarif", "junit", "github")


@pytest.mark.parametrize("fmt", FORMATS)
def test_dispatch(fmt: str, sample: list[Finding]) -> None:
    assert render(fmt, sample, tool_version="9") == DIRECT[fmt](sample, tool_version="9")


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_findings(fmt: str) -> None:
    out = render(fmt, [], tool_version="9")
    assert out.endswith("\n")
    assert out.strip()


@pytest.mark.parametrize("fmt", FORMATS)
def test_deterministic_and_order_independent(fmt: str, sample: list[Finding]) -> None:
    shuffled = sample[:]
    random.Random(7).shuffle(shuffled)
    first = render(fmt, sample, tool_version="9")
    assert render(fmt, shuffled, tool_version="9") == first
    assert render(fmt, tuple(sample), tool_version="9") == first


def test_colour_reaches_text_only(sample: list[Finding]) -> None:
    assert "\x1b[" in render("text", sample, tool_version="9", color=True)
    for fmt in FORMATS[1:]:
        out = render(fmt, sample, tool_version="9", color=True)
        assert out == render(fmt, sample, tool_version="9")


@pytest.mark.parametrize("fmt", ["xml", "", "TEXT", "sarif2"])
def test_unknown_format(fmt: str) -> None:
    with pytest.raises(ConfigError) as info:
        render(fmt, [], tool_version="9")
    assert "unknown report format" in info.value.message


_text = st.text(max_size=40)
_findings = st.lists(
    st.builds(
        Finding,
        rule=st.sampled_from(["fuzzy", "glossary", "language-mismatch"]) | _text,
        severity=st.sampled_from(list(Severity)),
        location=st.builds(
            Location,
            path=st.text(min_size=1, max_size=20),
            line=st.integers(1, 10_000),
            column=st.none() | st.integers(1, 200),
        ),
        message=_text,
        expected=st.none() | _text,
        detected=st.none() | _text,
        confidence=st.none() | st.floats(0, 1),
        source=st.none() | _text,
        translation=st.none() | _text,
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(_findings)
def test_every_format_renders_any_findings(findings: list[Finding]) -> None:
    for fmt in FORMATS:
        assert render(fmt, findings, tool_version="9").endswith("\n")
    ET.fromstring(render_junit(findings, tool_version="9"))
    back = parse_json(render_json(findings, tool_version="9"))
    assert [(f.rule, f.location, f.message) for f in back] == [
        (f.rule, f.location, f.message) for f in ordered(findings)
    ]
