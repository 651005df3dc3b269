"""Hostile and malformed inputs (tests/bad/ and generated ones), over every command.

* Each committed input that names a command must make that command fail, in-process:
  exit 2, one stderr line ``path:line: message`` naming the file (and line), nothing
  written.
* Every input goes through every command in a forked child with RLIMIT_AS 1.5 GB,
  RLIMIT_CPU and a wall timeout (see ``reliability/hostile.py``): exit 0/1, or exit 2
  with one line naming the input; no traceback, signal or timeout; nothing written
  outside the site. The huge generated inputs (50 MB lines) run only with
  ``PIPELINE_RELIABILITY=long`` (``make reliability`` runs them all).
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import REPO, snapshot

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from reliability.hostile import (
    BAD_DIR,
    COMMANDS,
    BadInput,
    ForkServer,
    Tally,
    all_inputs,
    command_exists,
    corpus_files,
    fork_server,
    make_site,
    try_input,
)
from reliability.profiles import is_long

CORPUS = corpus_files()
FAILING = [bad for bad in CORPUS if bad.command is not None]
INPUTS = all_inputs()


def test_corpus_is_large_enough() -> None:
    files = [p for p in BAD_DIR.iterdir() if p.is_file()]
    assert len(files) >= 40
    assert len(INPUTS) >= 60
    kinds = {p.suffix for p in files}
    assert {".po", ".pot", ".md", ".toml"} <= kinds


@pytest.mark.parametrize("bad", FAILING, ids=[b.name for b in FAILING])
def test_expected_failure(bad: BadInput, tmp_path: Path) -> None:
    from pipeline.cli import main

    site = tmp_path / "site"
    make_site(site)
    (tmp_path / "outside").mkdir()
    bad.install(site, tmp_path / "outside")
    before = snapshot(site)
    err = io.StringIO()
    assert bad.command is not None
    status = main(["-C", str(site), *bad.command.split()], stdout=io.StringIO(), stderr=err)
    message = err.getvalue()
    assert status == 2, message
    assert message.count("\n") == 1, message
    where = f"{bad.place}:{bad.line}: " if bad.line is not None else f"{bad.place}: "
    prefix = f"pipeline: {where}"
    assert message.startswith(prefix), message
    assert bad.fragment in message
    assert "Traceback" not in message
    assert snapshot(site) == before


@pytest.fixture(scope="module")
def server() -> Iterator[ForkServer]:
    with fork_server() as running:
        yield running


SELECTED = [bad for bad in INPUTS if is_long() or not bad.big]
SLOW = ("check", "build")
"""Commands that load the language models (2-3 s a run): in the short run, only every
SLOW_EVERY-th input (and those that expect them to fail) goes through them."""
SLOW_EVERY = 12


def _commands(index: int, bad: BadInput) -> tuple[str, ...]:
    every = is_long() or index % SLOW_EVERY == 0 or bad.command in SLOW
    return tuple(c for c in COMMANDS if command_exists(c.split()[0]) and (every or c not in SLOW))


@pytest.mark.parametrize(
    ("index", "bad"), list(enumerate(SELECTED)), ids=[b.name for b in SELECTED]
)
def test_every_command(index: int, bad: BadInput, server: ForkServer, tmp_path: Path) -> None:
    commands = _commands(index, bad)
    tally = Tally()
    try_input(server, bad, tmp_path, commands, tally)
    assert tally.runs == len(commands)
    assert not tally.problems, "\n".join(tally.problems)


@pytest.mark.parametrize("bad", [b for b in INPUTS if b.big], ids=lambda b: b.name)
def test_huge_input_expected_command(bad: BadInput, server: ForkServer, tmp_path: Path) -> None:
    """The 50 MB inputs, in the short run too, through the command that reads them."""
    tally = Tally()
    try_input(server, bad, tmp_path, ("update",), tally)
    assert not tally.problems, "\n".join(tally.problems)


def test_error_line_format() -> None:
    from reliability.hostile import ERROR_LINE

    assert ERROR_LINE.match("pipeline: content/en/index.md:4: not valid UTF-8\n")
    assert ERROR_LINE.match("pipeline: pipeline.toml: cannot read: Permission denied\n")
    assert not ERROR_LINE.match("content/en/index.md:4: not valid UTF-8\n")  # no prefix
    assert not ERROR_LINE.match("Traceback (most recent call last):\n  File\n")
    assert re.fullmatch(r"\S+", bad_place := CORPUS[0].place) and bad_place
