"""Stale catalogues are a finding: ``catalog-outdated``, ``extract --check`` and
``update --check``, ``status`` and the dashboard, through the CLI on the shipped site."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, copy_site, snapshot
from pipeline.cli import main

OLD = "The UN General Assembly is the main policy-making and representative body of the UN."
NEW = "The UN General Assembly is the chief policy-making and representative body of the UN."


def run(root: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["-C", str(root), *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def findings(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    status, out, err = run(root, "check", "--format", "json", *args)
    assert status in (0, 1), err
    return status, json.loads(out)["findings"]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The shipped site with its catalogues, its INCB fault accepted by a baseline."""
    root = copy_site(tmp_path / "site", with_locale=True)
    shutil.copy(REPO / "pipeline.toml", root / "pipeline.toml")
    baseline = root / "baseline.json"
    assert run(root, "-q", "check", "--write-baseline", str(baseline))[0] == 0
    return root


def edit_one_sentence(root: Path) -> None:
    page = root / "content" / "en" / "unga.md"
    text = page.read_text("utf-8")
    assert OLD in text
    page.write_text(text.replace(OLD, NEW), "utf-8")


def test_the_shipped_catalogues_are_up_to_date(site: Path) -> None:
    status, found = findings(site, "--baseline", str(site / "baseline.json"))
    assert (status, found) == (0, [])
    assert run(site, "extract", "--check")[0] == 0
    assert run(site, "update", "--check")[0] == 0


def test_an_edited_sentence_makes_the_catalogues_outdated(site: Path) -> None:
    edit_one_sentence(site)
    baseline = str(site / "baseline.json")
    status, found = findings(site, "--baseline", baseline)
    assert status == 0  # warnings only, under the default --fail-on error
    assert {(f["path"], f["rule"], f["severity"]) for f in found} == {
        ("locale/unga.pot", "catalog-outdated", "warning"),
        ("locale/fr/LC_MESSAGES/unga.po", "catalog-outdated", "warning"),
    }
    message = next(f["message"] for f in found if f["path"].endswith(".po"))
    assert message == (
        "1 changed unit since content/en/unga.md changed; run pipeline extract && pipeline update"
    )
    assert findings(site, "--baseline", baseline, "--fail-on", "warning")[0] == 1
    status, text, _ = run(site, "check", "--baseline", baseline)
    assert "locale/fr/LC_MESSAGES/unga.po:1: warning catalog-outdated" in text


def test_check_options_write_nothing(site: Path) -> None:
    edit_one_sentence(site)
    before = snapshot(site)
    status, out, _ = run(site, "extract", "--check")
    assert status == 1
    assert "would write locale/unga.pot" in out
    assert snapshot(site) == before
    # update alone has nothing to do until the template changes...
    assert run(site, "update", "--check")[0] == 0
    assert run(site, "extract")[0] == 0
    # ...then it has.
    status, out, _ = run(site, "update", "--check")
    assert status == 1 and "would update locale/fr/LC_MESSAGES/unga.po" in out
    status, found = findings(site, "--baseline", str(site / "baseline.json"))
    assert [(f["path"], f["message"]) for f in found] == [
        (
            "locale/fr/LC_MESSAGES/unga.po",
            "1 changed unit since content/en/unga.md changed; run pipeline update",
        )
    ]


def test_after_extract_and_update_all_is_clean(site: Path) -> None:
    edit_one_sentence(site)
    assert run(site, "extract")[0] == 0
    assert run(site, "update")[0] == 0
    assert run(site, "extract", "--check")[0] == 0
    assert run(site, "update", "--check")[0] == 0
    _status, found = findings(site, "--baseline", str(site / "baseline.json"))
    # The changed sentence is now a fuzzy entry for the translator: no longer outdated.
    assert [f["rule"] for f in found] == ["fuzzy"]


def test_a_removed_page_leaves_a_template_extract_removes(site: Path) -> None:
    (site / "content" / "en" / "who.md").unlink()
    (site / "content" / "fr" / "who.md").unlink()
    _, found = findings(site, "--baseline", str(site / "baseline.json"))
    assert [(f["path"], f["message"]) for f in found] == [
        (
            "locale/who.pot",
            "its source page is gone: pipeline extract removes this template",
        )
    ]


def test_status_and_dashboard_mark_outdated_catalogues(site: Path) -> None:
    edit_one_sentence(site)
    status, out, _ = run(site, "status")
    assert status == 0
    assert any(line.split()[:3] == ["fr", "unga", "(outdated)"] for line in out.splitlines())
    assert "outdated: 1 catalogue and 1 template" in out
    assert run(site, "build")[0] == 0
    dashboard = (site / "build" / "status.html").read_text("utf-8")
    assert 'data-domain="unga" data-outdated="true"' in dashboard
    assert dashboard.count('data-outdated="true"') == 1


def test_outdated_findings_come_from_the_cache_when_nothing_changed(site: Path) -> None:
    edit_one_sentence(site)
    first = findings(site, "--baseline", str(site / "baseline.json"))
    again = findings(site, "--baseline", str(site / "baseline.json"))
    assert first == again
    assert findings(site, "--no-cache", "--baseline", str(site / "baseline.json")) == first
