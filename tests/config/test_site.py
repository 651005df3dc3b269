"""Configuration: defaults without a file, checks with one."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError


def _tree(root: Path, *langs: str) -> Path:
    for lang in langs:
        (root / "content" / lang).mkdir(parents=True)
    return root


def test_defaults_from_the_folders(tmp_path: Path) -> None:
    config = load_config(_tree(tmp_path, "en", "fr", "de"))
    assert config.source_language == "en"
    assert config.languages == ("de", "fr")
    assert config.locale_path == tmp_path / "locale"
    assert config.domain is None


def test_file_sets_languages_and_domain(tmp_path: Path) -> None:
    _tree(tmp_path, "en")
    (tmp_path / "pipeline.toml").write_text(
        'languages = ["pt-BR", "es"]\ndomain = "site"\nlocale_dir = "i18n"\n'
    )
    config = load_config(tmp_path)
    assert config.languages == ("es", "pt-BR")
    assert config.locale_name("pt-BR") == "pt_BR"
    assert config.domain == "site"
    assert config.locale_path == tmp_path / "i18n"


def test_unknown_folder_language(tmp_path: Path) -> None:
    _tree(tmp_path, "en", "images")
    with pytest.raises(ConfigError, match="'images' is not a known language code"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("[check]\nrulez = {}\n", 2, "unknown key 'check.rulez' (did you mean 'rules'?)"),
        ("width = true\n", 1, "'width' must be an integer"),
        ("languages = 'fr'\n", 1, "'languages' must be a list"),
    ],
)
def test_errors_name_the_key_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    _tree(tmp_path, "en")
    (tmp_path / "pipeline.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.path == "pipeline.toml"
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_region_folders_keep_their_names(tmp_path: Path) -> None:
    config = load_config(_tree(tmp_path, "en", "fr", "pt-br", "zh-cn", "zh-tw", "sr-Latn"))
    assert config.languages == ("fr", "pt-br", "sr-Latn", "zh-cn", "zh-tw")
    assert [config.locale_name(lang) for lang in config.languages] == [
        "fr",
        "pt_BR",
        "sr@latin",
        "zh_CN",
        "zh_TW",
    ]
    for spelling in ("pt_BR", "PT-BR", "pt-br", "pt-BR"):
        assert config.language_id(spelling) == "pt-br"
    assert config.language_id("sr@latin") == "sr-Latn"
    assert config.language_id("de") is None


def test_languages_found_in_locale_too(tmp_path: Path) -> None:
    _tree(tmp_path, "en", "fr")
    (tmp_path / "locale" / "de" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / "templates").mkdir()  # no LC_MESSAGES: not a language
    config = load_config(tmp_path)
    assert config.languages == ("de", "fr")


def test_an_existing_locale_folder_is_used_under_its_spelling(tmp_path: Path) -> None:
    _tree(tmp_path, "en", "pt-br")
    (tmp_path / "locale" / "pt_br" / "LC_MESSAGES").mkdir(parents=True)
    config = load_config(tmp_path)
    assert config.languages == ("pt-br",)
    assert config.locale_name("pt-br") == "pt_br"


def test_catalogue_only_site(tmp_path: Path) -> None:
    (tmp_path / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    config = load_config(tmp_path)
    assert (config.source_language, config.languages) == ("en", ("fr",))


def test_two_spellings_of_one_language(tmp_path: Path) -> None:
    _tree(tmp_path, "en", "pt-br", "pt_BR")
    with pytest.raises(ConfigError, match="'pt-br' and 'pt_BR' are the same language"):
        load_config(tmp_path)


def test_configured_languages_in_any_spelling_find_the_folders(tmp_path: Path) -> None:
    _tree(tmp_path, "en", "pt-br", "zh-tw")
    (tmp_path / "pipeline.toml").write_text('languages = ["pt_BR", "ZH-TW", "de"]\n')
    config = load_config(tmp_path)
    assert config.languages == ("de", "pt-br", "zh-tw")


def test_a_locale_folder_that_is_not_a_language(tmp_path: Path) -> None:
    _tree(tmp_path, "en")
    (tmp_path / "locale" / "misc" / "LC_MESSAGES").mkdir(parents=True)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.path == "locale/misc"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('layout = "hugo-sufix"\n', 1, "unknown layout 'hugo-sufix' (did you mean 'hugo-suffix'?)"),
        ('layout = "docs/{path}"\n', 1, "'layout' must hold '{lang}' once"),
        ('width = 80\nlayout = "hugo"\ncontent_dir = "c"\n', 2, "keep one"),
        ('source_layout = "docs/{path}"\n', 1, "'source_layout' needs 'layout'"),
        ('layout = "x/{lang}/{path}"\nsource_layout = "{lang}/{path}"\n', 2, "no '{lang}'"),
    ],
)
def test_layout_errors_name_the_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    _tree(tmp_path, "en")
    (tmp_path / "pipeline.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert (caught.value.path, caught.value.line) == ("pipeline.toml", line)
    assert fragment in caught.value.message


def test_layout_presets_and_patterns(tmp_path: Path) -> None:
    (tmp_path / "docs" / "en" / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "es" / "docs").mkdir(parents=True)
    (tmp_path / "pipeline.toml").write_text('layout = "fastapi"\n')
    config = load_config(tmp_path)
    assert config.layout.name == "fastapi"
    assert config.languages == ("es",)
    (tmp_path / "pipeline.toml").write_text(
        'layout = "site/{lang}/{path}"\nsource_layout = "site/{path}"\n'
    )
    (tmp_path / "site" / "de").mkdir(parents=True)
    (tmp_path / "site" / "guide").mkdir()  # a folder of source pages, not a language
    config = load_config(tmp_path)
    assert (config.layout.pages.text, config.languages) == ("site/{lang}/{path}", ("de",))


def test_the_site_root_is_found_like_git_finds_its(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.config import find_site_root

    _tree(tmp_path, "en")
    deep = tmp_path / "content" / "en" / "docs"
    deep.mkdir()
    monkeypatch.chdir(deep)
    assert find_site_root(None).resolve() == tmp_path.resolve()
    assert find_site_root(deep) == deep.parent.parent.parent
    assert find_site_root(tmp_path) == tmp_path
    with pytest.raises(ConfigError, match="no such folder"):
        find_site_root(tmp_path / "missing")
    empty = tmp_path / "outside" / "empty"
    empty.mkdir(parents=True)
    # (/tmp itself may hold a site on a shared machine: the search stops below the ceiling.)
    with pytest.raises(ConfigError, match="no site in"):
        find_site_root(empty, ceilings=[str(tmp_path / "outside")])
    assert find_site_root(empty, ceilings=[str(tmp_path.parent)]) == tmp_path
