"""``pipeline serve`` as a user runs it: started on a free port, the dashboard open in
Chromium; a page edited shows its new finding without a manual reload, a broken PO file
shows its one-line error in the page, SIGINT stops it with exit status 0. Also the
rebuilds themselves: a change rebuilds only the pages it touches."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, french_site, launched_chromium
from pipeline.config import read_environment
from pipeline.engine import Engine
from pipeline.serve.rebuild import Rebuilder
from pipeline.serve.watch import watched

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FRENCH = (
    "Cette phrase a été ajoutée en français sur la page anglaise par erreur, "
    "et le vérificateur doit la signaler immédiatement."
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_chromium(ARGS)


class Served:
    """``pipeline serve`` in a child process, its output collected line by line."""

    def __init__(self, root: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "-C", str(root), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if text in line:
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no line with {text!r} in {self.lines}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self._reader.join(5)


def _text_across_reloads(page: Any, selector: str) -> str:
    """The element's text once it is there; the server may reload the page between finding
    the element and reading it (Playwright: "Execution context was destroyed")."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return str(page.locator(selector).inner_text(timeout=30_000))
        except Exception as exc:  # playwright's Error, imported lazily
            if "context was destroyed" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_serve_live_reloads_shows_errors_and_stops_on_sigint(browser: Any, tmp_path: Path) -> None:
    config = french_site(tmp_path)
    served = Served(config.root)
    try:
        line = served.wait_for("Serving http://127.0.0.1:")
        url = line.split()[1]
        assert url.endswith("/status.html")
        served.wait_for("built the site")
        page = browser.new_page()
        page.goto(url)
        assert page.locator("tbody.finding[data-path='content/en/unga.md']").count() == 0
        navigations: list[str] = []
        page.on("framenavigated", lambda frame: navigations.append(frame.url))
        unga = config.root / "content" / "en" / "unga.md"
        unga.write_text(unga.read_text("utf-8") + f"\n{FRENCH}\n", "utf-8")
        # No page.reload(): the page reloads itself when the dashboard is rewritten.
        page.wait_for_selector("tbody.finding[data-path='content/en/unga.md']", timeout=30_000)
        assert navigations  # it was reloaded by the server's event
        assert "rebuilt 1 page" in served.wait_for("rebuilt 1 page")
        po = config.root / "locale" / "fr" / "LC_MESSAGES" / "cnd.po"
        good = po.read_text("utf-8")
        po.write_text(good + '\nmsgid "broken\nmsgstr ""\n', "utf-8")
        text = _text_across_reloads(page, "#pipeline-serve-error")
        assert "locale/fr/LC_MESSAGES/cnd.po:" in text and "\n" not in text.strip()
        assert served.wait_for("error: locale/fr/LC_MESSAGES/cnd.po:").count("\n") == 0
        po.write_text(good, "utf-8")
        page.wait_for_selector("#pipeline-serve-error", state="detached", timeout=30_000)
        page.close()
    finally:
        status = served.stop()
    assert status == 0, served.lines
    assert served.lines[-1] == "stopped"


def test_a_change_rebuilds_only_what_it_needs(tmp_path: Path) -> None:
    config = french_site(tmp_path)
    rebuilder = Rebuilder(config.root, read_environment({}), Engine(cache=True))
    first = rebuilder.full()
    assert first.error is None and first.pages == -1 and first.changed is None
    po = config.root / "locale" / "fr" / "LC_MESSAGES" / "who.po"
    po.write_text(po.read_text("utf-8").replace("Organisation mondiale", "Organisation Mondiale"))
    outcome = rebuilder.apply({"locale/fr/LC_MESSAGES/who.po"})
    assert outcome.error is None and outcome.pages == 1
    assert outcome.changed is not None
    assert "/preview/fr/who.html" in outcome.changed and "/fr/who.html" in outcome.changed
    assert "/preview/en/who.html" not in outcome.changed
    assert (config.root / "locale/fr/LC_MESSAGES/who.mo").is_file()
    nothing = rebuilder.apply({"locale/who.pot"})
    assert nothing.pages == 0 and nothing.error is None
    whole = rebuilder.apply({"pipeline.toml"})
    assert whole.pages == -1


def test_only_what_a_build_reads_is_watched(tmp_path: Path) -> None:
    config = french_site(tmp_path)
    root = config.root
    assert watched(config, root / "content/en/unga.md") == "content/en/unga.md"
    assert (
        watched(config, root / "locale/fr/LC_MESSAGES/unga.po") == "locale/fr/LC_MESSAGES/unga.po"
    )
    assert watched(config, root / "locale/unga.pot") == "locale/unga.pot"
    assert watched(config, root / "pipeline.toml") == "pipeline.toml"
    assert watched(config, root / "glossary.csv") == "glossary.csv"
    for ignored in (
        "locale/fr/LC_MESSAGES/unga.mo",
        "build/status.html",
        ".pipeline-cache/cache.db",
        "content/en/.unga.md.swp",
        "content/en/notes.txt",
        "README.md",
    ):
        assert watched(config, root / ignored) is None, ignored
    assert watched(config, tmp_path.parent / "elsewhere.md") is None


def test_a_bad_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    assert main(["serve", "--port", "70000"]) == 2
    assert "must be 0 to 65535" in capsys.readouterr().err


def test_a_port_in_use_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    from pipeline.cli import main

    config = french_site(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["-C", str(config.root), "serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"pipeline: cannot listen on 127.0.0.1:{port}: Address already in use"
