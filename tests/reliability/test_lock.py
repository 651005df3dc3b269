"""site_lock: one run at a time, released on exit and on SIGKILL, stale temps cleaned."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.errors import LockError
from pipeline.fsio import remove_stale_temps, write_if_changed
from pipeline.lock import LOCK_NAME, site_lock

HOLD = """
import sys, time
from pathlib import Path
from pipeline.lock import site_lock
with site_lock(Path(sys.argv[1]), wait=None):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(site: Path, seconds: float) -> subprocess.Popen[str]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(site), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


def test_second_run_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    child = _holder(tmp_path, 30)
    try:
        start = time.monotonic()
        with pytest.raises(LockError) as caught, site_lock(tmp_path, wait=None):
            pass
        assert time.monotonic() - start < 1
        assert caught.value.path == LOCK_NAME
        assert caught.value.message == f"another pipeline run holds the lock (pid {child.pid})"
        assert str(caught.value) == f".pipeline.lock: {caught.value.message}"
    finally:
        child.kill()
        child.wait()


def test_sigkill_releases_the_lock(tmp_path: Path) -> None:
    child = _holder(tmp_path, 30)
    child.send_signal(signal.SIGKILL)
    child.wait()
    with site_lock(tmp_path, wait=None):
        assert (tmp_path / LOCK_NAME).read_text().strip() == str(os.getpid())


def test_wait_gives_up_after_the_delay(tmp_path: Path) -> None:
    child = _holder(tmp_path, 30)
    try:
        start = time.monotonic()
        with pytest.raises(LockError), site_lock(tmp_path, wait=0.3):
            pass
        assert 0.25 <= time.monotonic() - start < 2
    finally:
        child.kill()
        child.wait()


def test_wait_gets_the_lock_when_released(tmp_path: Path) -> None:
    child = _holder(tmp_path, 0.3)
    try:
        with site_lock(tmp_path, wait=10):
            assert child.poll() is not None or child.wait(5) == 0
    finally:
        child.kill()
        child.wait()


def test_runs_do_not_interleave(tmp_path: Path) -> None:
    """Threads taking the lock in turn: each critical section is whole."""
    log: list[str] = []

    def worker(name: str) -> None:
        for _ in range(5):
            with site_lock(tmp_path, wait=10):
                log.append(f"{name}+")
                time.sleep(0.005)
                log.append(f"{name}-")

    threads = [threading.Thread(target=worker, args=(n,)) for n in "abc"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(log) == 30
    for i in range(0, 30, 2):
        assert log[i][0] == log[i + 1][0] and log[i].endswith("+") and log[i + 1].endswith("-")


def test_lock_released_after_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), site_lock(tmp_path, wait=None):
        raise RuntimeError("boom")
    with site_lock(tmp_path, wait=None):
        pass


def test_unwritable_root_is_a_lock_error(tmp_path: Path) -> None:
    with pytest.raises(LockError) as caught, site_lock(tmp_path / "missing", wait=None):
        pass
    assert "cannot create the lock file" in caught.value.message


def test_stale_temps_are_removed_under_the_lock(tmp_path: Path) -> None:
    target = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    write_if_changed(target, b"x")
    stale = target.parent / ".index.po.abcd_123.tmp"
    stale.write_bytes(b"half")
    keep = [
        target.parent / ".index.po.tmp",
        target.parent / "notes.tmp",
        tmp_path / ".git" / ".a.b.abcdefgh.tmp",
    ]
    for path in keep:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"mine")
    with site_lock(tmp_path, wait=None):
        assert not stale.exists()
    assert all(p.exists() for p in keep)
    assert target.read_bytes() == b"x"
    assert remove_stale_temps(tmp_path) == []


def test_cli_refuses_a_second_writing_run(tmp_path: Path) -> None:
    """The CLI takes the lock for writing commands: a second run fails with one line."""
    import io

    from pipeline.cli import main

    (tmp_path / "content" / "en").mkdir(parents=True)
    (tmp_path / "content" / "en" / "index.md").write_text("# Hi\n\nText.\n")
    child = _holder(tmp_path, 30)
    try:
        err = io.StringIO()
        argv = ["-q", "-C", str(tmp_path), "extract", "--lock-wait", "0"]
        status = main(argv, stdout=io.StringIO(), stderr=err)
        assert status == 2
        assert err.getvalue() == (
            f"pipeline: .pipeline.lock: another pipeline run holds the lock (pid {child.pid})\n"
        )
        assert not (tmp_path / "locale").exists()
    finally:
        child.kill()
        child.wait()


def test_the_lock_file_is_removed_when_the_run_ends(tmp_path: Path) -> None:
    with site_lock(tmp_path, wait=None):
        assert (tmp_path / LOCK_NAME).read_text().strip() == str(os.getpid())
    assert not (tmp_path / LOCK_NAME).exists()
    with pytest.raises(RuntimeError), site_lock(tmp_path, wait=None):
        raise RuntimeError("boom")
    assert not (tmp_path / LOCK_NAME).exists()


def test_the_lock_file_of_a_dead_run_is_taken_over(tmp_path: Path) -> None:
    (tmp_path / LOCK_NAME).write_text("999999\n")  # its holder is gone: nobody locks it
    with site_lock(tmp_path, wait=None):
        assert (tmp_path / LOCK_NAME).read_text().strip() == str(os.getpid())
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_run_that_waited_on_a_removed_lock_file_locks_a_fresh_one(tmp_path: Path) -> None:
    """The holder removes the file when it ends; the run that was waiting on it must not
    hold a lock on the removed file while a third run locks a new one."""
    held, release, waiter_holds, done = (threading.Event() for _ in range(4))
    failures: list[str] = []

    def first() -> None:
        with site_lock(tmp_path, wait=None):
            held.set()
            release.wait(10)

    def second() -> None:
        with site_lock(tmp_path, wait=10):
            waiter_holds.set()
            done.wait(10)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    held.wait(10)
    threads[1].start()
    time.sleep(0.2)  # the second run has opened the file and waits on it
    release.set()
    assert waiter_holds.wait(10)
    try:
        with site_lock(tmp_path, wait=None):
            failures.append("a third run got the lock while the second held it")
    except LockError:
        pass
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_read_only_site_has_its_lock_in_the_user_cache(tmp_path: Path) -> None:
    from pipeline.fsio import StateFolder
    from pipeline.lock import state_lock

    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    cache.mkdir()
    with state_lock(site, StateFolder(cache, False, "the site is read-only"), wait=None):
        assert (cache / "pipeline.lock").is_file()
        with (
            pytest.raises(LockError, match=r"pipeline\.lock: another pipeline run"),
            state_lock(site, StateFolder(cache, False, "the site is read-only"), wait=None),
        ):
            pass
    assert list(site.iterdir()) == [] and list(cache.iterdir()) == []
