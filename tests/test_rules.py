from __future__ import annotations

import dataclasses
import re

import pytest

from pipeline.model import Severity
from pipeline.rules import RULES, RuleInfo

EXPECTED = {
    "language-mismatch": Severity.ERROR,
    "untranslated": Severity.WARNING,
    "unchanged-translation": Severity.WARNING,
    "fuzzy": Severity.WARNING,
    "missing-page": Severity.WARNING,
    "orphan-page": Severity.WARNING,
    "catalog-outdated": Severity.WARNING,
    "markup-mismatch": Severity.ERROR,
    "placeholder-mismatch": Severity.ERROR,
    "glossary": Severity.WARNING,
    "typography": Severity.WARNING,
    "catalog-invalid": Severity.ERROR,
    "page-unreadable": Severity.ERROR,
    "structure-mismatch": Severity.WARNING,
    "unused-suppression": Severity.WARNING,
    "generated-page": Severity.WARNING,
}


def test_registry_holds_exactly_the_documented_rules() -> None:
    assert {rule_id: rule.default_severity for rule_id, rule in RULES.items()} == EXPECTED


def test_keys_match_ids() -> None:
    assert all(rule_id == rule.id for rule_id, rule in RULES.items())


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_texts_are_written_for_people(rule: RuleInfo) -> None:
    assert "\n" not in rule.summary and rule.summary.endswith(".")
    assert len(rule.summary) <= 80
    assert rule.summary[0].isupper()
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", rule.help) if s]
    assert len(sentences) >= 2
    assert rule.help.endswith(".")


def test_names_are_pascal_case() -> None:
    assert RULES["language-mismatch"].name == "LanguageMismatch"
    assert RULES["fuzzy"].name == "Fuzzy"
    assert all(re.fullmatch(r"(?:[A-Z][a-z]+)+", rule.name) for rule in RULES.values())


def test_registry_and_entries_are_read_only() -> None:
    with pytest.raises(TypeError):
        RULES["new"] = RULES["fuzzy"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULES["fuzzy"].summary = "x"  # type: ignore[misc]
