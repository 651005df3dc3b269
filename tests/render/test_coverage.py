"""Coverage counts: equal to ``msgfmt --statistics``; the status table; the page table."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import SHARED_DATA, french_site
from pipeline.catalog import store
from pipeline.catalog.po_read import read_po
from pipeline.render.coverage import Counts, catalog_counts
from pipeline.tasks.pages import run_pages
from pipeline.tasks.status import format_status_table, run_status

PLANTED = Path(__file__).resolve().parent / "pages" / "stats.po"
_STAT = re.compile(r"(\d+) (translated message|fuzzy translation|untranslated message)")


def msgfmt_statistics(path: Path) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) as GNU msgfmt counts them."""
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    done = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    numbers = {kind: int(n) for n, kind in _STAT.findall(done.stderr)}
    return (
        numbers.get("translated message", 0),
        numbers.get("fuzzy translation", 0),
        numbers.get("untranslated message", 0),
    )


def ours(path: Path) -> tuple[int, int, int]:
    counts = catalog_counts(read_po(path))
    return (counts.translated, counts.fuzzy, counts.untranslated)


def test_planted_catalogue_counts_like_msgfmt() -> None:
    assert ours(PLANTED) == msgfmt_statistics(PLANTED) == (3, 2, 5)
    counts = catalog_counts(read_po(PLANTED))
    assert counts.obsolete == 2
    assert counts.total == 10
    assert counts.units_percent == 30.0
    assert counts.translated_words == 2 + 1 + 6  # "one file", "Open", the sentence
    assert counts.fuzzy_words == 3 + 2


def test_shipped_catalogues_count_like_msgfmt(tmp_path: Path) -> None:
    config = french_site(tmp_path)
    result = run_status(config)
    (fr,) = result.languages
    assert fr.lang == "fr"
    files = store.language_catalogs(config, "fr")
    assert [c.domain for c in fr.catalogs] == [domain for domain, _ in files]
    total = [0, 0, 0]
    for item, (_, path) in zip(fr.catalogs, files, strict=True):
        expected = msgfmt_statistics(path)
        assert (item.counts.translated, item.counts.fuzzy, item.counts.untranslated) == expected
        total = [a + b for a, b in zip(total, expected, strict=True)]
    assert [fr.counts.translated, fr.counts.fuzzy, fr.counts.untranslated] == total


def shared_samples() -> list[Path]:
    folder = SHARED_DATA / "po-samples"
    return sorted(folder.glob("*.po"))[:12] if folder.is_dir() else []


@pytest.mark.skipif(not shared_samples(), reason="../shared/data/po-samples is absent")
def test_real_catalogues_count_like_msgfmt() -> None:
    for path in shared_samples():
        assert ours(path) == msgfmt_statistics(path), path.name


def test_status_table(tmp_path: Path) -> None:
    config = french_site(tmp_path)
    po = store.po_path(config, "fr", "incb")
    # Make one entry fuzzy and one untranslated, so the numbers are not all the same.
    catalog = store.load(config, po)
    first, second, *rest = catalog.messages
    catalog.messages = [first.with_flag("fuzzy"), replace(second, msgstr=""), *rest]
    store.save(config, po, catalog)
    assert msgfmt_statistics(po) == (1, 1, 1)
    table = format_status_table(run_status(config))
    lines = table.rstrip("\n").split("\n")
    assert lines[0].split() == ["units", "words"]
    assert lines[1].split() == [
        "lang",
        "catalogue",
        *("translated", "fuzzy", "untranslated", "outdated", "%"),
        *("translated", "total", "%"),
    ]
    # Each group's label stands over its first column.
    assert lines[0].index("units") == lines[1].index("translated")
    assert lines[0].index("words") == lines[1].index("translated", lines[1].index("%"))
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in lines[2:]}
    words = [len(m.msgid.split()) for m in catalog.messages]
    assert rows[("fr", "incb")] == ["1", "1", "1", "0", "33.3", str(words[2]), "75", "73.3"]
    assert rows[("fr", "cnd")] == ["3", "0", "0", "0", "100.0", "51", "51", "100.0"]
    assert rows[("fr", "total")] == ["67", "1", "1", "0", "97.1", "1317", "1337", "98.5"]
    assert len({len(line) for line in lines[1:3]}) == 1  # columns line up
    assert table.endswith("\n")


def test_page_table_states(tmp_path: Path) -> None:
    config = french_site(tmp_path)
    (tmp_path / "content" / "fr" / "who.md").unlink()
    (tmp_path / "content" / "fr" / "upr.md").unlink()
    run_pages(config)  # writes who.md and upr.md, refuses the hand-written others
    upr = tmp_path / "content" / "fr" / "upr.md"
    upr.write_text(upr.read_text("utf-8") + "\nAjout.\n", "utf-8")
    (tmp_path / "content" / "fr" / "unga.md").unlink()
    store.po_path(config, "fr", "unga").unlink()
    pages = {row.name: dict(row.cells)["fr"] for row in run_status(config).pages}
    assert pages["who"].state == "generated"
    assert pages["upr"].state == "edited"
    assert pages["cnd"].state == "hand-written"
    assert pages["unga"].state == "missing" and pages["unga"].catalogue is None
    # No catalogue and no page: nothing is translated.
    assert pages["unga"].counts.untranslated == pages["unga"].counts.total == 3
    assert (pages["cnd"].counts.translated, pages["cnd"].counts.total) == (3, 3)
    assert pages["cnd"].counts.units_percent == 100.0
    assert pages["cnd"].catalogue == "locale/fr/LC_MESSAGES/cnd.po"


def test_counts_add_up() -> None:
    a = Counts(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
    assert a + Counts() == a
    assert (a + a).total == 2 * (1 + 2 + 3 + 8)
    assert (a + a).total_words == 2 * (5 + 6 + 7 + 9)
    assert (a + a).removed == 20
    assert Counts().units_percent == Counts().words_percent == 0.0
    assert Counts(translated=2, untranslated=1).units_percent == 66.6
    assert Counts(translated_words=1, outdated_words=2).words_percent == 33.3
    assert Counts(translated_words=1, outdated_words=2).missing_words == 2
