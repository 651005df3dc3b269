"""Command-line interface: the only place that prints and chooses exit statuses.

``main(argv) -> int`` parses the command line (:mod:`pipeline.cli.parser`), reads the
environment and the site's configuration, and runs the command
(:mod:`pipeline.cli.commands`). Every error becomes one line on stderr and exit status 2: a
usage error names the command (``pipeline check: error: ...``, with a did-you-mean) and is
followed by that command's usage; a tool error is prefixed ``pipeline: `` and names the file
and line it is about.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from pipeline.cli.commands import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Command, wants_color
from pipeline.cli.parser import build_parser
from pipeline.cli.usage import UsageError, subcommand
from pipeline.config import find_site_root, load_config, read_environment
from pipeline.errors import PipelineError
from pipeline.lock import site_lock

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "UsageError", "main", "wants_color"]


def _parse(argv: Sequence[str] | None, out: TextIO) -> argparse.Namespace:
    """The parsed command line; ``--help`` and ``--version`` print to ``out`` and raise
    SystemExit(0)."""
    parser = build_parser()
    with contextlib.redirect_stdout(out):
        args, extras = parser.parse_known_args(argv)
    if extras:
        chosen = subcommand(parser, getattr(args, "command", None))
        if chosen is not None:
            chosen.unknown_options(extras)
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parse(argv, out)
    except SystemExit as exc:  # --help, --version: printed
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except UsageError as exc:
        # One line in logs, pipes and CI; a person at a terminal also gets the usage of
        # the command the error is about.
        print(exc if _is_terminal(err) else exc.message, file=err)
        return EXIT_ERROR
    try:
        return _run(args, out, err)
    except PipelineError as exc:
        if args.quiet < 2:
            print(f"pipeline: {exc}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("pipeline: interrupted", file=err)
        return 130
    except MemoryError:
        print(f"pipeline: {args.command}: out of memory (an input is too large)", file=err)
        return EXIT_ERROR


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    args.environment = read_environment(os.environ)
    run: Command = args.run
    if not args.site or getattr(args, "explain", None):
        if getattr(args, "explain", None):
            from pipeline.cli.explain import explain_rule

            if args.quiet < 2:
                out.write(explain_rule(args.explain))
            return EXIT_OK
        return run(args, None, out, err)
    root = find_site_root(args.root, args.environment.ceilings)
    config = load_config(root, args.environment)
    if args.writes and not getattr(args, "check", False):
        # One writing run at a time per site; readers (check, status) need no lock.
        wait = args.lock_wait if args.lock_wait > 0 else None
        with site_lock(config.root, wait=wait):
            return run(args, config, out, err)
    return run(args, config, out, err)
