"""Plural-Forms parsing and the gettext plural expression evaluator."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline import languages
from pipeline.catalog.plural import (
    GETTEXT_PLURAL_FORMS,
    PluralExpressionError,
    compile_plural,
    declared_nplurals,
    parse_plural_forms,
    standard_plural_forms,
)

_POT = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


@pytest.mark.parametrize(
    ("expression", "values"),
    [
        ("n > 1", {0: 0, 1: 0, 2: 1}),
        ("n != 1", {0: 1, 1: 0, 5: 1}),
        ("0", {0: 0, 7: 0}),
        ("n==1 ? 0 : n==2 ? 1 : 2", {1: 0, 2: 1, 3: 2}),
        ("(n%10==1 && n%100!=11) ? 0 : 1", {1: 0, 11: 1, 21: 0, 111: 1}),
        ("!n", {0: 1, 3: 0}),
        ("n - 1 > 5", {0: 1, 1: 0, 7: 1}),  # unsigned arithmetic: 0 - 1 wraps around
        ("2 + 3 * n", {0: 2, 2: 8}),
        ("(2 + 3) * n / 2", {3: 7}),
        ("n || 0 && 0", {1: 1, 0: 0}),
        ("n <= 1 ? 0 : n >= 5 ? 2 : 1", {1: 0, 3: 1, 5: 2}),
    ],
)
def test_plural_evaluator(expression: str, values: dict[int, int]) -> None:
    function = compile_plural(expression)
    assert {n: function(n) for n in values} == values


@pytest.mark.parametrize(
    "expression", ["", "n >", "(n", "n ? 1", "x", "n; 1", "1 2", "n === 1", "__import__('os')"]
)
def test_plural_evaluator_rejects(expression: str) -> None:
    with pytest.raises(PluralExpressionError):
        compile_plural(expression)


def test_parse_plural_forms() -> None:
    count, function = parse_plural_forms("nplurals=2; plural=(n > 1);")
    assert count == 2 and function(2) == 1
    with pytest.raises(PluralExpressionError):
        parse_plural_forms("nplurals=0; plural=0;")


def test_standard_plural_forms() -> None:
    assert standard_plural_forms("fr") == "nplurals=2; plural=(n > 1);"
    assert standard_plural_forms("fr_CA") == "nplurals=2; plural=(n > 1);"
    assert standard_plural_forms("de") == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize(
    ("expression", "values"),
    [
        ("1 - n", {0: 1, 2: 2**64 - 1}),
        ("(n - 2) / 2", {0: (2**64 - 2) // 2, 4: 1}),
        ("n * n", {2**32: 0, 3: 9}),
        ("n + 1 == 0", {2**64 - 1: 1, 0: 0}),
        ("n\t>\r1", {1: 0, 2: 1}),
    ],
)
def test_arithmetic_on_n_is_unsigned_64_bit(expression: str, values: dict[int, int]) -> None:
    function = compile_plural(expression)
    assert {n: function(n) for n in values} == values


def test_evaluation_faults_are_plural_expression_errors() -> None:
    for expression in ("n / (n - n)", "n % 0", "5 / (n - 1)"):
        function = compile_plural(expression)
        with pytest.raises(PluralExpressionError, match="division by zero"):
            function(1 if expression.startswith("5") else 3)


def test_too_long_or_too_deep_is_refused() -> None:
    with pytest.raises(PluralExpressionError, match="too long"):
        compile_plural("n" + " + n" * 300)
    with pytest.raises(PluralExpressionError, match="nested too deeply"):
        compile_plural("(" * 30 + "n" + ")" * 30)


@pytest.mark.parametrize(
    ("value", "count"),
    [
        ("nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);", 3),
        ("nplurals = 2; plural=(n > 1", 2),
        ("nplurals=0; plural=0;", None),
        ("plural=(n > 1);", None),
    ],
)
def test_declared_nplurals_is_lenient(value: str, count: int | None) -> None:
    assert declared_nplurals(value) == count


@pytest.mark.skipif(shutil.which("msginit") is None, reason="GNU msginit not installed")
@pytest.mark.parametrize("lang", sorted(GETTEXT_PLURAL_FORMS))
def test_the_gettext_table_is_msginits(tmp_path: Path, lang: str) -> None:
    pot = tmp_path / "t.pot"
    pot.write_text(_POT, encoding="utf-8")
    done = subprocess.run(
        ["msginit", "--no-translator", "-l", lang, "-i", str(pot), "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    value = "".join(
        line.strip('"').replace("\\n", "")
        for line in done.stdout.splitlines()
        if line.startswith('"')
        and not line.startswith(('"Content', '"Project', '"Last', '"Lang'))
        and not line.startswith(('"MIME', '"Content-Transfer'))
    ).removeprefix("Plural-Forms: ")
    if not value:
        pytest.skip(f"this msginit's table has no {lang} (added in a later gettext)")
    assert standard_plural_forms(lang) == value


def test_languages_outside_gettexts_table_take_cldrs_forms() -> None:
    assert standard_plural_forms("ar") == languages.plural_forms("ar")
    assert standard_plural_forms("fr", "cldr") == languages.plural_forms("fr")
    assert standard_plural_forms("fr", "cldr").startswith("nplurals=3")
