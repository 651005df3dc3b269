"""``pipeline init`` on the layouts it knows, through the CLI: what it finds, what it writes,
and that it never replaces a file without --force."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import SHARED_DATA, copy_site
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.tasks.init import TAG, action_ref

CNCF = SHARED_DATA / "real" / "cncf-glossary"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["-C", str(root), "init", *args], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def test_a_hugo_site_with_language_folders(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    status, out, err = run(root)
    assert status == 0, err
    assert "one folder per language under content/; languages en, fr (source: en)" in out
    toml = (root / "pipeline.toml").read_text("utf-8")
    assert toml.startswith("# pipeline.toml, written by 'pipeline init'")
    assert 'source_language = "en"' in toml
    config = load_config(root)
    assert config.languages == ("fr",) and config.project == "site"
    ignore = (root / ".gitignore").read_text("utf-8").splitlines()
    assert {".pipeline-cache/", ".pipeline.lock", "build/"} <= set(ignore)
    assert not (root / ".github").exists() and not (root / ".pre-commit-config.yaml").exists()


@pytest.mark.skipif(not CNCF.is_dir(), reason="needs ../shared/data/real/cncf-glossary")
def test_the_cncf_glossary_then_check_runs(tmp_path: Path) -> None:
    root = tmp_path / "cncf"
    shutil.copytree(CNCF / "content", root / "content")
    status, out, _ = run(root)
    assert status == 0
    assert "languages bn, de, en, es, fr, hi, it, ja, ko, pt-br, ru, tr, ur, vi, zh-cn" in out
    languages = load_config(root).languages
    assert len(languages) == 15 and "fr" in languages and "en" not in languages
    check = main(["-C", str(root), "check", "--format", "json", "--output", str(tmp_path / "r")])
    assert check in (0, 1)
    assert (tmp_path / "r").read_text("utf-8").startswith("{")


def test_the_ci_workflow_and_the_pre_commit_configuration(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    status, out, _ = run(root, "--ci", "github", "--pre-commit")
    assert status == 0
    workflow = yaml.safe_load((root / ".github/workflows/translations.yml").read_text("utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[-1] == {"uses": action_ref()} and action_ref().endswith(f"@{TAG}")
    assert workflow["permissions"]["security-events"] == "write"
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text("utf-8"))
    (repo,) = hooks["repos"]
    assert repo["rev"] == TAG and repo["hooks"] == [{"id": "pipeline-check"}]
    assert "wrote .github/workflows/translations.yml" in out


def test_nothing_is_replaced_without_force(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    write(root, {"pipeline.toml": 'project = "mine"\n', ".gitignore": "node_modules/\nbuild/"})
    status, out, err = run(root, "--pre-commit")
    assert status == 0
    assert (root / "pipeline.toml").read_text("utf-8") == 'project = "mine"\n'
    assert "pipeline: pipeline.toml exists: left as it is (--force replaces it)" in err
    assert "wrote .pre-commit-config.yaml" in out
    assert (root / ".gitignore").read_text("utf-8") == (
        "node_modules/\nbuild/\n"
        "\n# pipeline: its cache, its lock and its build output\n.pipeline-cache/\n.pipeline.lock\n"
    )
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert run(root, "--pre-commit")[0] == 0  # again: nothing changes
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    status, out, _ = run(root, "--force")
    assert status == 0 and "wrote pipeline.toml" in out
    assert "written by 'pipeline init'" in (root / "pipeline.toml").read_text("utf-8")


def test_suffix_files_are_found_and_read(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "docs/index.md": "# Home\n\nThe home page of the documentation.\n",
            "docs/index.fr.md": "# Accueil\n\nLa page d'accueil de la documentation.\n",
            "docs/guide/setup.md": "# Setup\n",
            "docs/guide/setup.fr.md": "# Installation\n",
            "docs/guide/setup.de.md": "# Einrichtung\n",
            "mkdocs.yml": "site_name: x\n",
        },
    )
    status, out, err = run(root)
    assert status == 0, err
    assert "MkDocs, the language in page file names under docs/" in out
    assert "languages de, en, fr (source: en)" in out
    assert 'layout = "mkdocs-suffix"' in (root / "pipeline.toml").read_text("utf-8")
    config = load_config(root)
    assert config.languages == ("de", "fr")
    out_json = io.StringIO()
    main(["-C", str(root), "check", "--format", "json", "--fail-on", "never"], stdout=out_json)
    paths = {f["path"] for f in json.loads(out_json.getvalue())["findings"]}
    assert "docs/index.md" in paths  # the German index page is missing: pages were read


def test_suffix_files_elsewhere_get_a_pattern(tmp_path: Path) -> None:
    root = write(tmp_path, {"src/content/a.md": "# A\n", "src/content/a.fr.md": "# A fr\n"})
    assert run(root)[0] == 0
    toml = (root / "pipeline.toml").read_text("utf-8")
    assert 'layout = "src/content/{path}.{lang}.md"' in toml
    assert 'source_layout = "src/content/{path}.md"' in toml
    assert load_config(root).languages == ("fr",)


def test_a_sphinx_project_with_catalogues(tmp_path: Path) -> None:
    po = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    root = write(
        tmp_path,
        {
            "conf.py": "project = 'x'\n",
            "index.rst": "Title\n=====\n",
            "locale/fr/LC_MESSAGES/index.po": po,
            "locale/fr/LC_MESSAGES/library/os.po": po,
        },
    )
    status, out, _ = run(root)
    assert status == 0
    assert "Sphinx, gettext catalogues under locale/<lang>/LC_MESSAGES/" in out
    assert load_config(root).languages == ("fr",)
    assert main(["-C", str(root), "-q", "check"], stdout=io.StringIO()) == 0


def test_a_folder_with_no_site_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": "# Nothing here\n"})
    status, out, err = run(tmp_path)
    assert status == 2 and out == ""
    assert err.startswith("pipeline: ") and "found no pages" in err
    assert not (tmp_path / "pipeline.toml").exists()
