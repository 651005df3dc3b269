"""What ``pipeline serve`` watches: the pages, the catalogues, the glossary and
``pipeline.toml``, through watchdog (inotify on Linux, no polling).

Only the files a build reads are reported (pages, PO and POT files, the glossary, the
configuration): the build folder, the cache, ``.mo`` files and the temporary files of
atomic writes never start a rebuild.
"""

from __future__ import annotations

import queue
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from pipeline import languages
from pipeline.config import CONFIG_NAME, Config
from pipeline.glossary.load import DEFAULT_GLOSSARY

__all__ = ["Watcher", "page_of", "watched"]


def page_of(config: Config, relative: str) -> tuple[str, str] | None:
    """(language, page name) of a site-relative path that is a page by the site's layout
    (``content/fr/unga.md``, ``docs/unga.fr.md``, ``docs/unga.md`` for the source), or
    None."""
    layout = config.layout
    found = layout.pages.match(relative)
    if found is not None:
        name, lang = found
        if lang is not None and languages.is_known(lang):
            if languages.same(lang, config.source_language):
                return config.source_language, name
            known = (code for code in config.languages if languages.same(code, lang))
            return next(known, lang), name
    if layout.source is not None:
        found = layout.source.match(relative, config.source_language)
        if found is not None:
            return config.source_language, found[0]
    return None


def watched(config: Config, path: Path) -> str | None:
    """The site-relative path of ``path`` when a build reads it, else None."""
    try:
        relative = path.relative_to(config.root).as_posix()
    except ValueError:
        return None
    if any(part.startswith(".") for part in relative.split("/")):
        return None
    glossary = config.check.glossary or DEFAULT_GLOSSARY
    if relative in (CONFIG_NAME, glossary):
        return relative
    if page_of(config, relative) is not None:
        return relative
    if relative.startswith(f"{config.locale_dir}/") and relative.endswith((".po", ".pot")):
        return relative
    return None


class _Handler(FileSystemEventHandler):
    def __init__(self, config: Config, changes: queue.Queue[str]) -> None:
        self.config = config
        self.changes = changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or event.is_directory:
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                text = raw.decode() if isinstance(raw, bytes) else raw
                found = watched(self.config, Path(text))
                if found is not None:
                    self.changes.put(found)


class Watcher:
    """Watches a site; changed site-relative paths arrive on :attr:`changes`."""

    def __init__(self, config: Config) -> None:
        self.changes: queue.Queue[str] = queue.Queue()
        """Site-relative paths of changed files, as they change."""
        self._observer: BaseObserver = Observer()
        handler = _Handler(config, self.changes)
        root = config.root
        layout = config.layout
        prefixes = {layout.pages.prefix()}
        if layout.source is not None:
            prefixes.add(layout.source.prefix(config.source_language))
        folders = {root / prefix if prefix else root for prefix in prefixes}
        folders.add(config.locale_path)
        if root not in folders:
            self._observer.schedule(handler, str(root), recursive=False)
        for folder in sorted(folders):
            if folder.is_dir():
                self._observer.schedule(handler, str(folder), recursive=True)
        glossary = (root / (config.check.glossary or DEFAULT_GLOSSARY)).parent
        if glossary != root and glossary.is_dir():
            self._observer.schedule(handler, str(glossary), recursive=False)
        self._observer.daemon = True
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(5)
