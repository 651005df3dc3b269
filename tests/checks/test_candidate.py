"""Candidate findings and the in-file suppressions of catalogue entries."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalog.model import Message
from pipeline.checks.candidate import Suppression, message_suppression
from pipeline.model import Location

_IGNORE = re.compile(r"^\s*pipeline-ignore\s*:?\s*(.*)$")


def _suppression_before(path: str, message: Message) -> Suppression | None:
    """message_suppression as first written (every comment matched)."""
    rules: set[str] = set()
    for comment in (*message.extracted_comments, *message.translator_comments):
        match = _IGNORE.match(comment)
        if match:
            named = {r for r in re.split(r"[\s,]+", match.group(1).strip()) if r}
            rules |= named or {"*"}
    rules |= {f.removeprefix("ignore-") for f in message.flags if f.startswith("ignore-")}
    if not rules:
        return None
    return Suppression(Location(path, message.line or 1), frozenset(rules))


_COMMENT = st.lists(
    st.sampled_from(
        [" ", "pipeline-ignore", "Pipeline-ignore", ":", "typography", ",", "x", "\t", "a b"]
    ),
    max_size=5,
).map("".join)
_FLAG = st.sampled_from(["fuzzy", "ignore-typography", "ignore-", "python-format", "ignore-x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_COMMENT, max_size=3), st.lists(_COMMENT, max_size=3), st.lists(_FLAG, max_size=3))
def test_suppressions_are_read_as_every_comment_matched(
    extracted: list[str], translator: list[str], flags: list[str]
) -> None:
    message = Message(
        "a",
        "b",
        extracted_comments=tuple(extracted),
        translator_comments=tuple(translator),
        flags=tuple(flags),
        line=3,
    )
    assert message_suppression("x.po", message) == _suppression_before("x.po", message)


def test_a_comment_names_the_rules_it_silences() -> None:
    message = Message("a", "b", translator_comments=("pipeline-ignore: typography, glossary",))
    hush = message_suppression("x.po", message)
    assert hush is not None and hush.rules == {"typography", "glossary"}


def test_a_candidate_holds_every_value_in_its_place() -> None:
    from pipeline.checks.candidate import make
    from pipeline.model import Severity

    where = Location("x.po", 4, 2)
    hush = Suppression(where, frozenset({"*"}))
    candidate = make(
        "typography",
        where,
        "m",
        suppression=hush,
        severity=Severity.INFO,
        expected="e",
        detected="d",
        confidence=0.5,
        source="s",
        translation="t",
    )
    assert candidate.suppression is hush
    assert (
        candidate.finding.rule,
        candidate.finding.severity,
        candidate.finding.location,
        candidate.finding.message,
        candidate.finding.expected,
        candidate.finding.detected,
        candidate.finding.confidence,
        candidate.finding.source,
        candidate.finding.translation,
        candidate.finding.extra,
        candidate.finding.related,
    ) == ("typography", Severity.INFO, where, "m", "e", "d", 0.5, "s", "t", {}, ())
    assert make("typography", where, "m").finding.severity is Severity.WARNING
