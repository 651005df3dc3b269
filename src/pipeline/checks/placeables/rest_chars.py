"""docutils' rules for the characters around inline markup: what may precede a
start-string and follow an end-string, quoted start-strings, nested emphasis. Used by
:mod:`pipeline.checks.placeables.rest`."""

from __future__ import annotations

import unicodedata

OPEN_CLOSE = {
    '"': '"', "'": "'", "(": ")", "[": "]", "{": "}", "<": ">", "«": "»", "»": "«",
    "‘": "’", "“": "”", "„": "“”", "‚": "‘’", "‹": "›", "›": "‹", "’": "’", "”": "”",
}  # fmt: skip
"""Opening characters and the closing ones that make a start-string between them text."""


def opener_or_delimiter(char: str) -> bool:
    return char in "\"'(<[{-/:" or unicodedata.category(char) in ("Ps", "Pi", "Pf", "Pd", "Po")


def ends_ok(text: str, at: int) -> bool:
    """docutils' end-string suffix: the end of the text, whitespace, or punctuation."""
    if at >= len(text):
        return True
    char = text[at]
    if char.isspace() or char in "\x00\\.,;!?-/:\"')>]}":
        return True
    return unicodedata.category(char) in ("Pe", "Pi", "Pf", "Pd", "Po")


def starts_ok(text: str, at: int) -> bool:
    return at == 0 or text[at - 1].isspace() or opener_or_delimiter(text[at - 1])


def nested_start(content: str) -> bool:
    """Emphasis content holding what would start another emphasis (``*a *b* c*``)."""
    if "*" not in content:  # (what the loop looks for)
        return False
    for at, char in enumerate(content[:-1]):
        if char == "*" and starts_ok(content, at) and not content[at + 1].isspace():
            return at > 0
    return False


def quoted(text: str, start: int, end: int) -> bool:
    """A start-string enclosed in matching brackets or quotes (``"*"``), or at the end."""
    if start == 0:
        return False
    if end >= len(text):
        return True
    return text[end] in OPEN_CLOSE.get(text[start - 1], "")
