"""The real corpora of ``../shared/data/real/`` (issue 11's acceptance): checked with no
configuration, against counts made independently by ``benchmarks/real_sites.py`` (which
walks the folders and asks ``msgfmt``, not pipeline). Skipped when the corpora are absent."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "data" / "real"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real is absent")


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "real_sites", REPO / "benchmarks" / "real_sites.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_sites"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def real_sites() -> ModuleType:
    return _load()


@pytest.fixture(scope="module")
def cncf(real_sites: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    figures: dict[str, Any] = real_sites.measure_cncf(tmp_path_factory.mktemp("real"))
    return figures


def test_the_independent_count_is_the_issues(real_sites: ModuleType) -> None:
    counted = real_sites.independent_cncf(real_sites.CNCF)
    assert counted["missing"] == real_sites.ISSUE_MISSING
    assert len(counted["languages"]) == 15
    # The issue's 21 "orphan pages" are 21 files; 3 of them are no pages.
    assert len(counted["unmatched_files"]) == 21
    assert len(counted["orphans"]) == 18


def test_cncf_every_language_is_checked(cncf: dict[str, Any]) -> None:
    assert cncf["missing_pages"] == cncf["missing_pages_independent"]
    # Findings in each of the 15 translations. The English pages are read too (each of the
    # missing-page findings is on one of them); their findings of their own were false
    # language-mismatch ones (labelled clean), which issue 12 removed.
    assert cncf["languages_with_findings"] == sorted(cncf["missing_pages"])
    assert sum(cncf["missing_pages"].values()) > 0
    assert cncf["orphans_equal"] and cncf["orphan_pages"] == 18
    assert cncf["findings_on_heading_ids"] == 0


def test_cncf_update_creates_gettext_folders(cncf: dict[str, Any]) -> None:
    created = cncf["created_locale_folders"]
    for folder in ("pt_BR", "zh_CN", "zh_TW"):
        assert created[folder]["Language"] == [folder]
        assert created[folder]["catalogues"] == 95
    assert len(created) == 15 and sum(item["catalogues"] for item in created.values()) == 1425
    assert all(item["msgfmt --check"] for item in created.values())
    assert not {"pt_br", "pt-br", "zh-cn", "zh-tw"} & set(created)


def test_cncf_german_index_front_matter(real_sites: ModuleType, tmp_path: Path) -> None:
    from pipeline.model import UnitKind
    from pipeline.segment.markdown import segment_page

    page = (real_sites.CNCF / "de" / "_index.md").read_text("utf-8")
    assert page.startswith("\n---\n")  # Hugo accepts the blank line before the front matter
    units = segment_page(page, "content/de/_index.md").segments
    assert [(u.kind, u.text) for u in units[:1]] == [(UnitKind.TITLE, "Cloud Native Glossar")]
    assert not any("status:" in u.text for u in units)
    root = tmp_path / "site"
    shutil.copytree(real_sites.CNCF, root / "content")
    from pipeline.cli import main

    out = tmp_path / "report.json"
    assert (
        main(
            [
                "-C",
                str(root),
                "check",
                "content/de/_index.md",
                "--lang",
                "de",
                "--format",
                "json",
                "--output",
                str(out),
                "--fail-on",
                "never",
            ]
        )
        == 0
    )
    findings = json.loads(out.read_text("utf-8"))["findings"]
    # No typography or structure finding on the front matter (lines 1-5) any more.
    assert [f for f in findings if f["line"] <= 5 and f["rule"] != "language-mismatch"] == []


def test_python_docs_untranslated_equals_msgfmt(real_sites: ModuleType, tmp_path: Path) -> None:
    figures = real_sites.measure_pydocs(tmp_path)
    assert figures["catalogues"] == 481
    assert figures["untranslated"] == figures["untranslated_msgfmt"] > 0
    assert figures["catalogues_that_differ"] == []
