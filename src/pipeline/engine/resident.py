"""A resident process's memory of its last site check (``pipeline daemon``).

A check in a process that stays up (the daemon) keeps what it worked out: the files it
read, with their sizes and times, each file's findings, and the findings folded and sorted
(:class:`~pipeline.engine.refold.Refold`). The next check stats the files it knows and the
folders they are in. When only some of those files were edited (none added, removed or
renamed: no folder changed; the configuration, glossary and settings the same; the whole
site asked for), it checks the edited files alone (with the pages whose results depend on
them) and refolds only their findings: the findings are those a full check gives, finding
for finding. Anything else is a full check, which this memory then follows.

A file or folder changed less than 2 s before the memory was taken may have changed again
unseen (same size, same time stamp): such a file is read again, such a folder makes the
next check a full one (git's "racy" rule, as :mod:`pipeline.engine.stats`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.checks.dedup import FileRoles
from pipeline.config import Config
from pipeline.engine.check_jobs import SiteFile
from pipeline.engine.check_plan import (
    ResultKeys,
    SiteFiles,
    catalog_findings_key,
    catalog_states,
    page_findings_key,
    read_file,
)
from pipeline.engine.refold import Refold
from pipeline.engine.stats import RACY_NS
from pipeline.errors import CatalogError, PipelineError, SourceError
from pipeline.model import Finding
from pipeline.report.json_report import Encodings

PAGE, CATALOG, TEMPLATE = "page", "catalog", "template"
"""What a file of the site is."""

Stat = tuple[int, int, SiteFile, str]
"""A file's size and modification time (ns) when last read, its record, and what it is."""

PageResults = dict[str, tuple[Finding, ...]]
"""Findings of each page, by site-relative path."""
CatalogResults = dict[str, tuple[bool, tuple[Finding, ...]]]
"""(has translations, findings) of each catalogue, by site-relative path."""


@dataclass(frozen=True, slots=True)
class Remembered:
    """What a full check leaves for the next one."""

    config: Config
    """The configuration (its ``revision_date``, the time of the run, left out)."""
    fingerprint: str
    """The check's settings (rules, options, glossary, detector)."""
    files: SiteFiles
    """The site's pages, catalogues and templates."""
    keys: ResultKeys
    """Cache keys of every page's and catalogue's findings."""
    pages: PageResults
    """Each page's findings."""
    catalogs: CatalogResults
    """Each catalogue's findings."""
    site: list[Finding]
    """The site-wide findings (missing pages)."""
    outdated: list[Finding]
    """The outdated catalogues' findings."""
    roles: FileRoles
    """What each file is, for folding."""


@dataclass(frozen=True, slots=True)
class Edits:
    """The files edited since the last check, read again."""

    files: SiteFiles
    """The site's files with the edited ones' new sizes and hashes."""
    pages: tuple[SiteFile, ...]
    """Pages whose bytes changed."""
    catalogs: tuple[SiteFile, ...]
    """Catalogues whose bytes changed."""
    seen: dict[str, Stat]
    """The sizes and times of the files read again (kept once the check is done)."""


Work = Callable[[SiteFiles, ResultKeys], tuple[PageResults, CatalogResults]]
"""Checks the files of ``keys`` (among the page groups given, every catalogue given):
their findings."""
Recompute = Callable[[SiteFiles, CatalogResults], list[Finding]]
"""The site-wide or outdated findings of the site's files."""


class ResidentCheck:
    """What the last check of a resident process left (nothing before its first)."""

    def __init__(self) -> None:
        self.runs = 0
        """Checks run in this process."""
        self.incremental = 0
        """Of those, the ones that worked on the edited files alone."""
        self.encodings = Encodings()
        """The last JSON report's findings' texts (the next report differs by a few)."""
        self._memory: Remembered | None = None
        self._fold: Refold | None = None
        self._table: dict[str, Stat] = {}
        self._folders: dict[str, int] = {}
        self._at = 0

    def full_check(self, config: Config) -> None:
        """A full check starts: nothing to go on until it is remembered. The site's folders
        are looked at now, before it lists them: a file added while it runs is seen by the
        next check."""
        self.runs += 1
        self.forget()
        self._at = time.time_ns()
        self._folders = dict(_folders(_comparable(config)))

    def forget(self) -> None:
        """Nothing to go on: the next check is a full one."""
        self._memory = self._fold = None
        self._table, self._folders = {}, {}

    def remember(
        self,
        memory: Remembered,
        segments: list[tuple[str, list[Finding]]],
        seen: Mapping[str, tuple[int, int]],
    ) -> list[Finding]:
        """Take the results of the full check that :meth:`full_check` announced
        (``segments``: its findings before folding, in its order, named as
        :func:`segments` names them; ``seen``: each file's size and time when it was read,
        by the path it was read at), and give its findings, folded and sorted. A file
        edited since it was read is read again by the next check."""
        config = _comparable(memory.config)
        self._memory = replace(memory, config=config, files=_absolute(memory.files))
        self._fold = Refold(segments, memory.roles)
        read = {os.path.abspath(path): entry for path, entry in seen.items()}
        self._table = dict(_stat_all(self._memory.files, read))
        return self._fold.findings()

    def edits(self, config: Config, fingerprint: str) -> Edits | None:
        """The files edited since the last check, or None when this check must be a full
        one (nothing remembered, other settings, or files added or removed)."""
        memory = self._memory
        if memory is None or memory.fingerprint != fingerprint:
            return None
        if _comparable(config) != memory.config:
            return None
        trusted_before = self._at - RACY_NS
        for folder, mtime in self._folders.items():
            try:
                now = os.stat(folder).st_mtime_ns
            except OSError:
                return None
            if now != mtime or mtime >= trusted_before:
                return None
        changed: dict[str, tuple[SiteFile, str]] = {}
        seen: dict[str, Stat] = {}
        stat = os.stat
        for path, (size, mtime, file, kind) in self._table.items():
            try:
                info = stat(path)
            except OSError:
                return None  # gone, or unreadable now: a full check says which
            if info.st_mtime_ns == mtime and info.st_size == size and mtime < trusted_before:
                continue
            try:
                error = SourceError if kind == PAGE else CatalogError
                again = read_file(memory.config, Path(path), file.lang, file.name, error)
            except PipelineError:
                return None
            # (a generated page is read every time: its bytes are kept, not only its hash)
            mtime = -1 if again.generated else info.st_mtime_ns
            seen[path] = (info.st_size, mtime, again, kind)
            if again.hash != file.hash or again.generated != file.generated:
                if kind == TEMPLATE or (kind == PAGE and (again.generated or file.generated)):
                    # (a generated page names its catalogues: the planner looks again)
                    return None
                changed[file.display] = (again, kind)
        pages = tuple(file for file, kind in changed.values() if kind == PAGE)
        catalogs = tuple(file for file, kind in changed.values() if kind == CATALOG)
        return Edits(_with(memory.files, pages, catalogs), pages, catalogs, seen)

    def recheck(
        self, edits: Edits, work: Work, site: Recompute, outdated: Recompute
    ) -> list[Finding]:
        """The findings of the site with ``edits``: the edited files and the pages whose
        results depend on them checked again (``work``), the site-wide and outdated
        findings worked out again when a catalogue or source page changed, and the
        changed findings refolded."""
        memory = self._memory
        fold = self._fold
        assert memory is not None and fold is not None  # edits() said so
        if not edits.pages and not edits.catalogs:
            return self._done(edits, fold)
        config = memory.config
        files = edits.files
        keys, names = _affected_keys(memory, edits)
        # (the page groups to check, and every catalogue: the planner finds the ones a
        # generated page names among them)
        pages, catalogs = work(replace(files, groups={n: files.groups[n] for n in names}), keys)
        all_pages = memory.pages | pages
        all_catalogs = memory.catalogs | catalogs
        changed: dict[str, list[Finding]] = {p: list(f) for p, f in pages.items()}
        changed |= {path: list(found[1]) for path, found in catalogs.items()}
        site_findings, outdated_findings = memory.site, memory.outdated
        sources = any(p.lang == config.source_language for p in edits.pages)
        if edits.catalogs:
            site_findings = changed["\0site"] = site(files, all_catalogs)
        if edits.catalogs or sources:
            outdated_findings = changed["\0outdated"] = outdated(files, all_catalogs)
        fold.replace(changed)
        self._memory = replace(
            memory,
            files=files,
            keys=ResultKeys(memory.keys.pages | keys.pages, memory.keys.catalogs | keys.catalogs),
            pages=all_pages,
            catalogs=all_catalogs,
            site=site_findings,
            outdated=outdated_findings,
        )
        return self._done(edits, fold)

    def _done(self, edits: Edits, fold: Refold) -> list[Finding]:
        """A recheck done: the files read again are taken as checked."""
        self._table |= edits.seen
        self.runs += 1
        self.incremental += 1
        return fold.findings()


def segments(memory: Remembered) -> list[tuple[str, list[Finding]]]:
    """A full check's findings before folding, in its order, named: ``"\\0site"``, each
    page's and catalogue's site-relative path, ``"\\0outdated"``."""
    found: list[tuple[str, list[Finding]]] = [("\0site", memory.site)]
    found += [(path, list(memory.pages[path])) for path in memory.keys.pages]
    found += [(path, list(memory.catalogs[path][1])) for path in memory.keys.catalogs]
    found.append(("\0outdated", memory.outdated))
    return found


def _affected_keys(memory: Remembered, edits: Edits) -> tuple[ResultKeys, list[str]]:
    """New keys of the edited files and of the pages whose results depend on them (every
    page of an edited source page's group; the generated pages of an edited catalogue's
    language), and the names of the page groups they are in, sorted."""
    config = memory.config
    files = edits.files
    source = config.source_language
    names = {p.name for p in edits.pages if p.lang == source}
    edited = {p.display for p in edits.pages}
    langs = {c.lang for c in edits.catalogs}
    states = catalog_states(files) if langs else {}
    # (only an edited catalogue sends the look through every group, for generated pages)
    looked = files.groups.keys() if langs else {p.name for p in edits.pages}
    pages: dict[str, str] = {}
    groups: set[str] = set()
    for name in looked:
        group = files.groups[name]
        origin = group.get(source)
        for file in group.values():
            if file.display in edited or name in names or (file.generated and file.lang in langs):
                other = origin if file is not origin else None
                pages[file.display] = page_findings_key(
                    config, memory.fingerprint, file, other, states
                )
                groups.add(name)
    catalogs = {c.display: catalog_findings_key(memory.fingerprint, c) for c in edits.catalogs}
    return ResultKeys(pages, catalogs), sorted(groups)


def _comparable(config: Config) -> Config:
    """The configuration without the time of the run, its root absolute: the same site
    checked from its root, from a folder in it or with ``-C`` is the same check."""
    return replace(config, revision_date=None, root=Path(os.path.abspath(config.root)))


def _absolute(files: SiteFiles) -> SiteFiles:
    """``files`` at absolute paths (the next check may run in another folder)."""

    def moved(file: SiteFile) -> SiteFile:
        return replace(file, path=os.path.abspath(file.path))

    return replace(
        files,
        groups={n: {lang: moved(f) for lang, f in g.items()} for n, g in files.groups.items()},
        catalogs=[moved(f) for f in files.catalogs],
        templates=[moved(f) for f in files.templates],
    )


def _pages(files: SiteFiles) -> Iterator[SiteFile]:
    for group in files.groups.values():
        yield from group.values()


def _all_files(files: SiteFiles) -> Iterator[tuple[SiteFile, str]]:
    for file in _pages(files):
        yield file, PAGE
    for file in files.catalogs:
        yield file, CATALOG
    for file in files.templates:
        yield file, TEMPLATE


def _with(
    files: SiteFiles, pages: tuple[SiteFile, ...], catalogs: tuple[SiteFile, ...]
) -> SiteFiles:
    """``files`` with the edited pages and catalogues in place of their old records."""
    if not pages and not catalogs:
        return files
    groups = dict(files.groups)
    for page in pages:
        groups[page.name] = groups[page.name] | {page.lang: page}
    edited = {c.display: c for c in catalogs}
    found = [edited.get(f.display, f) for f in files.catalogs] if edited else files.catalogs
    return replace(files, groups=groups, catalogs=found)


def _stat_all(files: SiteFiles, read: Mapping[str, tuple[int, int]]) -> Iterator[tuple[str, Stat]]:
    """Each file's size and time when it was read (time -1, read every time: a generated
    page, or a file whose reading was not recorded), by path."""
    for file, kind in _all_files(files):
        size, mtime = read.get(file.path, (-1, -1))
        yield file.path, (size, -1 if file.generated else mtime, file, kind)


def _folders(config: Config) -> Iterator[tuple[str, int]]:
    """The folders the site's pages and catalogues are in (hidden ones left out), with their
    modification times: a file added, removed or renamed in one changes its time. A folder
    that is not there is stood for by the nearest one above it that is."""
    tops = {
        config.layout.pages.prefix(lang) for lang in (config.source_language, *config.languages)
    }
    if config.layout.source is not None:
        tops.add(config.layout.source.prefix(None))
    tops.add(config.locale_dir)
    seen: set[str] = set()
    for top in sorted(tops):
        folder = config.root / top if top else config.root
        while not folder.is_dir() and folder != config.root:
            folder = folder.parent
        pending = [str(folder)]
        while pending:
            path = pending.pop()
            if path in seen:
                continue
            seen.add(path)
            try:
                yield path, os.stat(path).st_mtime_ns
                with os.scandir(path) as entries:
                    pending += [
                        e.path
                        for e in entries
                        if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)
                    ]
            except OSError:
                continue


__all__ = ["Edits", "Remembered", "ResidentCheck", "segments"]
