"""How ``pipeline serve``'s web server and file watcher were chosen: the candidates measured
side by side, figures printed.

Servers (each serving one 100 KB HTML file on 127.0.0.1 in a child process): the standard
library's ``http.server.ThreadingHTTPServer``, aiohttp's ``web`` server, and Starlette on
uvicorn. Measured: import time, start to first answer, 300 sequential requests (mean and
95th percentile), and the packages each brings.

Watchers (over a site folder, default the 10,000-page benchmark site): watchfiles (Rust
``notify``, inotify on Linux), watchdog (inotify observer), and a stdlib poller (``os.scandir``
and ``stat`` of every file, what a dependency-free server would do). Measured: time to
start watching, latency from a write to the event (10 writes), CPU used while idle 5 s.

Run in a scratch virtual environment that has the candidates::

    python -m venv /tmp/cand && /tmp/cand/bin/pip install watchfiles watchdog aiohttp \\
        starlette uvicorn
    /tmp/cand/bin/python benchmarks/serve_candidates.py [SITE]
"""

from __future__ import annotations

import importlib.metadata
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

PAGE = ("<!DOCTYPE html><title>x</title>" + "<p>Lorem ipsum dolor sit amet.</p>" * 3000)[:100_000]

SERVERS = {
    "http.server": """
import http.server, functools, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass
handler = functools.partial(Quiet, directory=sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
""",
    "aiohttp": """
import sys
from aiohttp import web
app = web.Application()
app.router.add_static("/", sys.argv[2])
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
""",
    "starlette+uvicorn": """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.staticfiles import StaticFiles
app = Starlette()
app.mount("/", StaticFiles(directory=sys.argv[2]))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="error")
""",
}
IMPORTS = {
    "http.server": "import http.server",
    "aiohttp": "from aiohttp import web",
    "starlette+uvicorn": "import uvicorn, starlette.applications, starlette.staticfiles",
}
PACKAGES = {
    "http.server": [],
    "aiohttp": ["aiohttp"],
    "starlette+uvicorn": ["starlette", "uvicorn"],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def closure(names: list[str]) -> set[str]:
    """The packages ``names`` install, dependencies included."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for line in requires:
            if "extra ==" in line:
                continue
            todo.append(
                line.split(";")[0]
                .split("[")[0]
                .split("<")[0]
                .split(">")[0]
                .split("=")[0]
                .split("!")[0]
                .split("~")[0]
                .strip()
            )
    return seen


def import_seconds(statement: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        best = min(best, time.perf_counter() - start)
    base = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return best - (time.perf_counter() - base)


def bench_server(name: str, folder: Path) -> dict[str, float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/page.html"
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", SERVERS[name], str(port), str(folder)])
    try:
        while True:
            try:
                with urllib.request.urlopen(url, timeout=1) as answer:
                    answer.read()
                break
            except OSError:
                if time.perf_counter() - start > 20:
                    raise
                time.sleep(0.01)
        ready = time.perf_counter() - start
        times = []
        for _ in range(300):
            t0 = time.perf_counter()
            with urllib.request.urlopen(url, timeout=5) as answer:
                assert len(answer.read()) == len(PAGE)
            times.append(time.perf_counter() - t0)
        times.sort()
        return {
            "start_s": ready,
            "mean_ms": 1000 * statistics.mean(times),
            "p95_ms": 1000 * times[int(0.95 * len(times))],
        }
    finally:
        child.terminate()
        child.wait(10)


def _latency(
    start_watch: Callable[[Callable[[], None]], Callable[[], None]], target: Path
) -> dict[str, float]:
    got = threading.Event()
    t0 = time.perf_counter()
    stop = start_watch(got.set)
    started = time.perf_counter() - t0
    time.sleep(0.5)
    got.clear()
    cpu0 = time.process_time()
    time.sleep(5)
    idle_cpu = time.process_time() - cpu0
    delays = []
    for i in range(10):
        got.clear()
        t1 = time.perf_counter()
        target.write_text(target.read_text("utf-8") + f"\n<!-- {i} -->\n", "utf-8")
        if not got.wait(10):
            delays.append(float("inf"))
        else:
            delays.append(time.perf_counter() - t1)
        time.sleep(0.3)
    stop()
    return {
        "start_s": started,
        "idle_cpu_s_per_5s": idle_cpu,
        "median_ms": 1000 * statistics.median(delays),
        "max_ms": 1000 * max(delays),
    }


def watch_watchfiles(root: Path, notify: Callable[[], None]) -> Callable[[], None]:
    import watchfiles

    stop = threading.Event()

    def run() -> None:
        for _ in watchfiles.watch(root, stop_event=stop, debounce=50, step=20):
            notify()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(5)

    return halt


def watch_watchdog(root: Path, notify: Callable[[], None]) -> Callable[[], None]:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: object) -> None:
            notify()

    observer = Observer()
    observer.schedule(Handler(), str(root), recursive=True)
    observer.start()

    def halt() -> None:
        observer.stop()
        observer.join(5)

    return halt


def watch_polling(root: Path, notify: Callable[[], None]) -> Callable[[], None]:
    stop = threading.Event()

    def snapshot() -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for top, _dirs, files in os.walk(root):
            for name in files:
                stat = os.stat(os.path.join(top, name))
                found[os.path.join(top, name)] = (stat.st_mtime_ns, stat.st_size)
        return found

    before = snapshot()

    def run() -> None:
        nonlocal before
        while not stop.wait(0.2):
            now = snapshot()
            if now != before:
                before = now
                notify()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(5)

    return halt


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else Path("/tmp/dash-bench10k")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "page.html").write_text(PAGE, "utf-8")
        print("server              packages  import s  start s  mean ms  p95 ms")
        for name in SERVERS:
            figures = bench_server(name, Path(folder))
            packages = len(closure(PACKAGES[name]))
            print(
                f"{name:18}  {packages:8d}  {import_seconds(IMPORTS[name]):8.3f}  "
                f"{figures['start_s']:7.3f}  {figures['mean_ms']:7.2f}  {figures['p95_ms']:6.2f}"
            )
    files = sum(len(f) for _, _, f in os.walk(site))
    print(f"\nwatcher over {site} ({files} files)")
    print("watcher      packages  start s  idle CPU s/5 s  median ms  max ms")
    target = next((site / "content" / "en").glob("*.md"))
    original = target.read_text("utf-8")
    try:
        for name, fn, packages in (
            ("watchfiles", watch_watchfiles, ["watchfiles"]),
            ("watchdog", watch_watchdog, ["watchdog"]),
            ("polling", watch_polling, []),
        ):
            figures = _latency(lambda notify, fn=fn: fn(site, notify), target)
            print(
                f"{name:11}  {len(closure(packages)):8d}  {figures['start_s']:7.3f}  "
                f"{figures['idle_cpu_s_per_5s']:14.3f}  {figures['median_ms']:9.1f}  "
                f"{figures['max_ms']:6.1f}"
            )
    finally:
        target.write_text(original, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
