"""The server answers only with files of the build folder: 30 hostile request paths
(traversal, encoded, double-encoded, over-long UTF-8, absolute, symbolic links out,
over-long paths) all get 404, and, watched by an audit hook, the server's threads open
no file outside the build folder."""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.serve.http import MAX_PATH, Hub, LiveServer, State, inject, resolve_request

SECRET = "TOP-SECRET-CONTENT-1f8a"

HOSTILE = [
    "/../secret.txt",
    "/../../../../../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    "/..%2fsecret.txt",
    "/..%5csecret.txt",
    "/..\\secret.txt",
    "/%252e%252e/secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/..%c0%afsecret.txt",
    "/%e0%80%ae%e0%80%ae/secret.txt",
    "/%u002e%u002e/secret.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/%2fetc%2fpasswd",
    "http://127.0.0.1/../secret.txt",
    "/link-out/secret.txt",
    "/secret-link.txt",
    "/status.html/../../secret.txt",
    "/./../secret.txt",
    "/preview/../../secret.txt",
    "/preview/fr/%2e%2e/%2e%2e/%2e%2e/secret.txt",
    "/%00../secret.txt",
    "/status.html%00.txt",
    "/..;/secret.txt",
    "/.hidden",
    "/file:///etc/passwd",
    "/loop/x",
    "/" + "a/" * (MAX_PATH // 2) + "status.html",
]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A build folder with a page, and outside it a secret, linked from inside."""
    build = tmp_path / "site" / "build"
    (build / "preview" / "fr").mkdir(parents=True)
    (build / "status.html").write_text("<!DOCTYPE html><html><body>ok</body></html>", "utf-8")
    (build / "preview" / "fr" / "p.html").write_text("<html><body>p</body></html>", "utf-8")
    (build / ".hidden").write_text(SECRET, "utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, "utf-8")
    (tmp_path / "site" / "secret.txt").write_text(SECRET, "utf-8")
    (build / "secret.txt").symlink_to(outside / "secret.txt")
    (build / "secret-link.txt").symlink_to(outside / "secret.txt")
    (build / "link-out").symlink_to(outside, target_is_directory=True)
    (build / "loop").symlink_to(build / "loop")
    return build


class Opens:
    """Files opened by the server's threads (an audit hook; hooks cannot be removed, so it
    records only while ``active``)."""

    def __init__(self) -> None:
        self.active = False
        self.paths: list[str] = []
        sys.addaudithook(self.hook)

    def hook(self, event: str, args: tuple[object, ...]) -> None:
        if not self.active or event != "open":
            return
        if threading.current_thread().name.startswith("Thread-"):  # the request threads
            path = args[0]
            if isinstance(path, str | bytes | os.PathLike):
                self.paths.append(os.fsdecode(path))


OPENS = Opens()


@pytest.fixture
def server(site: Path) -> Iterator[LiveServer]:
    live = LiveServer(("127.0.0.1", 0), site, Hub())
    thread = threading.Thread(target=live.serve_forever, name="serve-http", daemon=True)
    thread.start()
    try:
        yield live
    finally:
        live.shutdown()
        live.server_close()


def raw_get(server: LiveServer, target: str) -> tuple[int, bytes]:
    """``GET target`` sent byte for byte (no client normalising it)."""
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), int(port)), timeout=5) as sock:
        request = f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        sock.sendall(request.encode("utf-8", "surrogateescape"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


def test_thirty_hostile_paths_get_404_and_nothing_outside_is_opened(
    server: LiveServer, site: Path
) -> None:
    assert len(HOSTILE) == 30
    status, body = raw_get(server, "/status.html")
    assert status == 200 and b"ok" in body
    OPENS.paths.clear()
    OPENS.active = True
    try:
        answers = {target: raw_get(server, target) for target in HOSTILE}
    finally:
        OPENS.active = False
    assert {target: status for target, (status, _) in answers.items()} == dict.fromkeys(
        HOSTILE, 404
    )
    assert not any(SECRET.encode() in body for _, body in answers.values())
    root = os.path.realpath(site)
    outside = [p for p in OPENS.paths if not os.path.realpath(p).startswith(root + os.sep)]
    assert outside == []
    assert OPENS.paths == []  # nothing was opened at all: every path stopped before
    # The hook does see the server's reads: a page served is a page opened.
    OPENS.active = True
    try:
        assert raw_get(server, "/preview/fr/p.html")[0] == 200
    finally:
        OPENS.active = False
    assert [os.path.realpath(p) for p in OPENS.paths] == [str(site.resolve() / "preview/fr/p.html")]


def test_only_get_and_head(server: LiveServer) -> None:
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), int(port)), timeout=5) as sock:
        sock.sendall(b"POST /status.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 405")


def test_resolve_request_accepts_the_build_files(site: Path) -> None:
    root = site.resolve()
    assert resolve_request(root, "/status.html") == root / "status.html"
    assert resolve_request(root, "/preview/fr/p.html?x=1#y") == root / "preview/fr/p.html"
    assert resolve_request(root, "/preview/fr/%70.html") == root / "preview/fr/p.html"
    assert resolve_request(root, "/preview/fr/") is None  # a folder
    for target in HOSTILE:
        assert resolve_request(root, target) is None, target


def test_pages_get_the_live_script_and_the_error() -> None:
    page = (
        b'<html><head><meta http-equiv="Content-Security-Policy" content="default-src '
        b"'none'; script-src 'sha256-x'\"></head><body><p>x</p></body></html>"
    )
    out = inject(page, State(3, None, "locale/fr/x.po:2: unterminated <string>")).decode()
    assert "script-src 'self' 'sha256-x'; connect-src 'self'" in out
    assert '<script src="/__pipeline__/live.js" data-generation="3"></script></body>' in out
    assert out.index('id="pipeline-serve-error"') < out.index("<p>x</p>")
    assert "locale/fr/x.po:2: unterminated &lt;string&gt;" in out
