"""Where catalogues live on disk (gettext layout) and how they are written."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from pipeline.catalog.model import Catalog
from pipeline.catalog.po_read import read_po
from pipeline.catalog.po_write import format_po
from pipeline.config import Config
from pipeline.errors import CatalogError
from pipeline.fsio import read_text_if_exists, write_if_changed

_DATE_LINE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): [^"\\]*\\n"$', re.MULTILINE)


def pot_path(config: Config, domain: str) -> Path:
    """``locale/<domain>.pot``."""
    return config.locale_path / f"{domain}.pot"


def po_path(config: Config, lang: str, domain: str) -> Path:
    """``locale/<lang>/LC_MESSAGES/<domain>.po``, ``<lang>`` in gettext's spelling
    (``pt_BR`` for the site's ``pt-br``) or the spelling of the folder already there."""
    return config.locale_path / config.locale_name(lang) / "LC_MESSAGES" / f"{domain}.po"


def template_domains(config: Config) -> list[str]:
    """Domains that have a POT file, sorted (the languages' ``LC_MESSAGES`` folders are
    not walked)."""
    root = config.locale_path
    if not root.is_dir():
        return []
    found: list[str] = []
    pending = [("", str(root))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".pot") and entry.is_file():
                    found.append(prefix + entry.name[:-4])
                elif entry.is_dir() and entry.name != "LC_MESSAGES":
                    pending.append((f"{prefix}{entry.name}/", entry.path))
    return sorted(found)


def language_catalogs(config: Config, lang: str) -> list[tuple[str, Path]]:
    """(domain, path) of every PO file of a language, sorted by domain. A symbolic link
    that leads nowhere is listed too: reading it fails, naming it (it is never skipped
    without a word). One ``scandir`` pass (the entries' types come with the listing), as
    ``rglob("*.po")`` would find them: hidden names included, linked folders not entered."""
    folder = config.locale_path / config.locale_name(lang) / "LC_MESSAGES"
    if not folder.is_dir():
        return []
    found: list[tuple[str, Path]] = []
    pending = [("", str(folder))]
    while pending:
        prefix, where = pending.pop()
        try:
            with os.scandir(where) as entries:
                listed = list(entries)
        except PermissionError:
            continue
        for entry in listed:
            name = entry.name
            if name.endswith(".po") and (
                entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path))
            ):
                # Path.with_suffix("") keeps a name that is only ".po" whole
                stem = name[:-3] if name != ".po" else name
                found.append((prefix + stem, Path(entry.path)))
            if entry.is_dir() and not entry.is_symlink():
                pending.append((f"{prefix}{name}/", entry.path))
    return sorted(found)


def load(config: Config, path: Path) -> Catalog:
    """Read a PO or POT file; errors name the site-relative path."""
    return read_po(path, config.display(path))


def check_writable(config: Config, path: Path) -> None:
    """Refuse to write through a folder that links outside the site, or over a non-file.

    ``locale -> /elsewhere`` would otherwise make every run write outside the site;
    a FIFO in place of a PO file would make reading it block forever.
    """
    where = config.display(path)
    try:
        inside = path.parent.resolve().is_relative_to(config.root.resolve())
    except (OSError, RuntimeError) as exc:
        raise CatalogError(f"cannot resolve the folder: {exc}", where) from exc
    if not inside:
        raise CatalogError("its folder links to a place outside the site", where)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", where) from exc
    if not stat.S_ISREG(mode):
        raise CatalogError("is not a regular file", where)


def _without_dates(text: str) -> str:
    return _DATE_LINE.sub("", text)


def same_but_dates(old: str | None, new: str) -> bool:
    """True when a file's text ``old`` differs from ``new`` at most in its header dates (a
    missing file is never the same)."""
    return old is not None and _without_dates(old) == _without_dates(new)


def would_change(config: Config, path: Path, catalog: Catalog) -> bool:
    """True when :func:`save` would write ``catalog`` to ``path`` (writes nothing)."""
    text = format_po(catalog, width=config.width)
    return not same_but_dates(read_text_if_exists(path, config.display(path), CatalogError), text)


def save(config: Config, path: Path, catalog: Catalog) -> bool:
    """Write a catalogue in GNU gettext's layout, atomically, only when it changes.

    A change of the header dates alone does not count: the file is left as it is.
    """
    text = format_po(catalog, width=config.width)
    check_writable(config, path)
    old = read_text_if_exists(path, config.display(path), CatalogError)
    if same_but_dates(old, text):
        return False
    return write_if_changed(path, text.encode("utf-8"), config.display(path))
