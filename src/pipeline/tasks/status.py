"""``pipeline status`` (coverage table) and the dashboard ``build/status.html``."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from pipeline import languages
from pipeline.catalog import store
from pipeline.catalog.extract import domain_of, extract
from pipeline.catalog.freshness import CatalogText, Outdated, domain_outdated
from pipeline.catalog.po_read import parse_po
from pipeline.checks.request import CheckRequest
from pipeline.config import Config
from pipeline.content.site import Site, load_site
from pipeline.engine import Engine
from pipeline.engine.check_site import run_site_check
from pipeline.errors import CatalogError
from pipeline.fsio import read_text_if_exists, write_if_changed
from pipeline.render.coverage import (
    Counts,
    LanguageCoverage,
    PageRow,
    page_table,
    site_coverage,
)
from pipeline.render.dashboard import render_dashboard

DASHBOARD = "build/status.html"
"""Where the dashboard is written, relative to the site root."""


@dataclass(frozen=True, slots=True)
class StatusResult:
    """Translation coverage of the site."""

    source_language: str
    """Language of the source pages."""
    languages: tuple[LanguageCoverage, ...]
    """Counts per target language and catalogue."""
    pages: tuple[PageRow, ...]
    """Every source page with its state per target language."""
    outdated_templates: tuple[str, ...] = ()
    """Templates ``extract`` would change (their source pages changed since)."""


def status_of(site: Site, outdated: AbstractSet[str] = frozenset()) -> StatusResult:
    """Coverage of a loaded site (pure); ``outdated`` holds the paths of the catalogues
    behind their source pages."""
    return StatusResult(
        site.source_language,
        site_coverage(site, outdated),
        page_table(site),
        tuple(sorted(p for p in outdated if p.endswith(".pot"))),
    )


def run_status(config: Config) -> StatusResult:
    """Read the site's pages and catalogues, count, and tell which are outdated. A
    catalogue that does not parse is an error (its file and line), as for ``msgfmt
    --statistics``: counts that leave it out would be wrong."""
    site = load_site(config, ())
    for file in sorted(site.catalogs, key=lambda f: f.path):
        if file.error is not None:
            raise file.error
    return status_of(site, {item.path for item in outdated_files(config, site)})


def outdated_files(config: Config, site: Site) -> list[Outdated]:
    """The templates and PO files of a loaded site that ``extract`` and ``update`` would
    change (the check's ``catalog-outdated``, without its cache)."""
    pages = site.pages.get(config.source_language, ())
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
            for file in site.catalogs
            if file.domain == domain
        ]
        found += domain_outdated(
            template, current, catalogs, width=config.width, pages=names[domain]
        )
    return found


_HEADERS = ("lang", "catalogue", "translated", "fuzzy", "untranslated", "%")


def _row(lang: str, name: str, counts: Counts) -> tuple[str, ...]:
    return (
        lang,
        name,
        str(counts.translated),
        str(counts.fuzzy),
        str(counts.untranslated),
        f"{counts.percent:.1f}",
    )


def format_status_table(result: StatusResult) -> str:
    """A terminal table: one row per catalogue, then the language's total (like
    ``msgfmt --statistics``, in columns). Ends with a newline."""
    rows: list[tuple[str, ...]] = []
    for item in result.languages:
        for catalog in item.catalogs:
            name = catalog.domain if catalog.error is None else f"{catalog.domain} (unreadable)"
            if catalog.outdated:
                name += " (outdated)"
            rows.append(_row(item.lang, name, catalog.counts))
        if not item.catalogs:
            rows.append((item.lang, "(no catalogues)", "0", "0", "0", "-"))
        else:
            rows.append(_row(item.lang, "total", item.counts))
    widths = [max(len(r[i]) for r in (_HEADERS, *rows)) for i in range(len(_HEADERS))]

    def line(cells: tuple[str, ...]) -> str:
        out = [cells[0].ljust(widths[0]), cells[1].ljust(widths[1])]
        out += [cell.rjust(widths[i]) for i, cell in enumerate(cells) if i >= 2]
        return "  ".join(out).rstrip()

    lines = [line(_HEADERS)]
    for row in rows:
        lines.append(line(row))
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


def dashboard_html(config: Config, engine: Engine | None = None) -> str:
    """The dashboard's HTML for the site as it is on disk (runs the check, on ``engine``:
    the command's cache and workers)."""
    findings = run_site_check(config, CheckRequest(), engine=engine)
    site = load_site(config, ())
    status = status_of(site, {f.location.path for f in findings if f.rule == "catalog-outdated"})
    path_langs = {p.path: lang for lang, pages in site.pages.items() for p in pages}
    path_langs |= {f.path: f.lang for f in site.catalogs}
    return render_dashboard(
        status.languages,
        findings,
        status.pages,
        path_langs=path_langs,
        source_language=site.source_language,
        project=config.project if config.project != "PACKAGE VERSION" else "",
    )


def write_dashboard(config: Config, engine: Engine | None = None) -> str:
    """Write ``build/status.html`` (only when it changes); returns its site-relative path."""
    write_if_changed(config.root / DASHBOARD, dashboard_html(config, engine).encode("utf-8"))
    return DASHBOARD
