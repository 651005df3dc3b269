"""polib, an independent reader, sees in our catalogues exactly what we wrote."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from helpers import REPO
from pipeline.catalog.po_read import read_po

SHIPPED = sorted((REPO / "locale").rglob("*.po*")) if (REPO / "locale").is_dir() else []


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_polib_reads_the_same_entries(path: Path) -> None:
    ours = read_po(path)
    theirs = polib.pofile(str(path))
    assert [(m.msgid, m.msgstr, m.fuzzy) for m in ours.live()] == [
        (e.msgid, e.msgstr, e.fuzzy) for e in theirs if not e.obsolete
    ]
    assert ours.header_fields()["Content-Type"] == theirs.metadata["Content-Type"]
