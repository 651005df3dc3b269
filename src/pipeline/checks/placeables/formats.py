"""Format placeholders, read by the flags gettext defines (``#, c-format``,
``objc-format``, ``python-format``, ``python-brace-format``, ``qt-format``) and compared
as ``msgfmt --check`` compares them: positional directives by number and type, named ones
as sets (with their types where the language has them).

A format string is read into a :class:`FormatSpec` (or a reason it is not valid); two of
them are compared strictly (same placeholders) or, for a plural form used for few numbers
(French ``msgstr[0]``: 0 and 1), relaxed (the translation may leave one out).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """The placeholders of one format string."""

    positional: tuple[tuple[str, str], ...] = ()
    """(type, raw directive) of argument 1, 2, … in order."""
    named: tuple[tuple[str, str, str], ...] = ()
    """(name, type, raw directive) of the named arguments, sorted by name."""
    simple: bool = True
    """Qt: no ``%L`` flag and no two-digit argument (a simple string, for old Qt)."""

    def names(self) -> dict[str, tuple[str, str]]:
        """Name -> (type, raw directive)."""
        return {name: (kind, raw) for name, kind, raw in self.named}


Parser = Callable[[str], "FormatSpec | str"]
"""A format string -> its placeholders, or why it is not a valid format string."""

_C = re.compile(
    r"%(?:(?P<num>[1-9]\d*)\$)?(?P<flags>[-+ #0'I]*)"
    r"(?P<width>\*(?:[1-9]\d*\$)?|\d+)?(?:\.(?P<prec>\*(?:[1-9]\d*\$)?|\d*))?"
    r"(?P<size>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conv>[diouxXeEfFgGaAcCsSpn%@])?"
)
_C_CLASS = {
    **dict.fromkeys("di", "int"),
    **dict.fromkeys("ouxX", "unsigned"),
    **dict.fromkeys("eEfFgGaA", "double"),
    "c": "char",
    "C": "wchar",
    "s": "string",
    "S": "wstring",
    "p": "pointer",
    "n": "count",
    "@": "object",
}


def _c_type(size: str, conv: str) -> str:
    kind = _C_CLASS[conv]
    size = {"q": "ll", "Z": "z"}.get(size, size)
    if kind in ("char", "string") and size == "l":
        return "w" + kind
    if kind == "double":
        return "long double" if size == "L" else "double"
    if kind in ("int", "unsigned", "count"):
        return f"{size or ''} {kind}".strip() if size != "L" else f"ll {kind}"
    return kind


def parse_c(text: str, *, objc: bool = False) -> FormatSpec | str:
    """A C (or Objective-C) printf format string."""
    args: dict[int, tuple[str, str]] = {}
    numbered: bool | None = None
    position = 0
    at = text.find("%")
    while at >= 0:
        match = _C.match(text, at)
        assert match is not None
        conv = match.group("conv")
        raw = match.group()
        if conv is None or (conv == "@" and not objc):
            return f"the directive {raw!r} ends without a valid conversion"
        if conv == "%":
            if match.group("num") or match.group("width") or match.group("prec") is not None:
                return f"the directive {raw!r} is not valid"
            at = text.find("%", match.end())
            continue
        wanted: list[tuple[int | None, str, str]] = []
        for star in (match.group("width"), match.group("prec")):
            if star and star.startswith("*"):
                wanted.append((int(star[1:-1]) if len(star) > 1 else None, "int", raw))
        number = match.group("num")
        wanted.append(
            (int(number) if number else None, _c_type(match.group("size") or "", conv), raw)
        )
        for index, kind, shown in wanted:
            this = index is not None
            if numbered is None:
                numbered = this
            elif numbered != this:
                return "the directives mix numbered and unnumbered arguments"
            if index is None:
                position += 1
                index = position
            if index in args and args[index][0] != kind:
                return f"argument {index} is used with two types ({args[index][1]!r}, {shown!r})"
            args.setdefault(index, (kind, shown))
        at = text.find("%", match.end())
    if args and max(args) != len(args):
        missing = min(set(range(1, max(args) + 1)) - set(args))
        return f"argument {missing} is not used although a later one is"
    return FormatSpec(positional=tuple(args[i] for i in sorted(args)))


_PY = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[-+ #0]*)(?P<width>\*|\d+)?"
    r"(?:\.(?P<prec>\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrs%])?"
)
_PY_CLASS = {
    **dict.fromkeys("diouxX", "integer"),
    **dict.fromkeys("eEfFgG", "number"),
    "c": "character",
    "s": "string",
    "r": "string",
}


def parse_python(text: str) -> FormatSpec | str:
    """A Python ``%`` format string."""
    named: dict[str, tuple[str, str]] = {}
    positional: list[tuple[str, str]] = []
    at = text.find("%")
    while at >= 0:
        match = _PY.match(text, at)
        assert match is not None
        raw, conv, name = match.group(), match.group("conv"), match.group("name")
        if conv is None:
            return f"the directive {raw!r} ends without a valid conversion"
        if conv == "%" and name is None:
            at = text.find("%", match.end())
            continue
        if name is not None:
            if match.group("width") == "*" or match.group("prec") == "*":
                return f"the named directive {raw!r} takes a '*' width"
            kind = _PY_CLASS.get(conv, "string")
            if name in named and named[name][0] != kind:
                return f"argument {name!r} is used with two types"
            named.setdefault(name, (kind, raw))
        else:
            for star in (match.group("width"), match.group("prec")):
                if star == "*":
                    positional.append(("integer", raw))
            positional.append((_PY_CLASS[conv], raw))
        at = text.find("%", match.end())
    if named and positional:
        return "the directives mix named and unnamed arguments"
    return FormatSpec(tuple(positional), tuple((n, k, r) for n, (k, r) in sorted(named.items())))


_NAME_START = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
_NAMED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_python_brace(text: str) -> FormatSpec | str:
    """A Python ``str.format`` string as GNU gettext reads it: a field is a name or number,
    ``.attribute`` and ``[index]`` parts, an optional ``:`` and a standard format
    specifier or one nested field; ``{{`` is a brace. Its argument is the text of the
    field (``n:>5`` for ``{n:>5}``). Types are not compared."""
    named: dict[str, tuple[str, str]] = {}
    at = 0
    while True:
        at = text.find("{", at)
        if at < 0:
            break
        end = _brace_directive(text, at, top=True)
        if isinstance(end, str):
            return end
        if end > at + 2 or text[at + 1] != "{":
            named.setdefault(text[at + 1 : end - 1], ("any", text[at:end]))
        at = end
    return FormatSpec(named=tuple((n, k, r) for n, (k, r) in sorted(named.items())))


def _brace_directive(text: str, at: int, *, top: bool) -> int | str:
    """The end of the directive at ``text[at] == "{"``, or why it is not valid."""
    pos = at + 1
    if text.startswith("{", pos):
        return pos + 1  # an escaped brace
    name = _NAME_START.match(text, pos)
    if name is None:
        return f"{text[pos : pos + 1] or 'the end'!r} cannot start the field at character {at + 1}"
    pos = name.end()
    while pos < len(text) and text[pos] in ".[":
        part = (_NAMED if text[pos] == "." else _NAME_START).match(text, pos + 1)
        if part is None:
            return f"the field at character {at + 1} has an empty attribute or index"
        pos = part.end()
        if text[pos - len(part.group()) - 1] == "[":
            if not text.startswith("]", pos):
                return f"the field at character {at + 1} has an unterminated index"
            pos += 1
    if text.startswith(":", pos):
        if not top:
            return f"the field at character {at + 1} nests too deeply"
        pos += 1
        if text.startswith("{", pos):
            inner = _brace_directive(text, pos, top=False)
            if isinstance(inner, str):
                return inner
            pos = inner
        else:
            pos = _standard_spec(text, pos)
    if not text.startswith("}", pos):
        return f"the field at character {at + 1} is not closed"
    return pos + 1


def _standard_spec(text: str, pos: int) -> int:
    """Past ``[[fill]align][sign][#][0][width][.precision][type]``."""
    if pos + 1 < len(text) and text[pos + 1] in "<>=^":
        pos += 2
    elif pos < len(text) and text[pos] in "<>=^":
        pos += 1
    for optional in "+- ", "#", "0":
        if pos < len(text) and text[pos] in optional:
            pos += 1
    while pos < len(text) and text[pos].isdigit():
        pos += 1
    if text.startswith(".", pos) and pos + 1 < len(text) and text[pos + 1].isdigit():
        pos += 1
        while pos < len(text) and text[pos].isdigit():
            pos += 1
    if pos < len(text) and text[pos] in "bcdoxXneEfFgG%":
        pos += 1
    return pos


_QT = re.compile(r"%(L?)(\d{1,2})")


def parse_qt(text: str) -> FormatSpec | str:
    """A Qt ``QString::arg`` string: ``%1`` to ``%99``, ``%L1`` (localised)."""
    named: dict[str, tuple[str, str]] = {}
    simple = True
    for match in _QT.finditer(text):
        if match.group(2) != "0":
            simple = simple and not match.group(1) and len(match.group(2)) == 1
            named.setdefault(str(int(match.group(2))), ("any", match.group()))
    return FormatSpec(named=tuple((n, k, r) for n, (k, r) in sorted(named.items())), simple=simple)


@dataclass(frozen=True, slots=True)
class FormatKind:
    """A format gettext knows, by its flag."""

    flag: str
    """``python-format``."""
    title: str
    """How messages name it (``Python``)."""
    parse: Parser
    """The reader of its format strings."""
    relaxed: str = "fewer"
    """What a rarely used plural form may do: ``fewer`` (leave placeholders out),
    ``anything`` (brace formats: not compared at all), ``nothing`` (Qt: compared strictly)."""


FORMATS: Mapping[str, FormatKind] = MappingProxyType(
    {
        kind.flag: kind
        for kind in (
            FormatKind("c-format", "C", parse_c),
            FormatKind("objc-format", "Objective-C", lambda text: parse_c(text, objc=True)),
            FormatKind("python-format", "Python", parse_python),
            FormatKind("python-brace-format", "Python brace", parse_python_brace, "anything"),
            FormatKind("qt-format", "Qt", parse_qt, "nothing"),
        )
    }
)
"""The formats checked, by flag."""


def formats_of(flags: tuple[str, ...]) -> list[FormatKind]:
    """The checked formats an entry's flags ask for (``no-X-format`` wins over ``X-format``)."""
    return [FORMATS[flag] for flag in flags if flag in FORMATS and f"no-{flag}" not in flags]
