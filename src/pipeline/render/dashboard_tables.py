"""The dashboard's pages table (a page x language grid coloured by words translated) and
catalogues table, and the number formats every part of it uses (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from pipeline import languages
from pipeline.render.coverage import STATES, Counts, PageCell, PageRow
from pipeline.render.dashboard_findings import e
from pipeline.render.dashboard_input import DashboardInput
from pipeline.render.source_view import SourceNote, source_view_href, viewable

GRID_LIMIT = 1000
"""Pages shown in the pages table at most (past it, the ones with most words to translate)."""

CATALOGUE_LIMIT = 500
"""Catalogues shown in the catalogues table at most (past it, the ones needing work first)."""


def n(value: int) -> str:
    return f"{value:,}"


def pct(value: float) -> str:
    return f"{value:.1f}%"


def plural(count: int, word: str) -> str:
    return f"{n(count)} {word}{'' if count == 1 else 's'}"


def page_href(data: DashboardInput, lang: str, row: PageRow) -> str | None:
    """The page's preview, when the preview pages were built."""
    if data.preview:
        return e(quote(f"preview/{lang}/{row.name}.html"))
    return None


def _level(counts: Counts) -> int:
    percent = counts.words_percent
    if percent >= 100.0:
        return 4
    if percent >= 80.0:
        return 3
    if percent >= 50.0:
        return 2
    return 1 if counts.translated_words else 0


_LEVELS = ("0 %", "under 50 %", "50 to 80 %", "80 to 100 %", "100 %")


def page_grid(data: DashboardInput) -> Iterable[str]:
    yield '<h2 id="pages">Pages</h2>'
    if not data.pages:
        yield '<p class="none">No source pages.</p>'
        return
    swatches = "".join(
        f'<li><span class="swatch level-{i}" aria-hidden="true"></span>{label} of words</li>'
        for i, label in enumerate(_LEVELS)
    )
    yield f'<ul class="legend" aria-label="Colours of the cells">{swatches}</ul>'
    langs = [item.lang for item in data.languages]
    head = "".join(
        f'<th scope="col" class="num">{e(languages.english_name(lang))} <code>{e(lang)}</code></th>'
        for lang in langs
    )
    shown = list(data.pages)
    if len(shown) > GRID_LIMIT:
        shown = sorted(shown, key=lambda r: (-_missing(r), r.name))[:GRID_LIMIT]
        yield (
            f'<p class="alert" role="note">The table shows the {GRID_LIMIT:,} of '
            f"{len(data.pages):,} pages with the most words to translate; every page is in "
            "<code>pipeline status --format json</code>.</p>"
        )
    yield '<div class="table-scroll"><table class="grid">'
    yield "<caption>Words translated per page and language; units translated below.</caption>"
    yield f'<thead><tr><th scope="col">Page</th>{head}</tr></thead><tbody>'
    for row in shown:
        cells = dict(row.cells)
        tds = [_grid_cell(data, lang, row, cells[lang]) for lang in langs if lang in cells]
        yield (
            f'<tr data-page="{e(row.name)}"><th scope="row">{e(row.title)}'
            f"<code>{e(row.name)}</code></th>{''.join(tds)}</tr>"
        )
    yield "</tbody></table></div>"


def _missing(row: PageRow) -> int:
    """Words still to translate over every language."""
    return sum(cell.counts.missing_words for _, cell in row.cells)


def _grid_cell(data: DashboardInput, lang: str, row: PageRow, cell: PageCell) -> str:
    counts = cell.counts
    level = _level(counts)
    href = page_href(data, lang, row)
    percent = pct(counts.words_percent)
    shown = f'<a href="{href}">{percent}</a>' if href else percent
    extra = [f"{counts.units(s)} {s}" for s in STATES[1:] if counts.units(s)]
    state = cell.state if cell.catalogue is not None else f"{cell.state}, no catalogue"
    return (
        f'<td class="cell num level-{level}" data-lang="{e(lang)}" '
        f'data-words-percent="{counts.words_percent:.1f}" data-translated="{counts.translated}" '
        f'data-units="{counts.total}">{shown}'
        f"<small>{n(counts.translated)} of {n(counts.total)} units translated</small>"
        f"<small>{e(', '.join([*extra, state]))}</small></td>"
    )


def catalog_table(data: DashboardInput, views: dict[str, list[SourceNote]]) -> Iterable[str]:
    yield '<h2 id="catalogues">Catalogues</h2>'
    rows = [c for item in data.languages for c in item.catalogs]
    if not rows:
        yield (
            '<p class="none">No catalogues yet: run <code>pipeline extract</code> and '
            "<code>pipeline update</code>.</p>"
        )
        return
    if len(rows) > CATALOGUE_LIMIT:
        total = len(rows)
        rows = sorted(
            rows,
            key=lambda c: (c.error is None, not c.outdated, c.counts.words_percent, c.path),
        )[:CATALOGUE_LIMIT]
        yield (
            f'<p class="alert" role="note">The table shows {CATALOGUE_LIMIT:,} of {total:,} '
            "catalogues, unreadable and outdated ones first, then the least translated; "
            "every catalogue is in <code>pipeline status</code>.</p>"
        )
    yield '<div class="table-scroll"><table class="catalogues">'
    yield "<caption>Units (PO entries) and words per catalogue.</caption>"
    yield (
        '<thead><tr><th scope="col">Catalogue</th><th scope="col" class="num">Units translated'
        '</th><th scope="col" class="num">Fuzzy</th><th scope="col" class="num">Untranslated'
        '</th><th scope="col" class="num">Outdated</th><th scope="col" class="num">Words '
        'translated</th><th scope="col">State</th></tr></thead><tbody>'
    )
    for row in rows:
        counts = row.counts
        views.setdefault(row.path, []) if viewable(row.path) else None
        link = (
            f'<a href="{source_view_href(row.path)}"><code>{e(row.path)}</code></a>'
            if viewable(row.path)
            else f"<code>{e(row.path)}</code>"
        )
        if row.error:
            state = f'<span class="sev-error">unreadable: {e(row.error)}</span>'
        elif row.outdated:
            state = (
                f'<span class="sev-warning">outdated</span>: {n(counts.outdated)} new or '
                f"changed, {n(counts.removed)} removed units"
            )
        elif row.orphan:
            state = "no source page"
        else:
            state = "up to date"
        yield (
            f'<tr data-lang="{e(row.lang)}" data-domain="{e(row.domain)}" '
            f'data-outdated="{str(row.outdated).lower()}"><th scope="row">{link}</th>'
            f'<td class="num">{n(counts.translated)} of {n(counts.total)}</td>'
            f'<td class="num">{n(counts.fuzzy)}</td><td class="num">{n(counts.untranslated)}</td>'
            f'<td class="num">{n(counts.outdated)}</td>'
            f'<td class="num">{n(counts.translated_words)} of {n(counts.total_words)} '
            f"({pct(counts.words_percent)})</td><td>{state}</td></tr>"
        )
    yield "</tbody></table></div>"
