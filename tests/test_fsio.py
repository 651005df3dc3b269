"""fsio: atomic writes under a full disk, a refused file or an interrupt; the fault points;
why a file cannot be read; where a read-only site keeps its state."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from pipeline.errors import PipelineError, SourceError
from pipeline.fsio import (
    FaultPlan,
    files_written,
    injected_faults,
    read_bytes,
    remove_file,
    site_hash,
    state_folder,
    write_if_changed,
)

OLD = b"old content\n" * 100
NEW = b"new content\n" * 120


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("at", [1, 2, 3, 4], ids=["create", "write", "sync", "rename"])
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_keeps_the_old_file_and_no_temporary_one(
    tmp_path: Path, at: int, error: int
) -> None:
    target = tmp_path / "x.po"
    target.write_bytes(OLD)
    with injected_faults(FaultPlan(at, error)) as plan, pytest.raises(PipelineError) as caught:
        write_if_changed(target, NEW, "locale/fr/LC_MESSAGES/x.po")
    assert plan.failed == [f"{['create', 'write', 'sync', 'rename'][at - 1]} {target}"]
    assert target.read_bytes() == OLD
    assert _temps(tmp_path) == []
    assert str(caught.value) == (
        f"locale/fr/LC_MESSAGES/x.po: cannot write: the disk is full ({os.strerror(error)}); "
        "the file keeps its old content"
    )


def test_a_refused_write_says_why(tmp_path: Path) -> None:
    with (
        injected_faults(FaultPlan(1, errno.EACCES, sticky=False)),
        pytest.raises(PipelineError, match=r"^new\.pot: cannot write: Permission denied$"),
    ):
        write_if_changed(tmp_path / "new.pot", NEW, "new.pot")
    assert list(tmp_path.iterdir()) == []


def test_counting_plan_fails_nothing_and_counts_every_operation(tmp_path: Path) -> None:
    before = files_written()
    with injected_faults(FaultPlan(None)) as plan:
        assert write_if_changed(tmp_path / "a", NEW)
        assert not write_if_changed(tmp_path / "a", NEW)  # unchanged: no write at all
        assert remove_file(tmp_path / "a")
    assert plan.seen == 5 and plan.failed == []  # create, write, sync, rename; remove
    assert files_written() - before == 2


def test_a_refused_file_refuses_once_a_full_disk_stays_full(tmp_path: Path) -> None:
    with injected_faults(FaultPlan(1, errno.EACCES, sticky=False)):
        with pytest.raises(PipelineError):
            write_if_changed(tmp_path / "a", NEW)
        assert write_if_changed(tmp_path / "b", NEW)
    with injected_faults(FaultPlan(1, errno.ENOSPC)):
        for name in ("c", "d"):
            with pytest.raises(PipelineError, match="disk is full"):
                write_if_changed(tmp_path / name, NEW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


def test_an_interrupt_in_the_middle_of_a_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.po"
    target.write_bytes(OLD)

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_if_changed(target, NEW)
    assert target.read_bytes() == OLD
    assert _temps(tmp_path) == []


def test_a_removal_that_fails_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "old.html").write_text("x")
    with (
        injected_faults(FaultPlan(1, errno.EACCES)),
        pytest.raises(PipelineError, match=r"^build/old\.html: cannot remove: Permission denied$"),
    ):
        remove_file(tmp_path / "old.html", "build/old.html")
    assert (tmp_path / "old.html").exists()


def test_only_one_plan_at_a_time() -> None:
    with injected_faults(FaultPlan(None)), pytest.raises(RuntimeError):  # noqa: SIM117
        with injected_faults(FaultPlan(None)):
            pass


def test_a_symbolic_link_leading_nowhere_says_so(tmp_path: Path) -> None:
    (tmp_path / "x.md").symlink_to(tmp_path / "gone.md")
    with pytest.raises(SourceError) as caught:
        read_bytes(tmp_path / "x.md", "content/en/x.md", SourceError)
    assert str(caught.value) == (
        "content/en/x.md: cannot read: the symbolic link leads nowhere (No such file or directory)"
    )


def test_a_writable_site_keeps_its_state_in_itself(tmp_path: Path) -> None:
    state = state_folder(tmp_path, tmp_path / "home-cache", ".pipeline-cache")
    assert state.path == tmp_path and state.in_site and state.reason == ""
    assert not (tmp_path / "home-cache").exists()


def test_a_read_only_site_keeps_its_state_in_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, home = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    real_access = os.access

    def access(path: object, mode: int) -> bool:
        # As an unprivileged user on a read-only tree (root could write anywhere).
        if Path(str(path)) == site and mode == os.W_OK:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    state = state_folder(site, home, ".pipeline-cache")
    assert state.path == home / "pipeline" / site_hash(site) and state.path.is_dir()
    assert not state.in_site and state.reason == "the site is read-only"
    assert site_hash(site) == site_hash(site / "." / "x" / "..")  # the resolved path
    assert state_folder(site, None, ".pipeline-cache").path is None  # nowhere to go
