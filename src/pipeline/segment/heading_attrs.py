"""Heading attributes as Hugo (goldmark) reads them: ``## Heading {#id .class key=value}``
(pure). The attribute block is not text: it is cut from the heading's inline content and
set on the heading's element."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

_ATTR = r"""(?:[#.][\w:\-]+|[\w\-]+=(?:"[^"]*"|'[^']*'|[^\s}"']+))"""
HEADING_ATTRIBUTES = re.compile(rf"[ \t]*\{{[ \t]*({_ATTR}(?:[ \t]+{_ATTR})*)[ \t]*\}}[ \t]*$")
"""A trailing ``{#id .class key=value}`` block of a heading line."""
_ONE = re.compile(r"""([#.])([\w:\-]+)|([\w\-]+)=("[^"]*"|'[^']*'|[^\s}"']+)""")


def split_heading_attributes(content: str) -> tuple[str, dict[str, str]]:
    """A heading's text without its trailing attribute block, and the attributes."""
    match = HEADING_ATTRIBUTES.search(content)
    if match is None or not content[: match.start()].strip():
        return content, {}
    attrs: dict[str, str] = {}
    classes: list[str] = []
    for part in _ONE.finditer(match.group(1)):
        if part.group(1) == "#":
            attrs["id"] = part.group(2)
        elif part.group(1) == ".":
            classes.append(part.group(2))
        else:
            attrs[part.group(3)] = part.group(4).strip("\"'")
    if classes:
        attrs["class"] = " ".join(classes)
    return content[: match.start()].rstrip(), attrs


def _heading_attributes(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or index == 0 or tokens[index - 1].type != "heading_open":
            continue
        text, attrs = split_heading_attributes(token.content)
        if attrs:
            token.content = text
            for name, value in attrs.items():
                tokens[index - 1].attrSet(name, value)


def heading_attributes_plugin(md: MarkdownIt) -> None:
    """Cut ``{#id .class}`` off headings (before the inline pass) and keep it as the
    heading element's attributes."""
    md.core.ruler.after("block", "heading_attributes", _heading_attributes)
