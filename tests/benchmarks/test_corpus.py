"""The benchmark corpus generator and a quick end-to-end run of the benchmark suite."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCHMARKS = REPO / "benchmarks"
SHARED_PAIRS = REPO.parent / "shared" / "data" / "docs-fr-pairs.jsonl"


def _load(name: str) -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load("corpus")


def _digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _check(root: Path) -> dict[str, object]:
    from pipeline.cli import main

    out = io.StringIO()
    status = main(
        ["-C", str(root), "check", "-j", "1", "--format", "json", "--fail-on", "never"],
        stdout=out,
        stderr=io.StringIO(),
    )
    assert status == 0
    data = json.loads(out.getvalue())
    assert isinstance(data, dict)
    return data


def _rules_of(finding: dict[str, str]) -> set[str]:
    """The finding's rule and the rules folded into it on the same passage (its message ends
    "(also <rule>, ...)": English left in a msgstr is a language-mismatch that names
    unchanged-translation)."""
    folded = re.search(r"\(also ([^()]*)\)$", finding["message"])
    return {finding["rule"], *(folded.group(1).split(", ") if folded else ())}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("corpus") / "site"
    info = corpus.generate_site(root, pages=10, seed=3)
    return root, info


def test_pages_only_is_deterministic(tmp_path: Path) -> None:
    a = corpus.generate_pages(tmp_path / "a", pages=6, seed=1).info
    b = corpus.generate_pages(tmp_path / "b", pages=6, seed=1).info
    corpus.generate_pages(tmp_path / "c", pages=6, seed=2)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")
    assert a.units == b.units and a.bytes == b.bytes


def test_site_is_deterministic_with_catalogues(tmp_path: Path, site: tuple[Path, object]) -> None:
    root, info = site
    again = corpus.generate_site(tmp_path / "again", pages=10, seed=3)
    assert _digest(root / "content") == _digest(tmp_path / "again" / "content")
    assert _digest(root / "locale") == _digest(tmp_path / "again" / "locale")
    assert again.to_json() | {"root": ""} == info.to_json() | {"root": ""}  # type: ignore[attr-defined]


def test_requested_counts_are_written(site: tuple[Path, object]) -> None:
    root, info = site
    en = sorted((root / "content" / "en").glob("*.md"))
    fr = sorted((root / "content" / "fr").glob("*.md"))
    assert len(en) == 10 == info.page_files["en"]  # type: ignore[attr-defined]
    missing = info.faults["missing-page"]  # type: ignore[attr-defined]
    assert missing >= 1
    assert len(fr) == 10 - missing == info.page_files["fr"]  # type: ignore[attr-defined]
    assert info.bytes["en"] == sum(p.stat().st_size for p in en)  # type: ignore[attr-defined]
    pos = sorted((root / "locale" / "fr" / "LC_MESSAGES").glob("*.po"))
    assert len(pos) == 10 == info.catalogs  # type: ignore[attr-defined]
    assert len(list((root / "locale").glob("*.pot"))) == 10
    assert info.entries == info.translated + info.fuzzy + info.untranslated  # type: ignore[attr-defined]
    assert info.fuzzy > 0 and info.obsolete > 0 and info.translated > info.untranslated  # type: ignore[attr-defined]
    text = en[0].read_text("utf-8")
    assert text.startswith("---\ntitle: ") and "\nweight: " in text and "\n## " in text


def test_planted_faults_are_found(site: tuple[Path, object]) -> None:
    root, info = site
    findings = _check(root)["findings"]
    assert isinstance(findings, list)
    found: dict[str, set[str]] = {}
    for finding in findings:
        for rule in _rules_of(finding):
            found.setdefault(rule, set()).add(finding["path"])
    planted = info.rules  # type: ignore[attr-defined]
    for rule in corpus.FAULT_RULES.values():
        assert planted.get(rule, 0) >= 1, rule
        assert rule in found, f"planted {rule} not reported"
    for kind, paths in info.fault_paths.items():  # type: ignore[attr-defined]
        rule = corpus.FAULT_RULES[kind]
        if kind == "missing-page":
            paths = [p.replace("content/fr/", "content/en/") for p in paths]
        assert set(paths) <= found[rule], kind
    counts: dict[str, int] = {}
    for finding in findings:
        for rule in _rules_of(finding):
            counts[rule] = counts.get(rule, 0) + 1
    for rule, count in planted.items():
        assert counts.get(rule, 0) >= count * 0.8, rule


def test_merge_case_and_catalogue_set(tmp_path: Path) -> None:
    case = corpus.generate_merge_case(tmp_path / "merge", entries=120, changed=11)
    assert case.entries == 120 and case.changed == 11
    pot = case.pot.read_text("utf-8")
    po = case.po.read_text("utf-8")
    assert len(re.findall('^msgid "', pot, re.M)) == len(re.findall('^msgid "', po, re.M)) == 121
    catset = corpus.generate_catalog_set(
        tmp_path / "set", files=5, min_bytes=30_000, min_entries=200
    )
    files = list(catset.folder.glob("*.po"))
    assert len(files) == catset.files >= 5
    assert catset.entries >= 200
    assert sum(f.stat().st_size for f in files) == catset.bytes >= 30_000


def test_big_page_sizes(tmp_path: Path) -> None:
    size = corpus.generate_big_page(tmp_path / "big.md", size=50_000)
    assert 50_000 <= size < 60_000
    total = corpus.generate_page_set(tmp_path / "set", size=50_000, count=10)
    assert len(list((tmp_path / "set").glob("*.md"))) == 10
    assert 45_000 <= total < 80_000


def test_pseudo_text_without_shared_data(tmp_path: Path) -> None:
    info = corpus.generate_pages(tmp_path / "p", pages=3, seed=0, pairs=[]).info
    assert info.text_source == "pseudo"
    assert info.page_files["en"] == 3


@pytest.mark.skipif(not SHARED_PAIRS.is_file(), reason="../shared/data is absent")
def test_shared_pairs_are_used() -> None:
    pairs = corpus.load_pairs()
    assert len(pairs) > 1000
    assert not any(":class:`" in p.en or "``" in p.en for p in pairs)


def test_quick_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--quick",
            "--no-peers",
            "--only",
            "scaling,extraction,merge",
            "--sizes",
            "4",
            "--stages",
            "extract,update",
            "--no-recheck",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "| extract |" in done.stdout and "## Targets" in done.stdout
    results = json.loads(out.read_text("utf-8"))
    stages = results["scaling"]["stages"]
    for stage in ("extract", "update"):
        assert stages[stage]["4"]["seconds"] > 0
        assert stages[stage]["4"]["rss_mb"] > 0
    assert "4" not in results["scaling"]["stages"]["check"]
    assert results["extraction"]["one page"]["ours"]["units"] > 0
    assert results["merge"]["ours"]["fuzzy"] == results["merge"]["changed"]
