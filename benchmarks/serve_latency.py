"""How long ``pipeline serve`` takes to show a change in the browser.

For the shipped site and a generated site of N pages (default 10,000, the benchmark size),
``pipeline serve`` runs in a child process and Chromium (Playwright) keeps a preview page
open. Each trial edits that page (the English source page, then the French catalogue
entry of its paragraph) and measures, from the moment the file is written:

- *visible*: until the open page shows the new text (it reloads itself on the server's
  event; nothing reloads it by hand);
- *server done*: until the server has also re-run the check and rewritten the dashboard
  (it tells open previews as soon as they are rebuilt, before the check, so this can end
  before the browser has reloaded).

Targets (issue 15): visible within 2 s on the shipped site and 5 s at 10,000 pages. The
figures are printed; nothing is asserted (the tests check behaviour, not speed).

    .venv/bin/python benchmarks/serve_latency.py [--pages 10000] [--trials 5] [--site DIR]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


class Served:
    """``pipeline serve`` in a child process, its lines collected with their times."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "-C", str(root), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def wait_for(self, text: str, after: float = 0.0, timeout: float = 900) -> tuple[float, str]:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for stamp, line in list(self.lines):
                if stamp >= after and text in line:
                    return stamp, line
            if self.process.poll() is not None:
                break
            time.sleep(0.01)
        raise RuntimeError(f"no {text!r} from serve: {self.lines[-5:]}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(60)


def trial(
    served: Served, page: Any, path: Path, old: str, new: str, marker: str
) -> tuple[float, float]:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    start = time.perf_counter()
    path.write_text(text.replace(old, new, 1), "utf-8")
    page.wait_for_function(
        "marker => document.body && document.body.innerText.includes(marker)",
        arg=marker,
        timeout=120_000,
        polling=10,
    )
    visible = time.perf_counter() - start
    done, _ = served.wait_for(" in ", after=start)
    return visible, done - start


def paragraph_of(page: Path) -> str:
    """The last paragraph's first sentence of a Markdown page (plain text, no markup)."""
    blocks = [b for b in page.read_text("utf-8").split("\n\n") if b and b[0].isalpha()]
    return blocks[-1].split("\n")[0].split(". ")[0]


def measure(name: str, root: Path, page_name: str, trials: int, target: float) -> None:
    from playwright.sync_api import sync_playwright

    served = Served(root)
    start = time.perf_counter()
    served.wait_for("Serving http")
    stamp, _ = served.wait_for("built the site")
    print(f"\n{name}: first build, check and dashboard {stamp - start:.1f} s")
    url = served.lines[0][1].split()[1].replace("status.html", f"preview/en/{page_name}.html")
    source = root / "content" / "en" / f"{page_name}.md"
    visible: list[float] = []
    dashboard: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )
            page = browser.new_page()
            page.goto(url)
            for number in range(trials):
                old = paragraph_of(source)
                marker = f"Edited{number}x"
                seen, done = trial(served, page, source, old, f"{marker} {old}", marker)
                visible.append(seen)
                dashboard.append(done)
                print(f"  edit {number + 1}: visible {seen:.2f} s, server done {done:.2f} s")
                time.sleep(0.5)
            browser.close()
    finally:
        served.stop()
    worst = max(visible)
    print(
        f"  visible: median {statistics.median(visible):.2f} s, worst {worst:.2f} s "
        f"(target {target:.0f} s: {'met' if worst <= target else 'missed'}); server done: "
        f"median {statistics.median(dashboard):.2f} s, worst {max(dashboard):.2f} s"
    )


def shipped_copy(folder: Path) -> Path:
    root = folder / "shipped"
    for name in ("content", "locale"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.mo"))
    for name in ("pipeline.toml", "glossary.csv"):
        shutil.copy(REPO / name, root / name)
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--site", type=Path, help="a generated site to reuse (else made)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as folder:
        measure("shipped site", shipped_copy(Path(folder)), "unga", args.trials, 2.0)
        big = args.site
        if big is None:
            big = Path(folder) / "generated"
            started = time.perf_counter()
            corpus.generate_site(big, pages=args.pages, invalid=False)
            print(f"\ngenerated {args.pages} pages in {time.perf_counter() - started:.0f} s")
        name = corpus.page_name(args.pages // 2)
        measure(f"{args.pages:,}-page site", big, name, args.trials, 5.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
