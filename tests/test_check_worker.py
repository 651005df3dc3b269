"""The check's worker: chunks are checked with the cycle collector started less often,
and the collector's setting is given back afterwards."""

from __future__ import annotations

import gc
import io
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.engine import check_worker
from tasks.sitegen import generate_site


def test_a_chunk_is_checked_with_sparse_collection_and_the_setting_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = generate_site(tmp_path, pages=6)
    seen: list[tuple[int, int, int]] = []
    real_read = check_worker._read

    def read(*args: Any) -> Any:
        seen.append(gc.get_threshold())
        return real_read(*args)

    monkeypatch.setattr(check_worker, "_read", read)
    before = gc.get_threshold()
    status = main(
        ["-q", "-C", str(site), "-j", "1", "check", "--no-cache", "--fail-on", "never"],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert status == 0
    assert seen and all(t[0] == check_worker.YOUNG_THRESHOLD for t in seen)
    assert seen[0][1:] == before[1:]
    assert gc.get_threshold() == before


def test_the_setting_comes_back_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), check_worker.sparse_collection():
        assert gc.get_threshold()[0] == check_worker.YOUNG_THRESHOLD
        raise RuntimeError("stop")
    assert gc.get_threshold() == before
