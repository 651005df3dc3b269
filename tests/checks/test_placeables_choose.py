"""Which dialect a catalogue entry is read in: its references, the catalogue's, the
configuration's ``[[check.overrides]] dialect``; Markdown by default."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.checks.placeables.choose import (
    DIALECTS,
    catalog_dialect,
    entry_dialect,
    reference_dialect,
)
from pipeline.cli import main
from pipeline.rules import DIALECTS as DIALECT_NAMES


@pytest.mark.parametrize(
    ("reference", "dialect"),
    [
        ("library/os.rst:12", "rst"),
        ("../../Doc/library/os.rst:0", "rst"),
        ("content/en/incb.md:9", "markdown"),
        ("templates/base.html:3", "html"),
        ("src/app/views.py:120", "plain"),
        ("lib/foo.c:7", "plain"),
        ("README", None),
        ("notes.xyz:1", None),
    ],
)
def test_a_reference_names_a_dialect(reference: str, dialect: str | None) -> None:
    assert reference_dialect(reference) == dialect


def test_an_entry_and_a_catalogue_take_the_most_common() -> None:
    assert entry_dialect(["a.rst:1", "b.rst:2", "c.html:3"]) == "rst"
    assert entry_dialect([]) is None
    assert catalog_dialect([["a.rst:1"], ["b.rst:2"], ["c.md:3"], []]) == "rst"
    assert catalog_dialect([[], []]) == "markdown"


def test_the_registry_names_every_dialect() -> None:
    assert set(DIALECTS) == set(DIALECT_NAMES)


PO = """msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#: {ref}
msgid "Read a :term:`file object <file object>` with *care*."
msgstr "Lisez un :term:`objet fichier <file object>` avec soin."
"""


def _markup_findings(root: Path) -> list[dict[str, object]]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["-C", str(root), "check", "--format", "json", "--fail-on", "never"],
                  stdout=out, stderr=err)  # fmt: skip
    assert status == 0, err.getvalue()
    return [f for f in json.loads(out.getvalue())["findings"] if f["rule"] == "markup-mismatch"]


def _site(tmp_path: Path, ref: str, toml: str) -> Path:
    (tmp_path / "content" / "en").mkdir(parents=True)
    (tmp_path / "content" / "fr").mkdir(parents=True)
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "docs.po").write_text(PO.replace("{ref}", ref), encoding="utf-8")
    (tmp_path / "pipeline.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def test_references_decide_and_the_configuration_overrides(tmp_path: Path) -> None:
    # From .rst references: a role's display text may be translated, emphasis may go.
    assert _markup_findings(_site(tmp_path / "a", "library/io.rst:4", "")) == []
    # The same entry from a Markdown page: backticks are code spans, emphasis is counted.
    assert _markup_findings(_site(tmp_path / "b", "content/en/io.md:4", ""))
    # A per-path setting reads it as reStructuredText whatever its references say.
    toml = '[[check.overrides]]\npaths = ["locale/*/LC_MESSAGES/docs.po"]\ndialect = "rst"\n'
    assert _markup_findings(_site(tmp_path / "c", "content/en/io.md:4", toml)) == []


def test_an_entry_reads_the_same_from_a_tuple_and_from_other_iterables() -> None:
    """Each reference's file is read once (memoized); every entry gets its own answer."""
    refs = ("library/os.rst:12", "library/os.rst:40", "templates/x.html:3", "a.py:1")
    for end in range(len(refs) + 1):
        assert entry_dialect(refs[:end]) == entry_dialect(list(refs[:end]))
        assert entry_dialect(refs[:end]) == entry_dialect(iter(refs[:end]))
    assert entry_dialect(refs) == "rst"
    assert reference_dialect("library/os.rst:99") == "rst"
    assert reference_dialect("templates/x.html") == "html"
    assert entry_dialect(("templates/x.html:3", "a.py:1", "a.py:9")) == "plain"
