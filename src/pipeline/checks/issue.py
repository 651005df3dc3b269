"""The record every text-level check rule returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issue:
    """One fault a check rule found in a text; the engine turns it into a Finding."""

    message: str
    """One sentence for a person."""
    column: int | None = None
    """1-based character position in the checked text where the fault is, if known."""
    expected: str | None = None
    """What was expected (a rendering, a punctuation mark, a value), if it helps."""
    detected: str | None = None
    """What was found instead, if it helps."""
