"""``pipeline check``: read the site, run the rules, apply the baseline."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.catalog import store
from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_read import parse_po
from pipeline.checks.baseline import Baseline, parse_baseline, subtract
from pipeline.checks.detector import BatchJudge, JudgeSpec, Query, judge_spec
from pipeline.checks.glossary import Glossary, load_glossary
from pipeline.checks.language import Judge, LanguageVerdict
from pipeline.checks.policy import load_policy
from pipeline.checks.run import (
    Rules,
    catalog_check_queries,
    catalog_file_findings,
    page_check_queries,
    page_findings,
    site_findings,
    sort_findings,
)
from pipeline.checks.site import CatalogFile, Site
from pipeline.config import Config
from pipeline.content.pages import (
    decode_page,
    display_path,
    load_pages,
    page_name,
    page_paths,
    parse_page,
)
from pipeline.engine import Engine, Session
from pipeline.engine.cache import Cache, digest
from pipeline.engine.models import prepare_py3langid
from pipeline.engine.pages import PAGE_KIND
from pipeline.engine.pages import page_key as cached_page_key
from pipeline.errors import CatalogError, ConfigError, PipelineError, SourceError
from pipeline.model import Finding, Page
from pipeline.render.markdown_pages import MARKER_PREFIX

DEFAULT_GLOSSARY = "glossary.csv"


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """What the user asked of ``check``."""

    paths: tuple[str, ...] = ()
    """Site-relative files or folders to report on (all when empty)."""
    langs: tuple[str, ...] = ()
    """Languages to check (all when empty)."""
    baseline: Path | None = None
    """Baseline file whose findings are accepted."""


def load_site(config: Config, langs: Sequence[str]) -> Site:
    """Pages and catalogues of the languages asked for (source pages are always read)."""
    wanted = tuple(langs) or config.all_languages
    pages = {config.source_language: tuple(load_pages(config, config.source_language))}
    catalogs: list[CatalogFile] = []
    for lang in config.languages:
        if lang not in wanted:
            continue
        pages[lang] = tuple(load_pages(config, lang))
        for domain, path in store.language_catalogs(config, lang):
            display = store.display(config, path)
            try:
                catalogs.append(CatalogFile(display, lang, domain, store.load(config, path)))
            except CatalogError as exc:
                catalogs.append(CatalogFile(display, lang, domain, None, exc))
    return Site(
        source_language=config.source_language,
        languages=tuple(lang for lang in config.languages if lang in wanted),
        pages=pages,
        catalogs=tuple(catalogs),
        domain=config.domain,
    )


def site_glossary(config: Config) -> Glossary | None:
    """The configured termbase, or ``glossary.csv`` at the root when present."""
    configured = config.check.get("glossary")
    name = str(configured) if configured else DEFAULT_GLOSSARY
    path = config.root / name
    if not path.is_file():
        if configured:
            raise ConfigError(f"glossary file '{name}' does not exist", config.path)
        return None
    return load_glossary(path, name)


def _options(config: Config) -> dict[str, dict[str, Any]]:
    return {key: dict(value) for key, value in config.check.items() if isinstance(value, dict)}


def _in_scope(finding: Finding, request: CheckRequest, path_langs: dict[str, str]) -> bool:
    path = finding.location.path
    if request.paths and not any(
        path == p or path.startswith(p.rstrip("/") + "/") for p in request.paths
    ):
        return False
    return not request.langs or path_langs.get(path, "") in (*request.langs, "")


def run_check(
    config: Config,
    request: CheckRequest,
    judge: Judge | None = None,
    *,
    engine: Engine | None = None,
    session: Session | None = None,
) -> list[Finding]:
    """Findings of every rule over the site, filtered and with the baseline subtracted.

    ``engine`` says how to run (default: here, no cache); a ``session`` already open is
    used as it is (its cache counters then tell what was reused). A custom ``judge`` runs
    here, without the cache (its answers cannot be keyed).
    """
    if session is not None:
        findings = check_site(config, request, session, judge)
    else:
        chosen = engine or Engine()
        if judge is not None:
            chosen = replace(chosen, jobs=1, executor=None, cache=False)
        with chosen.session(config.root) as own:
            findings = check_site(config, request, own, judge)
    if request.baseline is not None:
        findings = apply_baseline(findings, read_baseline(request.baseline))
    return findings


def read_baseline(path: Path) -> Baseline:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read baseline: {exc}", str(path)) from exc
    return parse_baseline(text, str(path))


def apply_baseline(findings: list[Finding], baseline: Baseline) -> list[Finding]:
    fresh, stale = subtract(findings, baseline)
    return sorted(fresh + stale, key=lambda f: f.sort_key)


# --------------------------------------------------------------------------- the engine

CACHE_SCHEMA = "check-1"

CHECK_WORTH = 1_000_000
"""Bytes of pages and catalogues to check below which worker processes do not pay (a check
runs at about 1 MB/s of input per core; starting a worker costs about a second)."""
"""Bumped when what a cached finding depends on changes shape."""

_GENERATED_MARK = MARKER_PREFIX.encode("utf-8")


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file the main process read: workers read it again and check it is the same."""

    path: str
    size: int
    hash: str


@dataclass(frozen=True, slots=True)
class _File:
    """A page or catalogue of the site as read from disk."""

    display: str
    lang: str
    name: str
    """Page name, or the catalogue's domain."""
    path: str
    """Where it was read (workers read it again: the bytes are not kept)."""
    size: int
    hash: str
    data: bytes | None = None
    """The bytes, kept only for a generated page (its catalogues are found in it)."""

    @property
    def generated(self) -> bool:
        return self.data is not None

    @property
    def ref(self) -> FileRef:
        return FileRef(self.path, self.size, self.hash)


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page a worker segments (unless the cache has it) and checks (when ``key``)."""

    display: str
    lang: str
    name: str
    source: FileRef
    """Where to read the file."""
    page_key: str
    """Cache key of the segmented page."""
    key: str | None
    """Cache key of its findings, or None when it is only the source of another."""


@dataclass(frozen=True, slots=True)
class GroupJob:
    """Pages of one name (the source and its translations) and the catalogues a generated
    translation may come from."""

    pages: tuple[PageJob, ...]
    catalogs: tuple[CatalogJob, ...] = ()


@dataclass(frozen=True, slots=True)
class CatalogJob:
    """One catalogue to parse (and check, when ``key``)."""

    display: str
    lang: str
    domain: str
    source: FileRef
    key: str | None


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What every worker needs besides its files."""

    rules: Rules
    spec: JudgeSpec | None
    """The default judge's settings, or None when ``judge`` is given."""
    judge: Judge | None
    cache_folder: str | None
    """Where a worker may look up detections (read-only), or None."""
    models_folder: str | None = None
    """The site's cache folder, where decompressed models are kept (None: no cache)."""


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a worker sends back."""

    pages: tuple[tuple[str, Page], ...]
    """Newly segmented pages, by page key."""
    findings: tuple[tuple[str, tuple[Finding, ...]], ...]
    """Findings of each checked page, by key."""
    catalogs: tuple[tuple[str, tuple[bool, tuple[Finding, ...]]], ...]
    """(has translations, findings) of each checked catalogue, by key."""
    detections: tuple[tuple[str, dict[bytes, LanguageVerdict | None]], ...]
    """Verdicts on each checked file's texts, by the file's detection key."""
    detect_hits: int
    page_hits: int
    """Pages found segmented in the cache (the others were segmented: :attr:`pages`)."""
    detect_misses: int
    checked: int


def _query_digest(query: Query) -> bytes:
    """A short stand-in for a question in the cache (the texts themselves would double it)."""
    text, expected = query
    return hashlib.blake2b(f"{expected}\x1f{text}".encode(), digest_size=12).digest()


def _detections_key(fingerprint: str, display: str) -> str:
    """Cache key of the detections made for a file's texts (by path: after a change, the
    texts the file still has are not detected again)."""
    return digest("detect", fingerprint, display)


def _load(source: FileRef, display: str, error: type[PipelineError]) -> bytes:
    """The bytes of a file read earlier by the main process, read again (unchanged)."""
    try:
        data = Path(source.path).read_bytes()
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", display) from None
    if len(data) != source.size or digest(data) != source.hash:
        raise FileChanged("changed while the check ran; run it again", display)
    return data


class FileChanged(PipelineError):
    """A file's bytes are not those the main process hashed (changed meanwhile, or a stale
    size-and-time entry was trusted)."""


def _parse_catalog(job: CatalogJob) -> CatalogFile:
    try:
        data = _load(job.source, job.display, CatalogError)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise CatalogError(
                f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", job.display, line
            ) from None
        return CatalogFile(job.display, job.lang, job.domain, parse_po(text, job.display))
    except CatalogError as exc:
        return CatalogFile(job.display, job.lang, job.domain, None, exc)


def check_chunk(work: tuple[CheckContext, tuple[GroupJob | CatalogJob, ...]]) -> ChunkResult:
    """The worker: segment, detect in batches, check; pure but for cache look-ups."""
    context, jobs = work
    rules = context.rules
    fresh_pages: list[tuple[str, Page]] = []
    pages: dict[str, Page] = {}
    catalogs: dict[str, CatalogFile] = {}
    asked: dict[str, set[Query]] = {}  # file -> the questions its checks ask the judge
    # What the cache already knows: segmented pages, and earlier detections of the texts
    # of the files to check (one look-up each).
    segmented: dict[str, Page] = {}
    earlier: dict[str, Any] = {}
    if context.cache_folder is not None:
        wanted = [p.page_key for j in jobs if isinstance(j, GroupJob) for p in j.pages]
        to_check = [j.display for j in jobs if isinstance(j, CatalogJob) and j.key] + [
            p.display for j in jobs if isinstance(j, GroupJob) for p in j.pages if p.key
        ]
        with Cache(Path(context.cache_folder), read_only=True) as cache:
            segmented = cache.get_many(PAGE_KIND, wanted) if wanted else {}
            if context.judge is None and context.spec is not None and to_check:
                fingerprint = context.spec.fingerprint()
                keys = [_detections_key(fingerprint, display) for display in to_check]
                earlier = cache.get_many("detect", keys)
    for job in jobs:
        if isinstance(job, CatalogJob):
            file = catalogs[job.display] = _parse_catalog(job)
            if job.key is not None:
                asked[job.display] = catalog_check_queries(file, rules)
            continue
        for page_job in job.pages:
            page = segmented.get(page_job.page_key)
            if page is None:
                data = _load(page_job.source, page_job.display, SourceError)
                text = decode_page(data, page_job.display)
                page = parse_page(text, page_job.display, page_job.lang, page_job.name)
                fresh_pages.append((page_job.page_key, page))
            pages[page_job.display] = page
        for catalog_job in job.catalogs:
            if catalog_job.display not in catalogs:
                catalogs[catalog_job.display] = _parse_catalog(catalog_job)
        source = (
            pages.get(job.pages[0].display) if job.pages[0].lang == rules.source_language else None
        )
        for page_job in job.pages:
            if page_job.key is not None:
                page = pages[page_job.display]
                other = source if page is not source else None
                asked[page_job.display] = page_check_queries(page, rules, other)
    queries: set[Query] = set().union(*asked.values())
    hits = misses = 0
    judge: Judge
    batch: BatchJudge | None = None
    if context.judge is not None:
        judge = context.judge
    else:
        assert context.spec is not None
        known: dict[Query, LanguageVerdict | None] = {}
        if earlier:
            by_digest = {_query_digest(q): q for q in queries}
            for verdicts in earlier.values():
                if isinstance(verdicts, dict):
                    for seen, verdict in verdicts.items():
                        query = by_digest.get(seen)
                        if query is not None:
                            known[query] = verdict
        hits, misses = len(known), len(queries) - len(known)
        judge = batch = BatchJudge(context.spec, known)
        if misses:
            folder = context.models_folder
            prepare_py3langid(Path(folder) if folder is not None else None)
        batch.prefetch(sorted(queries))
    findings: list[tuple[str, tuple[Finding, ...]]] = []
    checked_catalogs: list[tuple[str, tuple[bool, tuple[Finding, ...]]]] = []
    checked = 0
    for job in jobs:
        if isinstance(job, CatalogJob):
            if job.key is not None:
                file = catalogs[job.display]
                translated = file.catalog is not None and any(
                    m.translated for m in file.catalog.messages
                )
                found_here = tuple(catalog_file_findings(file, rules, judge))
                checked_catalogs.append((job.key, (translated, found_here)))
                checked += 1
            continue
        first = pages[job.pages[0].display]
        source = first if first.lang == rules.source_language else None
        mine = tuple(catalogs[c.display] for c in job.catalogs)
        for page_job in job.pages:
            if page_job.key is None:
                continue
            page = pages[page_job.display]
            found_here = tuple(
                page_findings(
                    page,
                    rules,
                    judge,
                    source=source if page is not source else None,
                    catalogs=mine,
                )
            )
            findings.append((page_job.key, found_here))
            checked += 1
    detections: tuple[tuple[str, dict[bytes, LanguageVerdict | None]], ...] = ()
    if batch is not None and context.spec is not None and batch.fresh:
        fingerprint = context.spec.fingerprint()
        answers = batch.answers
        detections = tuple(
            (
                _detections_key(fingerprint, display),
                {_query_digest(q): answers[q] for q in sorted(wanted)},
            )
            for display, wanted in asked.items()
            if wanted
        )
    return ChunkResult(
        pages=tuple(fresh_pages),
        findings=tuple(findings),
        catalogs=tuple(checked_catalogs),
        detections=detections,
        detect_hits=hits,
        page_hits=len(segmented),
        detect_misses=misses,
        checked=checked,
    )


def _fingerprint(config: Config, glossary: Glossary | None, spec: JudgeSpec | None) -> str:
    """What every cached finding depends on besides its files."""
    settings = json.dumps(
        {
            "source": config.source_language,
            "languages": config.languages,
            "domain": config.domain,
            "check": config.check,
        },
        sort_keys=True,
        default=repr,
    )
    return digest(
        CACHE_SCHEMA,
        __version__,
        settings,
        repr(glossary),
        spec.fingerprint() if spec is not None else "custom judge",
    )


def _relative(base: str, path: Path) -> str | None:
    """``path`` below the folder ``base`` with ``/`` separators (a fast ``relative_to``)."""
    text = str(path)
    if not text.startswith(base + os.sep):
        return None
    return text[len(base) + 1 :].replace(os.sep, "/")


def _display(config: Config, path: Path) -> str:
    """A file's site-relative path for messages and keys."""
    return _relative(str(config.root), path) or display_path(config, path)


def _read(config: Config, path: Path, lang: str, name: str, error: type[Exception]) -> _File:
    display = _display(config, path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        if error is SourceError:
            raise SourceError(f"cannot read: {exc.strerror}", display) from exc
        raise CatalogError(f"cannot read file: {exc.strerror or exc}", display) from None
    # Only a generated page's bytes are kept (its catalogues are named in it): workers
    # read the files again, so that a large site is never held in memory at once.
    kept = data if error is SourceError and _GENERATED_MARK in data else None
    return _File(display, lang, name, str(path), len(data), digest(data), kept)


def _path_in_scope(path: str, request: CheckRequest) -> bool:
    return not request.paths or any(
        path == p or path.startswith(p.rstrip("/") + "/") for p in request.paths
    )


STAT_KEY = "files"
"""Cache key (kind ``stat``) of the table of file sizes, times and hashes."""

_RACY_NS = 2_000_000_000
"""A file changed this close to the time it was read may have changed again unseen (same
size, same time stamp): its hash is not trusted next time (git's "racy" rule)."""


class _Stats:
    """Hashes of the files as of the last run, trusted while a file's size and modification
    time stay the same: a warm run reads only the files that changed."""

    def __init__(self, cache: Cache, *, trust: bool = True) -> None:
        self.cache = cache
        found, table = cache.get("stat", STAT_KEY) if trust else (False, None)
        sound = found and isinstance(table, dict) and isinstance(table.get("at"), int)
        self.known: dict[str, tuple[int, int, str, bool]] = table["files"] if sound else {}  # type: ignore[index]
        self.known_at: int = table["at"] if sound else 0  # type: ignore[index]
        """When the known hashes were read: a file changed less than 2 s before may have
        changed again since without its time stamp showing it."""
        self.seen: dict[str, tuple[int, int, str, bool]] = {}
        self.now = time.time_ns()

    def read(
        self, config: Config, path: Path, lang: str, name: str, error: type[Exception]
    ) -> _File:
        text = str(path)
        try:
            info = os.stat(text)
        except OSError:
            return _read(config, path, lang, name, error)  # reports the error
        earlier = self.known.get(text)
        if (
            earlier is not None
            and earlier[:2] == (info.st_size, info.st_mtime_ns)
            and not earlier[3]
            and info.st_mtime_ns < self.known_at - _RACY_NS
        ):
            display = _display(config, path)
            file = _File(display, lang, name, text, info.st_size, earlier[2])
        else:
            file = _read(config, path, lang, name, error)
        self.seen[text] = (file.size, info.st_mtime_ns, file.hash, file.generated)
        return file

    def save(self) -> None:
        if self.seen != self.known:
            self.cache.put("stat", STAT_KEY, {"at": self.now, "files": self.seen})


def check_site(
    config: Config, request: CheckRequest, session: Session, judge: Judge | None = None
) -> list[Finding]:
    """Every finding over the site, in scope, sorted (no baseline): cached results are
    reused, the rest is worked out on the session's workers."""
    try:
        return _check_site(config, request, session, judge, trust_stats=True)
    except FileChanged:
        # A file whose size and time were unchanged has other bytes (its time was set
        # back): read every file this time.
        return _check_site(config, request, session, judge, trust_stats=False)


def _check_site(
    config: Config,
    request: CheckRequest,
    session: Session,
    judge: Judge | None,
    *,
    trust_stats: bool,
) -> list[Finding]:
    wanted = tuple(request.langs) or config.all_languages
    targets = tuple(lang for lang in config.languages if lang in wanted)
    glossary = site_glossary(config)
    options = _options(config)
    spec: JudgeSpec | None = None
    if judge is None:
        names = glossary.names() if glossary is not None else ()
        spec = judge_spec(
            candidates=config.all_languages,
            ignore_terms=names,
            options=options.get("language-mismatch", {}),
        )
    rules = Rules(
        source_language=config.source_language,
        languages=targets,
        glossary=glossary,
        options=options,
        policy=load_policy(config.check),
        domain=config.domain,
    )
    cache = session.cache if judge is None else Cache(None)
    fingerprint = _fingerprint(config, glossary, spec)

    # Read every file (or trust the hash of one whose size and time have not changed) and
    # work out what each result depends on.
    stats = _Stats(cache, trust=trust_stats)
    groups: dict[str, dict[str, _File]] = {}
    for lang in (config.source_language, *targets):
        folder = str(config.content_path / lang)
        for path in page_paths(config, lang):
            inside = _relative(folder, path)
            name = os.path.splitext(inside)[0] if inside else page_name(config, lang, path)
            groups.setdefault(name, {})[lang] = stats.read(config, path, lang, name, SourceError)
    catalog_files = [
        stats.read(config, path, lang, domain, CatalogError)
        for lang in targets
        for domain, path in store.language_catalogs(config, lang)
    ]
    stats.save()
    by_lang: dict[str, list[_File]] = {}
    for file in catalog_files:
        by_lang.setdefault(file.lang, []).append(file)
    catalog_state = {
        lang: digest(*(f"{f.display}:{f.hash}" for f in files)) for lang, files in by_lang.items()
    }

    def page_key(file: _File) -> str:
        return cached_page_key(file.display, file.lang, file.name, file.hash)

    def findings_key(file: _File, source: _File | None) -> str:
        generated = file.lang != config.source_language and file.generated
        return digest(
            "page-findings",
            fingerprint,
            file.display,
            file.lang,
            file.name,
            file.hash,
            source.hash if source is not None else "-",
            catalog_state.get(file.lang, "-") if generated else "",
        )

    page_keys: dict[str, str] = {}
    for files in groups.values():
        source = files.get(config.source_language)
        for file in files.values():
            if _path_in_scope(file.display, request):
                page_keys[file.display] = findings_key(file, source if file is not source else None)
    catalog_keys = {
        f.display: digest("catalog-findings", fingerprint, f.display, f.lang, f.name, f.hash)
        for f in catalog_files
    }
    known_pages = cache.get_many("page-findings", list(page_keys.values()))
    known_catalogs = cache.get_many("catalog-findings", list(catalog_keys.values()))

    # What is left to do, grouped so that a translation travels with its source.
    todo: list[tuple[_File, str | None]] = []
    plan: list[tuple[list[tuple[_File, str | None]], list[_File]]] = []
    for name in sorted(groups):
        files = groups[name]
        source = files.get(config.source_language)
        members: list[tuple[_File, str | None]] = []
        for lang in (config.source_language, *targets):
            if lang not in files:
                continue
            file = files[lang]
            key = page_keys.get(file.display)
            if key is not None and key in known_pages:
                key = None
            if key is not None or (file is source and len(files) > 1):
                members.append((file, key))
        if not any(key is not None for _, key in members):
            continue
        sources = [m for m in members if m[0] is source]
        checked = [m for m in members if m[1] is not None]
        members = sources + [m for m in checked if m[0] is not source]
        generated = [
            c
            for file, key in members
            if key is not None and file.lang != config.source_language and file.data is not None
            for c in by_lang.get(file.lang, [])
            if c.display.encode("utf-8") in file.data or c.name == (config.domain or name)
        ]
        plan.append((members, generated))
        todo += members
    # A catalogue's job goes right after its page group's: the same chunk then asks the
    # judge about a translated page's text and the catalogue's msgstr (mostly the same
    # strings) once.
    catalog_jobs: dict[str, list[CatalogJob]] = {}
    for file in catalog_files:
        key = catalog_keys[file.display]
        if key not in known_catalogs:
            job = CatalogJob(file.display, file.lang, file.name, file.ref, key)
            catalog_jobs.setdefault(file.name, []).append(job)
    jobs: list[GroupJob | CatalogJob] = []
    for members, generated in plan:
        page_jobs = []
        for file, key in members:
            # Segmented pages come from the cache in the worker (not through this process).
            page_jobs.append(
                PageJob(file.display, file.lang, file.name, file.ref, page_key(file), key)
            )
        jobs.append(
            GroupJob(
                tuple(page_jobs),
                tuple(CatalogJob(c.display, c.lang, c.name, c.ref, None) for c in generated),
            )
        )
        jobs += catalog_jobs.pop(members[0][0].name, [])
    for name in sorted(catalog_jobs):
        jobs += catalog_jobs[name]
    del plan, todo

    # Work it out.
    db_folder = cache.db_folder
    context = CheckContext(
        rules,
        spec,
        judge,
        str(db_folder) if db_folder is not None else None,
        str(cache.folder) if db_folder is not None and cache.folder is not None else None,
    )
    results: dict[str, tuple[Finding, ...]] = {key: value for key, value in known_pages.items()}
    catalog_results: dict[str, tuple[bool, tuple[Finding, ...]]] = dict(known_catalogs)
    total = sum(
        1 if isinstance(j, CatalogJob) else sum(1 for p in j.pages if p.key is not None)
        for j in jobs
    )
    size = sum(_job_bytes(job) for job in jobs)
    chunks = [
        (context, tuple(chunk)) for chunk in session.split(jobs, size=size, worth=CHECK_WORTH)
    ]
    with session.progress("checking", total) as progress:
        for result in session.map(check_chunk, chunks):
            cache.put_many(PAGE_KIND, result.pages)
            cache.put_many("page-findings", result.findings)
            cache.put_many("catalog-findings", result.catalogs)
            cache.put_many("detect", result.detections)
            cache.stats.hits["detect"] += result.detect_hits
            cache.stats.hits[PAGE_KIND] += result.page_hits
            cache.stats.misses[PAGE_KIND] += len(result.pages)
            cache.stats.misses["detect"] += result.detect_misses
            results.update(result.findings)
            catalog_results.update(result.catalogs)
            progress.advance(result.checked)
    del chunks, jobs

    # Missing pages look at names and at which catalogues have translations only.
    stub_pages = {
        lang: tuple(
            Page(files[lang].display, lang, name, "", {}, ())
            for name, files in sorted(groups.items(), key=lambda kv: _sort_path(kv[1], lang))
            if lang in files
        )
        for lang in (config.source_language, *targets)
    }
    stub_catalogs = tuple(
        CatalogFile(
            f.display,
            f.lang,
            f.name,
            Catalog(None, [Message("-", "-")])
            if catalog_results[catalog_keys[f.display]][0]
            else None,
        )
        for f in catalog_files
    )
    site = Site(config.source_language, targets, stub_pages, stub_catalogs, config.domain)
    findings = site_findings(site, rules)
    findings += [f for key in page_keys.values() for f in results[key]]
    findings += [f for key in catalog_keys.values() for f in catalog_results[key][1]]
    path_langs = {file.display: file.lang for files in groups.values() for file in files.values()}
    path_langs |= {f.display: f.lang for f in catalog_files}
    return sort_findings(f for f in findings if _in_scope(f, request, path_langs))


def _job_bytes(job: GroupJob | CatalogJob) -> int:
    if isinstance(job, CatalogJob):
        return job.source.size
    pages = sum(p.source.size for p in job.pages)
    return pages + sum(c.source.size for c in job.catalogs)


def _sort_path(files: dict[str, _File], lang: str) -> str:
    file = files.get(lang)
    return file.display if file is not None else ""
