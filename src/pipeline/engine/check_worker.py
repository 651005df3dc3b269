"""The check's worker: read, segment, detect in batches, check; pure but for cache look-ups.

A chunk of jobs (page groups and catalogues) is worked out in one call of
:func:`check_chunk`, in this process or in a worker process.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.catalog.po_read import parse_po
from pipeline.checks.detector import BatchJudge, Query
from pipeline.checks.language import Judge, LanguageVerdict
from pipeline.checks.run import (
    catalog_check_queries,
    catalog_file_findings,
    page_check_queries,
    page_findings,
)
from pipeline.content.pages import decode_page, parse_page
from pipeline.content.site import CatalogFile
from pipeline.engine.cache import Cache, digest
from pipeline.engine.check_jobs import (
    CatalogJob,
    CheckContext,
    ChunkResult,
    FileChanged,
    FileRef,
    GroupJob,
    Job,
)
from pipeline.engine.models import load_py3langid, warm_lingua
from pipeline.engine.pages import PAGE_KIND
from pipeline.errors import CatalogError, PipelineError, SourceError
from pipeline.fsio import decode_text, read_bytes
from pipeline.model import Finding, Page


def query_digest(query: Query) -> bytes:
    """A short stand-in for a question in the cache (the texts themselves would double it)."""
    text, expected = query
    return hashlib.blake2b(f"{expected}\x1f{text}".encode(), digest_size=12).digest()


def detections_key(fingerprint: str, display: str) -> str:
    """Cache key of the detections made for a file's texts (by path: after a change, the
    texts the file still has are not detected again)."""
    return digest("detect", fingerprint, display)


def load(source: FileRef, display: str, error: type[PipelineError]) -> bytes:
    """The bytes of a file read earlier by the main process, read again (unchanged)."""
    data = read_bytes(Path(source.path), display, error)
    if len(data) != source.size or digest(data) != source.hash:
        raise FileChanged("changed while the check ran; run it again", display)
    return data


def parse_catalog(job: CatalogJob) -> CatalogFile:
    """The catalogue of a job, parsed; a fault is kept in the record (``catalog-invalid``)."""
    try:
        text = decode_text(load(job.source, job.display, CatalogError), job.display, CatalogError)
        return CatalogFile(
            job.display, job.lang, job.domain, parse_po(text, job.display), text=text
        )
    except CatalogError as exc:
        return CatalogFile(job.display, job.lang, job.domain, None, exc)


@dataclass(slots=True)
class _Chunk:
    """A chunk's files as read, and the questions their checks will ask the judge."""

    pages: dict[str, Page] = field(default_factory=dict)
    """Segmented pages, by site-relative path."""
    fresh_pages: list[tuple[str, Page]] = field(default_factory=list)
    """Pages segmented here (not found in the cache), by page key."""
    catalogs: dict[str, CatalogFile] = field(default_factory=dict)
    """Parsed catalogues, by site-relative path."""
    asked: dict[str, set[Query]] = field(default_factory=dict)
    """Per file to check, the questions its checks ask the judge."""


def _earlier(
    context: CheckContext, jobs: tuple[Job, ...]
) -> tuple[dict[str, Page], dict[str, Any]]:
    """What the cache already knows: segmented pages, and earlier detections of the texts of
    the files to check (one look-up each)."""
    if context.cache_folder is None:
        return {}, {}
    wanted = [p.page_key for j in jobs if isinstance(j, GroupJob) for p in j.pages]
    to_check = [j.display for j in jobs if isinstance(j, CatalogJob) and j.key] + [
        p.display for j in jobs if isinstance(j, GroupJob) for p in j.pages if p.key
    ]
    earlier: dict[str, Any] = {}
    with Cache(Path(context.cache_folder), read_only=True) as cache:
        segmented = cache.get_many(PAGE_KIND, wanted) if wanted else {}
        if context.judge is None and context.spec is not None and to_check:
            fingerprint = context.spec.fingerprint()
            keys = [detections_key(fingerprint, display) for display in to_check]
            earlier = cache.get_many("detect", keys)
    return segmented, earlier


def _read(context: CheckContext, jobs: tuple[Job, ...], segmented: dict[str, Page]) -> _Chunk:
    """Parse the catalogues, segment the pages the cache does not have, and collect the
    questions of every file to check."""
    rules = context.rules
    chunk = _Chunk()
    for job in jobs:
        if isinstance(job, CatalogJob):
            file = chunk.catalogs[job.display] = parse_catalog(job)
            if job.key is not None:
                chunk.asked[job.display] = catalog_check_queries(file, rules)
            continue
        for page_job in job.pages:
            page = segmented.get(page_job.page_key)
            if page is None:
                data = load(page_job.source, page_job.display, SourceError)
                text = decode_page(data, page_job.display)
                page = parse_page(text, page_job.display, page_job.lang, page_job.name)
                chunk.fresh_pages.append((page_job.page_key, page))
            chunk.pages[page_job.display] = page
        for catalog_job in job.catalogs:
            if catalog_job.display not in chunk.catalogs:
                chunk.catalogs[catalog_job.display] = parse_catalog(catalog_job)
        first = chunk.pages.get(job.pages[0].display)
        source = first if job.pages[0].lang == rules.source_language else None
        for page_job in job.pages:
            if page_job.key is not None:
                page = chunk.pages[page_job.display]
                other = source if page is not source else None
                chunk.asked[page_job.display] = page_check_queries(page, rules, other)
    return chunk


def _judge(
    context: CheckContext, queries: set[Query], earlier: dict[str, Any]
) -> tuple[Judge, BatchJudge | None, int, int]:
    """The judge of this chunk, with every question detected in batches up front: (judge,
    the batch judge or None for a custom one, answers known earlier, answers detected)."""
    if context.judge is not None:
        return context.judge, None, 0, 0
    assert context.spec is not None
    known: dict[Query, LanguageVerdict | None] = {}
    if earlier:
        by_digest = {query_digest(q): q for q in queries}
        for verdicts in earlier.values():
            if isinstance(verdicts, dict):
                for seen, verdict in verdicts.items():
                    query = by_digest.get(seen)
                    if query is not None:
                        known[query] = verdict
    hits, misses = len(known), len(queries) - len(known)
    folder = context.models_folder
    model = load_py3langid(Path(folder) if folder is not None else None) if misses else None
    batch = BatchJudge(context.spec, known, model)
    batch.prefetch(sorted(queries))
    return batch, batch, hits, misses


def _check_group(
    job: GroupJob, chunk: _Chunk, context: CheckContext, judge: Judge
) -> list[tuple[str, tuple[Finding, ...]]]:
    """Findings of each page to check in a group, by key."""
    rules = context.rules
    first = chunk.pages[job.pages[0].display]
    source = first if first.lang == rules.source_language else None
    mine = tuple(chunk.catalogs[c.display] for c in job.catalogs)
    found: list[tuple[str, tuple[Finding, ...]]] = []
    for page_job in job.pages:
        if page_job.key is None:
            continue
        page = chunk.pages[page_job.display]
        other = source if page is not source else None
        found.append(
            (page_job.key, tuple(page_findings(page, rules, judge, source=other, catalogs=mine)))
        )
    return found


YOUNG_THRESHOLD = 50_000
"""Allocations between two collections of the youngest generation while a chunk is
checked (Python's default is 700)."""


@contextmanager
def sparse_collection() -> Iterator[None]:
    """The cycle collector started every :data:`YOUNG_THRESHOLD` allocations instead of
    every 700 for the block (as it was after it).

    A check allocates millions of short-lived objects (tokens, cleaned texts, matches)
    and keeps the models and caches alive throughout: with the default threshold the
    collector ran about a thousand times on python-docs-fr's catalogues, eight of them
    over the whole heap, 1.5 s of a 17 s run; with this one, 8 young collections and no
    full one, 0.4 s. Collection is only less frequent: every cycle is still collected."""
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def check_chunk(work: tuple[CheckContext, tuple[Job, ...]]) -> ChunkResult:
    """The worker: segment, detect in batches, check; pure but for cache look-ups."""
    with sparse_collection():
        return _check_chunk(work)


def _check_chunk(work: tuple[CheckContext, tuple[Job, ...]]) -> ChunkResult:
    context, jobs = work
    segmented, earlier = _earlier(context, jobs)
    chunk = _read(context, jobs, segmented)
    queries: set[Query] = set().union(*chunk.asked.values())
    judge, batch, hits, misses = _judge(context, queries, earlier)
    findings: list[tuple[str, tuple[Finding, ...]]] = []
    checked_catalogs: list[tuple[str, tuple[bool, tuple[Finding, ...]]]] = []
    for job in jobs:
        if isinstance(job, GroupJob):
            findings += _check_group(job, chunk, context, judge)
        elif job.key is not None:
            file = chunk.catalogs[job.display]
            translated = file.catalog is not None and any(
                m.translated for m in file.catalog.messages
            )
            found_here = tuple(catalog_file_findings(file, context.rules, judge))
            checked_catalogs.append((job.key, (translated, found_here)))
    detections: tuple[tuple[str, dict[bytes, LanguageVerdict | None]], ...] = ()
    if batch is not None and context.spec is not None and batch.fresh:
        fingerprint = context.spec.fingerprint()
        answers = batch.answers
        detections = tuple(
            (
                detections_key(fingerprint, display),
                {query_digest(q): answers[q] for q in sorted(wanted)},
            )
            for display, wanted in chunk.asked.items()
            if wanted
        )
    return ChunkResult(
        pages=tuple(chunk.fresh_pages),
        findings=tuple(findings),
        catalogs=tuple(checked_catalogs),
        detections=detections,
        detect_hits=hits,
        page_hits=len(segmented),
        detect_misses=misses,
        checked=len(findings) + len(checked_catalogs),
    )


def warm_models(context: CheckContext) -> None:
    """Load here the models every chunk's judge detects with (py3langid's, lingua's), before
    the worker processes that share them are forked from this one."""
    if context.judge is not None or context.spec is None:
        return
    folder = context.models_folder
    model = load_py3langid(Path(folder) if folder is not None else None)
    if model is not None:
        model.prepare()
    warm_lingua(context.spec.languages)
