"""The error family: every message is one line with its location first."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from helpers import copy_site
from pipeline.errors import CatalogError, ConfigError, SourceError


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (SourceError("bad", "content/en/a.md", 3), "content/en/a.md:3: bad"),
        (CatalogError("bad", "locale/x.po"), "locale/x.po: bad"),
        (ConfigError("bad"), "bad"),
    ],
)
def test_location_comes_first(error: Exception, expected: str) -> None:
    assert str(error) == expected


def test_multi_line_message_is_folded_to_one_line() -> None:
    error = SourceError("mapping values are not allowed here\n  in line 2\r\n  col 4", "a.md", 2)
    assert str(error) == "a.md:2: mapping values are not allowed here in line 2 col 4"


def test_single_line_message_keeps_its_spacing() -> None:
    assert str(CatalogError("msgid  'a  b'", "x.po", 1)) == "x.po:1: msgid  'a  b'"


def test_out_of_memory_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.cli as cli

    site = copy_site(tmp_path)

    def exhausted(*args: object, **kwargs: object) -> object:
        raise MemoryError

    monkeypatch.setattr(cli.commands, "check", exhausted)
    err = io.StringIO()
    assert cli.main(["-C", str(site), "check"], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue() == "pipeline: check: out of memory (an input is too large)\n"
