"""``pipeline status`` (a table or versioned JSON) and the dashboard ``build/status.html``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__, languages
from pipeline.catalog import store
from pipeline.catalog.extract import domain_of, extract
from pipeline.catalog.freshness import CatalogText, Outdated, domain_outdated
from pipeline.catalog.po_read import parse_po
from pipeline.checks.request import CheckRequest
from pipeline.config import Config
from pipeline.content.marker import generated_marker, is_intact
from pipeline.content.pages import decode_page, page_files
from pipeline.content.site import CatalogFile
from pipeline.engine import Engine, Session
from pipeline.engine.check_site import run_site_check
from pipeline.engine.pages import load_pages
from pipeline.errors import CatalogError, PipelineError, SourceError
from pipeline.fsio import read_bytes, read_text_if_exists, remove_file, write_if_changed
from pipeline.model import Finding, Page
from pipeline.render.coverage import (
    STATES,
    Counts,
    LanguageCoverage,
    PageRow,
    SourcePage,
    language_coverage,
    page_table,
    units_json,
    words_json,
)
from pipeline.render.dashboard import DashboardInput, render_dashboard
from pipeline.render.source_view import SOURCE_DIR, render_source_view, source_view_path

STATUS_VERSION = 1
"""Version of ``status --format json``'s document (bumped when its shape changes)."""


@dataclass(frozen=True, slots=True)
class StatusResult:
    """Translation coverage of the site."""

    source_language: str
    """Language of the source pages."""
    languages: tuple[LanguageCoverage, ...]
    """Counts per target language and catalogue."""
    pages: tuple[PageRow, ...]
    """Every source page with its counts and state per target language."""
    outdated_templates: tuple[str, ...] = ()
    """Templates ``extract`` would change (their source pages changed since)."""


def source_page(page: Page, single_domain: str | None) -> SourcePage:
    """What coverage needs of a segmented source page."""
    title = page.front_matter.get("title")
    shown = " ".join(title.split()) if isinstance(title, str) and title.strip() else page.name
    units = tuple(dict.fromkeys(segment.text for segment in page.segments))
    return SourcePage(page.name, page.path, shown, domain_of(page, single_domain), units)


@dataclass(slots=True)
class StatusMemo:
    """What :func:`run_status` read, kept between runs by a long-lived caller (``serve``):
    a file whose size, time and inode are unchanged is not read again."""

    catalogs: dict[str, tuple[tuple[int, int, int], CatalogFile]] = field(default_factory=dict)
    """Parsed PO files by site-relative path."""
    states: dict[str, tuple[tuple[int, int, int], str]] = field(default_factory=dict)
    """Target pages' states by site-relative path."""


def _stamp(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def page_states(config: Config, lang: str, memo: StatusMemo | None = None) -> dict[str, str]:
    """The state of every page of a target language, by name (generated, edited by hand
    after it was generated, or hand-written)."""
    states: dict[str, str] = {}
    for file in page_files(config, lang):
        stamp = _stamp(file.path) if memo is not None else None
        known = memo.states.get(file.display) if memo is not None else None
        if known is not None and known[0] == stamp:
            states[file.name] = known[1]
            continue
        text = decode_page(read_bytes(file.path, file.display, SourceError), file.display)
        if generated_marker(text) is None:
            states[file.name] = "hand-written"
        else:
            states[file.name] = "generated" if is_intact(text) else "edited"
        if memo is not None and stamp is not None:
            memo.states[file.display] = (stamp, states[file.name])
    return states


def catalog_files(config: Config, memo: StatusMemo | None = None) -> list[CatalogFile]:
    """Every PO file of the target languages, parsed (or with its error)."""
    found: list[CatalogFile] = []
    for lang in config.languages:
        for domain, path in store.language_catalogs(config, lang):
            display = config.display(path)
            stamp = _stamp(path) if memo is not None else None
            known = memo.catalogs.get(display) if memo is not None else None
            if known is not None and known[0] == stamp:
                found.append(known[1])
                continue
            try:
                file = CatalogFile(display, lang, domain, store.load(config, path))
            except CatalogError as exc:
                file = CatalogFile(display, lang, domain, None, exc)
            found.append(file)
            if memo is not None and stamp is not None:
                memo.catalogs[display] = (stamp, file)
    return found


def run_status(
    config: Config,
    engine: Engine | None = None,
    *,
    session: Session | None = None,
    stale: AbstractSet[str] | None = None,
    memo: StatusMemo | None = None,
    strict: bool = False,
) -> StatusResult:
    """Read the site's pages and catalogues and count (source pages through the cache
    of ``engine`` or of an open ``session``; ``memo``: what an earlier run read).
    ``stale``: the templates and catalogues ``extract`` and ``update`` would change, when
    the caller knows them (the check's ``catalog-outdated`` findings); else they are
    worked out here. ``strict`` (the ``status`` command): a catalogue that does not parse
    is an error (its file and line), as for ``msgfmt --statistics``, since counts that
    leave it out would be wrong; the dashboard shows it as unreadable instead."""
    if session is None:
        with (engine or Engine()).session(config.root) as own:
            return run_status(config, session=own, stale=stale, memo=memo, strict=strict)
    pages = load_pages(config, config.source_language, session)
    sources = [source_page(page, config.domain) for page in pages]
    files = catalog_files(config, memo)
    if strict:
        for file in sorted(files, key=lambda f: f.path):
            if file.error is not None:
                raise file.error
    states = {lang: page_states(config, lang, memo) for lang in config.languages}
    if stale is None:
        stale = {item.path for item in outdated_files(config, pages, files)}
    return StatusResult(
        config.source_language,
        language_coverage(config.languages, files, sources, stale),
        page_table(config.languages, sources, files, states),
        tuple(sorted(p for p in stale if p.endswith(".pot"))),
    )


def outdated_files(
    config: Config, pages: Sequence[Page], files: Sequence[CatalogFile]
) -> list[Outdated]:
    """The templates and PO files that ``extract`` and ``update`` would change, from the
    source ``pages`` and the catalogue ``files`` (the check's ``catalog-outdated``, without
    its cache)."""
    fresh = extract(pages, project=config.project, date=config.date, single_domain=config.domain)
    names = {
        domain: [p.path for p in pages if domain_of(p, config.domain) == domain] for domain in fresh
    }
    found: list[Outdated] = []
    for domain, template in fresh.items():
        pot = store.pot_path(config, domain)
        current = None
        if pot.is_file():
            text = read_text_if_exists(pot, config.display(pot), CatalogError)
            try:
                parsed = parse_po(text, config.display(pot)) if text is not None else None
            except CatalogError:
                parsed = None
            current = CatalogText(config.display(pot), text, parsed)
        catalogs = [
            CatalogText(
                file.path,
                read_text_if_exists(config.root / file.path, file.path, CatalogError),
                file.catalog,
                languages.gettext_name(file.lang),
            )
            for file in files
            if file.domain == domain
        ]
        found += domain_outdated(
            template, current, catalogs, width=config.width, pages=names[domain]
        )
    return found


def _header() -> tuple[tuple[str, ...], tuple[str, ...]]:
    units = ("units", "", "", "", "")
    words = ("words", "", "")
    first = ("", "", *units, *words)
    second = ("lang", "catalogue", *STATES, "%", "translated", "total", "%")
    return first, second


def _row(lang: str, name: str, counts: Counts) -> tuple[str, ...]:
    return (
        lang,
        name,
        *(str(counts.units(state)) for state in STATES),
        f"{counts.units_percent:.1f}",
        str(counts.translated_words),
        str(counts.total_words),
        f"{counts.words_percent:.1f}",
    )


def format_status_table(result: StatusResult) -> str:
    """A terminal table: one row per catalogue, then the language's total, units (entries)
    and words in labelled column groups. Ends with a newline."""
    rows: list[tuple[str, ...]] = []
    for item in result.languages:
        for catalog in item.catalogs:
            name = catalog.domain
            if catalog.error is not None:
                name += " (unreadable)"
            elif catalog.outdated:
                name += " (outdated)"
            rows.append(_row(item.lang, name, catalog.counts))
        if not item.catalogs:
            rows.append((item.lang, "(no catalogues)", *["0"] * 4, "-", "0", "0", "-"))
        else:
            rows.append(_row(item.lang, "total", item.counts))
    first, second = _header()
    columns = len(second)
    widths = [max(len(r[i]) for r in (second, *rows)) for i in range(columns)]

    def line(cells: tuple[str, ...]) -> str:
        out = [cells[0].ljust(widths[0]), cells[1].ljust(widths[1])]
        out += [cell.rjust(widths[i]) for i, cell in enumerate(cells) if i >= 2]
        return "  ".join(out).rstrip()

    # The group labels sit over the first column of their group.
    groups = [cell.ljust(widths[i]) if i >= 2 else " " * widths[i] for i, cell in enumerate(first)]
    lines = ["  ".join(groups).rstrip(), line(second)]
    lines += [line(row) for row in rows]
    if not result.languages:
        lines.append("(no target languages)")
    stale = sum(c.outdated for item in result.languages for c in item.catalogs)
    templates = len(result.outdated_templates)
    if stale or templates:
        parts = [f"{stale} catalogue{'s' if stale != 1 else ''}"] if stale else []
        parts += [f"{templates} template{'s' if templates != 1 else ''}"] if templates else []
        lines.append(
            f"outdated: {' and '.join(parts)} (their source pages changed since); "
            "run pipeline extract && pipeline update"
        )
    return "\n".join(lines) + "\n"


def status_document(result: StatusResult) -> dict[str, object]:
    """``status --format json``: per language, catalogue and page, units and words in each
    state (the same numbers as the table, the dashboard and the manifest)."""
    languages = []
    for item in result.languages:
        catalogues = [
            {
                "path": c.path,
                "domain": c.domain,
                "units": units_json(c.counts, catalogue=True),
                "words": words_json(c.counts),
                "outdated": c.outdated,
                "orphan": c.orphan,
                "error": c.error,
            }
            for c in item.catalogs
        ]
        pages = [
            {
                "page": row.name,
                "path": row.path,
                "state": cell.state,
                "catalogue": cell.catalogue,
                "units": units_json(cell.counts),
                "words": words_json(cell.counts),
            }
            for row in result.pages
            for lang, cell in row.cells
            if lang == item.lang
        ]
        languages.append(
            {
                "lang": item.lang,
                "units": units_json(item.counts, catalogue=True),
                "words": words_json(item.counts),
                "outdated_catalogues": len(item.outdated),
                "catalogues": catalogues,
                "pages": pages,
            }
        )
    return {
        "version": STATUS_VERSION,
        "tool": {"name": "pipeline", "version": __version__},
        "source_language": result.source_language,
        "outdated_templates": list(result.outdated_templates),
        "languages": languages,
    }


def format_status_json(result: StatusResult) -> str:
    """The JSON document, keys in a fixed order, ending with a newline."""
    return json.dumps(status_document(result), indent=2, ensure_ascii=False) + "\n"


def dashboard_path(config: Config) -> str:
    """Where the dashboard is written, relative to the site root."""
    return f"{config.build.output_dir}/status.html"


@dataclass(frozen=True, slots=True)
class Dashboard:
    """What :func:`write_dashboard` wrote."""

    path: str
    """Site-relative path of ``status.html``."""
    findings: tuple[Finding, ...]
    """The check's findings it shows."""
    status: StatusResult
    """The coverage it shows."""
    written: tuple[str, ...]
    """Files that changed on disk (site-relative, sorted)."""


def write_dashboard(
    config: Config,
    engine: Engine | None = None,
    *,
    preview: bool = False,
    session: Session | None = None,
    memo: StatusMemo | None = None,
    into: Path | None = None,
) -> Dashboard:
    """Write ``build/status.html`` and the source views it links to (only the files that
    change). Runs the check and counts on ``engine`` (the command's cache and workers) or
    an open ``session``; ``preview``: the preview pages were built, link them."""
    if session is None:
        with (engine or Engine()).session(config.root) as own:
            return write_dashboard(config, preview=preview, session=own, memo=memo, into=into)
    findings = tuple(run_site_check(config, CheckRequest(), session=session))
    stale = {f.location.path for f in findings if f.rule == "catalog-outdated"}
    status = run_status(config, session=session, stale=stale, memo=memo)
    return write_dashboard_of(config, status, findings, preview=preview, into=into)


def write_dashboard_of(
    config: Config,
    status: StatusResult,
    findings: tuple[Finding, ...],
    *,
    preview: bool = False,
    error: str | None = None,
    into: Path | None = None,
) -> Dashboard:
    """Write the dashboard of ``status`` and ``findings`` (``error``: a line to show at the
    top, as ``serve`` does when the site cannot be read) into the build folder, or into the
    folder ``into`` (``build --output DIR``: nothing is written inside the site)."""
    out = config.root / config.build.output_dir if into is None else into
    path_langs, path_pages = _site_files(config, status)
    data = DashboardInput(
        languages=status.languages,
        findings=findings,
        pages=status.pages,
        path_langs=path_langs,
        source_language=config.source_language,
        project=config.project if config.project != "PACKAGE VERSION" else "",
        preview=preview,
        error=error,
        path_pages=path_pages,
    )
    page = render_dashboard(data)
    written: list[str] = []
    for site_path in sorted(page.source_views):
        target = out / source_view_path(site_path)
        lines = page.source_views[site_path]
        view = render_source_view(site_path, _read_lines(config, site_path), lines)
        if write_if_changed(target, view.encode("utf-8"), config.display(target)):
            written.append(config.display(target))
    _remove_stale_views(config, out, set(page.source_views), written)
    where = dashboard_path(config) if into is None else config.display(out / "status.html")
    if write_if_changed(out / "status.html", page.html.encode("utf-8"), where):
        written.append(where)
    return Dashboard(where, findings, status, tuple(sorted(written)))


def _site_files(config: Config, status: StatusResult) -> tuple[dict[str, str], dict[str, str]]:
    """The language and the page of every file of the site the dashboard names (a
    catalogue's page is its domain)."""
    langs = {row.path: config.source_language for row in status.pages}
    pages = {row.path: row.name for row in status.pages}
    for item in status.languages:
        for catalog in item.catalogs:
            langs[catalog.path] = item.lang
            pages[catalog.path] = catalog.domain
    for lang in config.languages:
        for file in page_files(config, lang):
            langs[file.display] = lang
            pages[file.display] = file.name
    return langs, pages


def _read_lines(config: Config, site_path: str) -> list[str] | None:
    """The lines of a site file, or None when it cannot be read as text now."""
    try:
        data = read_bytes(config.root / site_path, site_path)
    except PipelineError:  # gone or unreadable since the check: the view says so
        return None
    lines = data.decode("utf-8", errors="replace").replace("\r\n", "\n").split("\n")
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


def _remove_stale_views(config: Config, out: Path, keep: set[str], written: list[str]) -> None:
    """Remove the views of files the dashboard no longer links to (in the folder ``out``)."""
    folder = out / SOURCE_DIR
    if not folder.is_dir():
        return
    wanted = {str(folder.parent / source_view_path(p)) for p in keep}
    for path in sorted(folder.rglob("*.html")):
        if str(path) not in wanted and path.is_file() and not path.is_symlink():
            remove_file(path, config.display(path))
            written.append(config.display(path))
