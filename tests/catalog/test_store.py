"""Finding a language's catalogues on disk."""

from __future__ import annotations

from pathlib import Path

from pipeline.catalog import store
from pipeline.config import load_config

PO = 'msgid ""\nmsgstr ""\n'


def test_language_catalogs_as_rglob_finds_them(tmp_path: Path) -> None:
    (tmp_path / "pipeline.toml").write_text('source_language = "en"\nlanguages = ["fr"]\n', "utf-8")
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    for name in ["b.po", "a.po", "docs/intro.po", "docs/a-b.po", ".hidden.po", "x.pot"]:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PO, "utf-8")
    (folder / "dir.po").mkdir()  # a folder is no catalogue (its files are)
    (folder / "dir.po" / "in.po").write_text(PO, "utf-8")
    (folder / "broken.po").symlink_to(tmp_path / "nowhere.po")  # listed: reading it fails
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "e.po").write_text(PO, "utf-8")
    (folder / "linked").symlink_to(tmp_path / "elsewhere")  # not entered
    config = load_config(tmp_path)
    found = store.language_catalogs(config, "fr")
    assert found == sorted(
        (p.relative_to(folder).with_suffix("").as_posix(), p)
        for p in folder.rglob("*.po")
        if p.is_file() or (p.is_symlink() and not p.exists())
    )
    assert [domain for domain, _ in found] == [
        ".hidden",
        "a",
        "b",
        "broken",
        "dir.po/in",
        "docs/a-b",
        "docs/intro",
    ]
    assert store.language_catalogs(config, "de") == []
