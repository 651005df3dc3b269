"""A full disk (ENOSPC, EDQUOT) during any write: the file keeps its old content, no
temporary file is left, the message names the file and says the disk is full, exit 2; a
cache write that fails only turns the cache off for the run.

The disk is filled by the fault-injection layer of :mod:`pipeline.fsio` (the N-th write
operation fails, and every later one), as a tiny file system would, without root.
"""

from __future__ import annotations

import errno
import io
import shutil
from pathlib import Path

import pytest

from helpers import REPO, copy_site, snapshot
from pipeline.cli import main
from pipeline.fsio import FaultPlan, injected_faults


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_site(tmp_path_factory.mktemp("shipped") / "site", with_locale=True)
    shutil.copy(REPO / "pipeline.toml", site / "pipeline.toml")
    return site


def _site(shipped: Path, tmp_path: Path) -> Path:
    site = Path(shutil.copytree(shipped, tmp_path / "site"))
    for page in ("cnd", "incb", "unga"):  # three templates for extract to write
        path = site / "content" / "en" / f"{page}.md"
        path.write_text(path.read_text() + "\nA new closing paragraph.\n")
    return site


def _run(site: Path, plan: FaultPlan, *args: str) -> tuple[int, str, FaultPlan]:
    err = io.StringIO()
    with injected_faults(plan):
        status = main(["-C", str(site), "--jobs", "1", *args], stdout=io.StringIO(), stderr=err)
    return status, err.getvalue(), plan


def _count(site: Path, *args: str) -> int:
    """Write operations of a complete run (on a copy: the site is left as it is)."""
    copy = site.parent / "count"
    shutil.copytree(site, copy)
    _status, _err, plan = _run(copy, FaultPlan(None), *args)
    shutil.rmtree(copy)
    return plan.seen


def _no_leftovers(site: Path) -> None:
    assert [p for p in site.rglob("*") if p.name.endswith(".tmp")] == []
    assert not (site / ".pipeline.lock").exists()


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EDQUOT], ids=["ENOSPC", "EDQUOT"])
@pytest.mark.parametrize("command", ["extract", "build"])
def test_the_disk_fills_up_in_the_middle_of_a_command(
    shipped: Path, tmp_path: Path, command: str, error: int
) -> None:
    site = _site(shipped, tmp_path)
    if command == "build":
        assert main(["-q", "-C", str(site), "extract"]) == 0
        assert main(["-q", "-C", str(site), "update"]) == 0
    before = snapshot(site)
    total = _count(site, command)
    status, err, plan = _run(site, FaultPlan(total // 2, error), command)
    assert status == 2 and plan.failed
    line = err.splitlines()[-1]
    named, _, message = line.removeprefix("pipeline: ").partition(": ")
    assert any(failed.endswith(f"{site}/{named}") for failed in plan.failed), (line, plan.failed)
    assert message.startswith("cannot write: the disk is full ("), line
    assert message.endswith("; the file keeps its old content")
    assert snapshot(site).get(named) == before.get(named)  # old content, or still absent
    _no_leftovers(site)


def test_a_full_disk_when_the_report_is_written(shipped: Path, tmp_path: Path) -> None:
    site = _site(shipped, tmp_path)
    report = tmp_path / "report.json"
    report.write_text("the last report\n")
    args = ("--no-cache", "check", "--format", "json", "--output", str(report))
    status, err, _plan = _run(site, FaultPlan(1, errno.ENOSPC), *args)
    assert status == 2
    assert err == (
        f"pipeline: {report}: cannot write: the disk is full (No space left on device); "
        "the file keeps its old content\n"
    )
    assert report.read_text() == "the last report\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("at", [1, 2, 3], ids=["opening", "storing", "committing"])
def test_a_cache_that_cannot_be_written_is_only_turned_off(
    shipped: Path, tmp_path: Path, at: int
) -> None:
    site = _site(shipped, tmp_path)
    out = io.StringIO()
    assert main(["-C", str(site), "check"], stdout=out) == 1  # a cache exists now
    findings = out.getvalue()
    cache_before = snapshot(site / ".pipeline-cache")
    (site / "content" / "en" / "who.md").write_text(
        "# WHO\n\nL'Organisation mondiale de la santé est l'institution spécialisée des "
        "Nations unies pour la santé publique.\n"
    )  # a new finding: the run must check the page again, without the cache's help
    expected = io.StringIO()
    reference = Path(shutil.copytree(site, tmp_path / "reference"))
    assert main(["-C", str(reference), "--no-cache", "check"], stdout=expected) == 1
    out, err = io.StringIO(), io.StringIO()
    with injected_faults(FaultPlan(at, errno.ENOSPC)) as plan:
        status = main(["-C", str(site), "--jobs", "1", "check"], stdout=out, stderr=err)
    assert plan.failed and all(".pipeline-cache" in f or "scratch" in f for f in plan.failed)
    assert status == 1 and out.getvalue() == expected.getvalue() != findings
    (line,) = err.getvalue().splitlines()
    assert line.startswith("pipeline: cache not used for this run: ")
    assert "disk is full" in line or "database or disk is full" in line
    assert snapshot(site / ".pipeline-cache") == cache_before  # left as it was
    _no_leftovers(site)
