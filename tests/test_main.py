"""``python -m pipeline``: the process's exit."""

from __future__ import annotations

from pathlib import Path

from helpers import run_fresh

_EXIT = """
import gc
import sys

import pipeline.cli

pipeline.cli.main = lambda: 3
from pipeline.__main__ import run


def exit(status):
    print(status, gc.get_freeze_count() > 1000)
    sys.stdout.flush()
    raise SystemExit(0)


sys.exit = exit
run()
"""


def test_the_exit_status_is_the_cli_s_and_what_is_left_is_kept_from_the_collector(
    tmp_path: Path,
) -> None:
    # The collector's last passes at exit walked a check's caches for a quarter of a
    # second on the Python-docs catalogues: the objects left are frozen first.
    done = run_fresh(_EXIT, tmp_path)
    assert done.stdout.split() == ["3", "True"], done.stderr
