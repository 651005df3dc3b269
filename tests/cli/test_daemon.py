"""``pipeline daemon``: start, status, stop; a check run by the daemon prints and writes what
the same check run in the client's process does; declines, stale sockets, idle timeout,
signals. The sites live under a short folder of /tmp (a Unix socket's path is short)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, copy_site
from pipeline import client
from pipeline.cli import main
from pipeline.cli.daemon_places import ask_status, places
from pipeline.engine.cache import CACHE_DIR


def _site(folder: Path) -> Path:
    copy_site(folder, with_locale=True)
    shutil.copy(REPO / "pipeline.toml", folder / "pipeline.toml")
    return folder


@pytest.fixture
def short() -> Iterator[Path]:
    """A folder with a short path (``/tmp/pdXXXX``)."""
    folder = Path(tempfile.mkdtemp(prefix="pd", dir="/tmp"))
    try:
        yield folder
    finally:
        _kill_daemons(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _kill_daemons(folder: Path) -> None:
    """Whatever a failed test left running."""
    for lock in folder.rglob("daemon.lock"):
        text = lock.read_text().strip()
        if text.isdigit():
            with_pid = int(text)
            with contextlib.suppress(ProcessLookupError):
                os.kill(with_pid, signal.SIGKILL)


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _start(root: Path, *options: str) -> dict[str, Any]:
    status, out, err = _cli("-C", str(root), "daemon", "start", *options)
    assert status == 0, err
    assert "started for" in out or "already running" in err
    answer = ask_status(places(root).socket)
    assert answer is not None
    return answer


def _served(root: Path) -> int:
    answer = ask_status(places(root).socket)
    assert answer is not None
    return int(answer["served"])


def _forward(argv: list[str], cwd: Path, **environ: str) -> tuple[int | None, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = client.forward(
        argv, cwd=str(cwd), environ={**os.environ, **environ}, stdout=out, stderr=err
    )
    return status, out.getvalue(), err.getvalue()


def _local(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    saved = os.getcwd()
    os.chdir(cwd)
    try:
        return _cli(*argv, "--no-daemon")
    finally:
        os.chdir(saved)


@pytest.fixture(scope="module")
def served() -> Iterator[Path]:
    """A copy of the shipped site with a daemon serving it (one for the module's tests)."""
    folder = Path(tempfile.mkdtemp(prefix="pd", dir="/tmp"))
    root = _site(folder / "site")
    try:
        _start(root, "--idle-timeout", "600")
        yield root
    finally:
        _cli("-C", str(root), "daemon", "stop")
        _kill_daemons(folder)
        shutil.rmtree(folder, ignore_errors=True)


def test_start_status_stop(short: Path) -> None:
    root = _site(short / "site")
    status, out, err = _cli("-C", str(root), "daemon", "status")
    assert (status, out) == (1, f"no daemon for {root}\n")
    started = _start(root)
    where = places(root)
    assert where.socket.stat().st_mode & 0o777 == 0o600
    assert started["root"] == str(root.resolve()) and started["warmup_status"] == 1
    # The warm-up's check came from the cache: the models are loaded all the same.
    assert "language models loaded for en, fr\n" in where.log.read_text()
    status, out, err = _cli("-C", str(root), "daemon", "status")
    assert status == 0, err
    assert out.startswith(f"pipeline daemon: serving {root.resolve()} (pid {started['pid']}, ")
    assert "stops after 1 h 0 min without a request" in out
    # A second start leaves the first daemon serving, and says so.
    status, out, err = _cli("-C", str(root), "daemon", "start")
    assert status == 0 and out == ""
    assert err.startswith(f"pipeline daemon: already running for {root.resolve()} (pid ")
    assert ask_status(where.socket)["pid"] == started["pid"]  # type: ignore[index]
    status, out, err = _cli("-C", str(root), "daemon", "run")
    assert status == 2 and out == ""
    assert err == (
        f"pipeline: {where.folder / 'daemon.lock'}: another daemon (pid {started['pid']}) "
        f"is starting or serving {root.resolve()}\n"
    )
    status, out, err = _cli("-C", str(root), "daemon", "stop")
    assert (status, err) == (0, "")
    assert out == f"pipeline daemon: stopped (pid {started['pid']}) for {root.resolve()}\n"
    assert not where.socket.exists()
    assert _cli("-C", str(root), "daemon", "status")[0] == 1
    assert _cli("-C", str(root), "daemon", "stop")[1] == f"pipeline daemon: none for {root}\n"


def test_two_starts_at_once_start_one_daemon(short: Path) -> None:
    root = _site(short / "site")
    command = [sys.executable, "-m", "pipeline", "-C", str(root), "daemon", "start"]
    starts = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    said = [start.communicate(timeout=120) for start in starts]
    assert [start.returncode for start in starts] == [0, 0], said
    lines = sorted(out + err for out, err in said)
    answer = ask_status(places(root).socket)
    assert answer is not None
    pid = answer["pid"]
    assert [line.split(" (pid ")[0] for line in lines] == [
        f"pipeline daemon: already running for {root.resolve()}",
        f"pipeline daemon: started for {root.resolve()}",
    ]
    assert all(f"(pid {pid}," in line for line in lines)
    assert _cli("-C", str(root), "daemon", "stop")[0] == 0


def _plant(root: Path) -> None:
    """A translator's French sentence pasted into the English page (a language mismatch)."""
    page = root / "content" / "en" / "who.md"
    page.write_text(
        page.read_text("utf-8")
        + "\nL'Organisation mondiale de la santé dirige l'action sanitaire mondiale et "
        "coordonne la riposte aux urgences.\n",
        "utf-8",
    )


def test_a_forwarded_check_prints_and_writes_what_a_local_one_does(served: Path) -> None:
    before = _served(served)
    handlers = [signal.getsignal(number) for number in client.STOP_SIGNALS]
    argvs = [
        ["check"],
        ["check", "--format", "json", "--fail-on", "warning"],
        ["-q", "check", "--lang", "fr", "content"],
    ]
    for step in ("before", "after"):
        for argv in argvs:
            forwarded = _forward(argv, served)
            assert forwarded == _local(argv, served), (step, argv)
        for name, options in (("daemon.sarif", ["--no-daemon"]), ("local.sarif", [])):
            argv = ["check", "--format", "sarif", "--output", name]
            if options:
                assert _local(argv, served)[0] == 1
            else:
                assert _forward(argv, served)[0] == 1
        reports = [(served / name).read_bytes() for name in ("daemon.sarif", "local.sarif")]
        assert reports[0] == reports[1]
        if step == "before":
            assert b"who.md" not in reports[0]
            _plant(served)
    assert b"who.md" in reports[0]
    assert _served(served) == before + 2 * (len(argvs) + 1)
    # The client's own signal handlers were there while it waited, and only then.
    assert [signal.getsignal(number) for number in client.STOP_SIGNALS] == handlers


def test_the_first_check_after_the_warm_up_is_served_from_its_memory(short: Path) -> None:
    """The warm-up's check is the one a client in the site root runs: the client's first
    check, after an edit, works on the edited page alone."""
    root = _site(short / "site")
    started = _start(root)
    assert (started["runs"], started["incremental"]) == (1, 0)
    _plant(root)
    time.sleep(2.1)  # past the racy window of the memory (see engine/resident.py)
    assert _forward(["check"], root)[0] == 1
    answer = ask_status(places(root).socket)
    assert answer is not None and (answer["runs"], answer["incremental"]) == (2, 1)
    assert _cli("-C", str(root), "daemon", "stop")[0] == 0


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_check_sees_the_client_s_terminal_and_environment(served: Path) -> None:
    outputs = []
    for stdout in (_Terminal(), io.StringIO()):
        out, err = io.StringIO(), io.StringIO()
        status = client.forward(["check"], cwd=str(served), stdout=stdout, stderr=err)
        outputs.append(stdout.getvalue())
        saved = os.getcwd()
        os.chdir(served)
        try:
            local = _Terminal() if isinstance(stdout, _Terminal) else io.StringIO()
            assert status == main(["check", "--no-daemon"], stdout=local, stderr=out)
        finally:
            os.chdir(saved)
        assert stdout.getvalue() == local.getvalue()
    assert "\x1b[" in outputs[0] and "\x1b[" not in outputs[1]  # colour on a terminal only
    coloured = _forward(["check"], served, FORCE_COLOR="1")
    assert coloured[1] == outputs[0]
    assert _forward(["check"], served, FORCE_COLOR="1", NO_COLOR="1")[1] == outputs[1]


def test_the_program_forwards_a_check_without_importing_the_cli(served: Path) -> None:
    """``python -m pipeline check``, as a person types it: the daemon's output and status,
    and the interpreter imported pipeline's client only."""
    before = _served(served)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    forwarded = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pipeline", "check"],
        cwd=served / "content",
        capture_output=True,
        text=True,
        env=env,
    )
    local = _local(["check"], served / "content")
    assert (forwarded.returncode, forwarded.stdout) == local[:2]
    imported = {
        line.split("|")[-1].strip()
        for line in forwarded.stderr.splitlines()
        if line.startswith("import time:")
    }
    # (-m runs pipeline/__main__.py as __main__.)
    assert sorted(m for m in imported if m.startswith("pipeline")) == [
        "pipeline",
        "pipeline.client",
    ]
    assert _served(served) == before + 1


def test_the_client_imports_the_standard_library_only() -> None:
    probe = (
        "import sys; before = set(sys.modules); import pipeline.client; "
        "print(sorted(m for m in set(sys.modules) - before "
        "if m.split('.')[0] not in sys.stdlib_module_names))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "['pipeline', 'pipeline.client']", done.stderr
    assert client.CACHE_DIR == CACHE_DIR


def test_declined_requests_run_in_the_client(served: Path, monkeypatch: Any) -> None:
    before = _served(served)
    socket_path = str(places(served).socket)
    # Another command, another version, another installation: the daemon declines.
    request = client.check_request(
        ["status"], str(served), dict(os.environ), sys.stdout, sys.stderr
    )
    assert "decline" in client.exchange(socket_path, request)
    for key, value in (("version", "0.0.1"), ("package", "/elsewhere/pipeline")):
        request = client.check_request(
            ["check"], str(served), dict(os.environ), sys.stdout, sys.stderr
        )
        request[key] = value
        assert "decline" in client.exchange(socket_path, request)
    monkeypatch.setattr(client, "__version__", "0.0.1")
    assert _forward(["check"], served)[0] is None
    monkeypatch.undo()
    # The client's environment moves the site root: no site below the ceiling.
    folder = served / "content" / "fr"
    ceiling = str(served / "content")
    argv = ["check"]
    assert _forward(argv, folder, PIPELINE_CEILING_DIRECTORIES=ceiling)[0] is None
    monkeypatch.setenv("PIPELINE_CEILING_DIRECTORIES", ceiling)
    status, _out, err = _local(argv, folder)
    assert status == 2 and err.startswith("pipeline: no site in the current folder")
    monkeypatch.undo()
    # Without the ceiling the same folder is in the daemon's site.
    assert _forward(argv, folder) == _local(argv, folder)
    # A nested site of its own: another root.
    nested = served / "content" / "nested"
    (nested / "content" / "en").mkdir(parents=True)
    (nested / "content" / "en" / "a.md").write_text("# Title\n\nSome text in English.\n")
    try:
        assert _forward(argv, nested)[0] is None
    finally:
        shutil.rmtree(nested)
    assert _served(served) == before + 1
    # Commands other than check, --no-daemon, --help: not even sent.
    for argv in (["status"], ["check", "--no-daemon"], ["check", "--help"], ["-q", "rules"]):
        assert not client.wants_daemon(argv)


def test_a_client_that_leaves_does_not_stop_the_daemon(served: Path) -> None:
    before = _served(served)
    request = client.check_request(["check"], str(served), dict(os.environ), sys.stdout, sys.stderr)
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(str(places(served).socket))
    connection.sendall(json.dumps(request).encode())
    connection.shutdown(socket.SHUT_WR)
    connection.close()  # gone before the answer
    assert _served(served) == before + 1  # the status request waits for that check


def test_ctrl_c_ends_a_waiting_client_with_one_line(short: Path) -> None:
    """A daemon that takes its time (here, a socket that never answers): Ctrl-C ends the
    client at once, with status 130 and one line."""
    root = _site(short / "site")
    (root / CACHE_DIR).mkdir()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(root / CACHE_DIR / client.SOCKET_NAME))
    listener.listen(1)
    received = threading.Event()

    def accept() -> None:
        connection, _ = listener.accept()
        client.receive(connection)
        received.set()
        time.sleep(5)
        connection.close()

    threading.Thread(target=accept, daemon=True).start()
    child = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "check"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert received.wait(30)
        began = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=5)
    finally:
        child.kill()
        listener.close()
    assert time.monotonic() - began < 2
    assert child.returncode == 130
    assert (out, err) == (
        "",
        "pipeline: check: interrupted by SIGINT; the daemon finishes the check on its own\n",
    )


def test_a_stale_socket_is_run_past_and_replaced_by_start(short: Path) -> None:
    root = _site(short / "site")
    (root / CACHE_DIR).mkdir()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(places(root).socket))
    stale.close()  # a daemon killed outright leaves its socket
    assert _forward(["check"], root) == (None, "", "")
    status, out, _ = _cli("-C", str(root), "daemon", "status")
    assert status == 1 and "a stale socket is left" in out
    _start(root)
    assert "replacing a stale socket" in places(root).log.read_text()
    assert _forward(["check"], root) == _local(["check"], root)
    assert _served(root) == 1
    assert _cli("-C", str(root), "daemon", "stop")[0] == 0


def _gone(path: Path, within: float) -> bool:
    deadline = time.monotonic() + within
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not path.exists()


def test_the_daemon_stops_when_idle_and_on_sigterm(short: Path) -> None:
    root = _site(short / "site")
    where = places(root)
    started = _start(root, "--idle-timeout", "1")
    assert _gone(where.socket, 15)
    assert "no request for 1 s: stopping" in where.log.read_text()
    started = _start(root, "--idle-timeout", "0")
    assert started["idle_timeout"] is None
    os.kill(started["pid"], signal.SIGTERM)
    assert _gone(where.socket, 5)
    assert "interrupted by SIGTERM" in where.log.read_text()


def test_a_socket_path_over_the_limit_is_an_error(short: Path) -> None:
    root = short / ("x" * 100) / "site"
    root.mkdir(parents=True)
    _site(root)
    status, out, err = _cli("-C", str(root), "daemon", "start")
    assert status == 2 and out == ""
    assert err.startswith(f"pipeline: {root.resolve() / CACHE_DIR / 'daemon.sock'}: ")
    assert "over the 107 a Unix socket may have" in err
    assert not (root / CACHE_DIR / "daemon.sock").exists()


@pytest.mark.parametrize(
    ("argv", "command", "start"),
    [
        (["check"], "check", "."),
        (["-C", "site", "check", "x.md"], "check", "site"),
        (["--root=site", "-q", "check"], "check", "site"),
        (["-Csite", "-j", "2", "check"], "check", "site"),
        (["--lock-wait", "3", "check", "-C", "other"], "check", "other"),
        (["-q", "status"], "status", "."),
        (["--", "check"], None, "."),
    ],
)
def test_the_client_reads_the_command_and_the_start_folder(
    argv: list[str], command: str | None, start: str
) -> None:
    assert client.command_word(argv) == command
    assert client.start_folder(argv) == start
