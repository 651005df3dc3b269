"""Texts that read the same in every language need no translation."""

from __future__ import annotations

import pytest

from pipeline.checks.unchanged import needs_translation

ALLOW = ("International Drug Policy Consortium", "New York")


@pytest.mark.parametrize(
    "text",
    [
        "42",
        "2016",
        "3.14 %",
        "1,000,000",
        "v2.1.0",
        "INCB",
        "(INCB)",
        "CND, CCPCJ, UNODC",
        "HIV/AIDS",
        "COVID-19",
        "https://idpc.net/fr/",
        "<https://idpc.net>",
        "contact@idpc.net",
        "content/en/incb.md",
        "/usr/local/bin",
        "README.md",
        "`--jobs`",
        "`make check` `make test`",
        "--jobs",
        "os.path.join",
        "foo()",
        "snake_case",
        "%s",
        "%(count)d",
        "{name}",
        "{{ .Title }}",
        "${HOME}",
        "...",
        "—",
        "",
        "   ",
        "Python",
        "**Python**.",
        "Python 3.11",
        "[Python](https://python.org)",
        "International Drug Policy Consortium",
        "*International Drug Policy Consortium*.",
        "New York",
    ],
)
def test_invariant_texts(text: str) -> None:
    assert needs_translation(text, ALLOW) is False


@pytest.mark.parametrize(
    "text",
    [
        "Hello world",
        "python",
        "drug policy",
        "Getting Started",
        "Terms and Conditions",
        "Run `make check` now.",
        "The CND met in 2016.",
        "Python and Java",
        "See https://idpc.net for details.",
        "international drug policy consortium",
        "New York City",
        "UN level engagement",
        "The WHO",
    ],
)
def test_texts_needing_translation(text: str) -> None:
    assert needs_translation(text, ALLOW) is True


def test_allow_list_is_case_sensitive_and_whole_text() -> None:
    assert needs_translation("idpc network", ["IDPC network"]) is True
    assert needs_translation("IDPC network", ["IDPC network"]) is False
    assert needs_translation("The IDPC network", ["IDPC network"]) is True
    assert needs_translation("Drug Policy Consortium") is True
