"""The command line: every command, option and help text (argparse, table-driven: each
command says what runs it, whether it writes to the site, and whether it needs the site's
configuration)."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from pathlib import Path

from pipeline import __version__
from pipeline.cli import commands, daemon_commands
from pipeline.cli.daemon_places import IDLE_TIMEOUT
from pipeline.cli.usage import Parser
from pipeline.engine.parallel import parse_executor
from pipeline.errors import PipelineError
from pipeline.report import FORMATS
from pipeline.rules import RULES

LOCK_WAIT = 30.0
"""Seconds a writing command waits for another run's lock by default."""

EXIT_CODES = (
    ("0", "nothing at or above the --fail-on level was found"),
    ("1", "something was (--fail-on error: an error; warning: a warning or an error)"),
    (
        "2",
        "a usage, configuration or input error, or a file that cannot be read (an "
        "incomplete check; with --keep-going it is a finding)",
    ),
    ("130/143/129", "stopped by SIGINT (Ctrl-C) / SIGTERM / SIGHUP"),
)
"""``check``'s exit statuses, for its help."""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="pipeline",
        description="Multilingual content pipeline: Markdown pages <-> gettext catalogues, "
        "translation checks, localised HTML.",
        epilog="'pipeline COMMAND --help' tells more about a command; 'pipeline rules' "
        "lists the check rules.",
    )
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    _site_options(parser, suppress=False)
    common = Parser(add_help=False)
    _site_options(common, suppress=True)
    commands_ = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add = functools.partial(commands_.add_parser, parents=[common])
    _setup_commands(add)
    _catalogue_commands(add)
    _check_command(add)
    _publish_commands(add)
    _daemon_command(add, common)
    return parser


def _site_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """``-C``, the quiet levels and the engine options: global, before or after the
    command."""

    def given(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument(
        "-C",
        "--root",
        type=Path,
        default=given(None),
        metavar="DIR",
        help="site root (holds pipeline.toml, content/ or locale/); default: the current "
        "folder or its nearest parent that is one",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="count",
        default=given(0),
        help="print diagnostics only (no summary); -qq: print nothing (exit status only)",
    )
    parser.add_argument(
        "--silent",
        dest="quiet",
        action="store_const",
        const=2,
        default=argparse.SUPPRESS,
        help="print nothing, as -qq",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=given(None),
        metavar="N",
        help="worker processes (default: one per CPU; 1: no workers)",
    )
    parser.add_argument(
        "--executor",
        type=_executor,
        default=given("local"),
        metavar="URL",
        help="where the work runs: 'local' (default) or a Dask scheduler, dask://HOST:PORT",
    )
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        default=given(True),
        help="neither read nor write .pipeline-cache/",
    )
    parser.add_argument(
        "--lock-wait",
        type=float,
        default=given(LOCK_WAIT),
        metavar="SECONDS",
        help=f"when another run holds the site's lock, wait this long for it, then fail "
        f"(default {LOCK_WAIT:g}; 0: fail at once)",
    )


def _setup_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """``init``, ``rules``."""
    init = add(
        "init",
        help="set pipeline up in an existing site: pipeline.toml, .gitignore, CI, pre-commit",
        description="Look at the site (Hugo content/<lang>/, Hugo or MkDocs page.<lang>.md "
        "files, Sphinx locale/), write a commented pipeline.toml saying what was found, add "
        "pipeline's cache, lock and build folder to .gitignore, and on request a GitHub "
        "workflow or a pre-commit configuration. Existing files are never replaced without "
        "--force.",
    )
    init.add_argument(
        "--ci",
        choices=("github",),
        help="also write .github/workflows/translations.yml (the GitHub Action, pinned by tag)",
    )
    init.add_argument(
        "--pre-commit",
        action="store_true",
        help="also write .pre-commit-config.yaml with pipeline's hook (pinned by tag)",
    )
    init.add_argument("--force", action="store_true", help="replace files that exist")
    init.set_defaults(run=commands.init, writes=False, site=False)
    rules = add(
        "rules",
        help="list the check rules, or explain one (like 'ruff rule')",
        description="Without RULE: every rule with its default severity and one line. With "
        "RULE: its description, default severity, options and an example.",
    )
    rules.add_argument("rule", nargs="?", metavar="RULE", help="a rule id (typography)")
    rules.set_defaults(run=commands.rules, writes=False, site=False)


def _catalogue_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """``extract``, ``update``, ``import``."""
    extract = add(
        "extract",
        help="write POT catalogues from the source pages",
        description="Extract the translatable units of the source-language pages into "
        "locale/<domain>.pot.",
    )
    _check_option(extract, "extract")
    extract.set_defaults(run=commands.extract, writes=True, site=True)
    update = add(
        "update",
        help="merge the POT catalogues into each language's PO files",
        description="Merge locale/*.pot into locale/<lang>/LC_MESSAGES/*.po the way "
        "'msgmerge --previous' does, creating missing PO files.",
    )
    update.add_argument(
        "--lang", action="append", default=[], metavar="L", help="only this language (repeatable)"
    )
    _check_option(update, "update")
    update.set_defaults(run=commands.update, writes=True, site=True)
    imp = add(
        "import",
        help="fill a language's catalogues from its hand-written pages",
        description="Align each page of content/<lang>/ with its source page and fill the "
        "PO entries with the translated units.",
    )
    imp.add_argument("lang", help="language whose pages to import (e.g. fr)")
    imp.add_argument(
        "--overwrite",
        action="store_true",
        help="replace translations that differ from the page's text",
    )
    imp.set_defaults(run=commands.import_, writes=True, site=True)


def _check_option(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"write nothing; exit 1 and list the files when '{command}' would change one",
    )


def _check_epilog() -> str:
    width = max(len(rule) for rule in RULES)
    lines = ["rules ('pipeline rules RULE' explains one; default severity in brackets):"]
    for rule in RULES.values():
        lines.append(f"  {rule.id.ljust(width)}  [{rule.default_severity.value}] {rule.summary}")
    lines += ["", "exit status:"]
    lines += [f"  {code}  {meaning}" for code, meaning in EXIT_CODES]
    return "\n".join(lines)


def _check_command(add: Callable[..., argparse.ArgumentParser]) -> None:
    """``check``."""
    check = add(
        "check",
        help="check pages and catalogues; exit 1 when something is wrong",
        description="Check pages (content/<lang>/) and catalogues (locale/<lang>/LC_MESSAGES/) "
        "for wrong-language passages, untranslated and fuzzy entries, missing pages, broken "
        "markup, glossary terms, typography and invalid catalogues.",
        epilog=_check_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to report on (default: the whole site)",
    )
    check.add_argument(
        "--lang", action="append", default=[], metavar="L", help="only this language (repeatable)"
    )
    check.add_argument("--format", default="text", choices=FORMATS, help="report format")
    check.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    check.add_argument(
        "--fail-on",
        default="error",
        choices=("error", "warning", "never"),
        help="lowest severity that makes the exit status 1 (default: error)",
    )
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="accept the findings recorded in FILE; report only new ones",
    )
    check.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record the current findings in FILE and exit 0",
    )
    check.add_argument(
        "--keep-going",
        action="store_true",
        help="a file that cannot be read is a finding (exit 1), not an incomplete run (exit 2)",
    )
    check.add_argument(
        "--no-daemon",
        action="store_true",
        help="run the check in this process even when a daemon ('pipeline daemon') serves the site",
    )
    check.add_argument(
        "--explain",
        metavar="RULE",
        help="explain a rule (as 'pipeline rules RULE') instead of checking",
    )
    check.set_defaults(run=commands.check, writes=False, site=True)


def _publish_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """``build``, ``compile``, ``status``, ``serve``."""
    build = add(
        "build",
        help="write localised HTML fragments, the manifest, .mo files and the dashboard",
        description="Render every page in every language to build/<lang>/<page>.html "
        "(untranslated units fall back to the source, with its lang), write "
        "build/manifest.json, build/status.html and the .mo files.",
    )
    build.add_argument(
        "--preview", action="store_true", help="also write full preview pages under build/preview/"
    )
    build.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="write everything (fragments, manifest, dashboard, .mo files) into DIR, "
        "nothing into the site (which may be read-only)",
    )
    build.add_argument(
        "--pages",
        action="store_true",
        help="write localised Markdown pages into content/<lang>/ instead",
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="with --pages: replace hand-written pages that have been imported",
    )
    build.set_defaults(run=commands.build, writes=True, site=True)
    add(
        "compile",
        help="write .mo files next to the PO files (identical to msgfmt's)",
        description="Compile every locale/<lang>/LC_MESSAGES/<domain>.po into the .mo file "
        "beside it, byte for byte what 'msgfmt' writes.",
    ).set_defaults(run=commands.compile_, writes=True, site=True)
    status = add(
        "status",
        help="print translation coverage per catalogue and language",
        description="Print, per target language and catalogue, units (PO entries) and words "
        "translated, fuzzy, untranslated and outdated (source texts the catalogue does not "
        "have yet); an up-to-date catalogue is counted as 'msgfmt --statistics' counts it. A "
        "catalogue that does not parse is an error (exit status 2) naming its file and line.",
    )
    status.add_argument(
        "--format",
        default="text",
        choices=("text", "json"),
        help="a table (default) or a versioned JSON document with pages too",
    )
    status.set_defaults(run=commands.status, writes=False, site=True)
    _serve_command(add)


def _serve_command(add: Callable[..., argparse.ArgumentParser]) -> None:
    """``serve``."""
    serve = add(
        "serve",
        help="serve the dashboard and previews locally, rebuilt and reloaded on every change",
        description="Build the site with previews, serve build/ on a local web server, watch "
        "the pages, catalogues, glossary and pipeline.toml, re-run what a change needs (check "
        "and build through the cache) and reload open pages. Ctrl-C stops it.",
    )
    serve.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (default 8000; 0: any free)"
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    serve.add_argument(
        "--update",
        action="store_true",
        help="run extract and update when a source page changes",
    )
    # serve takes the site's lock for each rebuild, not for its whole life.
    serve.set_defaults(run=commands.serve, writes=False, site=True)


def _daemon_command(add: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    """``daemon start|run|stop|status``."""
    daemon = add(
        "daemon",
        help="keep a resident checker for the site, so that 'pipeline check' answers at once",
        description="A daemon keeps the site's check in memory (language models loaded, "
        "last findings kept) and runs every 'pipeline check' of the site for it, so that a "
        "re-check after an edit costs the edited files only. It listens on "
        ".pipeline-cache/daemon.sock (mode 0600) and stops after --idle-timeout seconds "
        "without a request.",
    )
    actions = daemon.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = actions.add_parser(
        "start",
        parents=[common],
        help="start a daemon in the background and wait until it has warmed up",
        description="Start 'pipeline daemon run' in the background (its output in "
        ".pipeline-cache/daemon.log) and return when it answers, after its warm-up check. "
        "A daemon already serving the site is left as it is (exit status 0).",
    )
    run = actions.add_parser(
        "run",
        parents=[common],
        help="run the daemon in the foreground (what 'start' starts; for systemd)",
        description="Serve the site's checks in the foreground, logging to standard output, "
        "until idle for --idle-timeout seconds, 'pipeline daemon stop', or a stop signal.",
    )
    for parser in (start, run):
        parser.add_argument(
            "--idle-timeout",
            type=_seconds,
            default=IDLE_TIMEOUT,
            metavar="SECONDS",
            help=f"stop after this long without a request (default {IDLE_TIMEOUT:g}; 0: never)",
        )
    actions.add_parser(
        "stop",
        parents=[common],
        help="stop the site's daemon (after the check it is running, if any)",
        description="Ask the site's daemon to stop and wait until it has removed its socket.",
    )
    actions.add_parser(
        "status",
        parents=[common],
        help="say whether a daemon serves the site, and what it has done",
        description="Print the daemon's pid, uptime, requests served and declined and the "
        "checks it holds in memory; exit status 1 when no daemon serves the site.",
    )
    daemon.set_defaults(run=daemon_commands.daemon, writes=False, site=True)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not seconds >= 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError("must be 0 or more seconds")
    return seconds


def _executor(value: str) -> str:
    try:
        return parse_executor(value)
    except PipelineError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return jobs


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("must be 0 to 65535")
    return port
