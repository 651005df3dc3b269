"""The failing examples of bugs the reliability tests found, kept as regression tests."""

from __future__ import annotations

import os
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from reliability.sites import run

from pipeline.catalog import store
from pipeline.catalog.merge import merge
from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_read import parse_po
from pipeline.catalog.po_write import format_po
from pipeline.config import load_config
from pipeline.errors import CatalogError, PipelineError, SourceError
from pipeline.segment import segment_page
from pipeline.segment.frontmatter import split_front_matter

HEADER = Message(msgid="", msgstr="Language: fr\nContent-Type: text/plain; charset=UTF-8\n")


def _pot(*msgids: str) -> Catalog:
    return Catalog(header=HEADER, messages=[Message(msgid=m) for m in msgids])


def test_undone_reword_restores_the_translation_unfuzzied() -> None:
    """merge.py: reword a -> b, then b -> a: the entry was fuzzy with '#| msgid a'."""
    before = Catalog(HEADER, [Message("The committee reviews annual reports.", "FR: annual")])
    edited = merge(before, _pot("The committee reviews yearly reports.")).catalog
    assert edited.messages[0].fuzzy
    undone = merge(edited, _pot("The committee reviews annual reports.")).catalog
    assert format_po(undone) == format_po(merge(before, _pot(before.messages[0].msgid)).catalog)
    assert not undone.messages[0].fuzzy
    assert undone.messages[0].previous_msgid is None


def test_undone_split_leaves_no_duplicate_obsolete_entry() -> None:
    """merge.py: split 'A. B' into 'A.' and 'B' (both fuzzy from it), then undo."""
    whole = "The the the the. The the the the the."
    before = Catalog(HEADER, [Message(whole, "FR: whole")])
    split = merge(before, _pot("The the the the.", "The the the the the.")).catalog
    assert [m.msgstr for m in split.messages] == ["FR: whole", "FR: whole"]
    undone = merge(split, _pot(whole)).catalog
    assert [(m.msgid, m.msgstr, m.fuzzy, m.obsolete) for m in undone.messages] == [
        (whole, "FR: whole", False, False)
    ]


def test_fuzzy_entry_with_its_own_translation_is_still_kept() -> None:
    """The redundancy rule drops only exact duplicates: an edited suggestion stays."""
    old = Message("B text here.", "FR: edited", flags=("fuzzy",), previous_msgid="A text here.")
    live = Message("A text here.", "FR: original")
    merged = merge(Catalog(HEADER, [live, old]), _pot("A text here.")).catalog
    assert [m.msgstr for m in merged.messages if m.obsolete] == ["FR: edited"]


def test_yaml_constructor_error_is_one_line() -> None:
    """frontmatter.py: PyYAML's message spans lines; the CLI must print one."""
    text = "---\ntitle: !!python/object/apply:os.system ['echo']\n---\n# T\n"
    with pytest.raises(SourceError) as caught:
        split_front_matter(text, "p.md")
    assert "\n" not in str(caught.value)
    assert caught.value.line == 2


def test_deeply_nested_yaml_is_refused_quickly() -> None:
    """frontmatter.py: 10,000 '[' took 17 s in PyYAML's scanner."""
    text = "---\ntitle: " + "[" * 10_000 + "]" * 10_000 + "\n---\n"
    start = time.monotonic()
    with pytest.raises(SourceError, match="nested too deeply"):
        split_front_matter(text, "p.md")
    assert time.monotonic() - start < 3
    assert split_front_matter("---\ntitle: " + "[" * 50 + "]" * 50 + "\n---\n", "p.md").data


def test_lone_carriage_returns_do_not_crash_the_segmenter() -> None:
    """segment/markdown.py: '\\rA' raised IndexError (line starts counted only '\\n')."""
    for text in ("\rA", "# T\r\rPara one.\r\rPara two.\r", "a\r\nb\r\n\r\nc"):
        result = segment_page(text, "p.md")
        for segment in result.segments:
            assert text[segment.start : segment.end].strip() or segment.start < 0


def test_symlink_loop_is_a_source_error(tmp_path: Path) -> None:
    """content/pages.py: a looping symlink page gave a traceback (RuntimeError/ELOOP)."""
    (tmp_path / "content" / "en").mkdir(parents=True)
    (tmp_path / "content" / "en" / "loop.md").symlink_to(tmp_path / "content" / "en" / "loop.md")
    status, err = run(tmp_path, "extract")
    assert status == 2
    assert err.startswith("pipeline: content/en/loop.md: cannot resolve")


def test_locale_folder_linking_outside_is_not_written(tmp_path: Path) -> None:
    """store.py: 'locale -> /elsewhere' made extract and update write outside the site."""
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "content" / "en").mkdir(parents=True)
    (site / "content" / "en" / "index.md").write_text("# Hello\n\nWorld.\n")
    outside.mkdir()
    (site / "locale").symlink_to(outside)
    status, err = run(site, "extract")
    assert status == 2
    assert err == "pipeline: locale/index.pot: its folder links to a place outside the site\n"
    assert list(outside.iterdir()) == []


def test_fifo_in_place_of_a_catalogue_does_not_hang(tmp_path: Path) -> None:
    """store.py/fsio.py: update blocked forever reading a FIFO named index.po."""
    (tmp_path / "content" / "en").mkdir(parents=True)
    (tmp_path / "content" / "fr").mkdir(parents=True)
    (tmp_path / "content" / "en" / "index.md").write_text("# Hello\n\nWorld.\n")
    assert run(tmp_path, "extract")[0] == 0
    fifo = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "index.po"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    outcome: list[tuple[int, str]] = []
    worker = threading.Thread(target=lambda: outcome.append(run(tmp_path, "update")), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # unblock the reader before failing
        with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
        pytest.fail("update hangs on a FIFO")
    assert outcome == [(2, "pipeline: locale/fr/LC_MESSAGES/index.po: is not a regular file\n")]


def test_non_regular_file_refused_by_store(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    target = tmp_path / "locale" / "x.pot"
    target.mkdir(parents=True)
    with pytest.raises(CatalogError, match="not a regular file"):
        store.save(config, target, _pot("a"))


def test_huge_msgstr_is_written_in_bounded_memory() -> None:
    """pofile.py: a 50 MB msgstr raised MemoryError under a 1.5 GB limit (a tuple per
    possible break and a column per character were kept in lists)."""
    text = "mot " * 80_000 + "漢字 " * 20_000  # 380,000 characters, wide ones included
    catalog = Catalog(HEADER, [Message("Welcome", text)])
    tracemalloc.start()
    try:
        written = format_po(catalog)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 30 * len(text)  # was 92 bytes a character, now about 4
    assert parse_po(written, "x.po").messages[0].msgstr == text
    assert max(len(line) for line in written.splitlines()) <= 79


def test_every_error_is_a_pipeline_error() -> None:
    assert issubclass(SourceError, PipelineError) and issubclass(CatalogError, PipelineError)


def test_fifo_page_is_skipped(tmp_path: Path) -> None:
    """content/pages.py: after the os.walk rewrite, content/en/fifo.md (a FIFO) was read
    and every command reading pages blocked forever."""
    (tmp_path / "content" / "en").mkdir(parents=True)
    (tmp_path / "content" / "en" / "index.md").write_text("# Hello\n\nWorld.\n")
    os.mkfifo(tmp_path / "content" / "en" / "fifo.md")
    outcome: list[tuple[int, str]] = []
    worker = threading.Thread(target=lambda: outcome.append(run(tmp_path, "extract")), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():
        fifo = tmp_path / "content" / "en" / "fifo.md"
        with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
        pytest.fail("extract hangs on a FIFO page")
    assert outcome == [(0, "")]


def test_undone_delete_of_a_split_fragment_keeps_its_suggestion() -> None:
    """Why merge.py drops a suggestion only when its own source is live again.

    Two fragments of a split paragraph are fuzzy suggestions of the same text. Deleting
    one and undoing the deletion must give the fragment its suggestion back: a rule
    that dropped any suggestion whose translation some live entry holds (tried, then
    reverted) made it come back untranslated.
    """
    whole = "Policy health evidence. Women states prevention."
    one, two = "Policy health evidence.", "Women states prevention."
    before = Catalog(
        HEADER,
        [
            Message(one, "FR: whole", flags=("fuzzy",), previous_msgid=whole),
            Message(two, "FR: whole", flags=("fuzzy",), previous_msgid=whole),
        ],
    )
    deleted = merge(before, _pot(two)).catalog
    undone = merge(deleted, _pot(one, two)).catalog
    assert format_po(undone) == format_po(merge(before, _pot(one, two)).catalog)
