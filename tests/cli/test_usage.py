"""Usage errors: every bad command line gives one line on stderr and exit status 2."""

from __future__ import annotations

import io

import pytest

from pipeline.cli import main

BAD_COMMAND_LINES = [
    ["--executor", "foo", "check"],
    ["check", "--executor", "foo"],
    ["check", "--jobs", "x"],
    ["check", "--jobs", "0"],
    ["-j", "-3", "check"],
    ["check", "--lock-wait", "abc"],
    ["check", "--format", "xml"],
    ["check", "--fail-on", "sometimes"],
    ["check", "--no-such-option"],
    ["chek"],
    [],
    ["import"],
    ["update", "--lang"],
    ["build", "--pages", "--preview", "--bogus"],
]


@pytest.mark.parametrize("argv", BAD_COMMAND_LINES, ids=lambda argv: " ".join(argv) or "(none)")
def test_a_bad_command_line_is_one_line_and_exit_2(argv: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(argv, stdout=out, stderr=err) == 2
    assert out.getvalue() == ""
    lines = err.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("pipeline")
    assert "Traceback" not in err.getvalue()


def test_the_executor_error_names_the_value() -> None:
    err = io.StringIO()
    assert main(["--executor", "foo", "check"], stdout=io.StringIO(), stderr=err) == 2
    assert "unknown executor 'foo'" in err.getvalue()
    assert "--executor" in err.getvalue()
