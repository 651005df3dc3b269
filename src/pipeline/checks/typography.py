"""Locale punctuation: no-break spaces around French punctuation, locale quotation marks.

Only prose is checked: code spans, URLs, link targets, HTML tags, entities, shortcodes,
attribute blocks, footnote labels and emoticons are masked first (their characters keep their
places, so columns stay right).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError

from pipeline import languages
from pipeline.model import Issue

NBSP = "\u00a0"
NNBSP = "\u202f"
_NO_BREAK = (NBSP, NNBSP)
_MASK = "\x00"
_MARKUP = "*_~"
_CLOSERS = ")]}»\"'”’*_~<.,"
_OPENERS = "([{"

_NBSP_DEFAULTS: dict[str, tuple[str, str]] = {
    "fr": (";:!?»", "«"),
}
"""Per base language: characters that need a no-break space before them, and after them."""

QUOTATION_MARKS: dict[str, tuple[str, str]] = {
    "ca": ("«", "»"),
    "cs": ("„", "“"),
    "da": ("“", "”"),
    "de": ("„", "“"),
    "de_CH": ("«", "»"),
    "el": ("«", "»"),
    "en": ("“", "”"),
    "es": ("«", "»"),
    "fi": ("”", "”"),
    "fr": ("«", "»"),
    "hu": ("„", "”"),
    "it": ("«", "»"),
    "ja": ("「", "」"),
    "ko": ("“", "”"),
    "nb": ("«", "»"),
    "nl": ("‘", "’"),
    "nn": ("«", "»"),
    "no": ("«", "»"),
    "pl": ("„", "”"),
    "pt": ("“", "”"),
    "pt_PT": ("«", "»"),
    "ro": ("„", "”"),
    "ru": ("«", "»"),
    "sk": ("„", "“"),
    "sv": ("”", "”"),
    "tr": ("“", "”"),
    "uk": ("«", "»"),
    "zh": ("“", "”"),
}
"""CLDR's quotation marks (``delimiters/quotationStart`` and ``quotationEnd``) for the languages
whose data Babel does not expose; used when Babel's locale has no ``quotation_start``."""

_CODE_RUN = re.compile(r"`+")
_MASKED: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"<!--.*?-->", re.DOTALL), ("<",)),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL), ("<",)),
    (re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"), ("<",)),
    (re.compile(r"<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>"), ("<",)),
    (re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL), ("{{",)),
    (
        re.compile(
            r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
        ),
        ("](",),
    ),
    (re.compile(r"!(?=\[)"), ("![",)),
    (re.compile(r"\{[#.][^{}\n]*\}|\{[^{}\n]*=[^{}\n]*\}"), ("{",)),
    (re.compile(r"\[\^[^\]\s]+\]:?"), ("[^",)),
    (re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://\S*"), ("://",)),
    (re.compile(r"\b(?:mailto|tel|urn|data):\S+"), ("mailto:", "tel:", "urn:", "data:")),
    (re.compile(r"\bwww\.\S+"), ("www.",)),
    (re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), ("@",)),
    (re.compile(r"(?<!\S)[:;]-?[()DPpOo|/\\\[\]3*](?!\S)"), (":", ";")),
    (re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);"), ("&",)),
)
"""What :func:`masked` hides, in order, each with the strings one of which every match
holds (a text without any of them is not searched: the pattern cannot match there)."""
_COMMON = tuple(step for step in _MASKED if ":" in step[1])
"""The steps of :data:`_MASKED` whose needle is in most texts to check (the emoticons')."""
_NEEDLE = re.compile(
    "|".join(re.escape(n) for step in _MASKED if step not in _COMMON for n in step[1])
)
"""Any needle of the other steps."""
_NBSP_ENTITY = re.compile(r"&(?:nbsp|#160|#[xX]0*[aA]0|#8239|#[xX]202[fF]|NonBreakingSpace);")


@dataclass(frozen=True, slots=True)
class _Settings:
    """What to check for one language."""

    nbsp_before: str
    nbsp_after: str
    quotes: tuple[str, str] | None


def typography_issues(
    text: str, lang: str, options: Mapping[str, Any] | None = None
) -> list[Issue]:
    """Punctuation faults of ``text`` written in ``lang``, in text order.

    ``options`` may hold ``quotes`` (bool, for every language) and, per language code,
    a mapping with ``nbsp_before`` / ``nbsp_after`` (strings of characters) and ``quotes``.
    French needs a no-break space before ``;:!?»`` and after ``«`` unless configured otherwise;
    straight double quotes are flagged for every language with CLDR quotation marks except
    English, unless ``quotes`` says otherwise.
    """
    return _issues(text, lang, _settings(lang, options or {}))


def typography_checker(
    lang: str, options: Mapping[str, Any] | None = None
) -> Callable[[str], list[Issue]]:
    """:func:`typography_issues` for many texts of one language: its settings read once."""
    settings = _settings(lang, options or {})
    return lambda text: _issues(text, lang, settings)


def _issues(text: str, lang: str, settings: _Settings) -> list[Issue]:
    triggers = settings.nbsp_before + settings.nbsp_after + ('"' if settings.quotes else "")
    if not triggers:
        return []
    # Masking only hides characters: a text without any character to check has no fault.
    if not any(map(text.__contains__, triggers)):
        return []
    view = masked(text)
    issues: list[Issue] = []
    for found in _trigger_pattern(settings.nbsp_before + settings.nbsp_after).finditer(view):
        index, char = found.start(), found.group()
        if char in settings.nbsp_before:
            issue = _check_before(view, index)
            if issue is not None:
                issues.append(issue)
        if char in settings.nbsp_after:
            issue = _check_after(view, index)
            if issue is not None:
                issues.append(issue)
    if settings.quotes is not None:
        issues.extend(_quote_issues(view, lang, settings.quotes))
    issues.sort(key=lambda issue: issue.column or 0)
    return issues


@lru_cache(maxsize=64)
def _trigger_pattern(chars: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(chars)}]" if chars else r"(?!)")


def masked(text: str) -> str:
    """``text`` with non-prose characters replaced by NUL (no-break space entities by NBSP)."""
    current = _filled(text, code_spans(text), _MASK) if "`" in text else text
    if "&" in text:
        current = _filled(current, [m.span() for m in _NBSP_ENTITY.finditer(text)], NBSP)
    # Masking only hides characters: a needle missing from the text is missing after
    # every step, so a text without any but the emoticons' is searched for those only.
    steps = _MASKED if _NEEDLE.search(current) else _COMMON
    for pattern, needles in steps:
        if any(map(current.__contains__, needles)):
            current = _filled(current, [m.span() for m in pattern.finditer(current)], _MASK)
    return current


def _filled(text: str, spans: list[tuple[int, int]], fill: str) -> str:
    """``text`` with each of ``spans`` (in order, not overlapping) filled with ``fill``."""
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += (text[last:start], fill * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span, backticks included (CommonMark's rule: a run
    of backticks opens a span closed by the next run of the same length, else it is text)."""
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        opening = _CODE_RUN.search(text, position)
        if opening is None:
            return spans
        width = len(opening.group(0))
        closing = _matching_run(text, opening.end(), width)
        if closing is None:
            position = opening.end()
            continue
        spans.append((opening.start(), closing.end()))
        position = closing.end()


def _matching_run(text: str, position: int, width: int) -> re.Match[str] | None:
    """The next backtick run of exactly ``width`` backticks from ``position``, or None."""
    for run in _CODE_RUN.finditer(text, position):
        if len(run.group(0)) == width:
            return run
    return None


def _check_before(view: str, index: int) -> Issue | None:
    char = view[index]
    if char != "»":
        following = view[index + 1] if index + 1 < len(view) else " "
        if not (following.isspace() or following in _CLOSERS or following in "!?"):
            return None
    before = index - 1
    while before >= 0 and view[before] in _MARKUP:
        before -= 1
    if before < 0:
        return None
    previous = view[before]
    if previous in _NO_BREAK or previous in _OPENERS:
        return None
    if char in "!?" and previous in "!?":
        return None
    if char in ";:" and previous in ";:":
        return None
    found = _space_name(previous)
    return Issue(
        f"a no-break space is needed before {char!r} (found {found})",
        column=index + 1,
        expected="no-break space",
        detected=found,
    )


def _check_after(view: str, index: int) -> Issue | None:
    char = view[index]
    after = index + 1
    while after < len(view) and view[after] in _MARKUP:
        after += 1
    if after >= len(view):
        return None
    following = view[after]
    if following in _NO_BREAK:
        return None
    found = _space_name(following)
    return Issue(
        f"a no-break space is needed after {char!r} (found {found})",
        column=index + 1,
        expected="no-break space",
        detected=found,
    )


def _space_name(char: str) -> str:
    if char == " ":
        return "a plain space"
    if char == "\n":
        return "a line break"
    if char.isspace():
        return f"a breaking space U+{ord(char):04X}"
    return "no space"


def _quote_issues(view: str, lang: str, marks: tuple[str, str]) -> list[Issue]:
    positions = []
    at = view.find('"')
    while at >= 0:  # a quote after a digit is an inch mark
        if not (at > 0 and view[at - 1].isdigit()):
            positions.append(at)
        at = view.find('"', at + 1)
    issues: list[Issue] = []
    start, end = marks
    for number in range(0, len(positions), 2):
        position = positions[number]
        issues.append(
            Issue(
                f'straight quotation marks "…" are used; CLDR quotation marks for {lang} '
                f"are {start}…{end}",
                column=position + 1,
                expected=f"{start}…{end}",
                detected='"…"',
            )
        )
    return issues


def _settings(lang: str, options: Mapping[str, Any]) -> _Settings:
    """The rule's settings for ``lang`` from its options (``[check.typography]``, checked
    when the configuration is read): the global ``quotes``, then the language's own table,
    then its regional variant's."""
    code = languages.normalize(lang)
    base = languages.base(lang)
    before, after = _NBSP_DEFAULTS.get(base, ("", ""))
    check_quotes = bool(options.get("quotes", base != "en"))
    for key in dict.fromkeys((base, languages.key(lang))):
        specific = options.get(key)
        if not isinstance(specific, Mapping):
            continue
        before = str(specific.get("nbsp_before", before))
        after = str(specific.get("nbsp_after", after))
        check_quotes = bool(specific.get("quotes", check_quotes))
    return _Settings(before, after, quotation_marks(code) if check_quotes else None)


@lru_cache(maxsize=256)
def quotation_marks(lang: str) -> tuple[str, str] | None:
    """CLDR's opening and closing quotation marks for a language, or None when unknown."""
    code = lang.replace("-", "_")
    try:
        locale = Locale.parse(code)
        start = getattr(locale, "quotation_start", None)
        end = getattr(locale, "quotation_end", None)
        if isinstance(start, str) and isinstance(end, str):
            return (start, end)
        code = str(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        pass
    parts = code.split("_")
    for length in range(len(parts), 0, -1):
        marks = QUOTATION_MARKS.get("_".join(parts[:length]))
        if marks is not None:
            return marks
    return None
