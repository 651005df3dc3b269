"""Hugo shortcodes are placeholders: a translation that renames, drops or leaves one unclosed
is a ``markup-mismatch`` and ``build`` does not publish it (catalogue entries and
hand-written pages), through the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.catalog.po_read import read_po
from pipeline.catalog.po_write import format_po
from pipeline.cli import main

SOURCE = """---
title: Using the tool
---

# Using the tool

{{% notice tip %}}Use the **command line** for this.{{% /notice %}}

See {{< ref "other.md" >}} for the details.

{{% notice warning %}}
Back up your files first.
{{% /notice %}}

{{% sign-language-section meUtsFU7ndo %}}
"""

GOOD_PAGE = """---
title: Utiliser l’outil
---

# Utiliser l’outil

{{% notice tip %}}Utilisez la **ligne de commande** pour cela.{{% /notice %}}

Voir {{< ref "other.md" >}} pour les détails.

{{% notice warning %}}
Sauvegardez d’abord vos fichiers.
{{% /notice %}}

{{% sign-language-section meUtsFU7ndo %}}
"""

TRANSLATIONS = {
    "Using the tool": "Utiliser l’outil",
    "{{% notice tip %}}Use the **command line** for this.{{% /notice %}}": (
        "{{% notice tip %}}Utilisez la **ligne de commande** pour cela.{{% /notice %}}"
    ),
    'See {{< ref "other.md" >}} for the details.': 'Voir {{< ref "other.md" >}} pour les détails.',
    "Back up your files first.": "Sauvegardez d’abord vos fichiers.",
}

# (fault, source text, broken translation, words of the message, a word only it has)
FAULTS = [
    (
        "renamed",
        'See {{< ref "other.md" >}} for the details.',
        'Voir {{< relref "other.md" >}} pour les détails.',
        'shortcode `{{< relref "other.md" >}}` is not in the source',
        "relref",
    ),
    (
        "dropped",
        'See {{< ref "other.md" >}} for the details.',
        "Voir l’autre page pour les détails.",
        'shortcode `{{< ref "other.md" >}}` of the source is missing',
        "l’autre page",
    ),
    (
        "unclosed",
        "{{% notice tip %}}Use the **command line** for this.{{% /notice %}}",
        "{{% notice tip %}}Utilisez la **ligne de commande** pour cela.",
        "shortcode `{{% /notice %}}` of the source is missing",
        "Utilisez",
    ),
]

PAGE_FAULTS = [
    ("renamed", "{{% sign-language-section", "{{% sign-section", "is not in the source"),
    ("dropped", "{{% sign-language-section meUtsFU7ndo %}}\n", "", "of the source is missing"),
    (
        "unclosed",
        "fichiers.\n{{% /notice %}}\n",
        "fichiers.\n",
        "{{% notice warning %}} is not closed",
    ),
]


def run(root: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["-C", str(root), *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def markup(root: Path) -> list[dict[str, Any]]:
    status, out, err = run(root, "check", "--format", "json", "--fail-on", "never")
    assert status == 0, err
    return [f for f in json.loads(out)["findings"] if f["rule"] == "markup-mismatch"]


def catalogue_site(root: Path, broken: dict[str, str]) -> Path:
    (root / "content" / "en").mkdir(parents=True)
    (root / "content" / "fr").mkdir(parents=True)
    (root / "content" / "en" / "tool.md").write_text(SOURCE, "utf-8")
    assert run(root, "extract")[0] == 0
    assert run(root, "update")[0] == 0
    po = root / "locale" / "fr" / "LC_MESSAGES" / "tool.po"
    catalog = read_po(po)
    wanted = {**TRANSLATIONS, **broken}
    for index, message in enumerate(catalog.messages):
        if message.msgid in wanted:
            catalog.messages[index] = message.__class__(
                **{**_fields(message), "msgstr": wanted[message.msgid]}
            )
    po.write_text(format_po(catalog), "utf-8")
    return root


def _fields(message: Any) -> dict[str, Any]:
    return {name: getattr(message, name) for name in message.__dataclass_fields__}


def test_shortcodes_are_placeholders_not_text(tmp_path: Path) -> None:
    root = catalogue_site(tmp_path, {})
    pot = (root / "locale" / "tool.pot").read_text("utf-8")
    assert "sign-language-section" not in pot  # a shortcode alone is no unit
    assert 'msgid "Back up your files first."' in pot  # text between paired tags is
    assert markup(root) == []
    status, _, err = run(root, "build")
    assert status == 0 and err == ""


@pytest.mark.parametrize(
    ("fault", "source", "broken", "words", "only"), FAULTS, ids=[f[0] for f in FAULTS]
)
def test_a_broken_shortcode_in_a_catalogue(
    tmp_path: Path, fault: str, source: str, broken: str, words: str, only: str
) -> None:
    root = catalogue_site(tmp_path, {source: broken})
    found = markup(root)
    assert [f["path"] for f in found] == ["locale/fr/LC_MESSAGES/tool.po"] * len(found)
    assert any(words in f["message"] for f in found), found
    status, _, err = run(root, "build")
    assert status == 0
    assert "markup-mismatch: translation not published" in err
    fragment = (root / "build" / "fr" / "tool.html").read_text("utf-8")
    assert only not in fragment
    assert "Sauvegardez" in fragment  # the other translations are published
    assert 'lang="en"' in fragment  # the unit falls back to its source, marked as such


@pytest.mark.parametrize(
    ("fault", "old", "new", "words"), PAGE_FAULTS, ids=[f[0] for f in PAGE_FAULTS]
)
def test_a_broken_shortcode_on_a_hand_written_page(
    tmp_path: Path, fault: str, old: str, new: str, words: str
) -> None:
    (tmp_path / "content" / "en").mkdir(parents=True)
    (tmp_path / "content" / "fr").mkdir(parents=True)
    (tmp_path / "content" / "en" / "tool.md").write_text(SOURCE, "utf-8")
    (tmp_path / "content" / "fr" / "tool.md").write_text(GOOD_PAGE, "utf-8")
    assert markup(tmp_path) == []
    assert run(tmp_path, "build")[0] == 0
    good = (tmp_path / "build" / "fr" / "tool.html").read_text("utf-8")
    assert "Sauvegardez" in good
    assert old in GOOD_PAGE
    (tmp_path / "content" / "fr" / "tool.md").write_text(GOOD_PAGE.replace(old, new), "utf-8")
    found = markup(tmp_path)
    assert len(found) >= 1 and all(f["path"] == "content/fr/tool.md" for f in found)
    assert any(words in f["message"] for f in found), found
    if fault == "unclosed":
        assert found[0]["line"] == 11  # the opening tag left unclosed
    status, _, err = run(tmp_path, "build")
    assert status == 0
    assert "content/fr/tool.md" in err and "page not published" in err
    fragment = (tmp_path / "build" / "fr" / "tool.html").read_text("utf-8")
    assert "Sauvegardez" not in fragment and "Back up your files first." in fragment
