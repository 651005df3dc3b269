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
import io
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from pipeline.cli.commands import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Command, wants_color
from pipeline.cli.parser import build_parser
from pipeline.cli.usage import UsageError, subcommand
from pipeline.config import find_site_root, load_config, read_environment
from pipeline.engine.cache import CACHE_DIR
from pipeline.errors import PipelineError
from pipeline.fsio import describe_os_error
from pipeline.runs import run_state, run_stoppable

if TYPE_CHECKING:
    from pipeline.engine.resident import ResidentCheck

__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "UsageError",
    "main",
    "parse",
    "wants_color",
]


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


def parse(argv: Sequence[str]) -> argparse.Namespace | None:
    """``argv`` parsed as :func:`main` parses it (nothing printed), or None when it is a
    usage error, ``--help`` or ``--version``."""
    try:
        return _parse(argv, io.StringIO())
    except (UsageError, SystemExit):
        return None


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    resident: ResidentCheck | None = None,
) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return its exit status.

    ``environ`` stands for ``os.environ`` (a daemon runs a client's command with the
    client's environment); ``resident`` is a daemon's memory of its last check, which a
    ``check`` run updates instead of starting from the cache alone."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parse(argv, out)
        args.resident = resident
        args.environ = os.environ if environ is None else environ
        args.main, args.parse = main, parse  # pipeline daemon runs its clients' checks
    except SystemExit as exc:  # --help, --version: printed
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except UsageError as exc:
        # One line in logs, pipes and CI; a person at a terminal also gets the usage of
        # the command the error is about.
        print(exc if _is_terminal(err) else exc.message, file=err)
        return EXIT_ERROR
    # Stop signals (SIGINT, SIGTERM, SIGHUP): one line saying what was finished, exit
    # 130 / 143 / 129.
    return run_stoppable(args.command or "pipeline", err, lambda: _guarded(args, out, err))


def _guarded(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the command; every failure becomes one line on stderr and exit status 2."""
    try:
        return _run(args, out, err)
    except PipelineError as exc:
        if args.quiet < 2:
            print(f"pipeline: {exc}", file=err)
        return EXIT_ERROR
    except MemoryError:
        print(f"pipeline: {args.command}: out of memory (an input is too large)", file=err)
        return EXIT_ERROR
    except OSError as exc:
        # A failure no module turned into a message of its own: still one line, naming
        # the file when the system does.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"pipeline: {args.command}: {where}{describe_os_error(exc)}", file=err)
        return EXIT_ERROR


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    args.environment = read_environment(args.environ)
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
    writes = args.writes and not getattr(args, "check", False)
    # A read-only site is said, unless the command is bound to fail writing into it.
    in_site = writes and getattr(args, "output", None) is None
    with run_state(
        config.root,
        args.environment.cache_home,
        cache_dir=CACHE_DIR,
        lock=writes,  # one writing run at a time per site; readers (check, status) need none
        note=None if args.quiet or in_site else err,
        wait=args.lock_wait if args.lock_wait > 0 else None,
    ) as args.state:
        return run(args, config, out, err)
