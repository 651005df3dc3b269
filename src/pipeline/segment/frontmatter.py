"""YAML front matter: split it off a page and read the translatable keys with their lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from pipeline.errors import SourceError

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (several times faster)."""

TRANSLATABLE_KEYS = ("title", "description")
"""Front-matter keys whose values are translation units, in this order."""

MAX_DEPTH = 100
"""Deepest nesting of mappings and sequences accepted in front matter."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A page's front matter."""

    data: dict[str, Any]
    """The parsed mapping (empty when the page has none)."""
    lines: dict[str, int]
    """1-based line of each top-level key's value."""
    spans: dict[str, tuple[int, int]]
    """Character offsets (start, end) of each scalar value's source text in the page."""
    end_line: int
    """Number of lines the front matter block takes (0 when there is none)."""


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Parse the YAML block between ``---`` lines at the top of ``text``."""
    if not (text.startswith("---\n") or text == "---"):
        return FrontMatter({}, {}, {}, 0)
    lines = text.split("\n")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        raise SourceError(
            "front matter is not closed (no '---' line after the opening one)", path, 1
        )
    yaml_text = "\n".join(lines[1:closing])
    offset = len(lines[0]) + 1
    try:
        node = _compose(yaml_text, path, _LOADER)
    except yaml.YAMLError:
        # libyaml and PyYAML word and place some errors differently: report PyYAML's.
        node = _compose(yaml_text, path, yaml.SafeLoader)
    if node is None:
        return FrontMatter({}, {}, {}, closing + 1)
    _reject_aliases(node, path)
    if not isinstance(node, yaml.MappingNode):
        raise SourceError("front matter must be a mapping of keys to values", path, 2)
    try:
        data = yaml.SafeLoader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2
        raise SourceError(f"invalid YAML front matter: {_one_line(exc)}", path, line) from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML front matter: {_one_line(exc)}", path, 2) from exc
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path, 2)
    key_lines: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        key_lines[key] = value_node.start_mark.line + 2
        if isinstance(value_node, yaml.ScalarNode):
            spans[key] = (
                offset + value_node.start_mark.index,
                offset + value_node.end_mark.index,
            )
    return FrontMatter({str(k): v for k, v in data.items()}, key_lines, spans, closing + 1)


def _one_line(exc: yaml.YAMLError) -> str:
    """The YAML error's problem on one line (PyYAML's text quotes the source over lines)."""
    problem = getattr(exc, "problem", None) or str(exc)
    return " ".join(str(problem).split())


def _reject_aliases(root: yaml.Node, path: str) -> None:
    """Refuse anchors and aliases: front matter has no use for them and they can explode."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise SourceError(
                "YAML aliases are not allowed in front matter", path, node.start_mark.line + 2
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _compose(yaml_text: str, path: str, loader: type[yaml.SafeLoader]) -> yaml.Node | None:
    """The YAML node tree, refusing aliases and deep nesting.

    With libyaml's loader a syntax error propagates as it is, so that the caller can ask
    PyYAML, whose messages and lines are the ones reported; with PyYAML's it becomes a
    SourceError naming the line.
    """
    try:
        depth = 0
        for event in yaml.parse(yaml_text, Loader=loader):
            line = event.start_mark.line + 2 if event.start_mark is not None else 1
            if isinstance(event, yaml.AliasEvent):
                raise SourceError("YAML aliases are not allowed in front matter", path, line)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    # PyYAML's scanner is quadratic in the nesting depth (10,000 '['
                    # take 17 s) and its composer recursive: stop early.
                    raise SourceError(
                        f"front matter is nested too deeply (more than {MAX_DEPTH} levels)",
                        path,
                        line,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.compose(yaml_text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        if loader is not yaml.SafeLoader:
            raise
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        raise SourceError(f"invalid YAML front matter: {_one_line(exc)}", path, line) from exc
    except yaml.YAMLError as exc:
        if loader is not yaml.SafeLoader:
            raise
        raise SourceError(f"invalid YAML front matter: {_one_line(exc)}", path, 1) from exc
