"""The check's planner: which files the site has, what each result depends on, and the jobs
left to do once the cache has answered.

Files are read once here (or their hash is taken from the size-and-time table); only their
hashes are kept, and workers read them again. A file that cannot be read (permissions, a
symbolic link that leads nowhere, an I/O error) is set aside with the system's reason: it
becomes a finding of its own, and every other file is checked. A translated page travels in
the same job as its source page, and a catalogue's job comes right after its page group's,
so that one chunk asks the judge about a translated page's text and the catalogue's msgstrs
(mostly the same strings) once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.catalog import store
from pipeline.checks.request import CheckRequest
from pipeline.config import Config
from pipeline.content.marker import MARKER_PREFIX
from pipeline.content.pages import PageFile, page_files
from pipeline.engine.cache import digest
from pipeline.engine.check_jobs import CatalogJob, GroupJob, Job, PageJob, SiteFile
from pipeline.engine.pages import page_key as cached_page_key
from pipeline.engine.stats import FileStats
from pipeline.errors import CatalogError, PipelineError, SourceError
from pipeline.fsio import read_bytes

_GENERATED_MARK = MARKER_PREFIX.encode("utf-8")


@dataclass(frozen=True, slots=True)
class UnreadableFile:
    """A page or catalogue of the site that could not be read."""

    display: str
    """Site-relative path."""
    lang: str
    """Language of the file."""
    name: str
    """Page name, or the catalogue's domain."""
    catalog: bool
    """True for a catalogue, False for a page."""
    error: PipelineError
    """Why (``cannot read: Permission denied``), naming the file."""


@dataclass(frozen=True, slots=True)
class SiteFiles:
    """The pages and catalogues of the languages checked."""

    groups: dict[str, dict[str, SiteFile]]
    """Pages by name, then by language (readable ones)."""
    catalogs: list[SiteFile]
    """Catalogues, by language then domain (readable ones)."""
    templates: list[SiteFile] = field(default_factory=list)
    """Templates (``locale/<domain>.pot``), by domain (their name); language ``""``."""
    unreadable: list[UnreadableFile] = field(default_factory=list)
    """Pages and catalogues that could not be read, sorted by path."""

    def catalogs_by_lang(self) -> dict[str, list[SiteFile]]:
        by_lang: dict[str, list[SiteFile]] = {}
        for file in self.catalogs:
            by_lang.setdefault(file.lang, []).append(file)
        return by_lang

    def path_langs(self) -> dict[str, str]:
        """Language of every file, by site-relative path."""
        langs = {
            file.display: file.lang for files in self.groups.values() for file in files.values()
        }
        langs |= {f.display: f.lang for f in self.unreadable}
        return langs | {f.display: f.lang for f in self.catalogs}


def read_file(
    config: Config, path: Path, lang: str, name: str, error: type[PipelineError]
) -> SiteFile:
    """A page or catalogue read: its size and hash (and a generated page's bytes)."""
    display = config.display(path)
    data = read_bytes(path, display, error)
    # Only a generated page's bytes are kept (its catalogues are named in it): workers
    # read the files again, so that a large site is never held in memory at once.
    kept = data if error is SourceError and _GENERATED_MARK in data else None
    return SiteFile(display, lang, name, str(path), len(data), digest(data), kept)


def stat_read(
    stats: FileStats, config: Config, path: Path, lang: str, name: str, error: type[PipelineError]
) -> SiteFile:
    """A file, read, or only stat-ed when the size-and-time table knows its hash."""
    text = str(path)
    try:
        info = os.stat(text)
    except OSError:
        return read_file(config, path, lang, name, error)  # reports the error
    known = stats.trusted_hash(text, info)
    if known is not None:
        file = SiteFile(config.display(path), lang, name, text, info.st_size, known)
    else:
        file = read_file(config, path, lang, name, error)
    stats.record(text, file.size, info.st_mtime_ns, file.hash, file.generated)
    return file


def _page(stats: FileStats, config: Config, page: PageFile) -> SiteFile:
    if page.unreadable is not None:
        raise SourceError(page.unreadable, page.display)
    return stat_read(stats, config, page.path, page.lang, page.name, SourceError)


def read_site_files(config: Config, targets: tuple[str, ...], stats: FileStats) -> SiteFiles:
    """Every page of the source language and of ``targets``, the catalogues of ``targets``
    and the templates; the pages and catalogues that cannot be read are set aside, with the
    reason."""
    groups: dict[str, dict[str, SiteFile]] = {}
    unreadable: list[UnreadableFile] = []
    for lang in (config.source_language, *targets):
        for page in page_files(config, lang):
            try:
                file = _page(stats, config, page)
            except SourceError as exc:  # only the reading can fail here
                unreadable.append(UnreadableFile(page.display, lang, page.name, False, exc))
                continue
            groups.setdefault(page.name, {})[lang] = file
    catalogs = []
    for lang in targets:
        for domain, path in store.language_catalogs(config, lang):
            try:
                catalogs.append(stat_read(stats, config, path, lang, domain, CatalogError))
            except CatalogError as exc:
                unreadable.append(UnreadableFile(config.display(path), lang, domain, True, exc))
    templates = [
        stat_read(stats, config, store.pot_path(config, domain), "", domain, CatalogError)
        for domain in store.template_domains(config)
    ]
    stats.save()
    return SiteFiles(groups, catalogs, templates, sorted(unreadable, key=lambda f: f.display))


@dataclass(frozen=True, slots=True)
class ResultKeys:
    """Cache keys of the results to report, each a digest of everything it depends on."""

    pages: dict[str, str]
    """Findings of each page in scope, by site-relative path."""
    catalogs: dict[str, str]
    """Findings of each catalogue, by site-relative path."""


def page_key(file: SiteFile) -> str:
    """Cache key of a page's segmentation."""
    return cached_page_key(file.display, file.lang, file.name, file.hash)


def catalog_states(files: SiteFiles) -> dict[str, str]:
    """What a generated page's findings depend on in each language: its catalogues."""
    return {
        lang: digest(*(f"{f.display}:{f.hash}" for f in found))
        for lang, found in files.catalogs_by_lang().items()
    }


def page_findings_key(
    config: Config,
    fingerprint: str,
    file: SiteFile,
    source: SiteFile | None,
    catalog_states: Mapping[str, str],
) -> str:
    """Cache key of a page's findings: the page, its source page (None for a source page)
    and, for a generated page, its language's catalogues."""
    generated = file.lang != config.source_language and file.generated
    return digest(
        "page-findings",
        fingerprint,
        file.display,
        file.lang,
        file.name,
        file.hash,
        source.hash if source is not None else "-",
        catalog_states.get(file.lang, "-") if generated else "",
    )


def catalog_findings_key(fingerprint: str, file: SiteFile) -> str:
    """Cache key of a catalogue's findings."""
    return digest("catalog-findings", fingerprint, file.display, file.lang, file.name, file.hash)


def result_keys(
    files: SiteFiles, config: Config, fingerprint: str, request: CheckRequest
) -> ResultKeys:
    """What each result depends on: the file, its source page, and for a generated page the
    state of its language's catalogues."""
    states = catalog_states(files)
    pages: dict[str, str] = {}
    for group in files.groups.values():
        source = group.get(config.source_language)
        for file in group.values():
            if request.covers_path(file.display):
                other = source if file is not source else None
                pages[file.display] = page_findings_key(config, fingerprint, file, other, states)
    catalogs = {f.display: catalog_findings_key(fingerprint, f) for f in files.catalogs}
    return ResultKeys(pages, catalogs)


def _group_members(
    group: Mapping[str, SiteFile],
    langs: tuple[str, ...],
    keys: ResultKeys,
    known: Mapping[str, object],
    source_language: str,
) -> list[tuple[SiteFile, str | None]]:
    """The pages of a group a worker must read: the ones to check (with their key) and
    their source page, source first; empty when nothing is left to check."""
    source = group.get(source_language)
    members: list[tuple[SiteFile, str | None]] = []
    for lang in langs:
        if lang not in group:
            continue
        file = group[lang]
        key = keys.pages.get(file.display)
        if key is not None and key in known:
            key = None
        if key is not None or (file is source and len(group) > 1):
            members.append((file, key))
    if not any(key is not None for _, key in members):
        return []
    sources = [m for m in members if m[0] is source]
    checked = [m for m in members if m[1] is not None]
    return sources + [m for m in checked if m[0] is not source]


def plan_jobs(
    files: SiteFiles,
    keys: ResultKeys,
    known_pages: Mapping[str, object],
    known_catalogs: Mapping[str, object],
    config: Config,
    targets: tuple[str, ...],
) -> list[Job]:
    """The jobs left once the cache has answered, in an order that keeps a catalogue next to
    its pages."""
    langs = (config.source_language, *targets)
    by_lang = files.catalogs_by_lang()
    catalog_jobs: dict[str, list[CatalogJob]] = {}
    for file in files.catalogs:
        key = keys.catalogs.get(file.display)  # (None: a catalogue left as it was)
        if key is not None and key not in known_catalogs:
            job = CatalogJob(file.display, file.lang, file.name, file.ref, key)
            catalog_jobs.setdefault(file.name, []).append(job)
    jobs: list[Job] = []
    for name in sorted(files.groups):
        members = _group_members(
            files.groups[name], langs, keys, known_pages, config.source_language
        )
        if not members:
            continue
        generated = [
            c
            for file, key in members
            if key is not None and file.lang != config.source_language and file.data is not None
            for c in by_lang.get(file.lang, [])
            if c.display.encode("utf-8") in file.data or c.name == (config.domain or name)
        ]
        # Segmented pages come from the cache in the worker (not through this process).
        page_jobs = tuple(
            PageJob(file.display, file.lang, file.name, file.ref, page_key(file), key)
            for file, key in members
        )
        catalogs = tuple(CatalogJob(c.display, c.lang, c.name, c.ref, None) for c in generated)
        jobs.append(GroupJob(page_jobs, catalogs))
        jobs += catalog_jobs.pop(members[0][0].name, [])
    for name in sorted(catalog_jobs):
        jobs += catalog_jobs[name]
    return jobs
