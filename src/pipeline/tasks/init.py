"""``pipeline init``: set pipeline up in an existing site.

Looks at the site (:func:`pipeline.content.discover.discover`), writes a commented
``pipeline.toml`` saying what it found, adds pipeline's own files to ``.gitignore``, and on
request a GitHub workflow (the composite action, pinned by tag) or a pre-commit
configuration (the hook, pinned by tag). A file that exists is never replaced unless
``force`` is given; ``.gitignore`` is only ever added to.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

from pipeline import __repository__, __version__
from pipeline.config import CONFIG_NAME, load_config
from pipeline.content.discover import FoundSite, discover
from pipeline.errors import ConfigError
from pipeline.fsio import read_text_if_exists, write_if_changed

IGNORED = (".pipeline-cache/", ".pipeline.lock", "build/")
"""What pipeline writes that a repository should not track: the cache, the lock, the
build output."""
WORKFLOW = ".github/workflows/translations.yml"
PRE_COMMIT = ".pre-commit-config.yaml"
TAG = f"v{__version__}"
"""The release tag the workflow and the hook are pinned to."""


@dataclass(frozen=True, slots=True)
class InitResult:
    """What ``init`` found and did."""

    found: FoundSite
    """The site's layout."""
    written: tuple[str, ...]
    """Files written (site-relative)."""
    kept: tuple[str, ...]
    """Files that exist and were left as they are (``--force`` replaces them)."""
    ignored: tuple[str, ...]
    """Lines added to ``.gitignore``."""
    notes: tuple[str, ...]
    """Things to tell the user (a layout this version cannot read, say)."""


def action_ref() -> str:
    """``owner/repo@vX.Y.Z``: the composite action at this version's tag."""
    owner_repo = __repository__.removeprefix("https://github.com/").rstrip("/")
    return f"{owner_repo}@{TAG}"


def describe(found: FoundSite) -> str:
    """One line for a person: what layout, where, which languages."""
    langs = ", ".join(found.languages)
    if found.layout == "folders":
        what = f"one folder per language under {found.content_dir}/"
    elif found.layout == "suffix":
        what = f"the language in page file names under {found.content_dir}/ (page.fr.md)"
    else:
        what = f"gettext catalogues under {found.locale_dir}/<lang>/LC_MESSAGES/"
    by = f"{found.generator}, " if found.generator else ""
    return f"{by}{what}; languages {langs} (source: {found.source_language})"


def _toml_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


_COLUMN = 36
"""Where the comments after settings start."""


def _setting(code: str, comment: str) -> str:
    return f"{code.ljust(_COLUMN - 1)} # {comment}" if comment else code


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, 77, break_on_hyphens=False)]


def config_text(root: Path, found: FoundSite) -> str:
    """The commented ``pipeline.toml`` for what was found (checked by loading it)."""
    targets = tuple(lang for lang in found.languages if lang != found.source_language)
    explicit = found.layout != "folders" or bool(found.other_folders)
    lines = [
        f"# pipeline.toml, written by 'pipeline init' (pipeline {__version__}).",
        *_comment(f"Found: {describe(found)}."),
        "# Every key is optional; the README's 'Configuration' section lists them all.",
        "",
        _setting(
            f"project = {json.dumps(root.resolve().name or 'site')}",
            "Project-Id-Version of the catalogues",
        ),
        _setting(f'source_language = "{found.source_language}"', "the pages' first language"),
    ]
    if explicit:
        lines.append(_setting(f"languages = {_toml_list(targets)}", "target languages"))
    else:
        lines += [
            f"# Target languages: every language folder of {found.content_dir}/, or:",
            f"# languages = {_toml_list(targets)}",
        ]
    if found.layout == "suffix":
        lines += _suffix_layout(found.content_dir or "content")
    elif found.content_dir and found.content_dir != "content":
        lines.append(_setting(f'content_dir = "{found.content_dir}"', "where the pages are"))
    else:
        lines.append(_setting('# content_dir = "content"', "where the language folders are"))
    if found.locale_dir and found.locale_dir != "locale":
        lines.append(_setting(f'locale_dir = "{found.locale_dir}"', "<lang>/LC_MESSAGES/*.po"))
    else:
        lines.append(_setting('# locale_dir = "locale"', "catalogues: locale/<lang>/LC_MESSAGES/"))
    lines += [
        _setting('# domain = "site"', "one catalogue for the site (default: one per page)"),
        _setting('# plural_forms = "gettext"', 'new catalogues\' Plural-Forms, or "cldr"'),
        "",
        "[check]",
        _setting('# glossary = "glossary.csv"', "a termbase, CSV or TBX (default: glossary.csv)"),
        _setting('# exclude = ["content/*/drafts/*"]', "paths not to check"),
        "",
        _setting("[check.rules]", "a rule's level: off, info, warning or error"),
        '# typography = "error"',
        '# missing-page = "off"',
        "",
    ]
    return "\n".join(lines)


_SUFFIX_PRESETS = {"content": "hugo-suffix", "docs": "mkdocs-suffix"}
"""Layout presets of pages named ``page.<lang>.md``, by folder."""


def _suffix_layout(folder: str) -> list[str]:
    """The ``layout`` lines of pages named ``page.<lang>.md`` in ``folder``."""
    preset = _SUFFIX_PRESETS.get(folder)
    if preset is not None:
        return [_setting(f'layout = "{preset}"', f"{folder}/page.md, {folder}/page.fr.md")]
    return [
        _setting(f'layout = "{folder}/{{path}}.{{lang}}.md"', "translations: page.fr.md"),
        _setting(f'source_layout = "{folder}/{{path}}.md"', "the source language's pages"),
    ]


def workflow_text() -> str:
    """A GitHub workflow running the composite action on pushes and pull requests."""
    return f"""# Checks the site's translations with pipeline: annotations on pull requests, a SARIF
# upload for code scanning, and a failing check on errors. Written by 'pipeline init'.
name: translations
on: [push, pull_request]
permissions:
  contents: read
  security-events: write
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: {action_ref()}
"""


def pre_commit_text() -> str:
    """A pre-commit configuration with pipeline's hook, pinned by tag."""
    return f"""# pre-commit hooks; pipeline checks the translations before each commit.
# Written by 'pipeline init'; 'pre-commit install' turns it on.
repos:
  - repo: {__repository__}
    rev: {TAG}
    hooks:
      - id: pipeline-check
"""


def _gitignore(root: Path) -> tuple[str, ...]:
    path = root / ".gitignore"
    old = read_text_if_exists(path, ".gitignore", ConfigError) or ""
    present = {line.strip().lstrip("/") for line in old.splitlines()}
    missing = tuple(line for line in IGNORED if line not in present)
    if missing:
        head = "" if not old or old.endswith("\n") else "\n"
        block = "# pipeline: its cache, its lock and its build output\n" + "\n".join(missing)
        sep = "\n" if old.strip() else ""
        write_if_changed(path, f"{old}{head}{sep}{block}\n".encode())
    return missing


def run_init(
    root: Path, *, ci: str | None = None, pre_commit: bool = False, force: bool = False
) -> InitResult:
    """Look at the site at ``root`` and write its set-up files (see the module)."""
    found = discover(root)
    if found.layout == "none":
        raise ConfigError(
            "found no pages (content/<lang>/*.md, content/*.<lang>.md) and no catalogues "
            "(locale/<lang>/LC_MESSAGES/*.po) here: is this the site's root? (-C DIR)",
            str(root),
        )
    notes: list[str] = []
    files = {CONFIG_NAME: config_text(root, found)}
    if ci == "github":
        files[WORKFLOW] = workflow_text()
    if pre_commit:
        files[PRE_COMMIT] = pre_commit_text()
    written: list[str] = []
    kept: list[str] = []
    for name, text in files.items():
        path = root / name
        if path.exists() and not force:
            if path.read_bytes() != text.encode("utf-8"):
                kept.append(name)
            continue
        if write_if_changed(path, text.encode("utf-8")):
            written.append(name)
    if CONFIG_NAME in written:
        load_config(root)  # what init writes must load: a mistake here is a bug
    return InitResult(found, tuple(written), tuple(kept), _gitignore(root), tuple(notes))


__all__ = ["IGNORED", "InitResult", "action_ref", "config_text", "describe", "run_init"]
