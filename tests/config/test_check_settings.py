"""The [check] table: checked against the rule registry when pipeline.toml is read, every
error naming the file, the line and the key at any depth."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError


def _load(tmp_path: Path, text: str) -> object:
    (tmp_path / "content" / "en").mkdir(parents=True, exist_ok=True)
    (tmp_path / "content" / "fr").mkdir(parents=True, exist_ok=True)
    (tmp_path / "pipeline.toml").write_text(text, encoding="utf-8")
    return load_config(tmp_path).check


def test_settings_are_typed(tmp_path: Path) -> None:
    check = _load(
        tmp_path,
        '[check]\nglossary = "terms.csv"\nexclude = ["content/fr/old/*"]\n\n'
        '[check.rules]\nfuzzy = "error"\n\n'
        '[[check.overrides]]\npaths = "locale/**"\nrules = { typography = "off" }\n\n'
        '[check.typography]\nquotes = false\n\n[check.typography.fr-CA]\nnbsp_before = ";"\n\n'
        '[check.language-mismatch]\nignore = ["IDPC"]\n',
    )
    assert check.glossary == "terms.csv"  # type: ignore[attr-defined]
    assert check.exclude == ("content/fr/old/*",)  # type: ignore[attr-defined]
    assert check.levels == {"fuzzy": "error"}  # type: ignore[attr-defined]
    assert check.overrides[0].paths == ("locale/**",)  # type: ignore[attr-defined]
    assert check.overrides[0].rules == {"typography": "off"}  # type: ignore[attr-defined]
    assert check.options["typography"] == {  # type: ignore[attr-defined]
        "quotes": False,
        "fr-ca": {"nbsp_before": ";"},
    }
    assert check.options["language-mismatch"] == {"ignore": ["IDPC"]}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[check.typography]\nqoutes = true\n",
            "pipeline.toml:2: unknown option 'check.typography.qoutes' (did you mean 'quotes'?)",
        ),
        (
            '[check.typography.fr]\nnbsp_befor = ";"\n',
            "pipeline.toml:2: unknown option 'check.typography.fr.nbsp_befor' "
            "(did you mean 'nbsp_before'?)",
        ),
        (
            '[check.typography]\nquotes = "no"\n',
            "pipeline.toml:2: 'check.typography.quotes' must be true or false",
        ),
        (
            "[check.typography.fr]\nnbsp_before = 3\n",
            "pipeline.toml:2: 'check.typography.fr.nbsp_before' must be a string",
        ),
        (
            "[check.typography.fr]\nquotes = 1\n",
            "pipeline.toml:2: 'check.typography.fr.quotes' must be true or false",
        ),
        (
            '[check.typography]\nfr = "strict"\n',
            "pipeline.toml:2: unknown option 'check.typography.fr' "
            "(options: quotes, <language code>)",
        ),
        (
            '[check.language-mismatch]\nignore = "IDPC"\n',
            "pipeline.toml:2: 'check.language-mismatch.ignore' must be a list of strings",
        ),
        (
            "[check.language-mismatch]\nignored = []\n",
            "pipeline.toml:2: unknown option 'check.language-mismatch.ignored' "
            "(did you mean 'ignore'?)",
        ),
        (
            "[check.unchanged-translation]\nallow = [1]\n",
            "pipeline.toml:2: 'check.unchanged-translation.allow' must be a list of strings",
        ),
        (
            '[check.fuzzy]\nlevel = "error"\n',
            "pipeline.toml:1: rule 'fuzzy' takes no options ('check.fuzzy')",
        ),
        (
            '[check.rules]\nfuzy = "off"\n',
            "pipeline.toml:2: unknown rule 'fuzy' (did you mean 'fuzzy'?)",
        ),
        (
            '[check.rules]\nfuzzy = "loud"\n',
            "pipeline.toml:2: 'check.rules.fuzzy' must be one of off, info, warning, error, "
            "not 'loud'",
        ),
        (
            '[[check.overrides]]\npaths = "a"\n\n[[check.overrides]]\npaths = ["b"]\n'
            'rules = { fuzzy = "never" }\n',
            "pipeline.toml:6: 'check.overrides[1].rules.fuzzy' must be one of off, info, "
            "warning, error, not 'never'",
        ),
        (
            '[[check.overrides]]\npath = "a"\n',
            "pipeline.toml:2: unknown key 'check.overrides[0].path' (did you mean 'paths'?)",
        ),
        (
            '[[check.overrides]]\npaths = ["locale/*"]\ndialect = "rest"\n',
            "pipeline.toml:3: unknown dialect 'rest' for 'check.overrides[0].dialect' "
            "(did you mean 'rst'?) (dialects: markdown, rst, html, plain)",
        ),
        (
            '[[check.overrides]]\npaths = ["locale/*"]\ndialect = 1\n',
            "pipeline.toml:3: unknown dialect 1 for 'check.overrides[0].dialect' "
            "(dialects: markdown, rst, html, plain)",
        ),
        (
            '[check.markup-mismatch]\nformatting = "yes"\n',
            "pipeline.toml:2: 'check.markup-mismatch.formatting' must be true or false",
        ),
        ('[check]\nexclude = "x"\n', "pipeline.toml:2: 'check.exclude' must be a list of strings"),
        ("[check]\nglossary = 3\n", "pipeline.toml:2: 'check.glossary' must be a string"),
        (
            '[check]\nglosary = "g.csv"\n',
            "pipeline.toml:2: unknown key 'check.glosary' (did you mean 'glossary'?)",
        ),
    ],
)
def test_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    assert str(caught.value) == message
