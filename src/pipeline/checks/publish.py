"""The publish gate: whether a translation may be published in place of its source (same
markup, link targets the source has, nothing the sanitizer would remove). Pure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from markdown_it.token import Token

from pipeline.checks.markup import markup_issues
from pipeline.model import Issue
from pipeline.render.links import localize_target
from pipeline.render.sanitize import is_safe
from pipeline.segment.parser import markdown_parser, permissive_parser

__all__ = ["link_targets", "refusal_reasons"]

_TAG_LIKE = re.compile(r"<[/!?]?[A-Za-z][^\s/>]*")


def link_targets(text: str) -> list[str]:
    """Link targets and image sources of an inline Markdown text, whatever their scheme."""
    found: list[str] = []

    def walk(tokens: Iterable[Token]) -> None:
        for token in tokens:
            if token.type == "link_open":
                found.append(str(token.attrs.get("href", "")))
            elif token.type == "image":
                found.append(str(token.attrs.get("src", "")))
            if token.children:
                walk(token.children)

    walk(permissive_parser().parseInline(text, {}))
    return found


def refusal_reasons(source: str, translation: str, links: Mapping[str, str]) -> list[str]:
    """Why ``translation`` must not be published in place of ``source`` (empty: it may be).

    The inline markup must match (:func:`pipeline.checks.markup.markup_issues`; a link
    target may be the localised form of the source's under ``links``), every link target or
    image source must be one of the source's, the text must not hold tag-like text the source
    has not (``<img/src=x/onerror=...>`` is text to markdown-it, a tag to a browser), and the
    rendered translation must hold nothing the sanitizer would remove (unless the source's
    own rendering does too).
    """
    reasons: list[str] = []
    issues = markup_issues(source, translation)
    allowed = set(link_targets(source))
    localized = {localize_target(target, links) for target in allowed}
    explained = _localized_pairs(issues, links)
    for issue in issues:
        if id(issue) in explained:
            continue
        reasons.append(issue.message)
    for target in link_targets(translation):
        if target not in allowed and target not in localized:
            reason = f"link target {target!r} is not one of the source's"
            if reason not in reasons and not any(repr(target) in r for r in reasons):
                reasons.append(reason)
    extra = _tag_like(translation) - _tag_like(source)
    if extra:
        shown = ", ".join(repr(t) for t in sorted(extra))
        reasons.append(f"the translation has text a browser could read as an HTML tag: {shown}")
    md = markdown_parser()
    if not is_safe(md.renderInline(translation, {})) and is_safe(md.renderInline(source, {})):
        reasons.append(
            "the translation holds content the sanitizer removes "
            "(script, event handler, unsafe URL, comment or unbalanced tag)"
        )
    return reasons


def _tag_like(text: str) -> Counter[str]:
    """Tag-like text (``<img/src=...``, ``&lt;script&gt;``) outside code, HTML and links."""
    found: Counter[str] = Counter()

    def walk(tokens: Iterable[Token]) -> None:
        for token in tokens:
            if token.type == "text":
                found.update(m.group(0).lower() for m in _TAG_LIKE.finditer(token.content))
            if token.children:
                walk(token.children)

    walk(markdown_parser().parseInline(text, {}))
    return found


def _localized_pairs(issues: list[Issue], links: Mapping[str, str]) -> set[int]:
    """ids of link-target issues explained by a configured localisation (missing + extra)."""
    if not links:
        return set()
    about_links = [i for i in issues if i.message.startswith("link target")]
    missing = [i for i in about_links if i.expected]
    extra = [i for i in about_links if i.detected]
    explained: set[int] = set()
    for gone in missing:
        wanted = localize_target(str(gone.expected), links)
        for added in extra:
            if id(added) not in explained and added.detected == wanted:
                explained.update((id(gone), id(added)))
                break
    return explained
