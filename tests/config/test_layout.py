"""Layout patterns and presets: where each language's pages are."""

from __future__ import annotations

import pytest

from pipeline.config.layout import PRESETS, LayoutError, Pattern, check_pattern, preset_layout


@pytest.mark.parametrize(
    ("pattern", "path", "lang", "name"),
    [
        ("content/{lang}/{path}", "content/fr/docs/intro.md", "fr", "docs/intro"),
        ("content/{lang}/{path}", "content/pt-br/_index.markdown", "pt-br", "_index"),
        ("content/{path}.{lang}.md", "content/a/b.fr.md", "fr", "a/b"),
        ("content/{path}.{lang}.md", "content/v1.2/notes.zh-cn.md", "zh-cn", "v1.2/notes"),
        (
            "docs/{lang}/docs/{path}",
            "docs/es/docs/tutorial/first-steps.md",
            "es",
            "tutorial/first-steps",
        ),
        (
            "i18n/{lang}/docusaurus-plugin-content-docs/current/{path}",
            "i18n/ja/docusaurus-plugin-content-docs/current/intro.md",
            "ja",
            "intro",
        ),
        ("docs/{lang}/{path}", "docs/zh/guide/index.md", "zh", "guide/index"),
    ],
)
def test_a_pattern_reads_name_and_language(pattern: str, path: str, lang: str, name: str) -> None:
    found = Pattern(pattern).match(path)
    assert found == (name, lang)
    assert Pattern(pattern).match(path, lang) == (name, lang)
    suffix = "." + path.rsplit(".", 1)[1]
    assert Pattern(pattern).path_of(name, lang, suffix) == path


@pytest.mark.parametrize(
    ("pattern", "path"),
    [
        ("content/{lang}/{path}", "content/fr/image.png"),
        ("content/{lang}/{path}", "static/fr/page.md"),
        ("content/{path}.{lang}.md", "content/page.md"),
        ("docs/{lang}/docs/{path}", "docs/es/mkdocs.yml"),
    ],
)
def test_other_files_do_not_match(pattern: str, path: str) -> None:
    assert Pattern(pattern).match(path) is None


def test_where_to_walk() -> None:
    assert Pattern("content/{lang}/{path}").prefix("fr") == "content/fr"
    assert Pattern("content/{path}.{lang}.md").prefix("fr") == "content"
    assert Pattern("{path}.{lang}.md").prefix("fr") == ""
    assert Pattern("docs/{lang}/docs/{path}").lang_folder_level() == "docs"
    assert Pattern("content/{path}.{lang}.md").lang_folder_level() is None


@pytest.mark.parametrize(
    ("text", "source", "fragment"),
    [
        ("content/{path}", False, "'{lang}' once"),
        ("content/{lang}/page.md", False, "'{path}' once"),
        ("content/{lang}/{path}/{path}", False, "'{path}' once"),
        ("docs/{lang}/{path}", True, "takes no '{lang}'"),
        ("content/{language}/{path}", False, "'{lang}' once"),
        ("/abs/{lang}/{path}", False, "inside the site"),
        ("../up/{lang}/{path}", False, "inside the site"),
        ("content/{lang}{path}", False, "separator"),
    ],
)
def test_bad_patterns(text: str, source: bool, fragment: str) -> None:
    with pytest.raises(LayoutError, match=fragment.replace("{", r"\{").replace("}", r"\}")):
        check_pattern(text, source=source)


def test_presets_are_valid_patterns() -> None:
    for name, preset in PRESETS.items():
        layout = preset_layout(name)
        assert check_pattern(preset.pages, source=False) == layout.pages
        if preset.source is not None:
            assert check_pattern(preset.source, source=True) == layout.source
