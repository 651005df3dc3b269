"""The machine-readable JSON report, and reading it back."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring
from typing import Any

from pipeline.errors import ConfigError
from pipeline.model import Finding, Location, Severity
from pipeline.report.common import order_key, ordered, rounded
from pipeline.report.summary import summarize

SCHEMA_VERSION = 1
"""Version of the report's layout; raised when a change could break a reader."""

TOOL_NAME = "pipeline"

_BASE_KEYS = ("rule", "severity", "path", "line", "message")
_OPTIONAL_KEYS = (
    "column",
    "expected",
    "detected",
    "confidence",
    "source",
    "translation",
    "related",
)
_RESERVED = frozenset(_BASE_KEYS + _OPTIONAL_KEYS)
_EXTRA_PREFIX = "extra."


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding as a JSON object.

    ``rule``, ``severity``, ``path``, ``line`` and ``message`` are always there; ``column``,
    ``expected``, ``detected``, ``confidence`` (three decimals), ``source`` and
    ``translation`` only where set, and ``related`` (a list of ``{"path", "line"}``
    objects: the other places of the same fault) where there are any. Extra values are
    further keys; one whose name is taken by a field above is written as ``extra.<name>``.
    """
    data: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "path": finding.location.path,
        "line": finding.location.line,
        "message": finding.message,
    }
    optional: dict[str, Any] = {
        "column": finding.location.column,
        "expected": finding.expected,
        "detected": finding.detected,
        "confidence": None if finding.confidence is None else rounded(finding.confidence),
        "source": finding.source,
        "translation": finding.translation,
        "related": [_place(loc) for loc in finding.related] or None,
    }
    data.update((key, value) for key, value in optional.items() if value is not None)
    for key, value in finding.extra.items():
        name = _EXTRA_PREFIX + key if key in _RESERVED or key.startswith(_EXTRA_PREFIX) else key
        data[name] = value
    return data


def _place(location: Location) -> dict[str, Any]:
    place: dict[str, Any] = {"path": location.path, "line": location.line}
    if location.column is not None:
        place["column"] = location.column
    return place


def _related(data: Mapping[str, Any], index: int) -> tuple[Location, ...]:
    items = data.get("related", [])
    if not isinstance(items, list):
        raise ConfigError(f"finding {index}: 'related' is not a list")
    places = []
    for item in items:
        if not isinstance(item, dict):
            raise ConfigError(f"finding {index}: a 'related' place is not an object")
        column = item.get("column")
        places.append(
            Location(
                _field(item, "path", str, index),
                _field(item, "line", int, index),
                column if isinstance(column, int) and not isinstance(column, bool) else None,
            )
        )
    return tuple(places)


class Encodings:
    """Each finding's place in report order and its text in the report, kept from one
    report to the next: a resident process (``pipeline daemon``) writes reports that differ
    by a few findings, and works out only those (the 10,000-page site's 40,000 findings
    take 0.2 s to encode). Findings are known by identity (the same object, kept alive
    here), so an equal finding made anew is worked out again, to the same text."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Finding, tuple[object, ...], str]] = {}

    def ordered(self, findings: Sequence[Finding]) -> list[tuple[Finding, str]]:
        """``findings`` in report order, each with its text; what the last call did not
        see is worked out, what it saw and this one does not is forgotten."""
        known = self._known
        kept: dict[int, tuple[Finding, tuple[object, ...], str]] = {}
        entries = []
        for finding in findings:
            entry = known.get(id(finding))
            if entry is None or entry[0] is not finding:
                entry = (finding, order_key(finding), _encoded(finding))
            kept[id(finding)] = entry
            entries.append(entry)
        self._known = kept
        return [(f, text) for f, _, text in sorted(entries, key=_by_order)]


def _by_order(entry: tuple[Finding, tuple[object, ...], str]) -> tuple[object, ...]:
    return entry[1]


def _encoded(finding: Finding) -> str:
    parts: list[str] = []
    if finding.extra:
        _encode_object(finding_to_dict(finding), _ITEM, parts)
    else:
        _encode_finding(finding, parts)
    return "".join(parts)


def render_json(
    findings: Sequence[Finding], *, tool_version: str, encodings: Encodings | None = None
) -> str:
    """The JSON report: tool, findings in report order and their counts.

    The layout is ``{"version": 1, "tool": {"name", "version"}, "findings": [...],
    "summary": {"total", "by_severity", "by_rule"}}``, keys sorted, indented by two spaces,
    with a final newline. ``encodings`` keeps each finding's text for the next report.
    """
    if encodings is not None:
        with contextlib.suppress(_Unsupported):  # (as below: json.dumps alone writes it)
            return _render_known(encodings.ordered(findings), tool_version)
    findings = ordered(findings)
    rest = _summary(findings, tool_version)
    try:
        return _render_fast(findings, rest)
    except _Unsupported:  # an extra value json.dumps alone writes: the document at once
        document = {"findings": [finding_to_dict(finding) for finding in findings], **rest}
        return dumps(document) + "\n"


def _summary(findings: Sequence[Finding], tool_version: str) -> dict[str, Any]:
    """The keys after ``findings``: the report's version, the tool, the counts."""
    summary = summarize(findings)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": tool_version},
        "summary": {
            "total": summary.total,
            "by_severity": {severity.value: n for severity, n in summary.by_severity.items()},
            "by_rule": dict(summary.by_rule),
        },
    }


def _render_known(entries: list[tuple[Finding, str]], tool_version: str) -> str:
    """:func:`_render_fast` of findings whose texts are known, in report order."""
    rest = _summary([finding for finding, _ in entries], tool_version)
    tail: list[str] = []
    _encode_object(rest, "\n", tail)
    tail[0] = "," + tail[0][1:]  # the rest's keys, without the "{" that opens them
    if not entries:
        return "".join(['{\n  "findings": []', *tail, "\n"])
    texts = [text for _, text in entries]
    return "".join(['{\n  "findings": [', _ITEM, ("," + _ITEM).join(texts), "\n  ]", *tail, "\n"])


_ITEM = "\n    "
"""A finding's indentation in the report (an item of a list under the top object)."""
_FIELD = _ITEM + "  "
"""A finding's keys' indentation."""


def _render_fast(findings: Sequence[Finding], rest: dict[str, Any]) -> str:
    """``dumps({"findings": [finding_to_dict(f) for f in findings], **rest}) + "\\n"``
    (``rest`` holds the keys that sort after ``findings``), the same text, without
    building a dict per finding: each one is written key by key, in the order json sorts
    its keys in. Raises :class:`_Unsupported` as :func:`dumps` falls back."""
    parts = ['{\n  "findings": ']
    if findings:
        parts.append("[")
        separator = _ITEM
        for finding in findings:
            parts.append(separator)
            if finding.extra:  # keys that may sort anywhere among the fields
                _encode_object(finding_to_dict(finding), _ITEM, parts)
            else:
                _encode_finding(finding, parts)
            separator = "," + _ITEM
        parts.append("\n  ]")
    else:
        parts.append("[]")
    tail: list[str] = []
    _encode_object(rest, "\n", tail)
    parts.append("," + tail[0][1:])  # the rest's keys, without the "{" that opens them
    parts.extend(tail[1:])
    return "".join(parts) + "\n"


def _encode_finding(finding: Finding, parts: list[str]) -> None:
    """Append the object :func:`finding_to_dict` makes of a finding without extra values,
    laid out as :func:`_encode_object` lays it out: its keys in sorted order, those of
    the optional fields only where set."""
    location = finding.location
    quote = encode_basestring
    fields = []
    if location.column is not None:
        fields.append('"column": ' + _value(location.column))
    if finding.confidence is not None:
        fields.append('"confidence": ' + _value(rounded(finding.confidence)))
    if finding.detected is not None:
        fields.append('"detected": ' + _value(finding.detected))
    if finding.expected is not None:
        fields.append('"expected": ' + _value(finding.expected))
    line, message, path = location.line, finding.message, location.path
    fields.append('"line": ' + (int.__repr__(line) if type(line) is int else _value(line)))
    fields.append('"message": ' + (quote(message) if type(message) is str else _value(message)))
    fields.append('"path": ' + (quote(path) if type(path) is str else _value(path)))
    if finding.related:
        fields.append('"related": ' + _value([_place(loc) for loc in finding.related]))
    fields.append('"rule": ' + _value(finding.rule))
    fields.append('"severity": ' + _value(finding.severity.value))
    if finding.source is not None:
        fields.append('"source": ' + _value(finding.source))
    if finding.translation is not None:
        fields.append('"translation": ' + _value(finding.translation))
    parts.append("{" + _FIELD + _NEXT_FIELD.join(fields) + _ITEM + "}")


_NEXT_FIELD = "," + _FIELD


def _value(value: Any) -> str:
    """A finding's value as :func:`_encode` writes it at a finding's keys' indentation."""
    if type(value) is str:
        return encode_basestring(value)
    if type(value) is int:
        return int.__repr__(value)
    parts: list[str] = []
    _encode(value, _FIELD, parts)
    return "".join(parts)


class _Unsupported(TypeError):
    """A value :func:`dumps` leaves to :func:`json.dumps`."""


def dumps(document: Any) -> str:
    """``json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)``, the same
    text, written in one pass: with an indent, :mod:`json` falls back to its pure-Python
    encoder (nested generators, a third of the time of a large report); this one quotes
    strings with json's own (C) string encoder and lays out objects and arrays as json
    does. Anything but str-keyed dicts, lists, tuples, strings, numbers, booleans and None
    goes to :func:`json.dumps` itself."""
    parts: list[str] = []
    try:
        _encode(document, "\n", parts)
    except _Unsupported:
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    return "".join(parts)


def _encode(value: Any, newline: str, parts: list[str]) -> None:
    """Append ``value`` laid out as json's ``indent=2`` does; ``newline`` is ``"\\n"`` and
    the current indentation."""
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, dict):
        _encode_object(value, newline, parts)
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        parts.append("[")
        separator = inner
        for item in value:
            parts.append(separator)
            _encode(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        raise _Unsupported(type(value).__name__)


def _encode_object(value: dict[Any, Any], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("{}")
        return
    if not all(isinstance(key, str) for key in value):
        raise _Unsupported("a key that is not a string")
    inner = newline + "  "
    separator = "{" + inner
    for key in sorted(value):
        item = value[key]
        kind = type(item)
        if kind is str:  # the common cases inline: a report is mostly short strings
            parts.append(f"{separator}{encode_basestring(key)}: {encode_basestring(item)}")
        elif kind is int:
            parts.append(f"{separator}{encode_basestring(key)}: {int.__repr__(item)}")
        else:
            parts.append(f"{separator}{encode_basestring(key)}: ")
            _encode(item, inner, parts)
        separator = "," + inner
    parts.append(newline + "}")


def _float(value: float) -> str:
    """A float as json writes it (``allow_nan``: NaN and the infinities as JavaScript
    names them)."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _field(data: Mapping[str, Any], key: str, kind: type, index: int) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ConfigError(f"finding {index}: {key!r} is missing or not a {kind.__name__}")
    return value


def finding_from_dict(data: Mapping[str, Any], index: int = 0) -> Finding:
    """The finding a :func:`finding_to_dict` object describes (``index`` is for errors)."""
    try:
        severity = Severity(_field(data, "severity", str, index))
    except ValueError:
        raise ConfigError(f"finding {index}: unknown severity {data['severity']!r}") from None
    column = data.get("column")
    if column is not None and (not isinstance(column, int) or isinstance(column, bool)):
        raise ConfigError(f"finding {index}: 'column' is not an integer")
    confidence = data.get("confidence")
    if confidence is not None and (
        not isinstance(confidence, int | float) or isinstance(confidence, bool)
    ):
        raise ConfigError(f"finding {index}: 'confidence' is not a number")
    texts: dict[str, str | None] = {}
    for key in ("expected", "detected", "source", "translation"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"finding {index}: {key!r} is not a string")
        texts[key] = value
    extra = {
        key.removeprefix(_EXTRA_PREFIX): str(value)
        for key, value in data.items()
        if key not in _RESERVED
    }
    return Finding(
        rule=_field(data, "rule", str, index),
        severity=severity,
        location=Location(
            path=_field(data, "path", str, index),
            line=_field(data, "line", int, index),
            column=column,
        ),
        message=_field(data, "message", str, index),
        expected=texts["expected"],
        detected=texts["detected"],
        confidence=None if confidence is None else float(confidence),
        source=texts["source"],
        translation=texts["translation"],
        extra=extra,
        related=_related(data, index),
    )


def parse_json(text: str, path: str | None = None) -> list[Finding]:
    """The findings of a report :func:`render_json` wrote (``path`` is for errors)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"not a JSON report: {exc.msg}", path, exc.lineno) from None
    if not isinstance(document, dict) or document.get("version") != SCHEMA_VERSION:
        raise ConfigError(f"not a version {SCHEMA_VERSION} pipeline JSON report", path)
    items = document.get("findings")
    if not isinstance(items, list):
        raise ConfigError("the report has no 'findings' list", path)
    findings = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ConfigError(f"finding {index} is not an object", path)
        try:
            findings.append(finding_from_dict(item, index))
        except ConfigError as exc:
            raise ConfigError(exc.message, path) from None
    return findings
