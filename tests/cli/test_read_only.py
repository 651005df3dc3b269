"""A site nobody may write to (a CI checkout, a read-only mount): ``check``, ``status`` and
``build --output DIR`` work and write nothing inside it (the cache goes to the user's cache
folder); ``extract``, ``update`` and ``import`` exit 2 naming the file they could not write.

The tree is made read-only for the child run by ``reliability/readonly.py`` (a read-only bind
mount in a private mount namespace, or an unprivileged user); the tests skip only when the
machine allows neither.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from helpers import REPO, copy_site, snapshot

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from reliability import readonly

pytestmark = pytest.mark.skipif(
    readonly.method() is None, reason="neither a read-only mount nor another user is possible"
)

INCB = "content/en/incb.md:10: error language-mismatch: passage is in 'fr', not 'en'"


def _tree(tmp_path: Path) -> Path:
    """A copy of the shipped site, every folder open to an unprivileged user."""
    site = copy_site(tmp_path / "site", with_locale=True)
    shutil.copy(REPO / "pipeline.toml", site / "pipeline.toml")
    for path in [tmp_path, *tmp_path.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return site


def _listing(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``root``."""
    found: dict[str, bytes | None] = dict(snapshot(root))
    found.update({p.relative_to(root).as_posix(): None for p in root.rglob("*") if p.is_dir()})
    return found


def test_check_reports_the_incb_finding_and_writes_nothing(tmp_path: Path) -> None:
    site, cache = _tree(tmp_path), tmp_path / "user-cache"
    before = _listing(site)
    for _ in range(2):  # cold, then warm from the user's cache folder
        done = readonly.run(site, ["check"], cache_home=cache)
        assert done.returncode == 1, done.stderr
        assert INCB in done.stdout
        assert done.stdout.rstrip().endswith("1 error, 0 warnings, 0 info (language-mismatch: 1)")
        assert done.stderr.startswith("pipeline: note: the site is read-only: cache in ")
        assert len(done.stderr.splitlines()) == 1
    assert _listing(site) == before
    assert list(cache.glob("pipeline/*/cache.sqlite3"))


def test_status_and_a_build_to_another_folder_work(tmp_path: Path) -> None:
    site, cache, out = _tree(tmp_path), tmp_path / "user-cache", tmp_path / "public"
    out.mkdir(mode=0o777)
    out.chmod(0o777)
    before = _listing(site)
    status = readonly.run(site, ["status"], cache_home=cache)
    assert status.returncode == 0, status.stderr
    assert "fr    total" in status.stdout
    build = readonly.run(site, ["build", "--output", str(out)], cache_home=cache)
    assert build.returncode == 0, build.stderr
    assert (out / "fr" / "incb.html").is_file() and (out / "manifest.json").is_file()
    assert (out / "status.html").is_file()
    assert (out / "locale" / "fr" / "LC_MESSAGES" / "incb.mo").is_file()
    assert _listing(site) == before


def test_a_build_into_the_tree_fails_naming_the_file(tmp_path: Path) -> None:
    site, cache = _tree(tmp_path), tmp_path / "user-cache"
    before = _listing(site)
    done = readonly.run(site, ["build"], cache_home=cache)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("pipeline: locale/fr/LC_MESSAGES/") and ": cannot write: " in line
    assert _listing(site) == before


def _give_work(site: Path, command: str) -> None:
    """Edit the site (while it is writable) so that ``command`` has one catalogue to write."""
    from pipeline.cli import main

    page = site / "content" / "en" / "cnd.md"
    page.write_text(page.read_text() + "\nA new paragraph about the commission.\n")
    if command != "extract":
        assert main(["-q", "-C", str(site), "extract"]) == 0
    if command == "import fr":
        assert main(["-q", "-C", str(site), "update"]) == 0
        fr = site / "content" / "fr" / "cnd.md"
        fr.write_text(fr.read_text() + "\nUn nouveau paragraphe sur la commission.\n")
    for path in site.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize(
    ("command", "first"),
    [
        ("extract", "locale/cnd.pot"),
        ("update", "locale/fr/LC_MESSAGES/cnd.po"),
        ("import fr", "locale/fr/LC_MESSAGES/cnd.po"),
    ],
)
def test_writing_commands_exit_2_naming_the_first_file_having_written_nothing(
    tmp_path: Path, command: str, first: str
) -> None:
    site, cache = _tree(tmp_path), tmp_path / "user-cache"
    _give_work(site, command)
    before = _listing(site)
    done = readonly.run(site, ["-q", *command.split()], cache_home=cache)
    assert done.returncode == 2, done.stdout + done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"pipeline: {first}: cannot write: ")
    assert line.endswith(("Read-only file system", "Permission denied"))
    assert _listing(site) == before
