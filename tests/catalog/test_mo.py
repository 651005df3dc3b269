"""format_mo: byte-identical to GNU msgfmt 0.21 (``msgfmt -o - FILE``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import REPO, copy_site
from pipeline.catalog.mo import format_mo, hash_string, hash_table_size, mo_entries
from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_read import read_po
from pipeline.catalog.po_write import format_po
from pipeline.config import load_config
from pipeline.tasks.compile import run_compile

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")

HEADER = (
    "Project-Id-Version: test\n"
    "POT-Creation-Date: 2024-01-02 03:04+0000\n"
    "PO-Revision-Date: 2024-01-02 03:04+0000\n"
    "Language: fr\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\n"
)

_HEADER_PO = "".join('"' + line + '\\n"\n' for line in HEADER.splitlines())

MIXED = (
    '# A catalogue with every kind of entry.\nmsgid ""\nmsgstr ""\n'
    + _HEADER_PO
    + """
msgid "Zebra"
msgstr "Zèbre"

msgctxt "menu"
msgid "File"
msgstr "Fichier"

msgctxt "verb"
msgid "File"
msgstr "Classer"

msgid "File"
msgstr "Dossier"

#, fuzzy
msgid "Fuzzy entry"
msgstr "Entrée floue"

msgid "Untranslated entry"
msgstr ""

msgid "%d page"
msgid_plural "%d pages"
msgstr[0] "%d page"
msgstr[1] "%d pages"

msgid "one form missing"
msgid_plural "forms missing"
msgstr[0] "une forme"
msgstr[1] ""

msgid "first form empty"
msgid_plural "first forms empty"
msgstr[0] ""
msgstr[1] "vides"

msgid "Multi\\nline\\n"
msgstr "Multi\\nligne\\n"

msgid "Émoji 🎉 and “quotes”"
msgstr "Émoji 🎉 et « guillemets »"

msgid "a lower-case first"
msgstr "un premier"

#~ msgid "Obsolete"
#~ msgstr "Obsolète"
"""
)


def _msgfmt(path: Path) -> bytes:
    assert MSGFMT is not None
    return subprocess.run(
        [MSGFMT, "-o", "-", str(path)], check=True, capture_output=True, timeout=30
    ).stdout


@needs_msgfmt
def test_mixed_catalogue_matches_msgfmt(tmp_path: Path) -> None:
    po = tmp_path / "mixed.po"
    po.write_text(MIXED, encoding="utf-8")
    assert format_mo(read_po(po, "mixed.po")) == _msgfmt(po)


def test_mixed_catalogue_entries() -> None:
    catalog = _parse(MIXED)
    originals = [original for original, _ in mo_entries(catalog)]
    assert originals == sorted(originals)
    assert b"Fuzzy entry" not in originals
    assert b"Untranslated entry" not in originals
    assert b"first form empty\x00first forms empty" not in originals
    assert b"Obsolete" not in originals
    assert b"menu\x04File" in originals
    assert b"%d page\x00%d pages" in originals
    translations = dict(mo_entries(catalog))
    assert translations[b"%d page\x00%d pages"] == b"%d page\x00%d pages"
    assert translations[b"one form missing\x00forms missing"] == b"une forme\x00"
    assert b"POT-Creation-Date" not in translations[b""]
    assert b"PO-Revision-Date" in translations[b""]


def _parse(text: str) -> Catalog:
    from pipeline.catalog.po_read import parse_po

    return parse_po(text, "test.po")


@needs_msgfmt
@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 7, 10, 11, 40, 97])
def test_hash_table_sizes_and_collisions_match_msgfmt(tmp_path: Path, count: int) -> None:
    messages = [
        Message(msgid=f"entry {i:03d} {'x' * (i % 7)}", msgstr=f"e{i}") for i in range(count)
    ]
    catalog = Catalog(header=Message(msgid="", msgstr=HEADER), messages=messages)
    po = tmp_path / "n.po"
    po.write_text(format_po(catalog), encoding="utf-8")
    assert format_mo(read_po(po, "n.po")) == _msgfmt(po)


@needs_msgfmt
def test_fuzzy_header_is_kept_and_empty_catalogue_gives_nothing(tmp_path: Path) -> None:
    fuzzy_header = Message(msgid="", msgstr=HEADER, flags=("fuzzy",))
    po = tmp_path / "f.po"
    po.write_text(format_po(Catalog(fuzzy_header, [Message("a", "b")])), encoding="utf-8")
    assert format_mo(read_po(po, "f.po")) == _msgfmt(po)
    empty = tmp_path / "e.po"
    empty.write_text('msgid "a"\nmsgstr ""\n', encoding="utf-8")
    assert format_mo(read_po(empty, "e.po")) == b"" == _msgfmt(empty)


def test_hash_function_and_sizes() -> None:
    # Known values of gettext's hashpjw.
    assert hash_string(b"") == 0
    assert hash_string(b"a") == 97
    assert hash_string(b"ab") == 97 * 16 + 98
    assert hash_string(b"x" * 40) < 2**32
    # next prime >= 4/3 n with gnulib's quirks (3 is not "prime", minimum 3).
    assert [hash_table_size(n) for n in (0, 1, 2, 3, 4, 8, 30)] == [3, 3, 5, 5, 5, 11, 41]


def _shipped_site(tmp_path: Path) -> Path:
    site = copy_site(tmp_path / "site", with_locale=True)
    shutil.copy(REPO / "pipeline.toml", site / "pipeline.toml")
    for stale in (site / "locale").rglob("*.mo"):
        stale.unlink()  # compiled by an earlier 'make run' in the working tree
    if not (site / "locale").is_dir():
        from pipeline.tasks.extract import run_extract
        from pipeline.tasks.importing import run_import
        from pipeline.tasks.update import run_update

        config = load_config(site)
        run_extract(config)
        run_update(config)
        for lang in config.languages:
            run_import(config, lang)
    return site


@needs_msgfmt
def test_shipped_catalogues_compile_like_msgfmt(tmp_path: Path) -> None:
    site = _shipped_site(tmp_path)
    config = load_config(site)
    written = run_compile(config)
    pos = sorted((site / "locale").rglob("*.po"))
    assert pos
    assert written == sorted(p.with_suffix(".mo").relative_to(site).as_posix() for p in pos)
    for po in pos:
        assert po.with_suffix(".mo").read_bytes() == _msgfmt(po), po.name
    before = {p: p.stat().st_mtime_ns for p in (site / "locale").rglob("*.mo")}
    assert run_compile(config) == []
    assert {p: p.stat().st_mtime_ns for p in (site / "locale").rglob("*.mo")} == before


def test_compile_removes_stale_mo_when_nothing_is_translated(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content" / "en").mkdir(parents=True)
    (site / "content" / "fr").mkdir(parents=True)
    folder = site / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "p.po").write_text('msgid "a"\nmsgstr ""\n', encoding="utf-8")
    (folder / "p.mo").write_bytes(b"stale")
    assert run_compile(load_config(site)) == ["locale/fr/LC_MESSAGES/p.mo"]
    assert not (folder / "p.mo").exists()
