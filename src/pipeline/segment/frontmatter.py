"""Front matter as Hugo reads it: YAML between ``---`` lines, TOML between ``+++`` lines or
a JSON object, after any blank lines; the translatable keys with their lines and spans."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.errors import SourceError

if TYPE_CHECKING:  # PyYAML is imported where front matter is read (not by every command)
    import yaml


def _fast_loader() -> type[yaml.SafeLoader]:
    """libyaml's safe loader where PyYAML was built with it (several times faster)."""
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


TRANSLATABLE_KEYS = ("title", "description")
"""Front-matter keys whose values are translation units, in this order."""

MAX_DEPTH = 100
"""Deepest nesting of mappings and sequences accepted in front matter."""

_LEADING_BLANK = re.compile(r"(?:[ \t]*\n)*")
_TOML_KEY = re.compile(r"""^[ \t]*([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*=[ \t]*""")
_TOML_TABLE = re.compile(r"^[ \t]*\[")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A page's front matter."""

    data: dict[str, Any]
    """The parsed mapping (empty when the page has none)."""
    lines: dict[str, int]
    """1-based line of each top-level key's value."""
    spans: dict[str, tuple[int, int]]
    """Character offsets (start, end) of each scalar value's source text in the page
    (quotes included)."""
    end_line: int
    """Number of lines the front matter block takes, blank lines before it included (0 when
    there is none)."""
    format: str = ""
    """``yaml``, ``toml``, ``json``, or ``""`` when the page has none."""


_NONE = FrontMatter({}, {}, {}, 0)


def front_matter_format(text: str) -> str:
    """``yaml``, ``toml`` or ``json`` for a page whose front matter opens so (after blank
    lines), else ``""``."""
    start = _LEADING_BLANK.match(text)
    rest = text[start.end() if start else 0 :]
    first = rest.split("\n", 1)[0].rstrip(" \t")
    return {"---": "yaml", "+++": "toml", "{": "json"}.get(first, "")


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Read the front matter at the top of ``text``: YAML between ``---`` lines, TOML between
    ``+++`` lines, or a JSON object whose ``{`` is alone on its line, blank lines before it
    allowed (Hugo reads all of these)."""
    kind = front_matter_format(text)
    if not kind:
        return _NONE
    blank = _LEADING_BLANK.match(text)
    start = blank.end() if blank else 0
    opening = text.count("\n", 0, start)  # 0-based line of the opening delimiter
    if kind == "json":
        return _json_front_matter(text, start, opening, path)
    lines = text.split("\n")
    delimiter = "---" if kind == "yaml" else "+++"
    closers = ("---", "...") if kind == "yaml" else ("+++",)
    closing = next(
        (i for i in range(opening + 1, len(lines)) if lines[i].rstrip() in closers), None
    )
    if closing is None:
        raise SourceError(
            f"front matter is not closed (no '{delimiter}' line after the opening one)",
            path,
            opening + 1,
        )
    body = "\n".join(lines[opening + 1 : closing])
    offset = start + len(lines[opening]) + 1
    if kind == "toml":
        return _toml_front_matter(body, offset, opening + 1, closing + 1, path)
    return _yaml_front_matter(body, offset, opening + 1, closing + 1, path)


def _yaml_front_matter(
    yaml_text: str, offset: int, first: int, end_line: int, path: str
) -> FrontMatter:
    """YAML ``yaml_text`` starting at character ``offset`` of the page, whose line 1 is page
    line ``first + 1``."""
    import yaml

    try:
        node = _compose(yaml_text, path, _fast_loader(), first)
    except yaml.YAMLError:
        # libyaml and PyYAML word and place some errors differently: report PyYAML's.
        node = _compose(yaml_text, path, yaml.SafeLoader, first)
    if node is None:
        return FrontMatter({}, {}, {}, end_line, "yaml")
    _reject_aliases(node, path, first)
    if not isinstance(node, yaml.MappingNode):
        raise SourceError("front matter must be a mapping of keys to values", path, first + 1)
    try:
        data = yaml.SafeLoader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first + 1 if mark is not None else first + 1
        raise SourceError(f"invalid YAML front matter: {_one_line(exc)}", path, line) from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML front matter: {_one_line(exc)}", path, first + 1) from exc
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path, first + 1)
    key_lines: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        key_lines[key] = value_node.start_mark.line + first + 1
        if isinstance(value_node, yaml.ScalarNode):
            spans[key] = (
                offset + value_node.start_mark.index,
                offset + value_node.end_mark.index,
            )
    data = {str(k): v for k, v in data.items()}
    return FrontMatter(data, key_lines, spans, end_line, "yaml")


def _toml_front_matter(
    toml_text: str, offset: int, first: int, end_line: int, path: str
) -> FrontMatter:
    """TOML front matter (Hugo's ``+++``): the keys before the first table are the page's
    own; a string value's span is its quoted literal (multi-line strings have none)."""
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        at = first + int(found.group(1)) if found else first + 1
        message = _TOML_POSITION.sub("", str(exc))
        raise SourceError(f"invalid TOML front matter: {message}", path, at) from exc
    key_lines: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    position = offset
    for number, line in enumerate(toml_text.split("\n")):
        if _TOML_TABLE.match(line):
            break
        match = _TOML_KEY.match(line)
        if match is not None:
            key = match.group(1).strip("\"'")
            key_lines.setdefault(key, first + number + 1)
            literal = _string_literal(line, match.end())
            if literal is not None:
                spans.setdefault(key, (position + literal[0], position + literal[1]))
        position += len(line) + 1
    return FrontMatter(data, key_lines, spans, end_line, "toml")


def _string_literal(line: str, start: int) -> tuple[int, int] | None:
    """(start, end) of a one-line TOML string literal at ``start`` of ``line``, quotes
    included, or None (another kind of value, or a multi-line string)."""
    quote = line[start : start + 1]
    if quote not in ('"', "'") or line.startswith(quote * 3, start):
        return None
    index = start + 1
    while index < len(line):
        char = line[index]
        if char == "\\" and quote == '"':
            index += 2
            continue
        if char == quote:
            return (start, index + 1)
        index += 1
    return None


def _json_front_matter(text: str, start: int, opening: int, path: str) -> FrontMatter:
    """A JSON object at ``start`` (its ``{`` alone on page line ``opening + 1``)."""
    decoder = json.JSONDecoder()
    try:
        data, end = decoder.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        line = text.count("\n", 0, exc.pos) + 1
        raise SourceError(f"invalid JSON front matter: {exc.msg}", path, line) from exc
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path, opening + 1)
    key_lines: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    position = start + 1
    while True:
        position = _skip_space(text, position)
        if text[position] == "}":
            break
        key, position = json.decoder.scanstring(text, position + 1)  # type: ignore[attr-defined]
        position = _skip_space(text, position) + 1  # the colon
        position = _skip_space(text, position)
        value_start = position
        _value, position = decoder.raw_decode(text, position)
        key_lines.setdefault(key, text.count("\n", 0, value_start) + 1)
        if text[value_start] == '"':
            spans.setdefault(key, (value_start, position))
        position = _skip_space(text, position)
        if text[position] == ",":
            position += 1
    end_line = text.count("\n", 0, end) + 1
    return FrontMatter({str(k): v for k, v in data.items()}, key_lines, spans, end_line, "json")


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _one_line(exc: yaml.YAMLError) -> str:
    """The YAML error's problem on one line (PyYAML's text quotes the source over lines)."""
    problem = getattr(exc, "problem", None) or str(exc)
    return " ".join(str(problem).split())


def _reject_aliases(root: yaml.Node, path: str, first: int) -> None:
    """Refuse anchors and aliases: front matter has no use for them and they can explode."""
    import yaml

    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise SourceError(
                "YAML aliases are not allowed in front matter",
                path,
                node.start_mark.line + first + 1,
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _compose(
    yaml_text: str, path: str, loader: type[yaml.SafeLoader], first: int = 1
) -> yaml.Node | None:
    """The YAML node tree, refusing aliases and deep nesting.

    With libyaml's loader a syntax error propagates as it is, so that the caller can ask
    PyYAML, whose messages and lines are the ones reported; with PyYAML's it becomes a
    SourceError naming the line.
    """
    import yaml

    try:
        depth = 0
        for event in yaml.parse(yaml_text, Loader=loader):
            line = event.start_mark.line + first + 1 if event.start_mark is not None else first
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
        line = mark.line + first + 1 if mark is not None else first
        raise SourceError(f"invalid YAML front matter: {_one_line(exc)}", path, line) from exc
    except yaml.YAMLError as exc:
        if loader is not yaml.SafeLoader:
            raise
        raise SourceError(f"invalid YAML front matter: {_one_line(exc)}", path, first) from exc
