"""The site check on an engine session: cached results reused, the rest planned into jobs
and worked out on the session's workers, missing pages added, findings scoped and sorted.
A page or catalogue that cannot be read is a finding of its own (``page-unreadable``,
``catalog-invalid``) and the run goes on; :class:`CheckOutcome` tells which files those
were, so that the caller can say the run is incomplete."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from functools import partial
from typing import Any

from pipeline import __version__
from pipeline.catalog.model import Catalog, Message
from pipeline.checks.candidate import make
from pipeline.checks.dedup import FileRoles, fold_repeats
from pipeline.checks.detector import JudgeSpec, judge_spec
from pipeline.checks.language import Judge
from pipeline.checks.policy import apply, load_policy
from pipeline.checks.request import CheckRequest
from pipeline.checks.run import Rules, catalog_file_findings, site_findings, sort_findings
from pipeline.config import Config
from pipeline.content.site import CatalogFile, Site
from pipeline.engine import Engine, Session
from pipeline.engine.cache import Cache, Packed, digest
from pipeline.engine.check_jobs import CatalogJob, CheckContext, FileChanged, job_bytes
from pipeline.engine.check_outdated import outdated_findings
from pipeline.engine.check_plan import (
    ResultKeys,
    SiteFiles,
    UnreadableFile,
    plan_jobs,
    read_site_files,
    result_keys,
)
from pipeline.engine.check_worker import check_chunk, warm_models
from pipeline.engine.pages import PAGE_KIND
from pipeline.engine.parallel import release_free_memory
from pipeline.engine.resident import (
    CatalogResults,
    Edits,
    PageResults,
    Remembered,
    ResidentCheck,
    segments,
)
from pipeline.engine.stats import FileStats
from pipeline.errors import CatalogError, PipelineError
from pipeline.glossary.load import find_glossary
from pipeline.model import Finding, Location, Page
from pipeline.report.common import paused_collector

CACHE_SCHEMA = "check-4"  # placeables, catalog-outdated; findings carry related places
"""Bumped when what a cached finding depends on changes shape."""

CHECK_WORTH = 4_000_000
"""Bytes of pages and catalogues to check for each worker process (fewer: one process,
where lingua's thread pool detects on every core). A memory-for-speed choice, measured on
2 cores: the CNCF glossary (2.5 MB of pages in 16 languages) took 7.8 s and 476-500 MB
in one process, 6.2 s and 535 MB with two workers (2026-11; by 2026-12-01, 4.1 s and 395 MB
in one process); Python-docs' catalogues (17 MB) take 4.0 s on two processes (this one and
a worker), 6.4 s in one (2026-12-01)."""

WARM_ALONE = 1_000_000
"""Bytes of work from which a check in one process loads the language models of all the
site's languages first, one text at a time, as it does before forking workers. Otherwise
lingua loads a model when a text first needs it, on its thread pool, several at once: on
the CNCF glossary (2.5 MB, 16 languages, one process) that took more CPU and a peak of
465-532 MB, against 409-422 MB loaded first (same findings, no slower). Below this, as in a
re-check of a few pages, only the models the texts need are loaded."""


Found = tuple[Finding, ...] | tuple[bool, tuple[Finding, ...]] | Packed
"""A file's findings (a catalogue's: whether it has translations, and its findings), or
the same as the cache stores them."""


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """What a check found, and which files it could not read."""

    findings: list[Finding]
    """Every finding, in scope, sorted (no baseline)."""
    unreadable: tuple[str, ...] = ()
    """Lines ``path: cannot read: reason`` of the files in scope that could not be read
    (each is a finding too): a run with any is incomplete."""


@dataclass(frozen=True, slots=True)
class _Setup:
    """The rules of a run and what its cached results depend on."""

    rules: Rules
    spec: JudgeSpec | None
    fingerprint: str


def _setup(config: Config, targets: tuple[str, ...], judge: Judge | None) -> _Setup:
    glossary = find_glossary(config.root, config.check.glossary, config.path)
    options = config.check.options
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
    settings = json.dumps(
        {
            "source": config.source_language,
            "languages": config.languages,
            "domain": config.domain,
            "check": asdict(config.check),
        },
        sort_keys=True,
        default=repr,
    )
    fingerprint = digest(
        CACHE_SCHEMA,
        __version__,
        settings,
        repr(glossary),
        spec.fingerprint() if spec is not None else "custom judge",
    )
    return _Setup(rules, spec, fingerprint)


def run_site_check(
    config: Config,
    request: CheckRequest,
    judge: Judge | None = None,
    *,
    engine: Engine | None = None,
    session: Session | None = None,
) -> list[Finding]:
    """Findings of every rule over the site, in scope, sorted (no baseline).

    ``engine`` says how to run (default: here, no cache); a ``session`` already open is
    used as it is (its cache counters then tell what was reused). A custom ``judge`` runs
    here, without the cache (its answers cannot be keyed).
    """
    return run_site_check_outcome(config, request, judge, engine=engine, session=session).findings


def run_site_check_outcome(
    config: Config,
    request: CheckRequest,
    judge: Judge | None = None,
    *,
    engine: Engine | None = None,
    session: Session | None = None,
) -> CheckOutcome:
    """Like :func:`run_site_check`, with the files that could not be read."""
    if session is not None:
        return check_site_outcome(config, request, session, judge)
    chosen = engine or Engine()
    if judge is not None:
        chosen = replace(chosen, jobs=1, executor=None, cache=False)
    with chosen.session(config.root) as own:
        return check_site_outcome(config, request, own, judge)


def check_site(
    config: Config, request: CheckRequest, session: Session, judge: Judge | None = None
) -> list[Finding]:
    """Every finding over the site, in scope, sorted (no baseline): cached results are
    reused, the rest is worked out on the session's workers."""
    return check_site_outcome(config, request, session, judge).findings


def check_site_outcome(
    config: Config, request: CheckRequest, session: Session, judge: Judge | None = None
) -> CheckOutcome:
    """Like :func:`check_site`, with the files that could not be read."""
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
) -> CheckOutcome:
    wanted = tuple(request.langs) or config.all_languages
    targets = tuple(lang for lang in config.languages if lang in wanted)
    setup = _setup(config, targets, judge)
    cache = session.cache if judge is None else Cache(None)
    # A resident process (the daemon) remembers its last check of the whole site: when only
    # some of its files were edited since, they alone are checked again.
    held = session.engine.resident
    resident = held if isinstance(held, ResidentCheck) else None
    whole = judge is None and trust_stats and not request.paths and not request.langs
    if resident is not None and whole:
        edits = resident.edits(config, setup.fingerprint)
        if edits is not None:
            try:
                return CheckOutcome(_recheck(config, session, setup, resident, edits))
            except BaseException:
                resident.forget()  # (half done: a full check follows)
                raise
    if resident is not None:
        resident.full_check(config)  # (the site's folders as they are before it reads)
    stats = FileStats(cache, trust=trust_stats)
    with paused_collector():  # listing and loading: no garbage, many long-lived objects
        files = read_site_files(config, targets, stats)
        _in_scope(config, request, files, (config.source_language, *targets))
        keys = result_keys(files, config, setup.fingerprint, request)
    results, catalog_results = _work(config, session, setup, judge, files, keys)
    # (outside the paused collector: on a cold run it parses and merges every catalogue)
    outdated = outdated_findings(config, files, cache, setup.rules.policy, setup.fingerprint)
    worked = _Worked(files, keys, outdated, results, catalog_results)
    with paused_collector():
        if resident is not None and whole and not files.unreadable:
            # The memory folds and sorts them, as the assembly would (the same findings).
            return CheckOutcome(_remember(resident, config, setup, worked, stats))
        return _assemble(config, request, setup, worked)


def _work(
    config: Config,
    session: Session,
    setup: _Setup,
    judge: Judge | None,
    files: SiteFiles,
    keys: ResultKeys,
) -> tuple[dict[str, Found], dict[str, Found]]:
    """The findings of every page and catalogue of ``keys``, by key: from the cache, or
    worked out on the session's workers (and put in the cache)."""
    targets = setup.rules.languages
    cache = session.cache if judge is None else Cache(None)
    with paused_collector():
        known_pages = cache.get_many("page-findings", list(keys.pages.values()))
        known_catalogs = cache.get_many("catalog-findings", list(keys.catalogs.values()))
        jobs = plan_jobs(files, keys, known_pages, known_catalogs, config, targets)
    db_folder = cache.db_folder
    context = CheckContext(
        setup.rules,
        setup.spec,
        judge,
        str(db_folder) if db_folder is not None else None,
        str(cache.folder) if db_folder is not None and cache.folder is not None else None,
    )
    # Findings come back held as the cache stores them when it does (a few times smaller
    # than their objects: the 10,000-page check holds 41,000 until it has them all).
    results: dict[str, Found] = dict(known_pages)
    catalog_results: dict[str, Found] = dict(known_catalogs)
    total = sum(
        1 if isinstance(j, CatalogJob) else sum(1 for p in j.pages if p.key is not None)
        for j in jobs
    )
    size = sum(job_bytes(job) for job in jobs)
    chunks = [
        (context, tuple(chunk)) for chunk in session.split(jobs, size=size, worth=CHECK_WORTH)
    ]
    if size >= WARM_ALONE and not session.distributed and session.workers() <= 1:
        warm_models(context)
        release_free_memory()  # what loading left free in the C heap (see process_pool)
    with session.progress("checking", total) as progress:
        for result in session.map(check_chunk, chunks, warm=partial(warm_models, context)):
            cache.put_many(PAGE_KIND, result.pages)
            results.update(cache.put_many("page-findings", result.findings) or result.findings)
            packed = cache.put_many("catalog-findings", result.catalogs)
            catalog_results.update(packed or result.catalogs)
            cache.put_many("detect", result.detections)
            cache.stats.hits["detect"] += result.detect_hits
            cache.stats.hits[PAGE_KIND] += result.page_hits
            cache.stats.misses[PAGE_KIND] += len(result.pages)
            cache.stats.misses["detect"] += result.detect_misses
            progress.advance(result.checked)
    # Every result is in: the workers go now, not after the catalogues' outdated check,
    # which this process runs alone (idle workers would hold their memory meanwhile).
    session.release_workers()
    return results, catalog_results


def _recheck(
    config: Config,
    session: Session,
    setup: _Setup,
    resident: ResidentCheck,
    edits: Edits,
) -> list[Finding]:
    """A resident check's findings after ``edits``: the files they concern checked again,
    the rest as the last check left it."""

    def work(files: SiteFiles, keys: ResultKeys) -> tuple[PageResults, CatalogResults]:
        results, catalog_results = _work(config, session, setup, None, files, keys)
        pages = {path: _unpacked(results[key]) for path, key in keys.pages.items()}
        catalogs = {path: _unpacked(catalog_results[key]) for path, key in keys.catalogs.items()}
        return pages, catalogs

    def site(files: SiteFiles, catalogs: CatalogResults) -> list[Finding]:
        return _site_findings(config, setup, files, catalogs)

    def outdated(files: SiteFiles, catalogs: CatalogResults) -> list[Finding]:
        policy = setup.rules.policy
        return outdated_findings(config, files, session.cache, policy, setup.fingerprint)

    return resident.recheck(edits, work, site, outdated)


def _site_findings(
    config: Config, setup: _Setup, files: SiteFiles, catalogs: CatalogResults
) -> list[Finding]:
    """The site-wide findings (missing pages) of a site whose files are all readable."""
    translated = {f.display: catalogs[f.display][0] for f in files.catalogs}
    names = _names_only(config, setup.rules.languages, files, translated)
    return site_findings(names, setup.rules)


@dataclass(frozen=True, slots=True)
class _Worked:
    """What a full check worked out, before assembly."""

    files: SiteFiles
    """The site's files."""
    keys: ResultKeys
    """Cache keys of the pages' and catalogues' findings."""
    outdated: list[Finding]
    """The outdated catalogues' findings."""
    results: dict[str, Found]
    """Each page's findings, by key."""
    catalog_results: dict[str, Found]
    """Each catalogue's findings, by key."""


def _remember(
    resident: ResidentCheck, config: Config, setup: _Setup, worked: _Worked, stats: FileStats
) -> list[Finding]:
    """Leave a full check of the whole site to the resident process's next check (with the
    sizes and times its files had when they were read): its findings, folded, sorted."""
    files, keys, outdated = worked.files, worked.keys, worked.outdated
    results, catalog_results = worked.results, worked.catalog_results
    pages = {path: _unpacked(results[key]) for path, key in keys.pages.items()}
    catalogs = {path: _unpacked(catalog_results[key]) for path, key in keys.catalogs.items()}
    site = _site_findings(config, setup, files, catalogs)
    roles = _roles(config, files)
    memory = Remembered(
        config, setup.fingerprint, files, keys, pages, catalogs, site, outdated, roles
    )
    return resident.remember(memory, segments(memory), {p: e[:2] for p, e in stats.seen.items()})


def _assemble(
    config: Config, request: CheckRequest, setup: _Setup, worked: _Worked
) -> CheckOutcome:
    """The run's findings from every file's: missing pages, outdated catalogues, repeats
    folded, scope applied, sorted."""
    files, keys, outdated = worked.files, worked.keys, worked.outdated
    results, catalog_results = worked.results, worked.catalog_results
    targets = setup.rules.languages
    catalogs: dict[str, tuple[bool, tuple[Finding, ...]]] = {
        key: _unpacked(catalog_results[key]) for key in keys.catalogs.values()
    }
    translated = {f.display: catalogs[keys.catalogs[f.display]][0] for f in files.catalogs}
    # An unreadable catalogue may hold translations: no missing page is claimed for it.
    translated |= {f.display: True for f in files.unreadable if f.catalog}
    findings = site_findings(_names_only(config, targets, files, translated), setup.rules)
    findings += [f for key in keys.pages.values() for f in _unpacked(results[key])]
    findings += [f for key in keys.catalogs.values() for f in catalogs[key][1]]
    findings += outdated
    findings = fold_repeats(findings, _roles(config, files))
    if request.paths or request.langs:  # (without either, the request covers every finding)
        path_langs = files.path_langs()

        def covered(finding: Finding) -> bool:
            # A finding that also stands for a fault in an asked-for file is reported.
            place = path_langs.get(finding.location.path, "")
            return request.covers_finding(finding, place) or any(
                request.covers(where.path, path_langs.get(where.path, ""))
                for where in finding.related
            )

        findings = [f for f in findings if covered(f)]
    unreadable = [f for f in files.unreadable if request.covers(f.display, f.lang)]
    findings += _unreadable_findings(unreadable, setup.rules)
    return CheckOutcome(sort_findings(findings), tuple(str(f.error) for f in unreadable))


def _unpacked(found: Found) -> Any:
    """A file's findings (with, for a catalogue, whether it has translations)."""
    return found.value() if isinstance(found, Packed) else found


def _roles(config: Config, files: SiteFiles) -> FileRoles:
    """Which files are hand-written translated pages, source pages and catalogues, with
    their languages and domains (for :func:`fold_repeats`)."""
    pages: dict[str, tuple[str, str]] = {}
    sources: dict[str, str] = {}
    for name, group in files.groups.items():
        domain = config.domain or name
        for lang, file in group.items():
            if lang == config.source_language:
                sources[file.display] = domain
            elif not file.generated:
                pages[file.display] = (lang, domain)
    catalogs = {f.display: (f.lang, f.name) for f in files.catalogs}
    return FileRoles(pages=pages, catalogs=catalogs, sources=sources)


def _unreadable_findings(files: list[UnreadableFile], rules: Rules) -> list[Finding]:
    """``catalog-invalid`` for a catalogue that cannot be read, ``page-unreadable`` for a
    page, each with the system's reason, graded by the configuration."""
    found: list[Finding] = []
    for file in files:
        if file.catalog:
            error = CatalogError(file.error.message, file.display)
            record = CatalogFile(file.display, file.lang, file.name, None, error)
            found += catalog_file_findings(record, rules, _no_judge)
        else:
            candidate = make("page-unreadable", Location(file.display, 1), file.error.message)
            found += apply([candidate], rules.policy, ())
    return found


def _no_judge(text: str, expected: str) -> None:
    """A catalogue that could not be read has no text to judge."""
    return None


def _names_only(
    config: Config, targets: tuple[str, ...], files: SiteFiles, translated: dict[str, bool]
) -> Site:
    """The site as missing pages see it: pages' names and paths, and which catalogues have
    translations (a stand-in entry), nothing else."""

    # Unreadable pages count by name: a page that is there is not missing.
    names: dict[str, dict[str, str]] = {
        name: {lang: file.display for lang, file in group.items()}
        for name, group in files.groups.items()
    }
    for unread in files.unreadable:
        if not unread.catalog:
            names.setdefault(unread.name, {})[unread.lang] = unread.display

    pages = {
        lang: tuple(
            Page(group[lang], lang, name, "", {}, ())
            for name, group in sorted(names.items(), key=lambda kv: kv[1].get(lang, ""))
            if lang in group
        )
        for lang in (config.source_language, *targets)
    }
    readable = [(f.display, f.lang, f.name) for f in files.catalogs]
    readable += [(f.display, f.lang, f.name) for f in files.unreadable if f.catalog]
    catalogs = tuple(
        CatalogFile(
            display,
            lang,
            name,
            Catalog(None, [Message("-", "-")]) if translated[display] else None,
        )
        for display, lang, name in sorted(readable)
    )
    return Site(config.source_language, targets, pages, catalogs, config.domain)


def _in_scope(
    config: Config, request: CheckRequest, files: SiteFiles, langs: tuple[str, ...]
) -> None:
    """Refuse a run that would check nothing: a site without pages or catalogues in the
    languages asked for. (PATHs are checked before the run: ``tasks.check``.)"""
    if not files.path_langs():
        where = config.layout.pages.path_of("{path}", "{lang}")
        raise PipelineError(
            f"nothing to check: no pages ({where}) and no catalogues "
            f"({config.locale_dir}/<lang>/LC_MESSAGES/*.po) in {', '.join(langs)}"
        )
