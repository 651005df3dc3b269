"""The rules on the real python-docs-fr catalogues (``../shared``; skipped without them):
the real faults the Markdown-only check found are still found, and a planted-fault corpus
built from the catalogues is found in full while the same entries untouched are clean."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from helpers import REPO, SHARED_DATA
from pipeline.cli import main

DOCS = SHARED_DATA / "real" / "python-docs-fr" / "locale" / "fr" / "LC_MESSAGES"
pytestmark = pytest.mark.skipif(not DOCS.is_dir(), reason="../shared python-docs-fr is absent")


def _check(root: Path) -> list[dict[str, object]]:
    out, err = io.StringIO(), io.StringIO()
    status = main(
        ["-C", str(root), "check", "--no-cache", "--format", "json", "--fail-on", "never"],
        stdout=out,
        stderr=err,
    )
    assert status == 0, err.getvalue()
    findings: list[dict[str, object]] = json.loads(out.getvalue())["findings"]
    return findings


REAL_FAULTS = [
    # (catalogue, msgid line, what the finding says)
    ("c-api/exceptions.po", 1140, "role target :c:data:`PyExc_FileNotFoundError` became "
     ":c:data:`PyExc_FloatingPointError`"),
    ("library/unittest.mock.po", 2060, "literal ``__len__`` became ``__int__``"),
    ("tutorial/datastructures.po", 469, "emphasis *d'agrégation de *n* holds a nested '*'"),
    ("library/__future__.po", 213, "emphasis *Gestion de *StopIteration* holds a nested '*'"),
]  # fmt: skip


def test_the_real_faults_are_still_found(tmp_path: Path) -> None:
    (tmp_path / "pipeline.toml").write_text('languages = ["fr"]\n', encoding="utf-8")
    for name, _, _ in REAL_FAULTS:
        target = tmp_path / "locale" / "fr" / "LC_MESSAGES" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DOCS / name, target)
    findings = _check(tmp_path)
    for name, line, message in REAL_FAULTS:
        assert any(
            f["rule"] == "markup-mismatch"
            and f["severity"] == "error"
            and f["path"] == f"locale/fr/LC_MESSAGES/{name}"
            and f["line"] == line
            and message in str(f["message"])
            for f in findings
        ), (name, line, message)


def test_every_planted_fault_is_found_and_the_untouched_entries_are_clean(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import planted_markup
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    corpus = planted_markup.plant(planted_markup.docs_catalogs(DOCS), per_kind=25, seed=7)
    assert {p.kind for p in corpus} == set(planted_markup.KINDS)
    assert len(corpus) == 25 * len(planted_markup.KINDS)
    files = planted_markup.write(corpus, tmp_path)
    rules = ("markup-mismatch", "placeholder-mismatch")
    for side, wanted in (("clean", 0), ("planted", 25)):
        findings = [f for f in _check(tmp_path / side) if f["rule"] in rules]
        for kind, path in files[side].items():
            lines = {f["line"] for f in findings if f["path"].endswith(f"/{path.name}")}
            assert len(lines) == wanted, (side, kind, len(lines))
