from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import ConfigError
from pipeline.model import Finding, Location, Severity
from pipeline.report.common import ordered
from pipeline.report.json_report import (
    Encodings,
    dumps,
    finding_to_dict,
    parse_json,
    render_json,
)


def test_golden_sample(sample: list[Finding], golden: Callable[[str, str], None]) -> None:
    golden("sample.json", render_json(sample, tool_version="1.2.3"))


def test_golden_empty(golden: Callable[[str, str], None]) -> None:
    golden("empty.json", render_json([], tool_version="1.2.3"))


def test_document_layout(sample: list[Finding]) -> None:
    out = render_json(sample, tool_version="1.2.3")
    assert out.endswith("}\n")
    document = json.loads(out)
    assert document["version"] == 1
    assert document["tool"] == {"name": "pipeline", "version": "1.2.3"}
    assert document["summary"] == {
        "total": 5,
        "by_severity": {"error": 2, "warning": 2, "info": 1},
        "by_rule": {
            "language-mismatch": 1,
            "markup-mismatch": 1,
            "typography": 1,
            "untranslated": 1,
            "unused-suppression": 1,
        },
    }
    assert out == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_empty_report() -> None:
    document = json.loads(render_json([], tool_version="0"))
    assert document["findings"] == []
    assert document["summary"] == {
        "total": 0,
        "by_severity": {"error": 0, "warning": 0, "info": 0},
        "by_rule": {},
    }


def test_findings_are_in_report_order(sample: list[Finding]) -> None:
    document = json.loads(render_json(sample, tool_version="0"))
    places = [(item["path"], item["line"], item.get("column", 0)) for item in document["findings"]]
    assert places == sorted(places)
    shuffled = sample[:]
    random.Random(1).shuffle(shuffled)
    assert render_json(shuffled, tool_version="0") == render_json(sample, tool_version="0")


def test_optional_keys_only_where_set() -> None:
    bare = Finding("fuzzy", Severity.WARNING, Location("a.md", 3), "m")
    assert finding_to_dict(bare) == {
        "rule": "fuzzy",
        "severity": "warning",
        "path": "a.md",
        "line": 3,
        "message": "m",
    }


def test_confidence_is_rounded_and_column_kept() -> None:
    finding = Finding("x", Severity.ERROR, Location("a.md", 3, 7), "m", confidence=0.123456)
    data = finding_to_dict(finding)
    assert data["confidence"] == 0.123
    assert data["column"] == 7


def test_extra_keys_are_top_level_without_clobbering_fields() -> None:
    finding = Finding(
        "x",
        Severity.ERROR,
        Location("a.md", 3),
        "m",
        extra={"msgid": "Hello", "line": "99", "extra.odd": "y"},
    )
    data = finding_to_dict(finding)
    assert data["line"] == 3
    assert data["extra.line"] == "99"
    assert data["msgid"] == "Hello"
    assert data["extra.extra.odd"] == "y"


def test_round_trip(sample: list[Finding]) -> None:
    back = parse_json(render_json(sample, tool_version="0"))
    expected = ordered(sample)
    for original, parsed in zip(expected, back, strict=True):
        if original.confidence is not None:
            assert parsed.confidence == round(original.confidence, 3)
            original = replace(original, confidence=parsed.confidence)
        assert parsed == original
        assert parsed.extra == original.extra


def test_round_trip_of_extra_with_reserved_names() -> None:
    finding = Finding("x", Severity.INFO, Location("a.md", 1), "m", extra={"line": "2", "k": "v"})
    (back,) = parse_json(render_json([finding], tool_version="0"))
    assert back.extra == {"line": "2", "k": "v"}


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"version": 2, "findings": []}',
        '{"version": 1}',
        '{"version": 1, "findings": [3]}',
        '{"version": 1, "findings": [{"rule": "x"}]}',
        '{"version": 1, "findings": [{"rule": "x", "severity": "fatal", "path": "a", '
        '"line": 1, "message": "m"}]}',
        '{"version": 1, "findings": [{"rule": "x", "severity": "info", "path": "a", '
        '"line": true, "message": "m"}]}',
    ],
)
def test_parse_rejects_what_is_not_a_report(text: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_json(text, "report.json")
    assert info.value.path == "report.json"


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_the_report_writer_writes_what_json_writes(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("value", [{1: "a"}, {"a": {2.5: None}}, [("x", 1)], {"b": {}, "a": []}])
def test_the_report_writer_handles_other_values_as_json_does(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=6)
_FINDINGS = st.lists(
    st.builds(
        Finding,
        rule=st.sampled_from(["typography", "markup-mismatch", "x"]),
        severity=st.sampled_from(list(Severity)),
        location=st.builds(Location, _TEXT, st.integers(0, 99), st.none() | st.integers(1, 9)),
        message=_TEXT,
        expected=st.none() | _TEXT,
        detected=st.none() | _TEXT,
        confidence=st.none() | st.floats(0, 1),
        source=st.none() | _TEXT,
        translation=st.none() | _TEXT,
        extra=st.dictionaries(
            st.sampled_from(["msgid", "rule", "extra.x", "zz", "a"]), _TEXT, max_size=2
        )
        | st.just({"n": 1.5}),
        related=st.lists(
            st.builds(Location, _TEXT, st.integers(1, 9), st.none() | st.integers(1, 9)),
            max_size=2,
        ).map(tuple),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(_FINDINGS)
def test_the_report_is_the_json_of_the_findings_dicts(findings: list[Finding]) -> None:
    """render_json writes each finding key by key: the same text as the document of
    finding_to_dict's objects written by dumps (and json.dumps)."""
    ordered_findings = ordered(findings)
    document = json.loads(render_json(findings, tool_version="9"))
    expected = {
        **document,
        "findings": [finding_to_dict(f) for f in ordered_findings],
    }
    text = render_json(findings, tool_version="9")
    assert text == dumps(expected) + "\n"
    assert text == json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@settings(max_examples=300, deadline=None)
@given(_FINDINGS, _FINDINGS, st.data())
def test_kept_encodings_write_the_same_reports(
    first: list[Finding], fresh: list[Finding], data: st.DataObject
) -> None:
    """A resident process's reports, with each finding's text kept from the last report,
    are the reports written afresh: findings kept, dropped, added, repeated."""
    encodings = Encodings()
    assert render_json(first, tool_version="9", encodings=encodings) == render_json(
        first, tool_version="9"
    )
    kept = data.draw(st.lists(st.sampled_from(first), max_size=len(first))) if first else []
    second = [*kept, *fresh, *kept[:1]]
    assert render_json(second, tool_version="9", encodings=encodings) == render_json(
        second, tool_version="9"
    )


def test_kept_encodings_leave_a_value_only_json_writes_to_json() -> None:
    odd = Finding("x", Severity.INFO, Location("a", 1), "m", extra={"n": {1, 2}})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        render_json([odd], tool_version="9", encodings=Encodings())
