"""A small site in each preset's layout, through the CLI: every page found in every
language, missing pages reported, extract, check and build work."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.cli import main

EN = "---\ntitle: {title}\n---\n\n# {title}\n\nThe network works with its partners on {title}.\n"
FR = (
    "---\ntitle: {title} (fr)\n---\n\n# {title} (fr)\n\nLe réseau travaille avec ses partenaires.\n"
)

# preset -> (source pages by name, translated pages by name, target language, paths)
SITES: dict[str, tuple[dict[str, str], dict[str, str], str]] = {
    "hugo-suffix": (
        {
            "_index": "content/_index.md",
            "about": "content/about.en.md",
            "docs/intro": "content/docs/intro.md",
            "docs/extra": "content/docs/extra.md",
        },
        {
            "_index": "content/_index.fr.md",
            "about": "content/about.fr.md",
            "docs/intro": "content/docs/intro.fr.md",
        },
        "fr",
    ),
    "mkdocs-suffix": (
        {"index": "docs/index.md", "setup": "docs/setup.md", "api/v1.2": "docs/api/v1.2.md"},
        {"index": "docs/index.fr.md", "api/v1.2": "docs/api/v1.2.fr.md"},
        "fr",
    ),
    "fastapi": (
        {
            "index": "docs/en/docs/index.md",
            "tutorial/first-steps": "docs/en/docs/tutorial/first-steps.md",
            "tutorial/body": "docs/en/docs/tutorial/body.md",
        },
        {
            "index": "docs/pt-br/docs/index.md",
            "tutorial/first-steps": "docs/pt-br/docs/tutorial/first-steps.md",
        },
        "pt-br",
    ),
    "docusaurus": (
        {"intro": "docs/intro.md", "guide/setup": "docs/guide/setup.md"},
        {"intro": "i18n/zh-Hans/docusaurus-plugin-content-docs/current/intro.md"},
        "zh-Hans",
    ),
    "vitepress": (
        {"index": "docs/index.md", "guide/start": "docs/guide/start.md", "api": "docs/api.md"},
        {"index": "docs/fr/index.md", "guide/start": "docs/fr/guide/start.md"},
        "fr",
    ),
}


def run(root: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["-C", str(root), *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def make_site(root: Path, preset: str) -> Path:
    sources, translations, _ = SITES[preset]
    (root / "pipeline.toml").write_text(f'layout = "{preset}"\n', "utf-8")
    for name, path in sources.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(EN.format(title=name.replace("/", " ")), "utf-8")
    for name, path in translations.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(FR.format(title=name.replace("/", " ")), "utf-8")
    # Files that are no pages of the site, in the same folders.
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    return root


@pytest.mark.parametrize("preset", list(SITES))
def test_every_page_in_every_language(tmp_path: Path, preset: str) -> None:
    root = make_site(tmp_path, preset)
    sources, translations, lang = SITES[preset]
    status, out, err = run(root, "check", "--format", "json", "--fail-on", "never")
    assert status == 0, err
    found = json.loads(out)["findings"]
    missing = {(f["path"], f["expected"]) for f in found if f["rule"] == "missing-page"}
    assert missing == {(sources[n], lang) for n in sources if n not in translations}
    assert [f for f in found if f["rule"] in ("orphan-page", "structure-mismatch")] == []

    status, out, err = run(root, "extract")
    assert status == 0, err
    pots = {
        p.relative_to(root / "locale").with_suffix("").as_posix()
        for p in (root / "locale").rglob("*.pot")
    }
    assert pots == set(sources)
    assert run(root, "update")[0] == 0
    assert run(root, "import", lang)[0] == 0
    status, out, err = run(root, "build")
    assert status == 0, err
    manifest = json.loads((root / "build" / "manifest.json").read_text("utf-8"))
    published = {
        (entry["page"], code)
        for entry in manifest["pages"]
        for code, state in entry["languages"].items()
        if state.get("path")
    }
    assert published == {(n, c) for n in sources for c in ("en", lang)}
    for name in translations:
        fragment = (root / "build" / lang / f"{name}.html").read_text("utf-8")
        assert "Le réseau travaille" in fragment, name

    # A generated page lands where the layout keeps the language's pages.
    for path in translations.values():
        (root / path).unlink()
    status, _, err = run(root, "build", "--pages")
    assert status == 0, err
    for path in translations.values():
        assert (root / path).is_file(), path
    status, out, err = run(root, "check", "--format", "json", "--fail-on", "never")
    found = json.loads(out)["findings"]
    assert [f for f in found if f["rule"] in ("orphan-page", "generated-page")] == []
