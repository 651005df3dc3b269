"""Issue 16's last acceptance item on parts of the real corpora: ``--jobs 1``, the default
(worker processes forked after the language models are loaded) and a Dask cluster find the
same findings, byte for byte. (``benchmarks/real_corpora.py --parts same`` compares the
whole corpora.) Skipped when ``../shared/data/real`` is absent."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main

REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "data" / "real"
GLOSSARY_LANGS = ("en", "fr", "de", "ja", "ru")
"""Latin, Han and Kana, Cyrillic: languages whose models lingua loads for different scripts."""
GLOSSARY_PAGES = 30
CATALOGUES = 40

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real is absent")


@pytest.fixture(autouse=True)
def _workers_even_for_small_sites(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_PARALLEL_MIN_BYTES", "0")


def _glossary_part(root: Path) -> Path:
    """The first pages of the glossary (by name) in a few languages."""
    source = REAL / "cncf-glossary" / "content"
    names = sorted(p.name for p in (source / "en").glob("*.md"))[:GLOSSARY_PAGES]
    for lang in GLOSSARY_LANGS:
        (root / "content" / lang).mkdir(parents=True)
        for name in names:
            if (source / lang / name).is_file():
                shutil.copy(source / lang / name, root / "content" / lang / name)
    return root


def _docs_part(root: Path) -> Path:
    """The first catalogues of the French Python documentation (by path)."""
    source = REAL / "python-docs-fr" / "locale" / "fr" / "LC_MESSAGES"
    for path in sorted(source.rglob("*.po"))[:CATALOGUES]:
        target = root / "locale" / "fr" / "LC_MESSAGES" / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return root


def _report(root: Path, *options: str) -> bytes:
    out = io.StringIO()
    report = root / "report.json"
    status = main(
        ["-C", str(root), "--no-cache", *options, "check", "--format", "json",
         "--output", str(report)],
        stdout=out,
        stderr=out,
    )  # fmt: skip
    assert status == 1, out.getvalue()  # both parts have findings
    return report.read_bytes()


@pytest.mark.parametrize("part", [_glossary_part, _docs_part], ids=["cncf-glossary", "docs-fr"])
def test_jobs_and_dask_find_the_same(part: object, tmp_path: Path) -> None:
    assert callable(part)
    root = part(tmp_path / "site")
    serial = _report(root, "--jobs", "1")
    assert b'"language-mismatch"' in serial or b'"markup-mismatch"' in serial
    assert _report(root) == serial  # the default: one worker per CPU
    assert _report(root, "--jobs", "2") == serial
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        assert _report(root, "--executor", address) == serial
