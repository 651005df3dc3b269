"""Command-line interface: the only place that prints and chooses exit statuses."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pipeline import __version__
from pipeline.config import Config, load_config
from pipeline.errors import PipelineError
from pipeline.tasks.extract import run_extract
from pipeline.tasks.importing import run_import
from pipeline.tasks.update import run_update

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline",
        description="Multilingual content pipeline: Markdown pages <-> gettext catalogues, "
        "translation checks, localised HTML.",
    )
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    parser.add_argument(
        "-C", "--root", type=Path, default=Path("."), metavar="DIR",
        help="site root (holds content/, locale/ and pipeline.toml); default: current folder",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser(
        "extract", help="write POT catalogues from the source pages",
        description="Extract the translatable units of the source-language pages into "
        "locale/<domain>.pot.",
    )
    update = commands.add_parser(
        "update", help="merge the POT catalogues into each language's PO files",
        description="Merge locale/*.pot into locale/<lang>/LC_MESSAGES/*.po the way "
        "'msgmerge --previous' does, creating missing PO files.",
    )
    update.add_argument("--lang", action="append", default=[], metavar="L",
                        help="only this language (repeatable)")
    imp = commands.add_parser(
        "import", help="fill a language's catalogues from its hand-written pages",
        description="Align each page of content/<lang>/ with its source page and fill the "
        "PO entries with the translated units.",
    )
    imp.add_argument("lang", help="language whose pages to import (e.g. fr)")
    imp.add_argument("--overwrite", action="store_true",
                     help="replace translations that differ from the page's text")
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        config = load_config(args.root)
        return _dispatch(args, config, out, err)
    except PipelineError as exc:
        print(f"{exc}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("pipeline: interrupted", file=err)
        return 130


def _dispatch(args: argparse.Namespace, config: Config, out: TextIO, err: TextIO) -> int:
    def say(line: str) -> None:
        if not args.quiet:
            print(line, file=out)

    if args.command == "extract":
        result = run_extract(config)
        for path in result.written:
            say(f"wrote {path}")
        for path in result.removed:
            say(f"removed {path} (its page is gone)")
        say(
            f"extract: {result.pages} pages, {result.units} units, "
            f"{len(result.written)} templates written, {result.unchanged} unchanged"
        )
        return EXIT_OK
    if args.command == "update":
        for lang in args.lang:
            if lang not in config.languages:
                raise PipelineError(f"'{lang}' is not a target language of this site")
        updates = run_update(config, tuple(args.lang))
        for item in updates:
            if item.written:
                verb = "created" if item.created else "updated"
                say(
                    f"{verb} {item.path}: {item.kept} kept, {item.fuzzy} fuzzy, "
                    f"{item.new} new, {item.obsolete} obsolete"
                )
        changed = sum(1 for u in updates if u.written)
        say(f"update: {len(updates)} catalogues, {changed} written")
        return EXIT_OK
    if args.command == "import":
        result = run_import(config, args.lang, overwrite=args.overwrite)
        for path in result.written:
            say(f"wrote {path}")
        for location in result.conflicts:
            print(f"{location}: kept the catalogue's existing translation "
                  "(use --overwrite to replace it)", file=err)
        for location in result.unaligned:
            print(f"{location}: could not be aligned", file=err)
        say(
            f"import {args.lang}: {result.pages} pages, {result.filled} translations filled, "
            f"{result.uncertain} uncertain (fuzzy), {len(result.unaligned)} unaligned"
        )
        return EXIT_OK
    raise AssertionError(args.command)  # pragma: no cover
