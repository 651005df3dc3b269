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
    assert config.languages == ("es", "pt_BR")
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
