"""The [build] table: defaults, validation, errors naming pipeline.toml and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import BelowThreshold, load_config
from pipeline.errors import ConfigError


def _settings(tmp_path: Path, table: str) -> object:
    (tmp_path / "content" / "en").mkdir(parents=True, exist_ok=True)
    (tmp_path / "pipeline.toml").write_text(
        f'languages = ["fr", "ar"]\n\n[build]\n{table}', encoding="utf-8"
    )
    return load_config(tmp_path).build


def test_defaults(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    settings = load_config(tmp_path).build
    assert settings.output_dir == "build"
    assert settings.min_completeness == 0.0
    assert settings.below_threshold is BelowThreshold.PUBLISH
    assert settings.links_for("fr") == {}


def test_values(tmp_path: Path) -> None:
    settings = _settings(
        tmp_path,
        'min_completeness = 0.8\nbelow_threshold = "skip"\noutput_dir = "public/html"\n'
        '[build.localized_links]\nfr = { "unga/" = "agnu/" }\n',
    )
    assert settings.min_completeness == 0.8  # type: ignore[attr-defined]
    assert settings.below_threshold is BelowThreshold.SKIP  # type: ignore[attr-defined]
    assert settings.output_dir == "public/html"  # type: ignore[attr-defined]
    assert settings.links_for("fr") == {"unga/": "agnu/"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "below = 1\n",
            "pipeline.toml:4: unknown key 'build.below' (did you mean 'below_threshold'?)",
        ),
        (
            "min_completeness = 1.5\n",
            "pipeline.toml:4: 'build.min_completeness' must be from 0 to 1",
        ),
        (
            'min_completeness = "high"\n',
            "pipeline.toml:4: 'build.min_completeness' must be a number from 0 to 1",
        ),
        (
            "min_completeness = true\n",
            "pipeline.toml:4: 'build.min_completeness' must be a number from 0 to 1",
        ),
        (
            'below_threshold = "skipp"\n',
            "pipeline.toml:4: 'build.below_threshold' must be one of publish, notice, skip "
            "(did you mean 'skip'?)",
        ),
        (
            'output_dir = "../out"\n',
            "pipeline.toml:4: 'build.output_dir' must be a folder inside the site",
        ),
        ('output_dir = "content"\n', "pipeline.toml:4: 'build.output_dir' must not be 'content'"),
        (
            '[build.localized_links]\nfrr = { "a/" = "b/" }\n',
            "pipeline.toml:4: 'build.localized_links': 'frr' is not a language of this site "
            "(did you mean 'fr'?)",
        ),
        (
            'localized_links = { fr = "x" }\n',
            "pipeline.toml:4: 'build.localized_links.fr' must map link targets to link targets",
        ),
        ('notice = { fr = "" }\n', "pipeline.toml:4: 'build.notice.fr' must be a non-empty string"),
    ],
)
def test_errors(tmp_path: Path, table: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _settings(tmp_path, table)
    assert str(caught.value) == message
