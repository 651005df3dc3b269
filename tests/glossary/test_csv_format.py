"""The CSV glossary format."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.glossary.csv_format import parse_csv


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("g.csv", "", 1, "empty"),
        ("g.csv", "en,fr\nINCB,OICS,extra\n", 2, "row has 3 fields, the header 2"),
        ("g.csv", "en,fr,type\nINCB,OICS,maybe\n", 2, "unknown type 'maybe'"),
        ("g.csv", "en,fr\nINCB,OICS\nCND,CND\nINCB,OICS\n", 4, "already defined at line 2"),
        ("g.csv", "en,french\nINCB,OICS\n", 1, "neither a known language code"),
        ("g.csv", "type,en,fr\nterm,INCB,OICS\n", 1, "first column must be the source language"),
        ("g.csv", "en,fr,fr\nINCB,OICS,OICS\n", 1, "appears twice"),
        ("g.csv", 'en,fr\n"INCB,OICS\n', 2, "malformed CSV"),
        ("g.csv", "en,fr\n,OICS\n", 2, "no source term"),
    ],
)
def test_malformed_glossaries(name: str, text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        parse_csv(text, name)
    assert caught.value.path == name
    assert caught.value.line == line


def test_columns_types_and_notes() -> None:
    glossary = parse_csv(
        'en,fr-ca,de,Type,NOTE\n"A  b","c\n d", e ,DNT , n\nX,,,do not translate,\n',
        "g.csv",
    )
    assert glossary.source_lang == "en"
    assert glossary.path == "g.csv"
    first, second = glossary.entries
    assert (first.term, first.translations, first.dnt, first.note, first.line) == (
        "A b",
        (("fr_CA", ("c d",)), ("de", ("e",))),
        True,
        "n",
        2,
    )
    assert (second.term, second.translations, second.dnt, second.note, second.line) == (
        "X",
        (),
        True,
        None,
        4,
    )


def test_rows_spanning_lines_keep_their_first_line() -> None:
    glossary = parse_csv('en,fr\n"multi\nline",x\nY,z\n', "g.csv")
    assert [(entry.term, entry.line) for entry in glossary.entries] == [
        ("multi line", 2),
        ("Y", 4),
    ]
