"""Command-line interface: the only place that prints and chooses exit statuses."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NoReturn, TextIO

from pipeline import __version__
from pipeline.config import (
    Config,
    Environment,
    find_site_root,
    load_config,
    read_environment,
)
from pipeline.engine import Engine
from pipeline.engine.parallel import parse_executor
from pipeline.engine.progress import wants_progress
from pipeline.errors import PipelineError
from pipeline.fsio import write_if_changed
from pipeline.lock import site_lock
from pipeline.model import Severity
from pipeline.report import FORMATS, render

# The task modules are imported by the command that needs them: extract and update need
# none of the language models' libraries (a third of a second to import).

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
LOCK_WAIT = 30.0
"""Seconds a writing command waits for another run's lock by default."""


class UsageError(Exception):
    """The command line is wrong (argparse's complaint, made one line)."""


class _Parser(argparse.ArgumentParser):
    """argparse, except that a usage error is raised (one line, exit 2, from :func:`main`)
    instead of printing the usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message} (see '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pipeline",
        description="Multilingual content pipeline: Markdown pages <-> gettext catalogues, "
        "translation checks, localised HTML.",
    )
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    parser.add_argument(
        "-C",
        "--root",
        type=Path,
        default=None,
        metavar="DIR",
        help="site root (holds pipeline.toml, content/ or locale/); default: the current "
        "folder or its nearest parent that is one",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    _engine_options(parser, suppress=False)
    common = _Parser(add_help=False)
    common.add_argument(
        "-C",
        "--root",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="site root (default: the current folder or its nearest parent that is one)",
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only errors"
    )
    _engine_options(common, suppress=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add = functools.partial(commands.add_parser, parents=[common])
    _catalogue_commands(add)
    _check_command(add)
    _publish_commands(add)
    return parser


def _catalogue_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """``extract``, ``update``, ``import``."""

    extract = add(
        "extract",
        help="write POT catalogues from the source pages",
        description="Extract the translatable units of the source-language pages into "
        "locale/<domain>.pot.",
    )
    _check_option(extract, "extract")
    extract.set_defaults(run=_extract, writes=True)
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
    update.set_defaults(run=_update, writes=True)
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
    imp.set_defaults(run=_import, writes=True)


def _check_option(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"write nothing; exit 1 and list the files when '{command}' would change one",
    )


def _check_command(add: Callable[..., argparse.ArgumentParser]) -> None:
    """``check``."""
    check = add(
        "check",
        help="check pages and catalogues; exit 1 when something is wrong",
        description="Check pages (content/<lang>/) and catalogues (locale/<lang>/LC_MESSAGES/) "
        "for wrong-language passages, untranslated and fuzzy entries, missing pages, broken "
        "markup, glossary terms, typography and invalid catalogues.",
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
    check.set_defaults(run=_check, writes=False)


def _publish_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """``build``, ``compile``, ``status``."""
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
        "--pages",
        action="store_true",
        help="write localised Markdown pages into content/<lang>/ instead",
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="with --pages: replace hand-written pages that have been imported",
    )
    build.set_defaults(run=_build, writes=True)
    add(
        "compile",
        help="write .mo files next to the PO files (identical to msgfmt's)",
        description="Compile every locale/<lang>/LC_MESSAGES/<domain>.po into the .mo file "
        "beside it, byte for byte what 'msgfmt' writes.",
    ).set_defaults(run=_compile, writes=True)
    add(
        "status",
        help="print translation coverage per catalogue and language",
        description="Print, per target language and catalogue, how many entries are "
        "translated, fuzzy and untranslated (counted as 'msgfmt --statistics' counts).",
    ).set_defaults(run=_status, writes=False)


def _engine_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """``--jobs``, ``--executor``, ``--no-cache`` (global: before or after the command)."""

    def given(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

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


def _engine(args: argparse.Namespace, err: TextIO) -> Engine:
    environment: Environment = args.environment
    return Engine(
        jobs=args.jobs,
        executor=args.executor,
        cache=args.cache,
        progress=err,
        show_progress=wants_progress(err, environment),
        parallel_min_bytes=environment.parallel_min_bytes,
    )


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except UsageError as exc:
        print(exc, file=err)
        return EXIT_ERROR
    try:
        args.environment = read_environment(os.environ)
        root = find_site_root(args.root, args.environment.ceilings)
        config = load_config(root, args.environment)
        run: Command = args.run
        if args.writes and not getattr(args, "check", False):
            # One writing run at a time per site; readers (check, status) need no lock.
            wait = args.lock_wait if args.lock_wait > 0 else None
            with site_lock(config.root, wait=wait):
                return run(args, config, out, err)
        return run(args, config, out, err)
    except PipelineError as exc:
        print(f"{exc}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("pipeline: interrupted", file=err)
        return 130
    except MemoryError:
        print(f"pipeline: {args.command}: out of memory (an input is too large)", file=err)
        return EXIT_ERROR


Command = Callable[[argparse.Namespace, Config, TextIO, TextIO], int]
"""A command: parsed arguments, the site's configuration, stdout, stderr -> exit status."""


def _say(args: argparse.Namespace, out: TextIO) -> Callable[[str], None]:
    def say(line: str) -> None:
        if not args.quiet:
            print(line, file=out)

    return say


def _extract(args: argparse.Namespace, config: Config, out: TextIO, err: TextIO) -> int:
    from pipeline.tasks.extract import run_extract

    say = _say(args, out)
    if args.check:
        result = run_extract(config, engine=replace(_engine(args, err), cache=False), check=True)
        for path in result.written:
            say(f"would write {path}")
        for path in result.removed:
            say(f"would remove {path} (its page is gone)")
        stale = len(result.written) + len(result.removed)
        say(f"extract --check: {stale} of {result.unchanged + stale} templates would change")
        return EXIT_FINDINGS if stale else EXIT_OK
    result = run_extract(config, engine=_engine(args, err))
    for path in result.written:
        say(f"wrote {path}")
    for path in result.removed:
        say(f"removed {path} (its page is gone)")
    say(
        f"extract: {result.pages} pages, {result.units} units, "
        f"{len(result.written)} templates written, {result.unchanged} unchanged"
    )
    return EXIT_OK


def _update(args: argparse.Namespace, config: Config, out: TextIO, err: TextIO) -> int:
    langs = config.languages_asked(args.lang, targets=True)
    from pipeline.tasks.update import run_update

    say = _say(args, out)
    if args.check:
        updates = run_update(config, langs, check=True)
        stale = [item for item in updates if item.written]
        for item in stale:
            say(f"would {'create' if item.created else 'update'} {item.path}")
        say(f"update --check: {len(stale)} of {len(updates)} catalogues would change")
        return EXIT_FINDINGS if stale else EXIT_OK
    updates = run_update(config, langs)
    for item in updates:
        if item.written:
            verb = "created" if item.created else "updated"
            recovered = (
                f" ({item.recovered} recovered from orphan catalogues)" if item.recovered else ""
            )
            say(
                f"{verb} {item.path}: {item.kept} kept, {item.fuzzy} fuzzy, "
                f"{item.new} new, {item.obsolete} obsolete{recovered}"
            )
    changed = sum(1 for u in updates if u.written)
    say(f"update: {len(updates)} catalogues, {changed} written")
    return EXIT_OK


def _import(args: argparse.Namespace, config: Config, out: TextIO, err: TextIO) -> int:
    from pipeline.tasks.importing import run_import

    say = _say(args, out)
    lang = config.languages_asked([args.lang], targets=True)[0]
    imported = run_import(config, lang, overwrite=args.overwrite)
    for path in imported.written:
        say(f"wrote {path}")
    for location in imported.conflicts:
        print(
            f"{location}: kept the catalogue's existing translation "
            "(use --overwrite to replace it)",
            file=err,
        )
    for location in imported.unaligned:
        print(f"{location}: could not be aligned", file=err)
    say(
        f"import {lang}: {imported.pages} pages, {imported.filled} translations filled, "
        f"{imported.uncertain} uncertain (fuzzy), {len(imported.unaligned)} unaligned"
    )
    return EXIT_OK


def _compile(args: argparse.Namespace, config: Config, out: TextIO, err: TextIO) -> int:
    from pipeline.tasks.compile import run_compile

    say = _say(args, out)
    for path in run_compile(config):
        say(f"wrote {path}")
    return EXIT_OK


def _status(args: argparse.Namespace, config: Config, out: TextIO, err: TextIO) -> int:
    from pipeline.tasks.status import format_status_table, run_status

    _say(args, out)(format_status_table(run_status(config)).rstrip("\n"))
    return EXIT_OK


def _build(args: argparse.Namespace, config: Config, out: TextIO, err: TextIO) -> int:
    """``build`` and ``build --pages``."""
    say = _say(args, out)
    if args.pages:
        from pipeline.tasks.pages import run_pages

        pages = run_pages(config, force=args.force)
        for path in pages.written:
            say(f"wrote {path}")
        for refusal in pages.refused:
            print(f"{refusal.path}: {refusal.reason}", file=err)
        return EXIT_OK
    from pipeline.tasks.build import run_build
    from pipeline.tasks.status import write_dashboard

    result = run_build(config, preview=args.preview)
    for problem in result.problems:
        print(f"{problem.location}: {problem.rule}: {problem.message} (source text used)", file=err)
    dashboard = write_dashboard(config, _engine(args, err))
    build_dir = config.root / "build"
    say(f"fragments: {build_dir}/<lang>/<page>.html ({result.fragments} written or unchanged)")
    say(f"manifest:  {build_dir}/manifest.json")
    say(f"dashboard: {dashboard}")
    if args.preview:
        say(f"preview:   {build_dir}/preview/<lang>/<page>.html")
    return EXIT_OK


def _site_relative(config: Config, raw: str) -> str:
    """A PATH argument as a site-relative path: taken relative to the current folder and,
    failing that (no such file, or not in the site), to the site root."""
    path = Path(raw)
    site = config.root.resolve()
    tries = [path] if path.is_absolute() else [Path.cwd() / path, config.root / path]
    outside = False
    for candidate in tries:
        absolute = candidate.resolve()
        if not absolute.exists():
            continue
        if not absolute.is_relative_to(site):
            outside = True
            continue
        relative = absolute.relative_to(site).as_posix()
        return "" if relative == "." else relative
    raise PipelineError("is not inside the site" if outside else "no such file or folder", raw)


def _check(args: argparse.Namespace, config: Config, out: TextIO, err: TextIO) -> int:
    langs = config.languages_asked(args.lang, targets=False)
    paths = tuple(p for p in (_site_relative(config, raw) for raw in args.paths) if p)
    from pipeline.checks.baseline import format_baseline
    from pipeline.tasks.check import CheckRequest, run_check

    request = CheckRequest(paths=paths, langs=langs, baseline=args.baseline)
    findings = run_check(config, request, engine=_engine(args, err))
    if args.write_baseline is not None:
        write_if_changed(args.write_baseline, format_baseline(findings).encode("utf-8"))
        if not args.quiet:
            print(f"wrote {args.write_baseline}: {len(findings)} findings accepted", file=out)
        return EXIT_OK
    color = args.output is None and args.format == "text" and _wants_color(out, args.environment)
    report = render(args.format, findings, tool_version=__version__, color=color)
    if args.output is not None:
        write_if_changed(args.output, report.encode("utf-8"))
    elif not (args.quiet and not findings):
        out.write(report)
    threshold = {"error": Severity.ERROR, "warning": Severity.WARNING}.get(args.fail_on)
    if threshold is not None and any(f.severity.rank >= threshold.rank for f in findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _wants_color(stream: TextIO, environment: Environment) -> bool:
    if environment.no_color or environment.dumb_terminal:
        return False
    return bool(getattr(stream, "isatty", lambda: False)())
