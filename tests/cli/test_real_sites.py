"""Sites as they are: languages named as sites name them, found wherever they are, no silent
pass, stale catalogues caught (issue 11), through the CLI."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, copy_site, snapshot
from pipeline.cli import main

CEILING = "PIPELINE_CEILING_DIRECTORIES"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def findings(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    status, out, err = run("-C", str(root), "check", "--format", "json", *args)
    assert status in (0, 1), err
    return status, json.loads(out)["findings"]


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


EN = (
    "---\ntitle: About the network\n---\n\n# About the network\n\n"
    "The network works with its partners.\n"
)
PT = "---\ntitle: Sobre a rede\n---\n\n# Sobre a rede\n\nA rede trabalha com os seus parceiros.\n"
ZH = "---\ntitle: 关于网络\n---\n\n# 关于网络\n\n该网络与其合作伙伴合作。\n"


def region_site(root: Path) -> Path:
    return write(
        root,
        {
            "content/en/about.md": EN,
            "content/en/other.md": "# Other page\n\nAnother page of the network.\n",
            "content/pt-br/about.md": PT,
            "content/zh-cn/about.md": ZH,
        },
    )


# --------------------------------------------------------------------------- languages


def test_region_coded_folders_are_languages(tmp_path: Path) -> None:
    root = region_site(tmp_path)
    status, found = findings(root, "--fail-on", "never")
    missing = sorted((f["path"], f["expected"]) for f in found if f["rule"] == "missing-page")
    assert missing == [("content/en/other.md", "pt-br"), ("content/en/other.md", "zh-cn")]
    for spelling in ("pt-br", "PT_BR", "pt-BR"):
        status, only = findings(root, "--lang", spelling, "--fail-on", "never")
        assert [f["expected"] for f in only if f["rule"] == "missing-page"] == ["pt-br"]
    status, _, err = run("-C", str(root), "check", "--lang", "de")
    assert status == 2 and "'de' is not a language of this site" in err


def test_update_writes_gettext_locale_names(tmp_path: Path) -> None:
    root = region_site(tmp_path)
    assert run("-C", str(root), "extract")[0] == 0
    assert run("-C", str(root), "update")[0] == 0
    assert sorted(p.name for p in (root / "locale").iterdir() if p.is_dir()) == ["pt_BR", "zh_CN"]
    for folder, language in (("pt_BR", "pt_BR"), ("zh_CN", "zh_CN")):
        for po in (root / "locale" / folder / "LC_MESSAGES").glob("*.po"):
            assert f'"Language: {language}\\n"' in po.read_text("utf-8")
            subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    assert run("-C", str(root), "update", "--lang", "PT-BR")[0] == 0
    assert run("-C", str(root), "import", "pt_br")[0] == 0
    _, found = findings(root, "--fail-on", "never")
    assert not [f for f in found if f["rule"] == "catalog-invalid"]


def test_an_existing_locale_folder_is_not_duplicated(tmp_path: Path) -> None:
    root = region_site(tmp_path)
    (root / "locale" / "pt-br" / "LC_MESSAGES").mkdir(parents=True)
    assert run("-C", str(root), "extract")[0] == 0
    assert run("-C", str(root), "update")[0] == 0
    assert sorted(p.name for p in (root / "locale").iterdir() if p.is_dir()) == ["pt-br", "zh_CN"]
    assert (root / "locale" / "pt-br" / "LC_MESSAGES" / "about.po").is_file()


def test_html_lang_is_bcp47(tmp_path: Path) -> None:
    root = region_site(tmp_path)
    assert run("-C", str(root), "build")[0] == 0
    fragment = (root / "build" / "pt-br" / "about.html").read_text("utf-8")
    assert fragment.startswith('<article lang="pt-BR" dir="ltr">')


def test_a_catalogue_only_site_is_checked(tmp_path: Path) -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "One"\nmsgstr "Un"\n\nmsgid "Two"\nmsgstr ""\n\nmsgid "Three"\nmsgstr ""\n'
    )
    root = write(tmp_path, {"locale/fr/LC_MESSAGES/library/os.po": po})
    _, found = findings(root, "--fail-on", "never")
    assert [(f["path"], f["rule"]) for f in found] == [
        ("locale/fr/LC_MESSAGES/library/os.po", "untranslated")
    ] * 2


# --------------------------------------------------------------------------- no silent pass


def test_an_empty_folder_is_no_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(CEILING, str(tmp_path))
    monkeypatch.chdir(empty)
    for command in ("check", "extract", "update", "build", "status", "compile"):
        status, out, err = run(command)
        assert status == 2, command
        assert out == "" and len(err.splitlines()) == 1, err
        assert err.startswith("pipeline: no site in the current folder or its parents")
        assert "-C DIR" in err
    assert snapshot(tmp_path) == {}
    assert not any(empty.iterdir())


def test_a_missing_dash_c_folder(tmp_path: Path) -> None:
    status, out, err = run("-C", str(tmp_path / "nope"), "check")
    assert status == 2 and out == ""
    assert err == f"pipeline: {tmp_path / 'nope'}: no such folder (given with -C)\n"
    assert not any(tmp_path.iterdir())


def test_a_path_that_is_no_page(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site", with_locale=True)
    (root / "README.md").write_text("# Read me\n")
    before = snapshot(root)
    status, out, err = run("-C", str(root), "check", "README.md")
    assert status == 2 and out == ""
    assert err.startswith("pipeline: README.md: is not a page or catalogue of this site")
    assert len(err.splitlines()) == 1
    assert snapshot(root) == before  # nothing written: no cache, no lock
    status, _, err = run("-C", str(root), "check", "content")
    assert status == 1  # a folder holding pages is fine


def test_nothing_to_check_is_an_error(tmp_path: Path) -> None:
    root = write(tmp_path, {"pipeline.toml": 'project = "x"\n'})
    status, _, err = run("-C", str(root), "check")
    assert status == 2 and "nothing to check" in err and len(err.splitlines()) == 1


def test_paths_relative_to_the_current_folder_then_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_site(tmp_path / "site", with_locale=True)
    shutil.copy(REPO / "pipeline.toml", root / "pipeline.toml")
    monkeypatch.chdir(root / "content" / "en")
    status, out, _ = run("check", "incb.md")
    assert status == 1
    assert "content/en/incb.md:10: error language-mismatch" in out
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    status, out, err = run("-C", str(root), "check", "locale/fr/LC_MESSAGES/incb.po")
    assert status == 0, err
    status, _, err = run("-C", str(root), "check", "locale/fr/LC_MESSAGES/nope.po")
    assert status == 2 and "no such file or folder" in err


# --------------------------------------------------------------------------- --lang


def test_lang_keeps_missing_pages(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    (root / "content" / "fr" / "who.md").unlink()
    _, found = findings(root, "--lang", "fr", "--fail-on", "never")
    assert [(f["path"], f["rule"]) for f in found if f["rule"] == "missing-page"] == [
        ("content/en/who.md", "missing-page")
    ]
