"""The incremental cache: entries, counters, integrity, and what a warm re-run re-checks."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sqlite3
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.engine import Engine
from pipeline.engine.cache import CACHE_DIR, DB_NAME, Cache, decode_value, encode_value
from pipeline.model import Finding, Location, Severity
from pipeline.tasks.check import CheckRequest, run_check
from tasks.sitegen import generate_site

FINDING = Finding("typography", Severity.WARNING, Location("content/fr/a.md", 3), "x")


def _db(root: Path) -> Path:
    return root / CACHE_DIR / DB_NAME


def _fill(root: Path) -> None:
    with Cache(root / CACHE_DIR) as cache:
        cache.put_many("k", [("a", (FINDING,)), ("b", None)])


def test_entries_round_trip_with_counters(tmp_path: Path) -> None:
    _fill(tmp_path)
    with Cache(tmp_path / CACHE_DIR) as cache:
        found = cache.get_many("k", ["a", "b", "c"])
        assert found == {"a": (FINDING,), "b": None}
        assert cache.stats.hits["k"] == 2 and cache.stats.misses["k"] == 1
        assert cache.get("other", "a") == (False, None)
        assert cache.stats.rebuilt == 0
    assert (tmp_path / CACHE_DIR / "CACHEDIR.TAG").is_file()


def test_a_failed_run_leaves_no_trace(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), Cache(tmp_path / CACHE_DIR) as cache:
        cache.put("k", "a", 1)
        raise RuntimeError("boom")
    assert not (tmp_path / CACHE_DIR).exists()
    _fill(tmp_path)
    before = _db(tmp_path).read_bytes()
    with pytest.raises(RuntimeError), Cache(tmp_path / CACHE_DIR) as cache:
        cache.put("k", "z", 1)
        raise RuntimeError("boom")
    with Cache(tmp_path / CACHE_DIR) as cache:
        assert cache.get_many("k", ["a", "z"]).keys() == {"a"}
    assert _db(tmp_path).read_bytes()[:100] == before[:100]


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00garbage, not a database\xff" * 500)


def _other_version(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '999' WHERE name = 'schema'")
    db.close()


def _foreign_table(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE something (x)")
    db.close()


@pytest.mark.parametrize("damage", [_truncate, _garbage, _other_version, _foreign_table])
def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path, damage: object) -> None:
    _fill(tmp_path)
    damage(_db(tmp_path))  # type: ignore[operator]
    with Cache(tmp_path / CACHE_DIR) as cache:
        assert cache.get_many("k", ["a", "b"]) == {}
        cache.put("k", "c", 3)
    with Cache(tmp_path / CACHE_DIR) as cache:
        assert cache.get_many("k", ["a", "c"]) == {"c": 3}
        assert cache.stats.rebuilt == 0


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    _fill(tmp_path)
    with sqlite3.connect(_db(tmp_path)) as db:
        db.execute("UPDATE entry SET value = X'504C433100' WHERE key = 'a'")
    db.close()
    with Cache(tmp_path / CACHE_DIR) as cache:
        assert cache.get_many("k", ["a", "b"]) == {"b": None}
        assert cache.stats.damaged == 1


def test_only_the_projects_records_are_unpickled() -> None:
    blob, check = encode_value(FINDING)
    assert decode_value(blob, check) == FINDING
    evil = b"PLC1" + pickle.dumps(Path("/etc/passwd"))
    with pytest.raises(ValueError, match="not allowed"):
        decode_value(evil, hashlib.blake2b(evil, digest_size=8).digest())
    with pytest.raises(ValueError, match="checksum"):
        decode_value(blob, b"12345678")


def test_an_unwritable_place_turns_the_cache_off(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with Cache(tmp_path / "file" / CACHE_DIR) as cache:
        cache.put("k", "a", 1)
    assert cache.problem is not None


def _counts(root: Path) -> dict[str, tuple[int, int]]:
    config = load_config(root)
    with Engine(jobs=1, cache=True).session(root) as session:
        run_check(config, CheckRequest(), session=session)
        stats = session.cache.stats
        return {k: (stats.hits[k], stats.misses[k]) for k in ("page-findings", "page", "detect")}


def test_a_warm_run_rechecks_only_the_touched_page(tmp_path: Path) -> None:
    generate_site(tmp_path, pages=12)
    cold = _counts(tmp_path)
    assert cold["page-findings"] == (0, 24)  # 12 English pages, 12 French
    assert _counts(tmp_path)["page-findings"] == (24, 0)
    page = tmp_path / "content" / "fr" / "section" / "page-00004.md"
    page.write_text(page.read_text("utf-8") + "\nUne phrase de plus pour la page.\n", "utf-8")
    warm = _counts(tmp_path)
    assert warm["page-findings"] == (23, 1)
    assert warm["page"] == (1, 1)  # its source page came from the cache, it was segmented
    assert warm["detect"][1] <= 2  # only the new passage was detected
    source = tmp_path / "content" / "en" / "section" / "page-00005.md"
    source.write_text(source.read_text("utf-8") + "\nOne more sentence here.\n", "utf-8")
    # A source page changed: the page and its translation are checked again.
    assert _counts(tmp_path)["page-findings"] == (22, 2)


def test_the_cache_follows_the_configuration(tmp_path: Path) -> None:
    generate_site(tmp_path, pages=3)
    _counts(tmp_path)
    with (tmp_path / "pipeline.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[check.rules]\ntypography = "off"\n')
    again = _counts(tmp_path)
    assert again["page-findings"] == (0, 6)
    assert again["detect"][1] == 0  # detections do not depend on rule levels


def test_no_cache_writes_no_cache(tmp_path: Path) -> None:
    generate_site(tmp_path, pages=3)
    out = io.StringIO()
    status = main(["-C", str(tmp_path), "--no-cache", "check"], stdout=out, stderr=io.StringIO())
    assert status in (0, 1)
    assert not (tmp_path / CACHE_DIR).exists()
    main(["-C", str(tmp_path), "check", "--jobs", "1"], stdout=out, stderr=io.StringIO())
    assert _db(tmp_path).is_file()


def test_large_values_are_stored_compressed_and_read_back() -> None:
    big = [FINDING, *(f"passage number {i} of a page, " * 4 for i in range(300))]
    blob, check = encode_value(big)
    assert blob.startswith(b"PLZ1") and len(blob) < len(pickle.dumps(big)) // 3
    assert decode_value(blob, check) == big
    small_blob, small_check = encode_value(FINDING)
    assert small_blob.startswith(b"PLC1")
    assert decode_value(small_blob, small_check) == FINDING


def _age(root: Path, seconds: float) -> None:
    """Every file's modification time moved ``seconds`` into the past."""
    for path in [root] if root.is_file() else root.rglob("*"):
        if path.is_file() and CACHE_DIR not in path.parts:
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - int(seconds * 1e9)))


def test_a_warm_run_reads_only_the_files_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.engine.check_plan as check_plan

    generate_site(tmp_path, pages=6)
    _age(tmp_path, 100)
    _counts(tmp_path)
    read: list[str] = []
    real = check_plan.read_file

    def counting(config: object, path: Path, *rest: object) -> object:
        read.append(path.name)
        return real(config, path, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(check_plan, "read_file", counting)
    assert _counts(tmp_path)["page-findings"] == (12, 0)
    assert read == []
    page = tmp_path / "content" / "fr" / "section" / "page-00002.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("e", "é", 1), "utf-8")  # new bytes, new time
    _age(page, 50)
    assert _counts(tmp_path)["page-findings"] == (11, 1)
    assert read == ["page-00002.md"]


def test_a_file_that_is_not_what_was_hashed_makes_the_run_read_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker finds a file's bytes differ from the hash the main process used (changed
    meanwhile, or its time stamp set back): the run starts again reading every file."""
    import pipeline.engine.check_jobs as check_jobs
    import pipeline.engine.check_site as check_site
    import pipeline.engine.check_worker as check_worker

    generate_site(tmp_path, pages=4)
    _age(tmp_path, 100)
    _counts(tmp_path)
    page = tmp_path / "content" / "fr" / "section" / "page-00002.md"
    page.write_text(page.read_text("utf-8") + "\nUne phrase de plus.\n", "utf-8")
    attempts: list[bool] = []
    real_site, real_load = check_site._check_site, check_worker.load

    def recording(*args: object, trust_stats: bool) -> object:
        attempts.append(trust_stats)
        return real_site(*args, trust_stats=trust_stats)  # type: ignore[arg-type]

    def stale_once(*args: object) -> bytes:
        if len(attempts) == 1:
            raise check_jobs.FileChanged("changed while the check ran; run it again")
        return real_load(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_site, "_check_site", recording)
    monkeypatch.setattr(check_worker, "load", stale_once)
    assert _counts(tmp_path)["page-findings"] == (14, 2)  # both attempts are counted
    assert attempts == [True, False]
    monkeypatch.setattr(check_worker, "load", real_load)
    assert _counts(tmp_path)["page-findings"] == (8, 0)  # the second attempt was cached


def test_stored_entries_come_back_packed(tmp_path: Path) -> None:
    with Cache(tmp_path / CACHE_DIR) as cache:
        packed = cache.put_many("k", [("a", (FINDING,)), ("b", None)])
        assert sorted(packed) == ["a", "b"]
        assert packed["a"].value() == (FINDING,) and packed["b"].value() is None
        assert len(packed["a"].blob) < len(pickle.dumps((FINDING,))) + 16
    assert Cache(None).put_many("k", [("a", (FINDING,))]) == {}  # no cache: nothing stored


def test_a_check_holds_its_findings_packed_while_the_cache_stores_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 41,000 findings held as objects until the last chunk is in were a tenth of the
    # 10,000-page check's peak memory; packed, they are the bytes the cache stores.
    import pipeline.engine.check_site as check_site
    from pipeline.engine.cache import Packed

    held: list[list[object]] = []
    assemble = check_site._assemble

    def watched(*args: object) -> object:
        worked = args[-1]
        held.append([*worked.results.values(), *worked.catalog_results.values()])  # type: ignore[attr-defined]
        return assemble(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_site, "_assemble", watched)
    root = generate_site(tmp_path, pages=6)
    quiet = io.StringIO()
    for command in (["extract"], ["update"]):
        assert main(["-C", str(root), "--jobs", "1", *command], stdout=quiet) == 0
    reports = []
    for options in (["--no-cache"], [], []):  # off, cold, warm
        report = tmp_path / "report.json"
        main(["-C", str(root), *options, "check", "--format", "json", "--output", str(report)],
             stdout=quiet, stderr=quiet)  # fmt: skip
        reports.append(report.read_bytes())
    assert reports[0] == reports[1] == reports[2]
    off, cold, warm = held
    assert off and not any(isinstance(v, Packed) for v in off)
    assert cold and all(isinstance(v, Packed) for v in cold)
    assert len(warm) == len(cold)


def test_entries_unused_for_a_month_are_dropped_once_a_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.engine.cache as cache_module

    day = 800_000
    monkeypatch.setattr(cache_module, "_today", lambda: day)
    _fill(tmp_path)  # "a" and "b", used on day 0
    day += cache_module.KEEP_DAYS  # not yet a month unused: kept
    with Cache(tmp_path / CACHE_DIR) as cache:
        cache.put("k", "c", 1)
    day += 1  # "a" and "b" now are; the day's first close drops them
    with Cache(tmp_path / CACHE_DIR) as cache:
        cache.put("k", "d", 1)
    with sqlite3.connect(_db(tmp_path)) as db:
        assert sorted(k for (k,) in db.execute("SELECT key FROM entry")) == ["c", "d"]
        db.execute("UPDATE entry SET used = 0 WHERE key = 'c'")  # as if long unused
    with Cache(tmp_path / CACHE_DIR):  # the same day: no second sweep
        pass
    with sqlite3.connect(_db(tmp_path)) as db:
        assert sorted(k for (k,) in db.execute("SELECT key FROM entry")) == ["c", "d"]
    day += 1
    with Cache(tmp_path / CACHE_DIR):
        pass
    with sqlite3.connect(_db(tmp_path)) as db:
        assert [k for (k,) in db.execute("SELECT key FROM entry")] == ["d"]
