"""The loop of ``pipeline serve``: bind, build, watch, rebuild, publish, until stopped."""

from __future__ import annotations

import queue
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from pipeline.config import Config, Environment, load_config
from pipeline.engine import Engine
from pipeline.errors import PipelineError
from pipeline.serve.http import Hub, LiveServer
from pipeline.serve.options import ServeOptions
from pipeline.serve.rebuild import Outcome, Rebuilder
from pipeline.serve.watch import Watcher

__all__ = ["Stopped", "run_serve"]

SETTLE = 0.05
"""Seconds without a new change before a run starts (an editor's save is several events)."""


class Stopped(Exception):
    """SIGTERM asked the server to stop."""


def _describe(outcome: Outcome) -> str:
    if outcome.error:
        return f"error: {outcome.error}"
    if outcome.pages < 0:
        what = "built the site"
    elif outcome.pages:
        what = f"rebuilt {outcome.pages} page{'s' if outcome.pages != 1 else ''}"
    else:
        what = "checked"
    files = "" if outcome.changed is None else f", {len(outcome.changed)} files changed"
    return f"{what} in {outcome.seconds:.2f} s{files}"


def run_serve(
    root: Path,
    environment: Environment,
    engine: Engine,
    options: ServeOptions,
    say: Callable[[str], None],
) -> int:
    """Serve until interrupted. ``say`` prints one line (the URL first). Returns the exit
    status: 0 after Ctrl-C, 143 after SIGTERM."""
    rebuilder = Rebuilder(
        root, environment, engine, update=options.update, lock_wait=options.lock_wait
    )
    hub = Hub()
    config = None
    try:
        config = load_config(root, environment)
    except PipelineError as exc:
        say(f"error: {exc}")
    build = (config.root if config else root) / (config.build.output_dir if config else "build")
    build.mkdir(parents=True, exist_ok=True)
    try:
        server = LiveServer((options.host, options.port), build, hub)
    except OSError as exc:
        where = f"{options.host}:{options.port}"
        raise PipelineError(f"cannot listen on {where}: {exc.strerror}") from exc
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    thread = threading.Thread(target=server.serve_forever, name="serve-http", daemon=True)
    thread.start()
    watcher: Watcher | None = None
    try:
        say(f"Serving {server.url}status.html (the dashboard; previews under {server.url}preview/)")
        say("Watching the pages, catalogues, glossary and pipeline.toml; Ctrl-C stops.")
        outcome = rebuilder.full()
        say(_describe(outcome))
        hub.publish(None, outcome.error)
        # Without a readable configuration, the defaults say where to watch (a fixed
        # pipeline.toml is a change like any other).
        watcher = Watcher(rebuilder.config or Config(root=root))
        while True:
            changes = _next_changes(watcher)
            before = rebuilder.config
            outcome = rebuilder.apply(changes, hub.publish)
            say(_describe(outcome))
            hub.publish(outcome.changed, outcome.error)
            if rebuilder.config is not None and rebuilder.config != before:
                if watcher is not None:
                    watcher.stop()
                watcher = Watcher(rebuilder.config)
    except KeyboardInterrupt:
        say("stopped")
        return 0
    except Stopped:
        say("stopped (SIGTERM)")
        return 143
    finally:
        signal.signal(signal.SIGTERM, previous)
        if watcher is not None:
            watcher.stop()
        server.stopping.set()
        hub.close()
        server.shutdown()
        server.server_close()
        thread.join(5)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Stopped()


def _next_changes(watcher: Watcher) -> set[str]:
    """The next batch of changed paths: wait for one, then for the others of the same
    save (``SETTLE`` seconds of quiet). Waits in short steps so signals are handled."""
    changes: set[str] = set()
    while not changes:
        try:
            changes.add(watcher.changes.get(timeout=0.5))
        except queue.Empty:
            continue
    while True:
        try:
            changes.add(watcher.changes.get(timeout=SETTLE))
        except queue.Empty:
            return changes
