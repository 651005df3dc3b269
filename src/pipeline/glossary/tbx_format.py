"""The TBX glossary format: TBX-Basic / TBX v2 (``martif``, ``termEntry``, ``langSet``,
``tig``/``ntig``) and TBX v3 (``tbx``, ``conceptEntry``, ``langSec``, ``termSec``). Text in,
records out (reading the file is :mod:`pipeline.glossary.load`'s)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from pipeline.errors import ConfigError
from pipeline.glossary.model import Glossary, GlossaryEntry, normalize_lang

_DNT_TYPES = frozenset({"dnt", "donottranslate", "do-not-translate"})
_DEPRECATED = ("deprecated", "superseded", "notrecommended", "forbidden")


@dataclass(slots=True)
class _Node:
    """An XML element, with the line where it starts."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def iter(self, *tags: str) -> Iterator[_Node]:
        for child in self.children:
            if child.tag in tags:
                yield child
            yield from child.iter(*tags)

    def all_text(self) -> str:
        return "".join(self.text) + "".join(child.all_text() for child in self.children)


def _parse_xml(text: str, display: str) -> _Node:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Node] = []
    roots: list[_Node] = []

    def local(name: str) -> str:
        return name.rsplit(" ", 1)[-1]

    def start(name: str, attrs: dict[str, str]) -> None:
        node = _Node(local(name), {local(k): v for k, v in attrs.items()}, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].text.append(data)

    def doctype(_name: str, _system: str | None, _public: str | None, internal: bool) -> None:
        if internal:
            raise ConfigError(
                "glossary DOCTYPE with an internal subset is not allowed",
                display,
                parser.CurrentLineNumber,
            )

    def entity(*_args: object) -> None:
        raise ConfigError(
            "entity declarations are not allowed in a glossary", display, parser.CurrentLineNumber
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        raise ConfigError(f"malformed TBX: {message}", display, exc.lineno) from None
    if not roots:
        raise ConfigError("malformed TBX: no root element", display, 1)
    return roots[0]


def parse_tbx(text: str, display: str, source_lang: str | None = None) -> Glossary:
    """Glossary from TBX text: TBX-Basic / TBX v2 (``martif``, ``termEntry``, ``langSet``,
    ``tig``/``ntig``) or TBX v3 (``tbx``, ``conceptEntry``, ``langSec``, ``termSec``)."""
    root = _parse_xml(text, display)
    if root.tag not in ("martif", "tbx"):
        raise ConfigError(
            f"not a TBX file (root element <{root.tag}>, expected <martif> or <tbx>)",
            display,
            root.line,
        )
    declared = root.attrs.get("lang") or source_lang
    if not declared:
        raise ConfigError(
            "TBX file declares no source language (xml:lang on the root element)",
            display,
            root.line,
        )
    source = normalize_lang(declared)
    entries: list[GlossaryEntry] = []
    for concept in root.iter("termEntry", "conceptEntry"):
        entry = _tbx_entry(concept, source, display)
        if entry is not None:
            entries.append(entry)
    return Glossary(source, tuple(entries), display)


def _tbx_entry(concept: _Node, source: str, display: str) -> GlossaryEntry | None:
    source_terms: list[str] = []
    translations: dict[str, list[str]] = {}
    for lang_set in concept.iter("langSet", "langSec"):
        raw_lang = lang_set.attrs.get("lang")
        if not raw_lang:
            raise ConfigError(f"<{lang_set.tag}> without xml:lang", display, lang_set.line)
        lang = normalize_lang(raw_lang)
        for term, deprecated in _tbx_terms(lang_set):
            if lang.split("_", 1)[0] == source.split("_", 1)[0]:
                source_terms.append(term)
            elif not deprecated:
                translations.setdefault(lang, []).append(term)
    if not source_terms:
        return None
    dnt = any(_is_dnt(node) for node in concept.iter("termNote", "descrip", "admin", "note"))
    note = None
    for node in concept.iter("descrip", "note"):
        if node.attrs.get("type", "definition") in ("definition", "context", "note"):
            note = " ".join(node.all_text().split()) or None
            if note:
                break
    unique = list(dict.fromkeys(source_terms))
    return GlossaryEntry(
        unique[0],
        tuple((lang, tuple(dict.fromkeys(values))) for lang, values in translations.items()),
        dnt,
        note,
        concept.line,
        tuple(unique[1:]),
    )


def _tbx_terms(lang_set: _Node) -> Iterator[tuple[str, bool]]:
    groups = list(lang_set.iter("tig", "ntig", "termSec"))
    if not groups:
        groups = [lang_set]
    for group in groups:
        deprecated = any(
            note.attrs.get("type") in ("administrativeStatus", "normativeAuthorization")
            and any(word in note.all_text().lower() for word in _DEPRECATED)
            for note in group.iter("termNote")
        )
        for term in group.iter("term"):
            value = " ".join(term.all_text().split())
            if value:
                yield value, deprecated


def _is_dnt(node: _Node) -> bool:
    kind = node.attrs.get("type", "").replace("_", "").lower()
    value = node.all_text().strip().lower()
    if kind in _DNT_TYPES:
        return value in ("", "yes", "true", "1")
    if kind == "translatable":
        return value in ("no", "false", "0")
    return value in ("do not translate", "do-not-translate", "dnt")
