"""Shared test helpers: the repository root, the shared data folder, golden files, sites."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Config
from pipeline.model import Segment

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


def check_golden(path: Path, actual: str) -> None:
    """Compare ``actual`` with the golden file; PIPELINE_REGEN_GOLDEN=1 rewrites it."""
    if os.environ.get("PIPELINE_REGEN_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"missing golden file {path} (set PIPELINE_REGEN_GOLDEN=1 to write it)")
    assert actual == path.read_text(encoding="utf-8")


def copy_site(target: Path, *, with_locale: bool = False) -> Path:
    """A copy of the shipped site (content/, glossary.csv) in ``target``."""
    shutil.copytree(REPO / "content", target / "content")
    shutil.copy(REPO / "glossary.csv", target / "glossary.csv")
    if with_locale and (REPO / "locale").is_dir():
        shutil.copytree(REPO / "locale", target / "locale", ignore=shutil.ignore_patterns("*.mo"))
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to prove that nothing changed."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def french_site(root: Path) -> Config:
    """A copy of the shipped site with pipeline.toml and fully imported French catalogues."""
    from pipeline.config import load_config
    from pipeline.tasks.extract import run_extract
    from pipeline.tasks.importing import run_import
    from pipeline.tasks.update import run_update

    copy_site(root, with_locale=True)
    shutil.copy(REPO / "pipeline.toml", root / "pipeline.toml")
    config = load_config(root)
    if not (root / "locale" / "fr").is_dir():
        run_extract(config)
        run_update(config)
    run_import(config, "fr")
    return config


def aligned_pairs() -> list[tuple[str, Segment, Segment]]:
    """(page name, English unit, French unit) of the shipped site, aligned by order."""
    from pipeline.segment.markdown import segment_page

    pairs: list[tuple[str, Segment, Segment]] = []
    for english in sorted((REPO / "content" / "en").glob("*.md")):
        french = REPO / "content" / "fr" / english.name
        units_en = segment_page(english.read_text(encoding="utf-8"), str(english)).segments
        units_fr = segment_page(french.read_text(encoding="utf-8"), str(french)).segments
        assert len(units_en) == len(units_fr), english.name
        pairs.extend((english.name, a, b) for a, b in zip(units_en, units_fr, strict=True))
    return pairs


CHROMIUM = Path("/usr/bin/chromium")


def launched_chromium(args: Sequence[str]) -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, for a fixture to ``yield from`` (the test is
    skipped when either is missing); closed when the fixture ends."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        sync_api = importlib.import_module("playwright.sync_api")
    except ImportError:
        pytest.skip("Python playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(args))
        try:
            yield launched
        finally:
            launched.close()


def run_fresh(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run in a fresh interpreter (one thread: a pool forks its workers from it)
    with the project's ``src`` on its path; output captured as text."""
    path = folder / "fresh_script.py"
    path.write_text(script, "utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=120
    )
