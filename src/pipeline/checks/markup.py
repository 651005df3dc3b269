"""Inline Markdown markup that a translation must keep: links, images, code, emphasis, tags.

The comparison is order-free: a translator may reorder a sentence, so the link targets, image
sources, code spans, footnote references and HTML tags of source and translation are compared
as multisets, and emphasis spans and line breaks by number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it.token import Token

from pipeline.checks.typography import code_spans
from pipeline.model import Issue
from pipeline.segment.parser import markdown_parser

_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_ATTR = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_EDGE_SPACE = " \t\n"
_TRANSLATABLE_ATTRS = frozenset({"lang", "title", "alt", "aria-label", "placeholder"})
"""Attributes whose values a translator may change (or drop, for ``lang``)."""


@dataclass(slots=True)
class _Markup:
    """The markup of one inline text: each kind as (key, raw text to locate it) pairs."""

    links: list[tuple[str, str]] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    code: list[tuple[str, str]] = field(default_factory=list)
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


_KINDS: tuple[tuple[str, str], ...] = (
    ("links", "link target {}"),
    ("images", "image source {}"),
    ("code", "inline code {}"),
    ("footnotes", "footnote reference {}"),
    ("tags", "HTML tag {}"),
)

_COUNTED: tuple[tuple[str, str, str], ...] = (
    ("em", "emphasised span", "emphasised spans"),
    ("strong", "strong span", "strong spans"),
    ("s", "struck-through span", "struck-through spans"),
    ("hardbreak", "hard line break", "hard line breaks"),
)


def markup_issues(source: str, translation: str) -> list[Issue]:
    # (A page's units and its catalogue's entries are compared in the same run: the
    # parsed markup of each text is memoized.)
    """Differences in inline markup between a source text and its translation."""
    src = _collect(source)
    dst = _collect(translation)
    issues: list[Issue] = []
    same = src == dst  # the same markup in the same order: nothing to compare item by item
    for kind, label in () if same else _KINDS:
        issues.extend(_compare_items(getattr(src, kind), getattr(dst, kind), label, translation))
    for key, singular, plural in () if same else _COUNTED:
        have, got = src.counts[key], dst.counts[key]
        if have != got:
            issues.append(
                Issue(
                    f"the source has {_count(have, singular, plural)}, "
                    f"the translation {_count(got, singular, plural)}",
                    expected=str(have),
                    detected=str(got),
                )
            )
    if src.counts["hardbreak"] == dst.counts["hardbreak"]:
        have = source.strip(_EDGE_SPACE).count("\n")
        got = translation.strip(_EDGE_SPACE).count("\n")
        if have != got:
            issues.append(
                Issue(
                    f"the source has {_count(have, 'line break', 'line breaks')}, "
                    f"the translation {_count(got, 'line break', 'line breaks')}",
                    expected=str(have),
                    detected=str(got),
                )
            )
    issues.extend(_edge_issues(source, translation))
    return issues


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _compare_items(
    source: Sequence[tuple[str, str]],
    translation: Sequence[tuple[str, str]],
    label: str,
    text: str,
) -> list[Issue]:
    if not source and not translation:
        return []
    if [key for key, _ in source] == [key for key, _ in translation]:
        return []  # the same items in the same order: nothing missing, nothing extra
    have = Counter(key for key, _ in source)
    got = Counter(key for key, _ in translation)
    raw: dict[str, str] = {}
    for key, where in translation:
        raw.setdefault(key, where)
    issues: list[Issue] = []
    for key in sorted(have - got):
        missing = (have - got)[key]
        what = label.format(_show(label, key))
        times = f" ({missing} of {have[key]})" if have[key] > 1 else ""
        issues.append(
            Issue(
                f"{what} of the source is missing in the translation{times}",
                expected=key,
            )
        )
    for key in sorted(got - have):
        what = label.format(_show(label, key))
        extra = "is not in the source" if have[key] == 0 else "occurs more often than in the source"
        at = text.find(raw[key])
        issues.append(Issue(f"{what} {extra}", column=at + 1 if at >= 0 else None, detected=key))
    return issues


def _show(label: str, key: str) -> str:
    if label.startswith("inline code"):
        fence = "``" if "`" in key else "`"
        return f"{fence}{key}{fence}"
    if label.startswith("HTML tag"):
        return key
    if label.startswith("footnote"):
        return f"[^{key}]"
    return repr(key)


def _edge_issues(source: str, translation: str) -> list[Issue]:
    issues: list[Issue] = []
    lead_src = source[: len(source) - len(source.lstrip(_EDGE_SPACE))]
    lead_dst = translation[: len(translation) - len(translation.lstrip(_EDGE_SPACE))]
    if source.strip(_EDGE_SPACE) and lead_src != lead_dst:
        issues.append(
            Issue(
                f"the source starts with {_describe(lead_src)}, the translation with "
                f"{_describe(lead_dst)}",
                column=1,
                expected=lead_src,
                detected=lead_dst,
            )
        )
    trail_src = source[len(source.rstrip(_EDGE_SPACE)) :]
    trail_dst = translation[len(translation.rstrip(_EDGE_SPACE)) :]
    if source.strip(_EDGE_SPACE) and trail_src != trail_dst:
        issues.append(
            Issue(
                f"the source ends with {_describe(trail_src)}, the translation with "
                f"{_describe(trail_dst)}",
                column=len(translation) - len(trail_dst) + 1,
                expected=trail_src,
                detected=trail_dst,
            )
        )
    return issues


def _describe(space: str) -> str:
    if not space:
        return "no whitespace"
    return f"whitespace {space!r}"


_MARKUP_CHARS = frozenset("[`*_~<\n")
"""Characters without which inline Markdown holds no markup this module compares."""


@lru_cache(maxsize=8192)
def _collect(text: str) -> _Markup:
    """The markup of ``text`` (memoized: do not change the result)."""
    markup = _Markup()
    if _MARKUP_CHARS.isdisjoint(text):
        return markup
    if "\\" not in text and _MARKUP_CHARS.isdisjoint(text.replace("`", "")):
        # Code spans are the only markup: CommonMark's backtick rule, without a parser.
        markup.code.extend((code, code) for code in _code_contents(text))
        return markup
    for block in markdown_parser().parseInline(text, {}):
        _walk(block.children or [], markup)
    return markup


def _code_contents(text: str) -> list[str]:
    """Contents of the code spans of a one-line text without backslashes, as CommonMark
    reads them: one space is stripped from both ends when both are spaces and the content
    is not all spaces."""
    contents: list[str] = []
    for start, end in code_spans(text):
        width = 1
        while text[start + width] == "`":
            width += 1
        content = text[start + width : end - width]
        if len(content) >= 2 and content[0] == " " and content[-1] == " " and content.strip(" "):
            content = content[1:-1]
        contents.append(content)
    return contents


def _walk(tokens: Iterable[Token], markup: _Markup) -> None:
    for token in tokens:
        kind = token.type
        if kind == "link_open":
            href = str(token.attrs.get("href", ""))
            markup.links.append((href, href))
        elif kind == "image":
            src = str(token.attrs.get("src", ""))
            markup.images.append((src, src))
            _walk(token.children or [], markup)
        elif kind == "code_inline":
            markup.code.append((token.content, token.content))
        elif kind in ("em_open", "strong_open", "s_open"):
            markup.counts[kind.removesuffix("_open")] += 1
        elif kind == "hardbreak":
            markup.counts["hardbreak"] += 1
        elif kind == "footnote_ref":
            label = str(token.meta.get("label", token.meta.get("id", "")))
            markup.footnotes.append((label, f"[^{label}]"))
        elif kind == "text":
            for match in _FOOTNOTE.finditer(token.content):
                markup.footnotes.append((match.group(1), match.group(0)))
        elif kind == "html_inline":
            key = _tag_key(token.content)
            if key is not None:
                markup.tags.append((key, token.content))
        elif kind == "span_open":
            attrs = {
                str(name): str(value)
                for name, value in token.attrs.items()
                if name not in _TRANSLATABLE_ATTRS
            }
            if attrs:
                shown = " ".join(f"{name}={value}" for name, value in sorted(attrs.items()))
                markup.tags.append((f"{{{shown}}}", "]{"))


def _tag_key(raw: str) -> str | None:
    """``<a href="x" title="y">`` -> ``<a href="x">``: name and non-translatable attributes."""
    match = _TAG.fullmatch(raw.strip())
    if match is None:
        return None
    closing, name, rest = match.groups()
    if closing:
        return f"</{name.lower()}>"
    attrs: list[str] = []
    for attr in _ATTR.finditer(rest):
        attr_name = attr.group(1).lower()
        if attr_name in _TRANSLATABLE_ATTRS:
            continue
        value = attr.group(2)
        if value is None:
            attrs.append(attr_name)
        else:
            attrs.append(f'{attr_name}="{value.strip(chr(34) + chr(39))}"')
    inner = " ".join([name.lower(), *sorted(attrs)])
    return f"<{inner}>"
