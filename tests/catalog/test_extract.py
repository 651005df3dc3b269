"""Extraction golden files: ``x.md`` -> ``x.md.expect.pot`` (one per unit kind and case)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers import check_golden
from pipeline.catalog.extract import extract
from pipeline.catalog.po_read import parse_po
from pipeline.catalog.po_write import format_po
from pipeline.content.pages import parse_page

CASES = sorted((Path(__file__).parent / "extract").glob("*.md"))


def _pot(source: Path) -> str:
    name = source.stem
    page = parse_page(source.read_text("utf-8"), f"content/en/{name}.md", "en", name)
    catalogs = extract([page], project="test 1.0", date=None)
    return format_po(catalogs[name])


@pytest.mark.parametrize("source", CASES, ids=[c.name for c in CASES])
def test_extract_golden(source: Path) -> None:
    check_golden(source.with_name(source.name + ".expect.pot"), _pot(source))


@pytest.mark.parametrize("source", CASES, ids=[c.name for c in CASES])
def test_extracted_pot_is_what_gettext_writes(source: Path, tmp_path: Path) -> None:
    pot = tmp_path / "x.pot"
    pot.write_text(_pot(source), encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(pot)], check=True)
    again = subprocess.run(["msgcat", str(pot)], check=True, capture_output=True).stdout
    assert again.decode("utf-8") == pot.read_text("utf-8")


def test_repeated_text_merges_references() -> None:
    text = (Path(__file__).parent / "extract" / "repeated.md").read_text("utf-8")
    page = parse_page(text, "content/en/repeated.md", "en", "repeated")
    catalog = extract([page], project="p", date=None)["repeated"]
    by_id = {m.msgid: m for m in catalog.messages}
    assert by_id["Resources"].references == ("content/en/repeated.md:1", "content/en/repeated.md:5")
    assert by_id["Read more."].extracted_comments == ("paragraph, list-item",)


def test_single_domain_collects_every_page() -> None:
    pages = [
        parse_page("# One\n", "content/en/a.md", "en", "a"),
        parse_page("# Two\n\n# One\n", "content/en/b.md", "en", "b"),
    ]
    catalogs = extract(pages, project="p", date=None, single_domain="site")
    assert list(catalogs) == ["site"]
    assert [m.msgid for m in catalogs["site"].messages] == ["One", "Two"]
    assert catalogs["site"].messages[0].references == ("content/en/a.md:1", "content/en/b.md:3")


def test_date_only_with_source_date_epoch() -> None:
    page = parse_page("# One\n", "content/en/a.md", "en", "a")
    without = format_po(extract([page], project="p", date=None)["a"])
    with_date = format_po(extract([page], project="p", date="2026-01-02 03:04+0000")["a"])
    assert "POT-Creation-Date" not in without
    assert '"POT-Creation-Date: 2026-01-02 03:04+0000\\n"' in with_date
    ids = [m.msgid for m in parse_po(with_date, "a.pot").messages]
    assert ids == [m.msgid for m in parse_po(without, "a.pot").messages] == ["One"]
