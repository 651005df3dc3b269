"""A real browser (Debian's Chromium, driven by Playwright) opens the dashboard and a
preview page of the shipped site. Skipped when Chromium or Playwright is missing."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, french_site
from pipeline.config import Config
from pipeline.tasks.status import run_status, write_dashboard

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        sync_api = importlib.import_module("playwright.sync_api")
    except ImportError:
        pytest.skip("Python playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return french_site(tmp_path_factory.mktemp("site"))


def screenshot(page: Any, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / name), full_page=True)
    wanted = os.environ.get("PIPELINE_SCREENSHOTS")
    if wanted:
        folder = REPO / "tests" / "output"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)


def test_dashboard_in_a_browser(browser: Any, site: Config, tmp_path: Path) -> None:
    written = write_dashboard(site)
    url = (site.root / written).resolve().as_uri()
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(url)
        assert page.evaluate("document.documentElement.lang") == "en"
        (fr,) = run_status(site).languages
        card = page.locator("section#lang-fr")
        assert card.locator("dd.translated").inner_text() == str(fr.counts.translated)
        assert card.locator("dd.fuzzy").inner_text() == str(fr.counts.fuzzy)
        assert card.locator("dd.untranslated").inner_text() == str(fr.counts.untranslated)
        assert card.locator("dd.total").inner_text() == str(fr.counts.total)
        assert card.locator(".percent").inner_text() == f"{fr.counts.percent:.1f}%"
        assert card.locator("meter").get_attribute("value") == f"{fr.counts.percent:.1f}"
        assert page.locator("tr.finding").count() >= 1
        box = card.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
        screenshot(page, tmp_path, "status.png")
    finally:
        page.close()
    assert requests == [url]  # nothing fetched but the page itself


def test_preview_page_in_a_browser(browser: Any, site: Config, tmp_path: Path) -> None:
    try:
        build = importlib.import_module("pipeline.tasks.build")
    except ImportError:
        pytest.skip("pipeline.tasks.build (run_build) is not written yet")
    run_build = getattr(build, "run_build", None)
    if run_build is None:
        pytest.skip("pipeline.tasks.build has no run_build yet")
    run_build(site, preview=True)
    preview = site.root / "build" / "preview" / "fr" / "incb.html"
    assert preview.is_file()
    page = browser.new_page()
    try:
        page.goto(preview.resolve().as_uri())
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert "Organe international" in page.locator("body").inner_text()
        screenshot(page, tmp_path, "preview-fr-incb.png")
    finally:
        page.close()
