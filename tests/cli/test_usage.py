"""Usage errors: every bad command line gives one error line on stderr, naming the command it
is about, then that command's usage (as argparse, ruff and git do), and exit status 2."""

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
    assert ": error: " in lines[0]
    assert "Traceback" not in err.getvalue()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("argv", BAD_COMMAND_LINES, ids=lambda argv: " ".join(argv) or "(none)")
def test_on_a_terminal_the_usage_of_the_command_follows(argv: list[str]) -> None:
    err = _Terminal()
    assert main(argv, stdout=io.StringIO(), stderr=err) == 2
    first, *usage = err.getvalue().splitlines()
    command = first.split(":", 1)[0]  # "pipeline" or "pipeline check"
    assert usage and usage[0].startswith(f"usage: {command} "), usage
    assert all(line.startswith(" ") for line in usage[1:])  # the usage, wrapped


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["check", "--no-such-option"], "pipeline check"),
        (["check", "--format", "xml"], "pipeline check"),
        (["build", "--pages", "--preview", "--bogus"], "pipeline build"),
        (["import"], "pipeline import"),
        (["chek"], "pipeline"),
    ],
)
def test_the_error_names_the_subcommand(argv: list[str], command: str) -> None:
    err = io.StringIO()
    assert main(argv, stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith(f"{command}: error: ")


def test_the_executor_error_names_the_value() -> None:
    err = io.StringIO()
    assert main(["--executor", "foo", "check"], stdout=io.StringIO(), stderr=err) == 2
    assert "unknown executor 'foo'" in err.getvalue()
    assert "--executor" in err.getvalue()
