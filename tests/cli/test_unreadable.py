"""A page or catalogue that cannot be read is a finding for that file alone: every other
file is still checked; the run says it is incomplete (exit 2, naming the file) unless
``--keep-going`` makes it an ordinary finding (exit 1).

Files are made unreadable the way it happens: a symbolic link whose target is gone (a
catalogue moved, a checkout without its submodule), a link in a loop. (``chmod 000`` stops
nobody when the tests run as root.)
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, copy_site
from pipeline.cli import main

PO = "locale/fr/LC_MESSAGES/x.po"
LINK_GONE = "cannot read: the symbolic link leads nowhere (No such file or directory)"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_site(tmp_path_factory.mktemp("shipped") / "site", with_locale=True)
    shutil.copy(REPO / "pipeline.toml", site / "pipeline.toml")
    return site


def _copy(shipped: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(shipped, tmp_path / "site", symlinks=True))


def _check(site: Path, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["-C", str(site), "--no-cache", "check", "--format", "json", *args]
    status = main(argv, stdout=out, stderr=err)
    return status, json.loads(out.getvalue())["findings"], err.getvalue()


def _without(findings: list[dict[str, Any]], path: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["path"] != path]


def test_a_dangling_catalogue_is_reported_and_everything_else_checked(
    shipped: Path, tmp_path: Path
) -> None:
    site = _copy(shipped, tmp_path)
    status, clean, _ = _check(site)
    assert status == 1 and clean
    (site / PO).symlink_to(site / "locale" / "fr" / "LC_MESSAGES" / "moved-away.po")

    status, findings, err = _check(site)
    assert status == 2
    incomplete = "(the check is incomplete; --keep-going reports it as a finding)"
    assert err == f"pipeline: {PO}: {LINK_GONE} {incomplete}\n"
    assert _without(findings, PO) == clean  # every other file checked, nothing else changed

    status, kept, err = _check(site, "--keep-going")
    assert status == 1 and err == ""
    assert kept == findings
    (finding,) = [f for f in kept if f["path"] == PO]
    assert (finding["rule"], finding["severity"], finding["line"]) == (
        "catalog-invalid",
        "error",
        1,
    )
    assert finding["message"] == LINK_GONE


def test_without_keep_going_the_text_report_still_shows_everything(
    shipped: Path, tmp_path: Path
) -> None:
    site = _copy(shipped, tmp_path)
    (site / PO).symlink_to("nowhere.po")
    out, err = io.StringIO(), io.StringIO()
    assert main(["-C", str(site), "check"], stdout=out, stderr=err) == 2
    assert f"{PO}:1: error catalog-invalid: {LINK_GONE}" in out.getvalue()
    assert "content/en/incb.md:10: error language-mismatch" in out.getvalue()
    assert err.getvalue().startswith(f"pipeline: {PO}: cannot read")


def test_a_baseline_is_not_written_from_an_incomplete_run(shipped: Path, tmp_path: Path) -> None:
    site = _copy(shipped, tmp_path)
    (site / PO).symlink_to("nowhere.po")
    baseline = tmp_path / "baseline.json"
    err = io.StringIO()
    status = main(
        ["-C", str(site), "check", "--write-baseline", str(baseline)],
        stdout=io.StringIO(),
        stderr=err,
    )
    assert status == 2 and not baseline.exists()
    assert err.getvalue().startswith(f"pipeline: {PO}: cannot read")


def _dangling_page(site: Path, place: str) -> None:
    (site / place).symlink_to(site / "content" / "gone.md")


def _looping_page(site: Path, place: str) -> None:
    (site / place).symlink_to(site / place)


@pytest.mark.parametrize(
    ("place", "plant", "reason"),
    [
        ("content/fr/extra.md", _dangling_page, LINK_GONE),
        ("content/en/extra.md", _dangling_page, LINK_GONE),
        ("content/fr/loop.md", _looping_page, "cannot resolve: symbolic link loop"),
    ],
    ids=["translated-page-link-gone", "source-page-link-gone", "link-loop"],
)
def test_page_unreadable_is_reported_for_that_page_alone(
    shipped: Path, tmp_path: Path, place: str, plant: Any, reason: str
) -> None:
    site = _copy(shipped, tmp_path)
    _status, clean, _ = _check(site)
    plant(site, place)
    status, _findings, err = _check(site)
    assert status == 2 and err.startswith(f"pipeline: {place}: {reason}")
    status, kept, err = _check(site, "--keep-going")
    assert status == 1 and err == ""
    (finding,) = [f for f in kept if f["rule"] == "page-unreadable"]
    assert (finding["path"], finding["line"], finding["message"]) == (place, 1, reason)
    # Every other file is checked as before. The page still counts by its name: a source
    # page is listed, and its French version is indeed missing; a French page has indeed
    # no source page of its name.
    assert _without(kept, place) == clean
    others = {f["rule"] for f in kept if f["path"] == place} - {"page-unreadable"}
    assert others == ({"missing-page"} if place.startswith("content/en/") else {"orphan-page"})


def _linked_page(site: Path) -> None:
    (site / "content" / "fr" / "linked.md").symlink_to(site / "content" / "fr" / "cnd.md")


def _dangling_non_page(site: Path) -> None:
    (site / "content" / "fr" / "notes.txt").symlink_to("gone.txt")


def _nothing(site: Path) -> None:
    pass


@pytest.mark.parametrize(
    "plant",
    [_nothing, _linked_page, _dangling_non_page],
    ids=["plain-site", "link-to-a-page-in-the-site", "dangling-link-that-is-no-page"],
)
def test_page_unreadable_stays_quiet_on_readable_sites(
    shipped: Path, tmp_path: Path, plant: Any
) -> None:
    site = _copy(shipped, tmp_path)
    plant(site)
    status, findings, err = _check(site)
    assert status == 1 and err == ""
    assert [f for f in findings if f["rule"] in ("page-unreadable", "catalog-invalid")] == []


def test_other_commands_name_a_dangling_catalogue_instead_of_skipping_it(
    shipped: Path, tmp_path: Path
) -> None:
    site = _copy(shipped, tmp_path)
    (site / PO).symlink_to("nowhere.po")
    err = io.StringIO()
    assert main(["-q", "-C", str(site), "compile"], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue() == f"pipeline: {PO}: {LINK_GONE}\n"
