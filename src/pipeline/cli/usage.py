"""argparse, made to behave like the tools people know (ruff, git, msgfmt): a usage error is
one line naming the command it is about, with a did-you-mean for a mistyped command, option
or choice; on a terminal it is followed by that command's own usage (in logs and pipes it
stays one line); nothing is printed by argparse itself."""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import NoReturn

from pipeline.config.toml_source import did_you_mean

_CHOICE = re.compile(
    r"^argument (?P<argument>[^:]+): invalid choice: '(?P<value>[^']*)' "
    r"\(choose from (?P<choices>.*)\)$"
)


class UsageError(Exception):
    """The command line is wrong: the one-line message and the usage of the command."""

    def __init__(self, message: str, usage: str) -> None:
        super().__init__(message)
        self.message = message
        """``pipeline check: error: ...`` (one line)."""
        self.usage = usage
        """The command's usage (``usage: pipeline check [-h] ...``), one or more lines."""

    def __str__(self) -> str:
        return f"{self.message}\n{self.usage}".rstrip("\n")


class Parser(argparse.ArgumentParser):
    """argparse, except that a usage error raises :class:`UsageError` (printed by
    :func:`pipeline.cli.main`) instead of printing the usage and exiting."""

    def error(self, message: str) -> NoReturn:
        match = _CHOICE.search(message)
        if match is not None:
            value, argument = match.group("value"), match.group("argument")
            choices = re.findall(r"'([^']*)'", match.group("choices"))
            hint = did_you_mean(value, choices)
            if argument == "COMMAND":
                message = f"'{value}' is not a pipeline command{hint}"
            else:
                message = f"argument {argument}: invalid choice '{value}'{hint}"
            message += f" (choose from {', '.join(choices)})" if not hint else ""
        raise UsageError(f"{self.prog}: error: {message}", self.format_usage())

    def unknown_options(self, extras: Sequence[str]) -> NoReturn:
        """The error for arguments this (sub)command does not take, with a did-you-mean
        among its own options."""
        options = [o for o in self._option_string_actions if o.startswith("--")]
        first = extras[0]
        if first.startswith("-"):
            name = first.split("=", 1)[0]
            hint = did_you_mean(name, options)
            self.error(f"unrecognized option '{name}'{hint}")
        self.error(f"unrecognized arguments: {' '.join(extras)}")


def subcommand(parser: argparse.ArgumentParser, name: str | None) -> Parser | None:
    """The parser of the subcommand ``name``, or None."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            chosen = action.choices[name]
            return chosen if isinstance(chosen, Parser) else None
    return None
