"""The web side of ``pipeline serve``: the standard library's threading HTTP server, serving
only the files of the build folder, with live reload by server-sent events.

Every request path is resolved by :func:`resolve_request`: decoded once, strictly as UTF-8,
split into segments; a segment ``..`` or ``.``, a hidden name, a backslash, a NUL, an
over-long path, or a path whose real location (symbolic links followed) is not inside the
build folder is *not found*, never a file of the machine. Only GET and HEAD are answered.

HTML pages get a small script (``/__pipeline__/live.js``) that listens to
``/__pipeline__/events`` and reloads the page when the build rewrote it, and shows the
last build error in a banner; the page's Content-Security-Policy is widened for that
script and connection only, as it is served (the files on disk stay as they are).
"""

from __future__ import annotations

import html
import json
import os
import queue
import re
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = ["MAX_PATH", "Hub", "LiveServer", "resolve_request"]

MAX_PATH = 1024
"""Longest request path answered (bytes, as sent)."""

TYPES = {
    ".html": "text/html",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
}
"""Content types by suffix (a fixed table: :mod:`mimetypes` would read the machine's own
tables, files outside the build folder)."""

PREFIX = "/__pipeline__/"
"""The server's own resources (never a build file: the build folder has no such name)."""

LIVE_JS = """(function () {
  "use strict";
  var me = document.currentScript;
  var generation = Number(me.dataset.generation);
  var here = decodeURIComponent(location.pathname);
  function banner(text) {
    var box = document.getElementById("pipeline-serve-error");
    if (!text) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "pipeline-serve-error";
      box.setAttribute("role", "alert");
      box.lang = "en";
      box.style.cssText = "position:sticky;top:0;z-index:9999;margin:0;padding:.75rem 1rem;" +
        "background:#ffebe9;color:#1f2328;border-bottom:3px solid #cf222e;" +
        "font:15px/1.4 system-ui,sans-serif";
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = "pipeline serve: the site could not be built: " + text;
  }
  var source = new EventSource("/__pipeline__/events");
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    banner(state.error);
    if (state.generation !== generation &&
        (state.changed === null || state.changed.indexOf(here) >= 0 || state.missed)) {
      location.reload();
    }
    generation = state.generation;
  });
}());
"""

_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_CSP = re.compile(
    r'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")', re.IGNORECASE
)


def resolve_request(root: Path, target: str) -> Path | None:
    """The file of the build folder ``root`` a request target names, or None (not found).

    ``root`` must be resolved (no symbolic link in it)."""
    if len(target.encode("utf-8", "surrogateescape")) > MAX_PATH:
        return None
    path = urlsplit(target).path
    if not path.startswith("/"):
        return None
    try:
        decoded = unquote(path, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:  # over-long or invalid UTF-8 sequences (%c0%ae ...)
        return None
    if "\\" in decoded or "\x00" in decoded or "//" in decoded:
        return None
    parts = decoded.split("/")[1:]
    if parts and parts[-1] == "":
        return None  # a folder
    if not parts or any(not p or p in (".", "..") or p.startswith(".") for p in parts):
        return None
    candidate = root.joinpath(*parts)
    try:
        real = Path(os.path.realpath(candidate, strict=True))
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


@dataclass(frozen=True, slots=True)
class State:
    """What the open pages are told after each build."""

    generation: int
    """Build number (0 before the first build finished)."""
    changed: tuple[str, ...] | None
    """URL paths of the files the last build rewrote (None: every page)."""
    error: str | None
    """The last build's error line, or None."""

    def event(self, missed: bool = False) -> bytes:
        data = {
            "generation": self.generation,
            "changed": list(self.changed) if self.changed is not None else None,
            "error": self.error,
            "missed": missed,
        }
        return f"event: state\ndata: {json.dumps(data)}\n\n".encode()


class Hub:
    """The current state and the open event streams waiting for the next one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = State(0, None, None)
        self._clients: set[queue.Queue[State | None]] = set()

    @property
    def state(self) -> State:
        with self._lock:
            return self._state

    def publish(self, changed: tuple[str, ...] | None, error: str | None) -> State:
        """A build finished: tell every open page."""
        with self._lock:
            self._state = State(self._state.generation + 1, changed, error)
            clients = list(self._clients)
            state = self._state
        for client in clients:
            client.put(state)
        return state

    def subscribe(self) -> queue.Queue[State | None]:
        client: queue.Queue[State | None] = queue.Queue()
        with self._lock:
            self._clients.add(client)
        return client

    def unsubscribe(self, client: queue.Queue[State | None]) -> None:
        with self._lock:
            self._clients.discard(client)

    def close(self) -> None:
        """End every event stream (the server is stopping)."""
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.put(None)


class LiveServer(ThreadingHTTPServer):
    """The server: the build folder, the hub, quiet logs."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], root: Path, hub: Hub) -> None:
        self.root = root.resolve()
        """The build folder (resolved)."""
        self.hub = hub
        """Where the builds' states come from."""
        self.stopping = threading.Event()
        """Set when the server is shutting down (event streams end)."""
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"


class _Handler(BaseHTTPRequestHandler):
    server: LiveServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the command prints what it builds, not every request

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _refuse(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"", "text/plain", {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def _answer(self, *, body: bool) -> None:
        path = urlsplit(self.path).path
        if path == "/":
            self._send(HTTPStatus.FOUND, b"", "text/plain", {"Location": "/status.html"})
            return
        if path == PREFIX + "live.js":
            data = LIVE_JS.encode()
            self._send(HTTPStatus.OK, data if body else b"", "text/javascript", length=len(data))
            return
        if path == PREFIX + "events" and body:
            self._events()
            return
        file = resolve_request(self.server.root, self.path)
        if file is None:
            self._not_found(body)
            return
        try:
            data = file.read_bytes()
        except OSError:
            self._not_found(body)
            return
        kind = TYPES.get(file.suffix.lower(), "application/octet-stream")
        if kind == "text/html":
            data = inject(data, self.server.hub.state)
            kind = "text/html; charset=utf-8"
        self._send(HTTPStatus.OK, data if body else b"", kind, length=len(data))

    def _not_found(self, body: bool) -> None:
        data = b"not found\n"
        self._send(HTTPStatus.NOT_FOUND, data if body else b"", "text/plain", length=len(data))

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        kind: str,
        headers: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if data:
            self.wfile.write(data)

    def _events(self) -> None:
        hub = self.server.hub
        client = hub.subscribe()
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            self.wfile.write(hub.state.event(missed=True))
            self.wfile.flush()
            while not self.server.stopping.is_set():
                try:
                    state = client.get(timeout=15)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    continue
                if state is None:
                    break
                self.wfile.write(state.event())
                self.wfile.flush()
        except OSError:
            pass  # the page went away
        finally:
            hub.unsubscribe(client)


def inject(page: bytes, state: State) -> bytes:
    """An HTML page with the live-reload script (and the build error, if any) added, its
    Content-Security-Policy allowing that script and its event stream."""
    text = page.decode("utf-8", errors="replace")

    def widen(match: re.Match[str]) -> str:
        policy = match.group(2)
        if "script-src" in policy:
            policy = policy.replace("script-src", "script-src 'self'", 1)
        else:
            policy += "; script-src 'self'"
        return f"{match.group(1)}{policy}; connect-src 'self'{match.group(3)}"

    text = _CSP.sub(widen, text, count=1)
    tag = f'<script src="{PREFIX}live.js" data-generation="{state.generation}"></script>'
    at = text.rfind("</body>")
    text = text[:at] + tag + text[at:] if at >= 0 else text + tag
    if state.error:
        banner = (
            '<div id="pipeline-serve-error" role="alert" lang="en" style="position:sticky;'
            "top:0;z-index:9999;margin:0;padding:.75rem 1rem;background:#ffebe9;"
            "color:#1f2328;border-bottom:3px solid #cf222e;font:15px/1.4 system-ui,"
            'sans-serif">pipeline serve: the site could not be built: '
            f"{html.escape(state.error)}</div>"
        )
        body = _BODY.search(text)
        at = body.end() if body else 0
        text = text[:at] + banner + text[at:]
    return text.encode("utf-8")
