"""Small generated sites, run in-process, and what their catalogues hold."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from pipeline.catalog import store
from pipeline.catalog.model import Catalog
from pipeline.catalog.po_read import parse_po
from pipeline.cli import main
from pipeline.config import load_config

REPO = Path(__file__).resolve().parent.parent
LANG = "fr"
TEMP_MARK = ".tmp"


def scratch_base() -> Path | None:
    """/dev/shm when usable (the runs write many small files), else the default temp folder."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return shm
    return None


@contextmanager
def scratch(prefix: str = "pipeline-rel-") -> Iterator[Path]:
    """A fresh temporary folder, removed afterwards."""
    base = scratch_base()
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=None if base is None else str(base)))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(site: Path, *args: str) -> tuple[int, str]:
    """``pipeline -q -C site ARGS`` in-process: (exit status, stderr)."""
    err = io.StringIO()
    status = main(["-q", "-C", str(site), *args], stdout=io.StringIO(), stderr=err)
    return status, err.getvalue()


def run_ok(site: Path, *args: str) -> None:
    status, err = run(site, *args)
    if status != 0:
        raise AssertionError(f"pipeline {' '.join(args)} failed ({status}): {err}")


def write_pages(site: Path, pages: dict[str, str], lang: str = "en") -> None:
    """Make ``content/<lang>/`` hold exactly ``pages`` (name -> Markdown)."""
    folder = site / "content" / lang
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {f"{name}.md" for name in pages}
    for old in folder.glob("*.md"):
        if old.name not in wanted:
            old.unlink()
    for name, text in pages.items():
        path = folder / f"{name}.md"
        data = text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)


def init_site(site: Path) -> None:
    """An empty site with French as its target language."""
    (site / "content" / "en").mkdir(parents=True, exist_ok=True)
    (site / "pipeline.toml").write_text(
        'source_language = "en"\nlanguages = ["fr"]\n', encoding="utf-8"
    )


def po_files(site: Path, lang: str = LANG) -> list[Path]:
    folder = site / "locale" / lang
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.po") if p.is_file())


def read_catalog(path: Path) -> Catalog:
    return parse_po(path.read_text("utf-8"), path.name)


def translations(site: Path, lang: str = LANG) -> set[str]:
    """Every non-empty translation string in the language's catalogues (any state)."""
    found: set[str] = set()
    for path in po_files(site, lang):
        for msg in read_catalog(path).messages:
            found.add(msg.msgstr)
            found.update(msg.msgstr_plural)
    found.discard("")
    return found


def translations_in(files: dict[str, bytes], lang: str = LANG) -> set[str]:
    """Like :func:`translations`, over files given as site-relative path -> bytes."""
    found: set[str] = set()
    for rel, data in files.items():
        if rel.startswith(f"locale/{lang}/") and rel.endswith(".po"):
            for msg in parse_po(data.decode("utf-8"), rel).messages:
                found.add(msg.msgstr)
                found.update(msg.msgstr_plural)
    found.discard("")
    return found


def fill_translations(site: Path, lang: str = LANG, prefix: str = "FR: ") -> list[str]:
    """Translate every untranslated live entry as ``prefix + msgid``; return what was written."""
    config = load_config(site)
    written: list[str] = []
    for _domain, path in store.language_catalogs(config, lang):
        catalog = read_catalog(path)
        changed = False
        for i, msg in enumerate(catalog.messages):
            if msg.obsolete or msg.has_translation or msg.msgid_plural is not None:
                continue
            text = prefix + msg.msgid
            catalog.messages[i] = replace(msg, msgstr=text)
            written.append(text)
            changed = True
        if changed:
            store.save(config, path, catalog)
    return written


def tree_bytes(root: Path, under: str = "locale") -> dict[str, bytes]:
    """Every file under ``root/under`` (temporary files included) with its bytes."""
    base = root / under
    if not base.is_dir():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def is_temp(relpath: str) -> bool:
    name = relpath.rsplit("/", 1)[-1]
    return name.startswith(".") and name.endswith(TEMP_MARK)
