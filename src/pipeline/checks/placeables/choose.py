"""Which dialect a catalogue entry is written in: from its references (``#: x.rst:12``), or
from ``pipeline.toml`` (``[[check.overrides]]`` with ``dialect = "rst"``), else Markdown
(the dialect of the catalogues ``pipeline extract`` writes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

from pipeline.checks.placeables.html import HTML, PLAIN
from pipeline.checks.placeables.markdown import MARKDOWN
from pipeline.checks.placeables.model import Dialect
from pipeline.checks.placeables.rest import REST

DIALECTS: Mapping[str, Dialect] = MappingProxyType(
    {dialect.name: dialect for dialect in (MARKDOWN, REST, HTML, PLAIN)}
)
"""Every dialect by the name ``pipeline.toml`` gives it."""

_BY_SUFFIX = {
    **dict.fromkeys(("md", "markdown", "mdown", "mkd", "mdx"), "markdown"),
    **dict.fromkeys(("rst", "rest", "rst.txt"), "rst"),
    **dict.fromkeys(
        ("html", "htm", "xhtml", "jinja", "jinja2", "j2", "tmpl", "tpl", "twig", "djhtml",
         "mako", "jsp", "erb", "vue", "svelte", "xml", "ui", "glade"),
        "html",
    ),
    **dict.fromkeys(
        ("py", "pyx", "c", "h", "cc", "cpp", "cxx", "hpp", "m", "mm", "js", "jsx", "ts",
         "tsx", "java", "kt", "cs", "go", "rs", "rb", "php", "pl", "pm", "sh", "bash", "lua",
         "scm", "el", "lisp", "tcl", "vala", "swift", "dart", "awk", "desktop", "json",
         "yaml", "yml", "ini", "cfg", "toml", "sql"),
        "plain",
    ),
}  # fmt: skip
"""A reference's file suffix -> the dialect of the text it names."""


def reference_dialect(reference: str) -> str | None:
    """The dialect a ``#:`` reference names (``library/os.rst:12`` -> ``rst``), or None."""
    return _path_dialect(reference.rsplit(":", 1)[0] if ":" in reference else reference)


@lru_cache(maxsize=4096)
def _path_dialect(path: str) -> str | None:
    """:func:`reference_dialect` of a reference's file (memoized: a catalogue's entries
    name a few files, each many times)."""
    name = path.rsplit("/", 1)[-1].lower()
    if "." not in name:
        return None
    if name.endswith(".rst.txt"):
        return "rst"
    return _BY_SUFFIX.get(name.rsplit(".", 1)[-1])


def entry_dialect(references: Iterable[str]) -> str | None:
    """The dialect most of an entry's references name (None: they name none)."""
    if isinstance(references, tuple) and len(references) == 1:
        return reference_dialect(references[0])  # (most entries: what the loop finds)
    found: dict[str, int] = {}
    for reference in references:
        dialect = reference_dialect(reference)
        if dialect is not None:
            found[dialect] = found.get(dialect, 0) + 1
    if len(found) <= 1:
        return next(iter(found), None)  # no dialect, or one (every entry of Sphinx's)
    order = tuple(DIALECTS)
    return min(found, key=lambda name: (-found[name], order.index(name)))


def catalog_dialect(entries: Iterable[Iterable[str]]) -> str:
    """The dialect of a catalogue: the one most of its entries name, else Markdown."""
    found = Counter(d for d in map(entry_dialect, entries) if d is not None)
    if not found:
        return MARKDOWN.name
    order = tuple(DIALECTS)
    return min(found, key=lambda name: (-found[name], order.index(name)))


def dialect_named(name: str) -> Dialect:
    """The dialect of a (checked) name."""
    return DIALECTS[name]
