"""The catalogue rules over one PO file: which dialect each entry is read in."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from pipeline.catalog.po_read import parse_po
from pipeline.checks import catalog_rules
from pipeline.checks.catalog_rules import catalog_findings, judged_sources
from pipeline.checks.placeables.choose import catalog_dialect
from pipeline.content.site import CatalogFile

HEADER = """msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

"""
ENTRY = """#: {ref}
msgid "Read a :term:`file object <file object>` with *care*, {n}."
msgstr "Lisez un :term:`objet fichier <file object>` avec soin, {n}."

"""
LEFT = """{ref}msgid "Call :func:`open` to open {n} files."
msgstr "Call :func:`open` to open {n} files."

"""


def _file(*refs: str, left: tuple[str, ...] = ()) -> CatalogFile:
    entries = [ENTRY.format(ref=ref, n=n) if ref else ENTRY.replace("#: {ref}\n", "").format(n=n)
               for n, ref in enumerate(refs)]  # fmt: skip
    entries += [LEFT.format(ref=f"#: {ref}\n" if ref else "", n=n) for n, ref in enumerate(left)]
    text = HEADER + "".join(entries)
    return CatalogFile("locale/fr/LC_MESSAGES/x.po", "fr", "x", parse_po(text, "x.po"))


def _rules(file: CatalogFile, dialect: str | None = None) -> list[tuple[str, int]]:
    found = catalog_findings(
        file, glossary=None, options={}, source_language_of=lambda text: "en", dialect=dialect
    )
    return sorted((c.finding.rule, c.finding.location.line) for c in found)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def counted(entries: Iterable[Iterable[str]]) -> str:
        calls.append(1)
        return catalog_dialect(entries)

    monkeypatch.setattr(catalog_rules, "catalog_dialect", counted)
    return calls


def test_the_catalogue_dialect_is_worked_out_only_for_an_entry_naming_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every entry naming its file (Sphinx's catalogues): the catalogue's dialect is not
    worked out; one entry naming none: it is, once, and that entry is read in it."""
    calls = _counting(monkeypatch)
    named = _file("library/io.rst:4", "library/os.rst:9", left=("library/io.rst:7",))
    # reStructuredText: the role's display text may change; the entry left as it was is
    # reported as such (the same in every dialect).
    assert _rules(named) == [("unchanged-translation", 15)]
    assert list(judged_sources(named, options={})) == ["Call :func:`open` to open 0 files."]
    assert calls == []
    # Two entries naming no file read in the catalogue's dialect (reStructuredText here) ...
    mixed = _file("library/io.rst:4", "", "library/os.rst:9", "", left=("",))
    assert _rules(mixed) == [("unchanged-translation", 20)]
    assert calls == [1]
    assert list(judged_sources(mixed, options={})) == ["Call :func:`open` to open 0 files."]
    assert calls == [1, 1]
    # ... and in Markdown when no entry names one: the backticks are code spans that differ.
    assert _rules(_file("", "")) == [("markup-mismatch", 6)] * 3 + [("markup-mismatch", 9)] * 3
    assert calls == [1, 1, 1]


def test_the_configured_dialect_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    assert _rules(_file("", "content/en/a.md:1"), dialect="rst") == []
    assert _rules(_file("library/io.rst:4"), dialect="markdown") == [("markup-mismatch", 7)] * 3
    assert calls == []


def test_the_plural_distribution_is_worked_out_once_per_plural_forms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Catalogues sharing a ``Plural-Forms`` value share its distribution: msgfmt's
    expression is evaluated for 1,001 numbers once, not once per catalogue."""
    from pipeline.checks import placeholders

    calls: list[str | None] = []

    def counted(plural_forms: str | None) -> placeholders.Often | None:
        calls.append(plural_forms)
        return placeholders.plural_often(plural_forms)

    monkeypatch.setattr(catalog_rules, "plural_often", counted)
    catalog_rules._often_of.cache_clear()
    header = HEADER.replace(
        '"Content-Type', '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n"Content-Type'
    )
    plural = (
        '#, python-format\nmsgid "%d file"\nmsgid_plural "%d files"\n'
        'msgstr[0] "%d fichier"\nmsgstr[1] "des fichiers"\n'
    )
    for name in ("a.po", "b.po"):
        file = CatalogFile(
            f"locale/fr/LC_MESSAGES/{name}", "fr", "x", parse_po(header + plural, name)
        )
        assert [rule for rule, _ in _rules(file)] == ["placeholder-mismatch"]
    assert calls == ["nplurals=2; plural=(n > 1);"]
    catalog_rules._often_of.cache_clear()
