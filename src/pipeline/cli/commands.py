"""What each command does once its command line is parsed: run the task, print what it did.

Quiet levels (``args.quiet``): 0 prints everything, 1 (``-q``) prints diagnostics only (the
findings, the units that could not be aligned; no "wrote" lines, no summary), 2 (``-qq``,
``--silent``) prints nothing: the exit status says it all.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from pipeline import __version__
from pipeline.cli.explain import explain_rule, rule_list
from pipeline.config import Config, Environment
from pipeline.engine import Engine
from pipeline.engine.progress import wants_progress
from pipeline.errors import PipelineError
from pipeline.fsio import StateFolder, write_if_changed
from pipeline.model import Severity
from pipeline.report import render
from pipeline.runs import print_line

# The task modules are imported by the command that needs them: extract and update need
# none of the language models' libraries (a third of a second to import).

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

Command = Callable[[argparse.Namespace, Config | None, TextIO, TextIO], int]
"""A command: parsed arguments, the site's configuration (None for the commands that need
no site), stdout, stderr -> exit status."""


def _say(args: argparse.Namespace, out: TextIO) -> Callable[[str], None]:
    """Print a line of what was done (not at -q and above)."""

    def say(line: str) -> None:
        if args.quiet < 1:
            print(line, file=out)

    return say


def _diagnose(args: argparse.Namespace, err: TextIO) -> Callable[[str], None]:
    """Print a diagnostic line on stderr (not at -qq)."""

    def diagnose(line: str) -> None:
        if args.quiet < 2:
            print(line, file=err)

    return diagnose


def _site(config: Config | None) -> Config:
    assert config is not None, "a site command always gets the configuration"
    return config


def _engine(args: argparse.Namespace, err: TextIO) -> Engine:
    environment: Environment = args.environment
    state: StateFolder = args.state
    return Engine(
        jobs=args.jobs,
        executor=args.executor,
        cache=args.cache and state.path is not None,
        progress=err,
        show_progress=args.quiet < 1 and wants_progress(err, environment),
        parallel_min_bytes=environment.parallel_min_bytes,
        cache_dir=None if state.in_site else state.path,
        notices=None if args.quiet else lambda line: print_line(err, f"pipeline: {line}"),
        resident=getattr(args, "resident", None),
    )


def init(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    from pipeline.tasks.init import IGNORED, describe, run_init

    say = _say(args, out)
    diagnose = _diagnose(args, err)
    result = run_init(
        args.root or Path("."), ci=args.ci, pre_commit=args.pre_commit, force=args.force
    )
    say(f"found: {describe(result.found)}")
    for note in result.notes:
        diagnose(f"pipeline: note: {note}")
    for path in result.written:
        say(f"wrote {path}")
    for path in result.kept:
        diagnose(f"pipeline: {path} exists: left as it is (--force replaces it)")
    if result.ignored:
        say(f"added to .gitignore: {', '.join(result.ignored)}")
    elif set(IGNORED):
        say(".gitignore already ignores pipeline's files")
    say("next: pipeline check   (then: pipeline extract && pipeline update)")
    return EXIT_OK


def rules(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    text = rule_list() if args.rule is None else explain_rule(args.rule)
    if args.quiet < 2:
        out.write(text)
    return EXIT_OK


def extract(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    from pipeline.tasks.extract import run_extract

    say = _say(args, out)
    site = _site(config)
    if args.check:
        result = run_extract(site, engine=replace(_engine(args, err), cache=False), check=True)
        for path in result.written:
            say(f"would write {path}")
        for path in result.removed:
            say(f"would remove {path} (its page is gone)")
        stale = len(result.written) + len(result.removed)
        say(f"extract --check: {stale} of {result.unchanged + stale} templates would change")
        return EXIT_FINDINGS if stale else EXIT_OK
    result = run_extract(site, engine=_engine(args, err))
    for path in result.written:
        say(f"wrote {path}")
    for path in result.removed:
        say(f"removed {path} (its page is gone)")
    say(
        f"extract: {result.pages} pages, {result.units} units, "
        f"{len(result.written)} templates written, {result.unchanged} unchanged"
    )
    return EXIT_OK


def update(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    site = _site(config)
    langs = site.languages_asked(args.lang, targets=True)
    from pipeline.tasks.update import run_update

    say = _say(args, out)
    if args.check:
        updates = run_update(site, langs, check=True)
        stale = [item for item in updates if item.written]
        for item in stale:
            say(f"would {'create' if item.created else 'update'} {item.path}")
        say(f"update --check: {len(stale)} of {len(updates)} catalogues would change")
        return EXIT_FINDINGS if stale else EXIT_OK
    updates = run_update(site, langs)
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


def import_(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    site = _site(config)
    lang = site.languages_asked([args.lang], targets=True)[0]
    from pipeline.tasks.importing import run_import

    say = _say(args, out)
    diagnose = _diagnose(args, err)
    imported = run_import(site, lang, overwrite=args.overwrite)
    for path in imported.written:
        say(f"wrote {path}")
    for location in imported.conflicts:
        diagnose(
            f"{location}: kept the catalogue's existing translation (use --overwrite to replace it)"
        )
    for location in imported.unaligned:
        diagnose(f"{location}: could not be aligned")
    say(
        f"import {lang}: {imported.pages} pages, {imported.filled} translations filled, "
        f"{imported.uncertain} uncertain (fuzzy), {len(imported.unaligned)} unaligned"
    )
    return EXIT_OK


def compile_(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    from pipeline.tasks.compile import run_compile

    say = _say(args, out)
    for path in run_compile(_site(config)):
        say(f"wrote {path}")
    return EXIT_OK


def status(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    from pipeline.tasks.status import format_status_json, format_status_table, run_status

    result = run_status(_site(config), _engine(args, err), strict=True)
    if args.quiet < 2:  # what the command is for: shown at -q too
        out.write(
            format_status_json(result) if args.format == "json" else format_status_table(result)
        )
    return EXIT_OK


def serve(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    from pipeline.serve.app import run_serve
    from pipeline.serve.options import ServeOptions

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    options = ServeOptions(
        host=args.host,
        port=args.port,
        update=args.update,
        lock_wait=args.lock_wait if args.lock_wait > 0 else None,
    )
    return run_serve(_site(config).root, args.environment, _engine(args, err), options, say)


def build(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    """``build`` and ``build --pages``."""
    site = _site(config)
    say = _say(args, out)
    diagnose = _diagnose(args, err)
    if args.pages:
        from pipeline.tasks.pages import run_pages

        pages = run_pages(site, force=args.force)
        for path in pages.written:
            say(f"wrote {path}")
        for refusal in pages.refused:
            diagnose(f"{refusal.path}: {refusal.reason}")
        return EXIT_OK
    from pipeline.tasks.build import run_build
    from pipeline.tasks.status import write_dashboard

    result = run_build(site, preview=args.preview, output=args.output)
    for problem in result.problems:
        diagnose(f"{problem.location}: {problem.rule}: {problem.message} (source text used)")
    dashboard = write_dashboard(site, _engine(args, err), preview=args.preview, into=args.output)
    build_dir = args.output or site.root / site.build.output_dir
    say(f"fragments: {build_dir}/<lang>/<page>.html ({result.fragments} written or unchanged)")
    say(f"manifest:  {build_dir}/manifest.json")
    say(f"dashboard: {dashboard.path}")
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


def check(args: argparse.Namespace, config: Config | None, out: TextIO, err: TextIO) -> int:
    site = _site(config)
    langs = site.languages_asked(args.lang, targets=False)
    paths = tuple(p for p in (_site_relative(site, raw) for raw in args.paths) if p)
    from pipeline.checks.baseline import format_baseline
    from pipeline.tasks.check import CheckRequest, run_check_outcome

    request = CheckRequest(paths=paths, langs=langs, baseline=args.baseline)
    outcome = run_check_outcome(site, request, engine=_engine(args, err))
    findings = outcome.findings
    # A file that could not be read leaves the run incomplete: exit 2, naming it, unless
    # --keep-going makes it a finding like any other.
    incomplete = bool(outcome.unreadable) and not args.keep_going
    if args.write_baseline is not None and not incomplete:
        write_if_changed(args.write_baseline, format_baseline(findings).encode("utf-8"))
        _say(args, out)(f"wrote {args.write_baseline}: {len(findings)} findings accepted")
        return EXIT_OK
    if args.output is not None:
        resident = getattr(args, "resident", None)
        encodings = resident.encodings if resident is not None else None
        report = render(args.format, findings, tool_version=__version__, encodings=encodings)
        write_if_changed(args.output, report.encode("utf-8"))
    elif args.quiet < 2 and not (args.quiet and not findings):
        color = args.format == "text" and wants_color(out, args.environment)
        out.write(
            render(
                args.format,
                findings,
                tool_version=__version__,
                color=color,
                summary=args.quiet < 1,
            )
        )
    for line in outcome.unreadable if incomplete and args.quiet < 2 else ():
        print(
            f"pipeline: {line} (the check is incomplete; --keep-going reports it as a finding)",
            file=err,
        )
    if incomplete:
        return EXIT_ERROR
    threshold = {"error": Severity.ERROR, "warning": Severity.WARNING}.get(args.fail_on)
    if threshold is not None and any(f.severity.rank >= threshold.rank for f in findings):
        return EXIT_FINDINGS
    return EXIT_OK


def wants_color(stream: TextIO, environment: Environment) -> bool:
    """Colour on a terminal; never with ``NO_COLOR`` (or ``TERM=dumb``); always with
    ``FORCE_COLOR`` (CI logs that show colours), unless ``NO_COLOR`` is set too."""
    if environment.no_color:
        return False
    if environment.force_color:
        return True
    if environment.dumb_terminal:
        return False
    return bool(getattr(stream, "isatty", lambda: False)())
