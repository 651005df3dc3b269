"""Listing a site's pages: one ``scandir`` pass, in path order, as ``os.walk`` found them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.content.pages import page_files
from pipeline.errors import SourceError

PAGE = "# Title\n\nText.\n"


def _site(root: Path, files: list[str]) -> None:
    (root / "pipeline.toml").write_text('source_language = "en"\nlanguages = ["fr"]\n', "utf-8")
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE, "utf-8")


def test_pages_in_path_order(tmp_path: Path) -> None:
    # Path order compares the parts: "a/z.md" comes before "a-b.md" and "a.md", although
    # "/" sorts after "-" and "." as a character.
    names = ["a-b.md", "a.md", "a/z.md", "a/b/c.md", "b.markdown", "Z.md", "é.md"]
    _site(tmp_path, [f"content/en/{n}" for n in names])
    config = load_config(tmp_path)
    files = page_files(config, "en")
    expected = sorted(f"content/en/{n}" for n in names)
    assert [f.display for f in files] == expected
    by_path = sorted(tmp_path / "content" / "en" / n for n in names)
    assert sorted(f.path for f in files) == by_path
    assert [f.name for f in files] == [
        d.removeprefix("content/en/").rsplit(".", 1)[0] for d in expected
    ]
    assert all(f.path.is_file() and f.unreadable is None for f in files)


def test_hidden_other_and_special_files_left_out(tmp_path: Path) -> None:
    _site(
        tmp_path,
        ["content/en/p.md", "content/en/.hidden.md", "content/en/.drafts/x.md", "content/en/n.txt"],
    )
    os.mkfifo(tmp_path / "content" / "en" / "fifo.md")
    (tmp_path / "content" / "en" / "dir.md").mkdir()
    config = load_config(tmp_path)
    assert [f.display for f in page_files(config, "en")] == ["content/en/p.md"]


def test_links(tmp_path: Path) -> None:
    _site(tmp_path, ["content/en/p.md", "shared/s.md", "shared/t.md"])
    en = tmp_path / "content" / "en"
    (en / "linked.md").symlink_to(tmp_path / "shared" / "s.md")
    (en / "broken.md").symlink_to(tmp_path / "nowhere.md")
    (en / "folder").symlink_to(tmp_path / "shared")  # a linked folder is not entered
    config = load_config(tmp_path)
    files = {f.display: f.unreadable for f in page_files(config, "en")}
    assert list(files) == ["content/en/broken.md", "content/en/linked.md", "content/en/p.md"]
    assert files["content/en/broken.md"] is not None
    assert files["content/en/broken.md"].startswith("cannot read")
    assert files["content/en/linked.md"] is None


def test_link_out_of_the_site_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _site(site, ["content/en/p.md"])
    (tmp_path / "out.md").write_text(PAGE, "utf-8")
    (site / "content" / "en" / "out.md").symlink_to(tmp_path / "out.md")
    with pytest.raises(SourceError, match="outside the site"):
        page_files(load_config(site), "en")
