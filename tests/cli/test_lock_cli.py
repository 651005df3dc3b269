"""Writing commands take the site's lock; a second run fails clearly or waits."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

from pipeline.cli import main
from pipeline.lock import site_lock


def _site(root: Path) -> Path:
    (root / "content" / "en").mkdir(parents=True)
    (root / "content" / "fr").mkdir(parents=True)
    (root / "content" / "en" / "index.md").write_text("# Welcome\n\nHello world.\n")
    return root


def test_second_run_fails_at_once_with_a_clear_message(tmp_path: Path) -> None:
    root = _site(tmp_path)
    err = io.StringIO()
    with site_lock(root, wait=None):
        status = main(["-C", str(root), "extract", "--lock-wait", "0"], stderr=err)
    assert status == 2
    assert err.getvalue().startswith(
        "pipeline: .pipeline.lock: another pipeline run holds the lock"
    )
    assert not (root / "locale").exists()


def test_second_run_waits_for_the_first(tmp_path: Path) -> None:
    root = _site(tmp_path)
    released = threading.Event()

    def hold() -> None:
        with site_lock(root, wait=None):
            time.sleep(0.5)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.1)
    status = main(["-q", "-C", str(root), "extract", "--lock-wait", "10"])
    holder.join()
    assert status == 0 and released.is_set()
    assert (root / "locale" / "index.pot").is_file()


def test_check_needs_no_lock(tmp_path: Path) -> None:
    root = _site(tmp_path)
    with site_lock(root, wait=None):
        assert main(["-q", "-C", str(root), "check", "--fail-on", "never"]) == 0
