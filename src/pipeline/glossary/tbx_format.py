"""The TBX glossary format: TBX-Basic / TBX v2 (``martif``, ``termEntry``, ``langSet``,
``tig``/``ntig``) and TBX v3 (``tbx``, ``conceptEntry``, ``langSec``, ``termSec``). Text in,
records out (reading the file is :mod:`pipeline.glossary.load`'s).

The XML is parsed by expat into an :mod:`xml.etree.ElementTree` tree, noting the line where
each element starts. A DOCTYPE with an internal subset and every entity declaration are
refused, and external entities and parameter entities are never read.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from pipeline.errors import ConfigError
from pipeline.glossary.model import Glossary, GlossaryEntry, normalize_lang

_DNT_TYPES = frozenset({"dnt", "donottranslate", "do-not-translate"})
_DEPRECATED = ("deprecated", "superseded", "notrecommended", "forbidden")


def parse_tbx(text: str, display: str, source_lang: str | None = None) -> Glossary:
    """Glossary from TBX text: TBX-Basic / TBX v2 (``martif``, ``termEntry``, ``langSet``,
    ``tig``/``ntig``) or TBX v3 (``tbx``, ``conceptEntry``, ``langSec``, ``termSec``).
    ``source_lang`` is used when the root element declares no ``xml:lang``."""
    tree = _XmlTree(text, display)
    root = tree.root
    if root.tag not in ("martif", "tbx"):
        raise ConfigError(
            f"not a TBX file (root element <{root.tag}>, expected <martif> or <tbx>)",
            display,
            tree.line(root),
        )
    declared = root.get("lang") or source_lang
    if not declared:
        raise ConfigError(
            "TBX file declares no source language (xml:lang on the root element)",
            display,
            tree.line(root),
        )
    source = normalize_lang(declared)
    entries: list[GlossaryEntry] = []
    for concept in _descendants(root, "termEntry", "conceptEntry"):
        entry = _tbx_entry(concept, source, tree)
        if entry is not None:
            entries.append(entry)
    return Glossary(source, tuple(entries), display)


class _XmlTree:
    """An XML document as an ElementTree, with the 1-based line where each element starts.

    Tags and attribute names are local names (namespaces dropped: ``xml:lang`` is ``lang``).
    """

    def __init__(self, text: str, display: str) -> None:
        self.display = display
        """The file's display path, for errors."""
        self._parser = expat.ParserCreate(namespace_separator=" ")
        self._parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._chars
        self._parser.StartDoctypeDeclHandler = self._doctype
        self._parser.EntityDeclHandler = self._entity
        self._builder = TreeBuilder()
        self._lines: dict[Element, int] = {}
        self._open = 0
        self._root: Element | None = None
        try:
            self._parser.Parse(text.encode("utf-8"), True)
        except expat.ExpatError as exc:
            message = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
            raise ConfigError(f"malformed TBX: {message}", display, exc.lineno) from None
        if self._root is None:
            raise ConfigError("malformed TBX: no root element", display, 1)
        self.root: Element = self._root
        """The root element."""

    def line(self, element: Element) -> int:
        """1-based line where ``element`` starts."""
        return self._lines[element]

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        element = self._builder.start(_local(name), {_local(k): v for k, v in attrs.items()})
        self._lines[element] = self._parser.CurrentLineNumber
        if self._root is None:
            self._root = element
        self._open += 1

    def _end(self, name: str) -> None:
        self._builder.end(_local(name))
        self._open -= 1

    def _chars(self, data: str) -> None:
        if self._open:
            self._builder.data(data)

    def _doctype(
        self, _name: str, _system: str | None, _public: str | None, internal: bool
    ) -> None:
        if internal:
            raise ConfigError(
                "glossary DOCTYPE with an internal subset is not allowed",
                self.display,
                self._parser.CurrentLineNumber,
            )

    def _entity(self, *_args: object) -> None:
        raise ConfigError(
            "entity declarations are not allowed in a glossary",
            self.display,
            self._parser.CurrentLineNumber,
        )


def _local(name: str) -> str:
    """``urn:iso:std:iso:30042:ed-2 tbx`` -> ``tbx`` (expat joins namespace and name by a space)."""
    return name.rsplit(" ", 1)[-1]


def _descendants(element: Element, *tags: str) -> Iterator[Element]:
    """Elements below ``element`` (not itself) whose tag is one of ``tags``, in document order."""
    return (node for node in islice(element.iter(), 1, None) if node.tag in tags)


def _all_text(element: Element) -> str:
    """The element's own character data (its text and its children's tails), then its
    children's, each in turn: ``a<b>c</b>d`` gives ``adc``."""
    own = (element.text or "") + "".join(child.tail or "" for child in element)
    return own + "".join(_all_text(child) for child in element)


def _tbx_entry(concept: Element, source: str, tree: _XmlTree) -> GlossaryEntry | None:
    source_terms: list[str] = []
    translations: dict[str, list[str]] = {}
    for lang_set in _descendants(concept, "langSet", "langSec"):
        raw_lang = lang_set.get("lang")
        if not raw_lang:
            raise ConfigError(
                f"<{lang_set.tag}> without xml:lang", tree.display, tree.line(lang_set)
            )
        lang = normalize_lang(raw_lang)
        for term, deprecated in _tbx_terms(lang_set):
            if lang.split("_", 1)[0] == source.split("_", 1)[0]:
                source_terms.append(term)
            elif not deprecated:
                translations.setdefault(lang, []).append(term)
    if not source_terms:
        return None
    dnt = any(
        _is_dnt(node) for node in _descendants(concept, "termNote", "descrip", "admin", "note")
    )
    note = None
    for node in _descendants(concept, "descrip", "note"):
        if node.get("type", "definition") in ("definition", "context", "note"):
            note = " ".join(_all_text(node).split()) or None
            if note:
                break
    unique = list(dict.fromkeys(source_terms))
    return GlossaryEntry(
        unique[0],
        tuple((lang, tuple(dict.fromkeys(values))) for lang, values in translations.items()),
        dnt,
        note,
        tree.line(concept),
        tuple(unique[1:]),
    )


def _tbx_terms(lang_set: Element) -> Iterator[tuple[str, bool]]:
    groups = list(_descendants(lang_set, "tig", "ntig", "termSec"))
    if not groups:
        groups = [lang_set]
    for group in groups:
        deprecated = any(
            note.get("type") in ("administrativeStatus", "normativeAuthorization")
            and any(word in _all_text(note).lower() for word in _DEPRECATED)
            for note in _descendants(group, "termNote")
        )
        for term in _descendants(group, "term"):
            value = " ".join(_all_text(term).split())
            if value:
                yield value, deprecated


def _is_dnt(node: Element) -> bool:
    kind = node.get("type", "").replace("_", "").lower()
    value = _all_text(node).strip().lower()
    if kind in _DNT_TYPES:
        return value in ("", "yes", "true", "1")
    if kind == "translatable":
        return value in ("no", "false", "0")
    return value in ("do not translate", "do-not-translate", "dnt")
