"""``pipeline update``: a renamed page's new catalogue recovers its translations."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from helpers import french_site
from pipeline.catalog.po_read import read_po
from pipeline.cli import main


def _run(site: Path, *args: str) -> str:
    out = io.StringIO()
    assert main(["-C", str(site), *args], stdout=out, stderr=io.StringIO()) == 0
    return out.getvalue()


def _translations(path: Path) -> dict[str, tuple[str, bool]]:
    return {m.msgid: (m.msgstr, m.fuzzy) for m in read_po(path).messages if not m.obsolete}


def test_renamed_page_keeps_its_translations(tmp_path: Path) -> None:
    french_site(tmp_path)
    fr = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    before = _translations(fr / "incb.po")
    old_po = (fr / "incb.po").read_bytes()
    shutil.move(tmp_path / "content/en/incb.md", tmp_path / "content/en/narcotics-board.md")
    _run(tmp_path, "extract")
    said = _run(tmp_path, "update")
    assert f"created locale/fr/LC_MESSAGES/narcotics-board.po: {len(before)} kept" in said
    assert f"({len(before)} recovered from orphan catalogues)" in said
    assert _translations(fr / "narcotics-board.po") == before
    assert (fr / "incb.po").read_bytes() == old_po  # the orphan is left as it was


def test_only_matching_entries_are_recovered(tmp_path: Path) -> None:
    french_site(tmp_path)
    fr = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    before = _translations(fr / "incb.po")
    page = (tmp_path / "content/en/incb.md").read_text(encoding="utf-8")
    (tmp_path / "content/en/incb.md").unlink()
    (tmp_path / "content/en/renamed.md").write_text(
        page + "\nA paragraph nobody has translated yet.\n", encoding="utf-8"
    )
    _run(tmp_path, "extract")
    _run(tmp_path, "update")
    after = _translations(fr / "renamed.po")
    assert after["A paragraph nobody has translated yet."] == ("", False)
    assert {k: v for k, v in after.items() if k in before} == before
    obsolete = [m for m in read_po(fr / "renamed.po").messages if m.obsolete]
    assert obsolete == []


def test_existing_catalogue_takes_nothing_from_orphans(tmp_path: Path) -> None:
    french_site(tmp_path)
    (tmp_path / "content/en/incb.md").unlink()
    _run(tmp_path, "extract")
    said = _run(tmp_path, "update")
    assert "recovered" not in said
