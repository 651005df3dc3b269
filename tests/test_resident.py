"""The resident check (``engine/resident.py``): a process that stays up re-checks only the
files edited since its last check, and its report is the one a fresh ``check --no-cache``
writes, byte for byte; anything else (files added or removed, settings changed, part of the
site asked for) is a full check."""

from __future__ import annotations

import io
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.engine.resident import ResidentCheck
from tasks.sitegen import generate_site


def _age(root: Path, seconds: float = 100) -> None:
    """Every file's and folder's time moved ``seconds`` into the past (older than the
    2-second "racy" window), folders last."""
    paths = [p for p in root.rglob("*") if ".pipeline-cache" not in p.parts]
    for path in sorted(paths, key=lambda p: (p.is_dir(), -len(p.parts))):
        info = path.lstat()
        ns = (info.st_atime_ns, info.st_mtime_ns - int(seconds * 1e9))
        os.utime(path, ns=ns, follow_symlinks=False)


def _report(root: Path, out: Path, resident: ResidentCheck | None, *extra: str) -> bytes:
    argv = ["-C", str(root), "-q", "check", "--format", "json", "--fail-on", "never"]
    argv += [*extra, "--output", str(out)]
    status = main(argv, stdout=io.StringIO(), stderr=io.StringIO(), resident=resident)
    assert status == 0
    return out.read_bytes()


def _fresh(root: Path, out: Path) -> bytes:
    return _report(root, out, None, "--no-cache")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Eight pages in English and French, their catalogues, a glossary."""
    root = tmp_path / "site"
    root.mkdir()
    generate_site(root, pages=8)
    (root / "glossary.csv").write_text("en,fr,type,note\nWidget Board,Conseil,term,\n")
    for command in ("extract", "update"):
        assert main(["-C", str(root), "-q", command], stderr=io.StringIO()) == 0
    for po in _po(root)[::2]:
        _translate(po)
    _age(root)
    return root


def _translate(po: Path) -> None:
    """The first entry after the header translated."""
    head, *rest = po.read_text("utf-8").split('msgstr ""', 2)
    if len(rest) == 2:
        po.write_text(head + 'msgstr ""' + rest[0] + 'msgstr "Traduit à la main"' + rest[1])


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def _fr(root: Path) -> list[Path]:
    return sorted((root / "content" / "fr").rglob("*.md"))


def _en(root: Path) -> list[Path]:
    return sorted((root / "content" / "en").rglob("*.md"))


def _po(root: Path) -> list[Path]:
    return sorted((root / "locale" / "fr").rglob("*.po"))


EDITS: dict[str, Callable[[Path, random.Random], object]] = {
    "English pasted into a French page": lambda root, rnd: _append(
        rnd.choice(_fr(root)), "\nThis paragraph was pasted in English and never translated.\n"
    ),
    "a French sentence added": lambda root, rnd: _append(
        rnd.choice(_fr(root)), "\nUne phrase de plus, ajoutée à la main.\n"
    ),
    "a source page edited": lambda root, rnd: _append(
        rnd.choice(_en(root)), "\nA new sentence in the source page.\n"
    ),
    "a msgstr changed": lambda root, rnd: _translate(rnd.choice(_po(root))),
    "a catalogue broken": lambda root, rnd: _append(rnd.choice(_po(root)), '\nmsgid "x\n'),
    "a page's heading removed": lambda root, rnd: (
        lambda page: page.write_text(page.read_text("utf-8").replace("# ", "", 1), "utf-8")
    )(rnd.choice(_fr(root))),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_file_is_rechecked_alone_with_the_full_checks_report(
    site: Path, tmp_path: Path, edit: str
) -> None:
    resident = ResidentCheck()
    first = _report(site, tmp_path / "a.json", resident)
    assert first == _fresh(site, tmp_path / "fresh.json")
    assert (resident.runs, resident.incremental) == (1, 0)
    EDITS[edit](site, random.Random(edit))
    again = _report(site, tmp_path / "b.json", resident)
    assert (resident.runs, resident.incremental) == (2, 1)
    assert again == _fresh(site, tmp_path / "fresh.json")


def test_a_run_of_random_edits_keeps_giving_the_full_checks_report(
    site: Path, tmp_path: Path
) -> None:
    resident = ResidentCheck()
    _report(site, tmp_path / "a.json", resident)
    rnd = random.Random(16)
    reports = set()
    for step in range(8):
        names = rnd.sample(sorted(EDITS), k=rnd.randint(1, 2))
        for name in names:
            EDITS[name](site, rnd)
        got = _report(site, tmp_path / "b.json", resident)
        assert got == _fresh(site, tmp_path / "fresh.json"), (step, names)
        reports.add(got)
    assert resident.incremental == 8
    assert len(reports) > 4  # the edits changed the findings


def test_a_touched_file_leaves_the_report_as_it_was(site: Path, tmp_path: Path) -> None:
    resident = ResidentCheck()
    first = _report(site, tmp_path / "a.json", resident)
    page = _fr(site)[0]
    page.write_bytes(page.read_bytes())
    assert _report(site, tmp_path / "b.json", resident) == first
    assert resident.incremental == 1


def _add_page(root: Path) -> None:
    (root / "content" / "fr" / "nouvelle.md").write_text("# Nouvelle\n\nUne page.\n", "utf-8")


def _remove_page(root: Path) -> None:
    _fr(root)[0].unlink()


def _edit_config(root: Path) -> None:
    _append(root / "pipeline.toml", "\n# a comment\nwidth = 70\n")


def _edit_glossary(root: Path) -> None:
    _append(root / "glossary.csv", "Security Council,Conseil de sécurité,term,\n")


@pytest.mark.parametrize(
    "change", [_add_page, _remove_page, _edit_config, _edit_glossary], ids=lambda f: f.__name__
)
def test_anything_but_edited_files_makes_a_full_check(
    site: Path, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    resident = ResidentCheck()
    _report(site, tmp_path / "a.json", resident)
    change(site)
    _age(site)
    got = _report(site, tmp_path / "b.json", resident)
    assert (resident.runs, resident.incremental) == (2, 0)
    assert got == _fresh(site, tmp_path / "fresh.json")
    # ... which the memory then follows: the next edit is rechecked alone.
    _append(_fr(site)[-1], "\nEncore une phrase.\n")
    assert _report(site, tmp_path / "c.json", resident) == _fresh(site, tmp_path / "f.json")
    assert resident.incremental == 1


def test_a_folder_changed_just_before_the_memory_was_taken_is_not_trusted(
    site: Path, tmp_path: Path
) -> None:
    (site / "content" / "fr" / "x.txt").write_text("not a page", "utf-8")  # folder: now
    resident = ResidentCheck()
    _report(site, tmp_path / "a.json", resident)
    _append(_fr(site)[0], "\nUne phrase.\n")
    _report(site, tmp_path / "b.json", resident)
    assert resident.incremental == 0


def test_a_check_of_some_files_is_full_and_forgets(site: Path, tmp_path: Path) -> None:
    resident = ResidentCheck()
    _report(site, tmp_path / "a.json", resident)
    page = _fr(site)[0]
    _report(site, tmp_path / "b.json", resident, str(page))
    _append(page, "\nUne phrase.\n")
    _report(site, tmp_path / "c.json", resident)
    assert (resident.runs, resident.incremental) == (3, 0)  # the path-limited run: full


def test_an_unreadable_page_is_never_remembered(site: Path, tmp_path: Path) -> None:
    page = _fr(site)[0]
    page.unlink()
    page.symlink_to(site / "nowhere.md")  # a link that leads nowhere: a page-unreadable
    _age(site)
    resident = ResidentCheck()
    _report(site, tmp_path / "a.json", resident, "--keep-going")
    _report(site, tmp_path / "b.json", resident, "--keep-going")
    assert resident.incremental == 0


def test_a_recheck_that_fails_half_way_leaves_a_full_check_next(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.engine.check_site as check_site

    resident = ResidentCheck()
    _report(site, tmp_path / "a.json", resident)
    page = _fr(site)[1]
    _append(page, "\nThis paragraph was pasted in English and never translated.\n")

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a worker died")

    with monkeypatch.context() as patch:
        patch.setattr(check_site, "check_chunk", broken)
        with pytest.raises(RuntimeError):
            _report(site, tmp_path / "b.json", resident)
    # The edited page was read before the failure: it is not taken as checked.
    got = _report(site, tmp_path / "c.json", resident)
    assert (resident.runs, resident.incremental) == (2, 0)
    assert got == _fresh(site, tmp_path / "fresh.json")


def test_the_site_named_another_way_is_the_same_check(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident = ResidentCheck()
    _report(site, tmp_path / "a.json", resident)  # -C /absolute/site
    monkeypatch.chdir(site / "content" / "fr")
    _append(_fr(site)[0], "\nUne phrase de plus.\n")
    argv = ["-q", "check", "--format", "json", "--fail-on", "never", "--output", "r.json"]
    assert main(argv, stdout=io.StringIO(), stderr=io.StringIO(), resident=resident) == 0
    assert resident.incremental == 1
    got = (site / "content" / "fr" / "r.json").read_bytes()
    (site / "content" / "fr" / "r.json").unlink()
    assert got == _fresh(site, tmp_path / "fresh.json")


@pytest.mark.parametrize("change", ["edit", "add"])
def test_a_file_changed_while_the_full_check_runs_is_seen_next_time(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    import pipeline.engine.check_site as check_site

    real = check_site.outdated_findings

    def meanwhile(*args: object, **kwargs: object) -> object:
        # After the files were read, before the check is remembered; with a time stamp
        # well in the past (so that only the size, or the folder's time, tells).
        if change == "edit":
            changed = _fr(site)[2]
            _append(changed, "\nThis paragraph was pasted in English and never translated.\n")
        else:
            _add_page(site)
            changed = site / "content" / "fr"
        past = time.time_ns() - 100 * 10**9
        os.utime(changed, ns=(past, past))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    resident = ResidentCheck()
    with monkeypatch.context() as patch:
        patch.setattr(check_site, "outdated_findings", meanwhile)
        _report(site, tmp_path / "a.json", resident)
    got = _report(site, tmp_path / "b.json", resident)
    assert got == _fresh(site, tmp_path / "fresh.json")
