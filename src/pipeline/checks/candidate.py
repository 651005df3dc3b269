"""A finding as a rule produces it, before severities and suppressions are applied."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.catalog.model import Message
from pipeline.model import Finding, Location, Severity
from pipeline.rules import RULES

_IGNORE_WORD = "pipeline-ignore"
_IGNORE_COMMENT = re.compile(rf"^\s*{_IGNORE_WORD}\s*:?\s*(.*)$")


@dataclass(frozen=True, slots=True)
class Suppression:
    """An in-file request to silence rules for one unit."""

    location: Location
    """Where the request is written."""
    rules: frozenset[str]
    """Rule ids it silences (``*``: every rule)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A rule's finding with the suppression that may apply to its unit."""

    finding: Finding
    """The finding, with the rule's default severity."""
    suppression: Suppression | None = None
    """The unit's suppression request, if any."""


def make(
    rule: str,
    location: Location,
    message: str,
    *,
    suppression: Suppression | None = None,
    severity: Severity | None = None,
    expected: str | None = None,
    detected: str | None = None,
    confidence: float | None = None,
    source: str | None = None,
    translation: str | None = None,
) -> Candidate:
    """A candidate finding of ``rule`` at its default severity (or the one given)."""
    return Candidate(
        Finding(  # (positional, in Finding's field order: cheaper for a frozen dataclass)
            rule,
            severity or RULES[rule].default_severity,
            location,
            message,
            expected,
            detected,
            confidence,
            source,
            translation,
        ),
        suppression,
    )


def message_suppression(path: str, message: Message) -> Suppression | None:
    """``#. pipeline-ignore: RULE``, ``# pipeline-ignore: RULE`` or ``#, ignore-RULE``."""
    if not (message.extracted_comments or message.translator_comments or message.flags):
        return None  # (most entries: nothing to read)
    rules: set[str] = set()
    for comments in (message.extracted_comments, message.translator_comments):
        for comment in comments:
            # (a comment without the word cannot match: most entries have none to match)
            match = _IGNORE_COMMENT.match(comment) if _IGNORE_WORD in comment else None
            if match:
                named = {r for r in re.split(r"[\s,]+", match.group(1).strip()) if r}
                rules |= named or {"*"}
    for flag in message.flags:
        if flag.startswith("ignore-"):
            rules.add(flag.removeprefix("ignore-"))
    if not rules:
        return None
    return Suppression(Location(path, message.line or 1), frozenset(rules))


SourceLanguageOf = Callable[[str], str | None]
"""Detected language of a source text (None when unsure): used to spare the translations
of source text that is already in the target language (the fault is in the source)."""
