"""``pipeline status`` (coverage table) and the dashboard ``build/status.html``."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.checks.request import CheckRequest
from pipeline.config import Config
from pipeline.content.site import Site, load_site
from pipeline.engine import Engine
from pipeline.engine.check_site import run_site_check
from pipeline.fsio import write_if_changed
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


def status_of(site: Site) -> StatusResult:
    """Coverage of a loaded site (pure)."""
    return StatusResult(site.source_language, site_coverage(site), page_table(site))


def run_status(config: Config) -> StatusResult:
    """Read the site's pages and catalogues and count."""
    return status_of(load_site(config, ()))


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
    return "\n".join(lines) + "\n"


def dashboard_html(config: Config, engine: Engine | None = None) -> str:
    """The dashboard's HTML for the site as it is on disk (runs the check, on ``engine``:
    the command's cache and workers)."""
    findings = run_site_check(config, CheckRequest(), engine=engine)
    site = load_site(config, ())
    status = status_of(site)
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
