"""Soft line breaks between Chinese or Japanese characters vanish instead of becoming spaces.

A browser shows a soft line break (a newline inside a paragraph) as a space. Chinese and
Japanese put no spaces between words, so a paragraph wrapped in the source file would show
"。 会員" where the writer meant "。会員". markdown-it's ``cjk-breaks`` plugin removes such a
break when the characters on both sides are East Asian full-width, wide or half-width
(Unicode's East_Asian_Width F, W or H) and neither is Hangul (Korean separates words with
spaces), or when either side is a zero-width space. This module applies the same rule to the
raw text of a unit (:func:`soft_break`) and to markdown-it's inline tokens
(:func:`remove_cjk_breaks`), so that msgids, msgstrs and HTML fragments agree.

mdit-py-plugins has no port of the plugin (checked: 0.4 and 0.5), hence this small module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["joins_without_space", "remove_cjk_breaks", "soft_break", "squeeze_cjk_spaces"]

_ZWSP = "\u200b"
_HANGUL = re.compile(
    "[\u1100-\u11ff\u302e\u302f\u3131-\u318e\u3200-\u321e\u3260-\u327e\ua960-\ua97c"
    "\uac00-\ud7a3\ud7b0-\ud7c6\ud7cb-\ud7fb\uffa0-\uffbe\uffc2-\uffc7\uffca-\uffcf"
    "\uffd2-\uffd7\uffda-\uffdc]"
)
_MARKERS = "*_~"
"""Emphasis and strikethrough markers: the plugin looks past them (they are not text)."""
_WIDE_SPACE = re.compile(r"(?<=\S) (?=\S)")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("F", "W", "H") and not _HANGUL.match(char)


def joins_without_space(before: str, after: str) -> bool:
    """True when a soft line break between the characters ``before`` and ``after`` is
    removed (both East Asian wide and not Hangul, or either a zero-width space)."""
    if not before or not after:
        return False
    if _ZWSP in (before, after):
        return True
    return _wide(before) and _wide(after)


def soft_break(left: str, right: str) -> str:
    """What a soft line break between the raw lines ``left`` and ``right`` becomes in a
    unit's text: ``""`` between CJK characters (emphasis markers looked past), else ``" "``."""
    before = left.rstrip(_MARKERS)[-1:]
    after = right.lstrip(_MARKERS)[:1]
    return "" if joins_without_space(before, after) else " "


def squeeze_cjk_spaces(text: str) -> str:
    """``text`` with each single space between two CJK characters removed: for values
    whose line breaks a parser already turned into spaces (a YAML title over two lines)."""

    def keep(match: re.Match[str]) -> str:
        start = match.start()
        return "" if joins_without_space(text[start - 1], text[start + 1]) else " "

    return _WIDE_SPACE.sub(keep, text) if " " in text else text


def remove_cjk_breaks(children: Sequence[Token]) -> None:
    """markdown-it's ``cjk-breaks`` on one inline token's children, in place: a
    ``softbreak`` between two CJK characters (of the nearest text tokens) becomes empty
    text."""
    for index, token in enumerate(children):
        if token.type != "softbreak":
            continue
        before = next((t.content[-1:] for t in reversed(children[:index]) if t.type == "text"), " ")
        after = next((t.content[:1] for t in children[index + 1 :] if t.type == "text"), " ")
        if joins_without_space(before, after):
            token.type = "text"
            token.content = ""
