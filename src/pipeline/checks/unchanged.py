"""Whether a text needs translating at all, or may stay as it is in every language."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.segment.parser import markdown_parser

_URL = re.compile(r"(?:\b[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.|\bmailto:)\S+")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PLACEHOLDER = re.compile(
    r"%(?:\d+\$)?(?:\([^)\s]+\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[sdifgexXorcu%]"
    r"|\{\{.*?\}\}|\{[\w.:!\[\]-]*\}|\$\{[^}\s]+\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_]+%"
    r"|:[a-z][\w-]*:`[^`]*`"
)
_PATH = re.compile(
    r"(?:[A-Za-z]:)?(?:\.{0,2}[/\\])?(?:[\w.@~-]+[/\\])+[\w.@~-]*|[\w-]+\.[A-Za-z0-9]{1,5}"
)
_NUMBER = re.compile(r"[+-]?v?(?:\d[\d,.\u00a0\u202f' ]*\d|\d)(?:\s?%|[A-Za-z]{0,3})?")
_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9&.-]*[A-Z0-9]s?|[A-Z]")
_NAME = re.compile(r"[A-Z][\w'’.+#-]*")
_CODE_LIKE = re.compile(r"-{1,2}[\w-]+|[\w.]*\w\(\)|\w+(?:(?:\.|::)\w+)+|\w*_\w*")
_SEPARATORS = re.compile(r"\s*(?:[,;/|·•&+]|\s[-–—]\s)\s*")
_EDGE = " \t\n\u00a0\u202f.,;:!?()[]{}\"'«»“”„‘’‹›–—*~#>|…"
_ALNUM = re.compile(r"[^\W_]")


def needs_translation(text: str, allow: Iterable[str] = (), *, prose: str | None = None) -> bool:
    """False when ``text`` reads the same in every language; True otherwise. ``prose`` is
    its running text outside placeables when its dialect is not Markdown (a msgid made only
    of reST roles and literals has none).

    Such texts are: numbers, acronyms or lists of acronyms, URLs, e-mail addresses, paths,
    placeholders, code (only code spans, or a single code-like token), punctuation only, a single
    capitalised word (a name such as ``Python``) and the names of ``allow`` (case-sensitive,
    compared with the whole text after markup and edge punctuation are stripped).
    """
    names = {" ".join(name.split()) for name in allow if name.strip()}
    prose = _prose(text) if prose is None else prose
    if not _ALNUM.search(prose):
        return False
    whole = " ".join(prose.split()).strip(_EDGE)
    if whole in names:
        return False
    rest = " ".join(_PLACEHOLDER.sub(" ", _EMAIL.sub(" ", _URL.sub(" ", prose))).split())
    if " " not in rest and _CODE_LIKE.fullmatch(rest.rstrip(".,;:!?")):
        return False
    stripped = rest.strip(_EDGE)
    if not stripped or stripped in names:
        return False
    if " " not in stripped and _invariant(stripped, names):
        return False
    return not all(_invariant(part, names) for part in _SEPARATORS.split(stripped) if part)


def _invariant(part: str, names: set[str]) -> bool:
    token = part.strip(_EDGE)
    if not token or token in names:
        return True
    if _NUMBER.fullmatch(token) or _ACRONYM.fullmatch(token):
        return True
    if " " in token:
        words = token.split()
        if all(_NUMBER.fullmatch(w) or _ACRONYM.fullmatch(w) for w in words):
            return True
        # a name and a version or a number: "Python 3.11", "Windows 10"
        others = [w for w in words if not _NUMBER.fullmatch(w)]
        return len(others) == 1 < len(words) and bool(_NAME.fullmatch(others[0]))
    return bool(_PATH.fullmatch(token) or _CODE_LIKE.fullmatch(token) or _NAME.fullmatch(token))


def _prose(text: str) -> str:
    """The text outside code spans, HTML tags and link targets (link text and alt kept)."""
    parts: list[str] = []
    for block in markdown_parser().parseInline(text, {}):
        for token in block.children or []:
            if token.type in ("text", "image"):
                parts.append(token.content)
            elif token.type in ("softbreak", "hardbreak", "code_inline", "html_inline"):
                parts.append(" ")
    return "".join(parts)
