"""The reStructuredText / Sphinx dialect.

Inline markup is recognised by docutils' rules (a start-string follows whitespace, an
opening bracket or punctuation and precedes a non-space; an end-string follows a non-space
and precedes whitespace or punctuation; backslash escapes; a start-string between matching
quotes is text). What must survive translation: ``literals``, role targets
(``:role:`target``` and ``:role:`text <target>```, ``~`` and ``!`` prefixes aside), the
contents of literal roles (``:file:``, ``:samp:`` …), the targets of ``link <url>`_`` and
``name`_`` references, ``|substitutions|``, footnote and citation references, inline
targets, standalone URLs, and the number of anonymous references. What may change: role
display texts, link texts, the texts of ``:guilabel:``-like roles, emphasis (counted, not a
fault: translators italicise the English words they keep). A start-string without its
end-string is markup that does not parse.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.checks.placeables.model import Counted, Dialect, Placeable, Placeables
from pipeline.checks.placeables.rest_chars import ends_ok, nested_start, opener_or_delimiter, quoted
from pipeline.checks.placeables.rest_grade import (
    CITATION,
    FOOTNOTE,
    LINK,
    LITERAL,
    REFERENCE,
    ROLE,
    ROLE_LITERAL,
    SUBSTITUTION,
    TARGET,
    URL,
    grade,
    url_key,
)

_TEXT_ROLES = frozenset(
    {
        "abbr", "guilabel", "menuselection", "dfn", "emphasis", "strong", "title-reference",
        "title", "t", "sup", "sub", "superscript", "subscript",
    }
)  # fmt: skip
"""Roles whose content is text to translate."""
_KEY_ROLES = frozenset({"kbd"})
"""Roles whose content may be adapted (key names) but is not running text."""
_LITERAL_ROLES = frozenset(
    {"file", "samp", "program", "command", "makevar", "mimetype", "regexp", "code", "math",
     "literal", "raw", "newsgroup", "mailheader"}
)  # fmt: skip
"""Roles whose content is code that must survive as it is."""

_SIMPLENAME = r"[^\W_]+(?:[-._+:][^\W_]+)*"
"""docutils' simple reference name: word characters but ``_``, joined by ``-._+:``."""
_START = re.compile(
    r"(?P<start>\*\*|\*(?!\*)|``|_`|\|(?!\|))"
    # A name preceded by a letter or digit cannot start markup (the name starting at that
    # letter is found first and read or skipped): the look-behind skips re-trying inside it.
    rf"|(?<![^\W_])(?P<refname>{_SIMPLENAME})(?P<refend>__?)"
    rf"|\[(?P<label>[0-9]+|\#(?:{_SIMPLENAME})?|\*|(?P<citation>{_SIMPLENAME}))\]_"
    rf"|(?P<role>:{_SIMPLENAME}:)?(?P<backquote>`(?!`))"
)
_START_NO_UNDERSCORE = re.compile(
    r"(?P<start>\*\*|\*(?!\*)|``|\|(?!\|))"
    rf"|(?P<role>:{_SIMPLENAME}:)?(?P<backquote>`(?!`))"
    r"|(?P<refname>(?!))(?P<refend>(?!))(?P<label>(?!))(?P<citation>(?!))"
)
""":data:`_START` for a text without ``_`` (no reference, footnote or inline target can
start there): the same matches, found faster."""
_FIRST_NO_UNDERSCORE = re.compile(r"[*`|:]")
"""The characters a match of :data:`_START_NO_UNDERSCORE` can begin with (each of its
alternatives starts with one of them; the last never matches)."""
_END = {
    "**": re.compile(r"(?<![\s\x00])\*\*"),
    "*": re.compile(r"(?<![\s\x00])\*"),
    "``": re.compile(r"(?<!\s)``"),
    "_`": re.compile(r"(?<![\s\x00])`"),
    "|": re.compile(r"(?<![\s\x00])\|_{0,2}"),
    "`": re.compile(rf"(?<!(?<!\x00)[\s\x00])`(?P<role>:{_SIMPLENAME}:)?(?P<refend>__?)?"),
}
_NAMES = {
    "**": "strong",
    "*": "emphasis",
    "``": "literal",
    "_`": "inline target",
    "|": "substitution reference",
    "`": "interpreted text or phrase reference",
}
_EXPLICIT_TITLE = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>$", re.DOTALL)
"""Sphinx's ``text <target>`` of a cross-reference role (the space is optional)."""
_EMBEDDED = re.compile(r"(?:[ \n]+|^)<(?!\s)((?:[^<>]|\x00[<>])+)(?<![\s\x00])>$")
_URI = re.compile(
    r"(?<![\w.+-])(?:https?|ftp|ftps|mailto|file|news|nntp|telnet|irc|ircs|ssh|git|svn|sftp)"
    r":(?://?)?[-_.!~*'()\[\];/:@&=+$,%a-zA-Z0-9\x00?#]*[_~*/=+a-zA-Z0-9#]"
)
_SPACE = re.compile(r"\s+")
_VARIABLE = re.compile(r"(?<!\\)\{[^{}]*\}")


def _search_no_underscore(text: str, pos: int) -> re.Match[str] | None:
    """``_START_NO_UNDERSCORE.search(text, pos)``, trying the pattern only where it can
    begin (the regex engine would try every position): the same leftmost match."""
    while True:
        found = _FIRST_NO_UNDERSCORE.search(text, pos)
        if found is None:
            return None
        match = _START_NO_UNDERSCORE.match(text, found.start())
        if match is not None:
            return match
        pos = found.start() + 1


_FIRST_NOT_NAME = re.compile(r"[*`|\[:_]")
"""The characters a match of :data:`_START` can begin with, but for a reference name
(``name_``), which begins with a letter or digit."""
_NAME_THEN_UNDERSCORE = re.compile(r"(?<=[^\W_])_")
"""An ``_`` after a letter or digit: where a reference name (``name_``, ``name__``) ends."""
_NAME_CHARS = frozenset("-._+:")
"""What joins the words of a simple reference name (besides letters and digits)."""


def _search_underscore(text: str, pos: int) -> re.Match[str] | None:
    """``_START.search(text, pos)``, trying the pattern only where it can begin: at the
    characters of :data:`_FIRST_NOT_NAME`, and at the letters and digits of a run of name
    characters holding an ``_`` after a letter or digit (a reference name ends there, and a
    name is such a run). Elsewhere, the regex engine would try a reference name at every
    word of the text. The same leftmost match."""
    while True:
        first = _FIRST_NOT_NAME.search(text, pos)
        under = _NAME_THEN_UNDERSCORE.search(text, pos + 1)
        if under is None:
            low = len(text)
        else:
            low = under.start() - 1  # a name reaching this ``_`` starts in its run
            while low > pos and (text[low - 1].isalnum() or text[low - 1] in _NAME_CHARS):
                low -= 1
        if first is not None and first.start() < low:
            match = _START.match(text, first.start())
            if match is not None:
                return match
            pos = first.start() + 1
            continue
        if under is None:
            return None
        for at in range(low, under.start()):  # a name from here, or another start-string
            match = _START.match(text, at)
            if match is not None:
                return match
        pos = under.start()


_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_NULL = re.compile(r"\x00\s?")


def _escape(text: str) -> str:
    """docutils' escape2null: a backslash-escaped character becomes NUL + the character."""
    if "\\" not in text:  # nothing to escape (the pattern starts with a backslash)
        return text
    return _ESCAPED.sub("\x00\\1", text)


def _unescape(text: str, restore: bool = False) -> str:
    if "\x00" not in text:  # nothing escaped (both replacements start at a NUL)
        return text
    if restore:
        return text.replace("\x00", "\\")
    return _NULL.sub("", text)


def normalize_name(name: str) -> str:
    """A reference name as docutils compares it: whitespace folded, lower case."""
    return _SPACE.sub(" ", name).strip().lower()


_DONE: dict[
    tuple[str, str, int, int],
    tuple[tuple[Placeable, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]],
] = {}
"""What :meth:`_Reader._inline` added for each construct read (items, prose, counted
kinds, faults), by the construct's text, start-string and content's start and end."""
_DONE_SIZE = 1 << 16
"""Constructs kept in :data:`_DONE` (it is emptied when full)."""


class _Reader:
    """One text read left to right, as docutils' Inliner reads it."""

    def __init__(self, text: str, prose: bool = True) -> None:
        self.text = _escape(text)
        self.items: list[Placeable] = []
        self.counted: list[str] = []
        self.faults: list[str] = []
        self.prose: list[str] = []
        self.with_prose = prose

    def _count(self, kind: str) -> None:
        self.counted.append(kind)

    def run(self) -> Placeables:
        text, pos, plain = self.text, 0, 0
        search = _search_underscore if "_" in text else _search_no_underscore
        construct, all_items, all_prose = self._construct, self.items, self.prose
        while True:
            match = search(text, pos)
            if match is None:
                break
            begin = match.start()  # where the role is, when there is one
            if begin and not (text[begin - 1].isspace() or opener_or_delimiter(text[begin - 1])):
                pos = begin + 1  # not after what may precede a start-string (starts_ok)
                continue
            items, prose = len(all_items), len(all_prose)
            after = construct(match)
            if after is None:  # not markup after all: read on past this character
                pos = begin + 1
                continue
            if begin > plain:  # (nothing between two constructs adds nothing)
                self._plain(text[plain:begin], items, prose)
            pos = plain = after
        self._plain(text[plain:], len(all_items), len(all_prose))
        counts: dict[str, int] = {}
        for kind in self.counted:
            counts[kind] = counts.get(kind, 0) + 1
        return Placeables(  # (positional, in field order: cheaper for a frozen dataclass)
            tuple(self.items),
            tuple(sorted(counts.items())),
            tuple(self.faults),
            _running(" ".join("".join(self.prose).split())) if self.with_prose else "",
            _unescape(self.text),
        )

    def _plain(self, chunk: str, items_at: int, prose_at: int) -> None:
        """Text outside inline markup (it comes before the items and prose from ``items_at``
        and ``prose_at`` on): standalone URLs are placeables, the rest is prose."""
        if ":" not in chunk:  # no URL (every scheme ends with a colon): all prose
            if self.with_prose:
                self.prose.insert(prose_at, _unescape(chunk))
            return
        last = 0
        items: list[Placeable] = []
        prose: list[str] = []
        for uri in _URI.finditer(chunk):
            if ends_ok(chunk, uri.end()):
                prose.append(_unescape(chunk[last : uri.start()]) + " ")
                items.append(Placeable(URL, url_key(_unescape(uri.group())), uri.group()))
                last = uri.end()
        prose.append(_unescape(chunk[last:]))
        self.items[items_at:items_at] = items
        self.prose[prose_at:prose_at] = prose

    def _construct(self, match: re.Match[str]) -> int | None:
        """Read the construct starting at ``match``; its end, or None when it is text."""
        text = self.text
        start, refend, label, role = match.group("start", "refend", "label", "role")
        if refend:
            if not ends_ok(text, match.end()):
                return None
            name = _unescape(match.group("refname"))
            if refend == "__":
                self._count("anonymous")
                self.prose.append(name)
            else:
                self._reference(name, match.group())
            return match.end()
        if label is not None:
            if not ends_ok(text, match.end()):
                return None
            kind = CITATION if match.group("citation") else FOOTNOTE
            key = normalize_name(label) if kind == CITATION else label
            self.items.append(Placeable(kind, key, match.group()))
            return match.end()
        start = start or "`"
        mark_end = match.end()
        if mark_end >= len(text) or text[mark_end].isspace():
            return None  # a start-string must be followed by a non-space
        if not role and quoted(text, match.start(), mark_end):
            return mark_end  # a quoted start-string is text
        end = self._find_end(start, mark_end)
        if end is None:
            self.faults.append(f"{_NAMES[start]} start-string {start!r} without end-string")
            self.prose.append(" ")
            return mark_end
        return self._inline_once(match, start, mark_end, end)

    def _inline_once(
        self, match: re.Match[str], start: str, mark_end: int, end: re.Match[str]
    ) -> int:
        """:meth:`_inline`, its outcome taken from :data:`_DONE` when the same construct
        was read before (``:func:`len``` in a source and in its translation, in many
        entries). What :meth:`_inline` adds depends only on the construct's text, its
        start-string and where its content starts and ends (its groups are read from that
        text), so replaying it adds the same items, prose, counts and faults."""
        begin = match.start()
        key = (self.text[begin : end.end()], start, mark_end - begin, end.start() - begin)
        items, prose, counted, faults = self.items, self.prose, self.counted, self.faults
        done = _DONE.get(key)
        if done is not None:
            items += done[0]
            prose += done[1]
            counted += done[2]
            faults += done[3]
            return end.end()
        sizes = len(items), len(prose), len(counted), len(faults)
        after = self._inline(match, start, mark_end, end)
        if len(_DONE) >= _DONE_SIZE:
            _DONE.clear()
        _DONE[key] = (
            tuple(items[sizes[0] :]),
            tuple(prose[sizes[1] :]),
            tuple(counted[sizes[2] :]),
            tuple(faults[sizes[3] :]),
        )
        return after

    def _find_end(self, start: str, mark_end: int) -> re.Match[str] | None:
        pattern = _END[start]
        pos = mark_end
        while True:
            found = pattern.search(self.text, pos)
            if found is None:
                return None
            if found.start() > mark_end and ends_ok(self.text, found.end()):
                return found
            pos = found.start() + 1

    def _inline(self, match: re.Match[str], start: str, mark_end: int, end: re.Match[str]) -> int:
        content = self.text[mark_end : end.start()]
        raw = self.text[match.start() : end.end()].replace("\x00", "\\")
        if start == "**" or start == "*":
            self._count("strong" if start == "**" else "em")
            self.prose.append(_unescape(content))
            if nested_start(content):
                what = "strong span" if start == "**" else "emphasis"
                self.faults.append(
                    f"{what} {raw} holds a nested '*', which reStructuredText shows as an "
                    "asterisk (inline markup does not nest)"
                )
        elif start == "``":
            literal = _unescape(content, restore=True)
            self.items.append(Placeable(LITERAL, literal, raw))
            self.prose.append(" ")
        elif start == "_`":
            self.items.append(Placeable(TARGET, normalize_name(_unescape(content)), raw))
            self.prose.append(" ")
        elif start == "|":
            self.items.append(Placeable(SUBSTITUTION, normalize_name(_unescape(content)), raw))
            if end.group().endswith("_"):
                self._reference(_unescape(content), raw)
            self.prose.append(" ")
        else:
            role = match.group("role") or end.group("role")
            if role:
                self._role(role[1:-1].lower(), content, raw)
            else:
                self._phrase(content, raw, end.group("refend"))
        return end.end()

    def _role(self, role: str, content: str, raw: str) -> None:
        name = role.rsplit(":", 1)[-1]
        if name in _TEXT_ROLES:
            self.items.append(Placeable(ROLE, f":{role}:", raw, fixed=False))
            self.prose.append(_unescape(content))
            return
        if name in _KEY_ROLES:
            self.items.append(Placeable(ROLE, f":{role}:", raw, fixed=False))
            self.prose.append(" ")
            return
        if name in _LITERAL_ROLES:
            literal = _unescape(content, restore=True)
            if name in ("file", "samp"):
                literal = _VARIABLE.sub("{}", literal)  # {variable} parts are translatable
            self.items.append(Placeable(ROLE_LITERAL, f":{role}:`{literal}`", raw))
            self.prose.append(" ")
            return
        explicit = _EXPLICIT_TITLE.match(content)
        if explicit:
            target = _unescape(explicit.group(2))
            title = _unescape(explicit.group(1))
            self.items.append(Placeable("role text", title, raw, fixed=False))
            self.prose.append(title)
        else:
            target = _unescape(content)
            self.prose.append(" ")
        if name == "term":
            # Sphinx resolves a term against the translated glossary: only their number
            # must match ("inconsistent term references").
            self._count("term")
            self.items.append(Placeable(ROLE, f":{role}:", raw, fixed=False))
            return
        if target.startswith("!"):
            # "!": no link, the text is only shown (and may be translated)
            self.items.append(Placeable(ROLE, f":{role}:", raw, fixed=False))
            return
        target = " ".join(target.split()).lstrip("~.")
        target = target.removesuffix("()")  # Sphinx drops the parentheses of a target
        self.items.append(Placeable(ROLE, f":{role}:`{target}`", raw))

    def _phrase(self, content: str, raw: str, refend: str | None) -> None:
        if not refend:
            self._count("interpreted")  # the default role: displayed text
            self.prose.append(_unescape(content))
            return
        embedded = _EMBEDDED.search(content)
        text = _unescape(content[: embedded.start()] if embedded else content)
        self.prose.append(text)
        if embedded:
            alias = _unescape(embedded.group(1))
            if alias.endswith("_") and not _URI.fullmatch(alias):
                self._reference(alias[:-1], raw)
            else:
                self.items.append(Placeable(LINK, url_key("".join(alias.split())), raw))
        if refend == "__":
            self._count("anonymous")
        elif not embedded:
            self._reference(text, raw)
        self.items.append(Placeable("link text", text, raw, fixed=False))

    def _reference(self, name: str, raw: str) -> None:
        """A reference by name: Sphinx maps a translated name back to the source's, so only
        their number must match ("inconsistent references")."""
        self._count("reference")
        self.items.append(Placeable(REFERENCE, normalize_name(name), raw, fixed=False))


_CALL = re.compile(r"[^\W\d][\w.]*\(.*\)", re.DOTALL)
_PERSON = re.compile(r"(?:[A-Z][\w'’.-]*\.?\s+){1,3}[A-Z][\w'’-]+")


def _running(prose: str) -> str:
    """The prose, or "" when it is no running text: one token (a module, parameter or
    index name such as ``heapq``, a directive such as ``%A``), a call (``f(x, y)``), or a
    person's name (``A.M. Kuchling``), as Sphinx's catalogues hold them by the hundred."""
    words = prose.split()
    if len(words) <= 1 or _CALL.fullmatch(prose) or _PERSON.fullmatch(prose):
        return ""
    return prose


_MARK = re.compile(r"[*`_|:\[]")
"""A character some markup holds (a text without any is plain prose)."""


@lru_cache(maxsize=8192)
def read(text: str) -> Placeables:
    """The placeables of a reStructuredText paragraph (memoized)."""
    if _MARK.search(text) is None:
        plain = text.replace("\\", "")
        return Placeables(prose=_running(" ".join(plain.split())), text=plain)
    return _Reader(text).run()


def read_markup(text: str) -> Placeables:
    """:func:`read` without the prose (``""``): what comparing two texts reads, without
    the work of gathering their running text."""
    if _MARK.search(text) is None:
        return Placeables((), (), (), "", text.replace("\\", ""))
    return _Reader(text, prose=False).run()


REST = Dialect(
    "rst",
    read,
    kinds=(ROLE, ROLE_LITERAL, LITERAL, LINK, SUBSTITUTION, FOOTNOTE, CITATION, TARGET, URL),
    counted=(
        Counted("term", "term reference", "term references"),
        Counted("reference", "named reference", "named references"),
        Counted("anonymous", "anonymous reference", "anonymous references"),
        Counted("em", "emphasised span", "emphasised spans", weak=True),
        Counted("strong", "strong span", "strong spans", weak=True),
        Counted("interpreted", "interpreted text", "interpreted texts", weak=True),
    ),
    grade=grade,
    pair_changes=True,
    markup=read_markup,
)
"""reStructuredText with Sphinx's roles: the dialect of Sphinx's catalogues."""
