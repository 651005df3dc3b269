"""Shared fixtures of the report tests: sample findings and golden-file comparison.

Set ``PIPELINE_UPDATE_GOLDEN=1`` to rewrite the golden files instead of comparing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.model import Finding, Location, Severity

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_ENV = "PIPELINE_UPDATE_GOLDEN"


def _sample() -> list[Finding]:
    long_source = (
        "Pipeline extracts every translatable unit of a page, headings, paragraphs, list items "
        "and table cells, into a gettext catalogue that translators can work on."
    )
    # Deliberately not in report order: renderers must sort.
    return [
        Finding(
            rule="markup-mismatch",
            severity=Severity.ERROR,
            location=Location("locale/fr/LC_MESSAGES/site.po", 88),
            message=(
                "Link target changed:\nsource has (https://example.org/a,b), "
                "translation has (https://example.org/c)"
            ),
            source="See [the docs](https://example.org/a,b).",
            translation="Voir [la doc](https://example.org/c).",
            extra={"msgid": "See [the docs](https://example.org/a,b)."},
        ),
        Finding(
            rule="typography",
            severity=Severity.WARNING,
            location=Location("content/fr/guide.md", 4, 17),
            message="Missing narrow no-break space before ':' in « Attention: »",
            source="Warning: the file does not exist, check the path.",
            translation="Attention: le fichier n’existe pas, vérifiez le chemin.",
        ),
        Finding(
            rule="language-mismatch",
            severity=Severity.ERROR,
            location=Location("content/fr/guide.md", 12, 1),
            message='Passage is in English, expected French (detected "en", 100% sure)',
            expected="fr",
            detected="en",
            confidence=0.97431,
            source="Install the package: run `pip install pipeline`.",
            translation="Install the package: run `pip install pipeline`.",
        ),
        Finding(
            rule="untranslated",
            severity=Severity.INFO,
            location=Location("content/de/straße.md", 1),
            message="Title is not translated yet",
            source=long_source,
        ),
        Finding(
            rule="unused-suppression",
            severity=Severity.WARNING,
            location=Location("content/fr/guide.md", 4),
            message="Suppression of 'glossary' matches nothing",
        ),
    ]


@pytest.fixture
def sample() -> list[Finding]:
    """Five findings covering every severity, quotes, commas, colons, a newline, non-ASCII."""
    return _sample()


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """``check(name, actual)``: compare ``actual`` with ``golden/<name>`` (or rewrite it)."""

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if os.environ.get(UPDATE_ENV):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
            return
        if not path.exists():
            pytest.fail(f"golden file {path} is missing; run with {UPDATE_ENV}=1 to create it")
        assert actual == path.read_bytes().decode("utf-8")

    return check


def repo_root() -> Path:
    """The repository root: the nearest parent holding pyproject.toml."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists():
            return parent
    raise RuntimeError("no pyproject.toml above the tests")


@pytest.fixture
def shared_data() -> Path:
    """``<repo>/../shared/data``, or a skip when it is absent."""
    path = repo_root().parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path
