"""The shipped site end to end: extract, update, import; GNU gettext is the judge."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from helpers import copy_site, snapshot
from pipeline.catalog.po_read import read_po
from pipeline.cli import main


def run(site: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["-C", str(site), *args], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("site"))
    assert run(root, "extract")[0] == 0
    assert run(root, "update")[0] == 0
    return root


def catalogues(site: Path) -> list[Path]:
    return sorted((site / "locale").rglob("*.po*"))


def test_one_template_and_one_po_per_page(site: Path) -> None:
    pages = sorted(p.stem for p in (site / "content" / "en").glob("*.md"))
    assert sorted(p.stem for p in (site / "locale").glob("*.pot")) == pages
    assert sorted(p.stem for p in (site / "locale" / "fr" / "LC_MESSAGES").glob("*.po")) == pages


def test_gettext_accepts_and_reproduces_every_file(site: Path) -> None:
    files = catalogues(site)
    assert len(files) == 32
    for path in files:
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
        again = subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout
        assert again == path.read_bytes(), path


def test_second_run_changes_nothing(site: Path) -> None:
    before = snapshot(site)
    assert run(site, "extract")[0] == 0
    assert run(site, "update")[0] == 0
    assert snapshot(site) == before


def test_every_block_unit_is_a_msgid_at_its_line(site: Path) -> None:
    md = MarkdownIt("commonmark").enable("table")
    for page in sorted((site / "content" / "en").glob("*.md")):
        text = page.read_text("utf-8")
        body_start = text.index("\n---\n", 3) + 5
        offset = text[:body_start].count("\n")
        expected: set[tuple[str, int]] = set()
        for token in md.parse(text[body_start:]):
            if token.type == "inline" and token.map:
                line = token.map[0] + offset + 1
                children = token.children or []
                if all(
                    (c.type in ("image", "softbreak", "text") and not c.content.strip())
                    or c.type == "image"
                    for c in children
                ):
                    expected.update((c.content, line) for c in children if c.type == "image")
                else:
                    joined = " ".join(part.strip() for part in token.content.split("\n"))
                    expected.add((joined, line))
        catalog = read_po(site / "locale" / f"{page.stem}.pot")
        found = {
            (m.msgid, int(ref.rsplit(":", 1)[1]))
            for m in catalog.messages
            for ref in m.references
            if ref.startswith(f"content/en/{page.name}:")
        }
        assert expected <= found, (page.name, expected - found)


def test_import_fills_every_french_catalogue(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    assert run(root, "extract")[0] == 0
    status, _out, err = run(root, "import", "fr")
    assert status == 0, err
    assert err == ""
    for path in sorted((root / "locale" / "fr" / "LC_MESSAGES").glob("*.po")):
        stats = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stderr
        assert "fuzzy" not in stats and "untranslated" not in stats, (path.name, stats)
        assert "translated message" in stats
    before = snapshot(root)
    assert run(root, "import", "fr")[0] == 0
    assert run(root, "update")[0] == 0
    assert snapshot(root) == before


def test_every_shipped_catalogue_passes_msgfmt_check_without_a_warning() -> None:
    from helpers import REPO

    # Templates keep xgettext's placeholders (PO-Revision-Date, Last-Translator,
    # Language-Team), as msginit expects them; the catalogues translators use are clean.
    files = sorted((REPO / "locale").rglob("*.po"))
    assert len(files) == 16
    for path in files:
        done = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr
        assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in path.read_text("utf-8")
