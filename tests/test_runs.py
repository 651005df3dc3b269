"""runs: a stop signal in the main thread becomes one line and 128 + the signal, even when
the code it interrupted turned it into another error."""

from __future__ import annotations

import io
import os
import signal
import threading
import time

import pytest

from pipeline.errors import Interrupted
from pipeline.runs import run_stoppable


def test_a_stop_signal_ends_the_run_with_one_line() -> None:
    err = io.StringIO()

    def run() -> int:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # interrupted at once
        return 0

    started = time.monotonic()
    assert run_stoppable("check", err, run) == 143
    assert time.monotonic() - started < 2
    assert err.getvalue() == "pipeline: check: interrupted by SIGTERM; nothing written\n"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers restored


def test_a_stop_wrapped_in_another_error_is_still_the_stop() -> None:
    """An interrupt inside a module being imported comes out as a RuntimeError."""
    err = io.StringIO()

    def run() -> int:
        try:
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(5)
        except Interrupted as exc:
            raise RuntimeError("Error calling __set_name__") from exc
        return 0

    assert run_stoppable("import", err, run) == 129
    assert err.getvalue() == "pipeline: import: interrupted by SIGHUP; nothing written\n"


def test_other_errors_pass_through() -> None:
    def run() -> int:
        raise ValueError("not a stop")

    try:
        run_stoppable("check", io.StringIO(), run)
    except ValueError:
        pass
    else:
        raise AssertionError("the error was swallowed")


def _thread_failing_when(event: threading.Event) -> threading.Thread:
    def fail() -> None:
        event.wait(5)
        raise EOFError("the pool's workers are gone")

    thread = threading.Thread(target=fail)
    thread.start()
    return thread


def test_a_thread_dying_of_the_stop_prints_no_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The process pool's manager thread dies when a stop ends the workers: no
    'Exception in thread' traceback before the one line (seen on SIGTERM to check -j 2)."""
    seen: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", seen.append)
    err = io.StringIO()
    stopped = threading.Event()

    def run() -> int:
        thread = _thread_failing_when(stopped)
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        finally:
            stopped.set()
            thread.join()
        return 0

    assert run_stoppable("check", err, run) == 143
    assert err.getvalue() == "pipeline: check: interrupted by SIGTERM; nothing written\n"
    assert seen == []
    assert threading.excepthook == seen.append  # restored


def test_a_thread_failing_outside_a_stop_is_still_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", seen.append)
    failed = threading.Event()

    def run() -> int:
        failed.set()
        _thread_failing_when(failed).join()
        return 0

    assert run_stoppable("check", io.StringIO(), run) == 0
    assert [type(args.exc_value) for args in seen] == [EOFError]
