"""Bad inputs, one file each: one line naming file and line, exit 2, nothing written."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from helpers import snapshot
from pipeline.cli import main

BAD = sorted((Path(__file__).resolve().parent.parent / "bad").glob("*.*"))
EXPECT = re.compile(rb"expect: (\w+) (\d+): (.*?)(?: -->)?\s*$", re.MULTILINE)
PLACES = {
    ".po": "locale/fr/LC_MESSAGES/index.po",
    ".md": "content/en/index.md",
    ".toml": "pipeline.toml",
}


def _site(root: Path) -> Path:
    (root / "content" / "en").mkdir(parents=True)
    (root / "content" / "fr").mkdir(parents=True)
    (root / "content" / "en" / "index.md").write_text("# Welcome\n\nHello world.\n")
    (root / "content" / "fr" / "index.md").write_text("# Bienvenue\n\nBonjour le monde.\n")
    assert main(["-q", "-C", str(root), "extract"]) == 0
    assert main(["-q", "-C", str(root), "update"]) == 0
    return root


@pytest.mark.parametrize("bad", BAD, ids=[b.name for b in BAD])
def test_bad_input(bad: Path, tmp_path: Path) -> None:
    site = _site(tmp_path)
    found = EXPECT.search(bad.read_bytes())
    assert found, f"{bad.name} has no 'expect:' line"
    command, line, fragment = found.group(1).decode(), found.group(2).decode(), found.group(3)
    place = PLACES[bad.suffix]
    shutil.copy(bad, site / place)
    before = snapshot(site)
    err = io.StringIO()
    status = main(["-C", str(site), command], stdout=io.StringIO(), stderr=err)
    message = err.getvalue()
    assert status == 2
    assert message.count("\n") == 1, message
    assert message.startswith(f"{place}:{line}: "), message
    assert fragment.decode("utf-8") in message
    assert "Traceback" not in message
    assert snapshot(site) == before
