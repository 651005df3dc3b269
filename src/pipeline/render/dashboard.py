"""The translation dashboard (``build/status.html``): one self-contained HTML5 page (pure).

No external asset and no network: inline CSS, and one inline script (allowed by its hash
in the page's Content-Security-Policy) that filters and sorts the findings; without it
the page shows everything. Every text that comes from the site is HTML-escaped. The output
depends only on its inputs (no timestamp), so rebuilding an unchanged site leaves the file
as it is.

Every number is labelled with its measure (words or units, see
:mod:`pipeline.render.coverage`) and is the one ``status`` and the manifest give. The
findings link to generated source views (:mod:`pipeline.render.source_view`): the page
says which views to write (:attr:`DashboardPage.source_views`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from pipeline import languages
from pipeline.render.coverage import STATES, Counts, LanguageCoverage, PageCell, PageRow
from pipeline.render.dashboard_assets import CSS, SCRIPT, script_hash
from pipeline.render.dashboard_findings import SEVERITIES, e, findings_section, language_label
from pipeline.render.dashboard_input import DashboardInput
from pipeline.render.html import bcp47
from pipeline.render.source_view import SourceNote, source_view_href, viewable

__all__ = ["NEXT_LIMIT", "DashboardInput", "DashboardPage", "render_dashboard"]

NEXT_LIMIT = 10
"""Pages listed per language under "What to translate next"."""

_STATE_LABELS = {
    "translated": "translated",
    "fuzzy": "fuzzy (to review)",
    "untranslated": "untranslated",
    "outdated": "outdated (source changed, run update)",
}


@dataclass(frozen=True, slots=True)
class DashboardPage:
    """The dashboard and the source views it links to."""

    html: str
    """``status.html``."""
    source_views: dict[str, tuple[SourceNote, ...]]
    """Site files to write a view of, with the findings to show in each."""


def _n(value: int) -> str:
    return f"{value:,}"


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def _plural(count: int, word: str) -> str:
    return f"{_n(count)} {word}{'' if count == 1 else 's'}"


def render_dashboard(data: DashboardInput) -> DashboardPage:
    """The dashboard page and the views it links to."""
    title = f"Translation status — {data.project}" if data.project else "Translation status"
    views: dict[str, list[SourceNote]] = {}
    per_lang: dict[str, Counter[str]] = {}
    for finding in data.findings:
        lang = data.path_langs.get(finding.location.path, "")
        per_lang.setdefault(lang, Counter())[finding.severity.value] += 1
    findings_html = list(findings_section(data, views))
    next_html = list(_next_section(data, views))
    body = [
        '<a class="skip" href="#main">Skip to the content</a>',
        '<header class="top"><div class="wrap">',
        f"<h1>{e(title)}</h1>",
        f'<p class="summary">{_summary(data, per_lang)}</p>',
        '<nav class="toc" aria-label="Sections"><ul>',
        '<li><a href="#overview">Overview</a></li>',
        '<li><a href="#next">What to translate next</a></li>',
        '<li><a href="#pages">Pages</a></li>',
        '<li><a href="#findings">Findings</a></li>',
        '<li><a href="#catalogues">Catalogues</a></li>',
        "</ul></nav>",
        "</div></header>",
        '<main id="main" class="wrap">',
        *_error_banner(data.error),
        '<h2 id="overview">Overview</h2>',
        _legend(),
        '<div class="cards">',
        _source_card(data, per_lang.get(data.source_language, Counter())),
        *(
            _language_card(item, per_lang.get(item.lang, Counter()), data)
            for item in data.languages
        ),
        *_other_card(data, per_lang),
        "</div>",
        *next_html,
        *_page_grid(data),
        *findings_html,
        *_catalog_table(data, views),
        "</main>",
    ]
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src {script_hash()}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        *body,
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
        "",
    ]
    sources = {path: tuple(notes) for path, notes in sorted(views.items())}
    return DashboardPage("\n".join(parts), sources)


def _summary(data: DashboardInput, per_lang: Mapping[str, Counter[str]]) -> str:
    targets = len(data.languages)
    found = len(data.findings)
    text = (
        f"Source language: {e(language_label(data.source_language))}. "
        f"{_plural(targets, 'target language')}, {_plural(len(data.pages), 'source page')}, "
        f'<a href="#findings">{_plural(found, "finding")}</a>'
    )
    if found:
        where = [
            f"{_n(sum(per_lang[lang].values()))} on {e(_short_label(lang, data))}"
            for lang in (data.source_language, *(i.lang for i in data.languages), "")
            if lang in per_lang
        ]
        text += f" ({', '.join(where)})"
    return text + "."


def _short_label(lang: str, data: DashboardInput) -> str:
    if not lang:
        return "other files"
    name = language_label(lang)
    return f"{name} source pages" if lang == data.source_language else f"{name} files"


def _error_banner(error: str | None) -> Iterable[str]:
    if error:
        yield (
            '<div class="alert" role="alert" id="build-error"><strong>The site could not be '
            f"built:</strong> <code>{e(error)}</code><br>Fix the file and save it; the "
            "figures below are from the files that could be read.</div>"
        )


def _legend() -> str:
    items = "".join(
        f'<li><span class="key {state}" aria-hidden="true"></span>{e(_STATE_LABELS[state])}</li>'
        for state in STATES
    )
    return f'<ul class="legend" aria-label="Colours of the bars">{items}</ul>'


def _bar(counts: Counts) -> str:
    total = counts.total_words or 1
    spans = "".join(
        f'<span class="{state}" style="width:{100 * counts.words(state) / total:.2f}%"></span>'
        for state in STATES
        if counts.words(state)
    )
    return f'<div class="bar" aria-hidden="true">{spans}</div>'


def _severity_counts(counter: Counter[str]) -> str:
    return ", ".join(_plural(counter.get(s, 0), s) for s in SEVERITIES[:2]) + (
        f", {_n(counter.get('info', 0))} info"
    )


def _findings_dd(lang: str, counter: Counter[str]) -> str:
    attrs = f' data-filter-lang="{e(lang)}"'
    cells = [
        f'<a href="#findings"{attrs} data-filter-severity="{s}" '
        f'class="{f"sev-{s}" if counter.get(s, 0) else "zero"}" '
        f'data-severity="{s}" data-value="{counter.get(s, 0)}">{_n(counter.get(s, 0))} {s}'
        f"{'' if s == 'info' or counter.get(s, 0) == 1 else 's'}</a>"
        for s in SEVERITIES
    ]
    return (
        f'<dt>Findings (<a href="#findings"{attrs}>{_n(sum(counter.values()))}</a>)</dt>'
        f'<dd class="findings" data-value="{sum(counter.values())}">{", ".join(cells)}</dd>'
    )


def _source_card(data: DashboardInput, counter: Counter[str]) -> str:
    lang = data.source_language
    words = sum(row.words for row in data.pages)
    units = sum(row.units for row in data.pages)
    return "\n".join(
        [
            f'<section class="card source" id="lang-{e(lang)}" data-lang="{e(lang)}" '
            f'aria-labelledby="lang-{e(lang)}-h">',
            f'<h3 id="lang-{e(lang)}-h">{e(languages.english_name(lang))} <code>{e(lang)}</code>'
            ' <span class="muted">— source language</span></h3>',
            f"<p>{_plural(len(data.pages), 'source page')}: {_plural(words, 'word')} in "
            f"{_plural(units, 'unit')} (each page's distinct texts).</p>",
            '<dl class="counts">',
            _findings_dd(lang, counter),
            "</dl>",
            '<p class="muted">Findings here are on the source pages themselves: a passage '
            "in the wrong language, broken markup.</p>",
            "</section>",
        ]
    )


def _other_card(data: DashboardInput, per_lang: Mapping[str, Counter[str]]) -> Iterable[str]:
    counter = per_lang.get("")
    if counter:
        yield (
            '<section class="card" id="lang-other" data-lang=""><h3>Other files</h3>'
            f'<dl class="counts">{_findings_dd("", counter)}</dl></section>'
        )


def _language_card(item: LanguageCoverage, counter: Counter[str], data: DashboardInput) -> str:
    counts = item.counts
    lang = item.lang
    native = languages.native_name(lang)
    no_catalogue = sum(
        1
        for row in data.pages
        for code, cell in row.cells
        if code == lang and cell.catalogue is None
    )
    rows = [
        f'<dt>Words translated</dt><dd class="words-translated" '
        f'data-value="{counts.translated_words}" data-total="{counts.total_words}">'
        f"{_n(counts.translated_words)} of {_n(counts.total_words)}</dd>",
        f'<dt>Units translated</dt><dd class="units-translated" data-value="{counts.translated}" '
        f'data-total="{counts.total}">{_n(counts.translated)} of {_n(counts.total)} '
        f"({_pct(counts.units_percent)})</dd>",
        *(
            f'<dt>{state.capitalize()} units</dt><dd class="units-{state}" '
            f'data-value="{counts.units(state)}">{_n(counts.units(state))}</dd>'
            for state in STATES[1:]
        ),
        f'<dt>Outdated catalogues</dt><dd class="outdated-catalogues" '
        f'data-value="{len(item.outdated)}">{_n(len(item.outdated))} of '
        f"{_n(len(item.catalogs))}</dd>",
    ]
    if no_catalogue:
        rows.append(
            f'<dt>Pages without a catalogue</dt><dd class="no-catalogue" '
            f'data-value="{no_catalogue}">{_n(no_catalogue)}</dd>'
        )
    rows.append(_findings_dd(lang, counter))
    return "\n".join(
        [
            f'<section class="card" id="lang-{e(lang)}" data-lang="{e(lang)}" '
            f'aria-labelledby="lang-{e(lang)}-h">',
            f'<h3 id="lang-{e(lang)}-h">{e(languages.english_name(lang))} '
            f'<span lang="{e(bcp47(lang))}" class="muted">{e(native)}</span> '
            f"<code>{e(lang)}</code></h3>",
            f'<p class="headline"><span class="big words-percent" '
            f'data-value="{counts.words_percent:.1f}">{_pct(counts.words_percent)}</span>'
            "of words translated</p>",
            _bar(counts),
            '<dl class="counts">',
            *rows,
            "</dl>",
            f'<p><a href="#next-{e(lang)}">What to translate next in '
            f"{e(languages.english_name(lang))}</a></p>",
            "</section>",
        ]
    )


def _page_href(data: DashboardInput, lang: str, row: PageRow) -> str | None:
    """The page's preview, when the preview pages were built."""
    if data.preview:
        return e(quote(f"preview/{lang}/{row.name}.html"))
    return None


def _next_section(data: DashboardInput, views: dict[str, list[SourceNote]]) -> Iterable[str]:
    yield '<h2 id="next">What to translate next</h2>'
    yield (
        "<p>Per language, the pages with the most words still to translate (fuzzy, "
        "untranslated and outdated units), most first.</p>"
    )
    if not data.languages:
        yield '<p class="none">No target language.</p>'
        return
    yield '<div class="next-lists">'
    for item in data.languages:
        lang = item.lang
        todo = sorted(
            (
                (cell.counts.missing_words, row.name, row, cell)
                for row in data.pages
                for code, cell in row.cells
                if code == lang and cell.counts.missing_words
            ),
            key=lambda t: (-t[0], t[1]),
        )
        name = e(languages.english_name(lang))
        yield f'<section aria-labelledby="next-{e(lang)}"><h3 id="next-{e(lang)}">{name}</h3>'
        if not todo:
            yield '<p class="none">Nothing to translate: every page is done.</p></section>'
            continue
        yield f'<ol class="next" data-lang="{e(lang)}">'
        for missing, _, row, cell in todo[:NEXT_LIMIT]:
            yield _next_item(data, lang, row, cell, missing, views)
        yield "</ol>"
        if len(todo) > NEXT_LIMIT:
            rest = len(todo) - NEXT_LIMIT
            yield f'<p class="muted">…and {_plural(rest, "more page")}: see the pages table.</p>'
        yield "</section>"
    yield "</div>"


def _next_item(
    data: DashboardInput,
    lang: str,
    row: PageRow,
    cell: PageCell,
    missing: int,
    views: dict[str, list[SourceNote]],
) -> str:
    counts = cell.counts
    href = _page_href(data, lang, row)
    title = e(row.title)
    label = f'<a href="{href}">{title}</a>' if href else f"<strong>{title}</strong>"
    tags = "".join(
        f'<span class="tag {state}" data-state="{state}" data-value="{counts.units(state)}">'
        f"{_n(counts.units(state))} {state}</span>"
        for state in STATES[1:]
        if counts.units(state)
    )
    if cell.catalogue is not None and viewable(cell.catalogue):
        views.setdefault(cell.catalogue, [])
        po = f'<a href="{source_view_href(cell.catalogue)}"><code>{e(cell.catalogue)}</code></a>'
    else:
        po = "no catalogue yet (run <code>pipeline update</code>)"
    return (
        f'<li data-page="{e(row.name)}" data-missing-words="{missing}">{label} '
        f"<code>{e(row.name)}</code>"
        f'<span class="what"><strong>{_plural(missing, "word")}</strong> to translate '
        f"({_pct(counts.words_percent)} of words done) · units: {tags}</span>"
        f'<span class="what">{po}</span></li>'
    )


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


def _page_grid(data: DashboardInput) -> Iterable[str]:
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
    yield '<div class="table-scroll"><table class="grid">'
    yield "<caption>Words translated per page and language; units translated below.</caption>"
    yield f'<thead><tr><th scope="col">Page</th>{head}</tr></thead><tbody>'
    for row in data.pages:
        cells = dict(row.cells)
        tds = [_grid_cell(data, lang, row, cells[lang]) for lang in langs if lang in cells]
        yield (
            f'<tr data-page="{e(row.name)}"><th scope="row">{e(row.title)}'
            f"<code>{e(row.name)}</code></th>{''.join(tds)}</tr>"
        )
    yield "</tbody></table></div>"


def _grid_cell(data: DashboardInput, lang: str, row: PageRow, cell: PageCell) -> str:
    counts = cell.counts
    level = _level(counts)
    href = _page_href(data, lang, row)
    percent = _pct(counts.words_percent)
    shown = f'<a href="{href}">{percent}</a>' if href else percent
    extra = [f"{counts.units(s)} {s}" for s in STATES[1:] if counts.units(s)]
    state = cell.state if cell.catalogue is not None else f"{cell.state}, no catalogue"
    return (
        f'<td class="cell num level-{level}" data-lang="{e(lang)}" '
        f'data-words-percent="{counts.words_percent:.1f}" data-translated="{counts.translated}" '
        f'data-units="{counts.total}">{shown}'
        f"<small>{_n(counts.translated)} of {_n(counts.total)} units translated</small>"
        f"<small>{e(', '.join([*extra, state]))}</small></td>"
    )


def _catalog_table(data: DashboardInput, views: dict[str, list[SourceNote]]) -> Iterable[str]:
    yield '<h2 id="catalogues">Catalogues</h2>'
    rows = [c for item in data.languages for c in item.catalogs]
    if not rows:
        yield (
            '<p class="none">No catalogues yet: run <code>pipeline extract</code> and '
            "<code>pipeline update</code>.</p>"
        )
        return
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
                f'<span class="sev-warning">outdated</span>: {_n(counts.outdated)} new or '
                f"changed, {_n(counts.removed)} removed units"
            )
        elif row.orphan:
            state = "no source page"
        else:
            state = "up to date"
        yield (
            f'<tr data-lang="{e(row.lang)}" data-domain="{e(row.domain)}" '
            f'data-outdated="{str(row.outdated).lower()}"><th scope="row">{link}</th>'
            f'<td class="num">{_n(counts.translated)} of {_n(counts.total)}</td>'
            f'<td class="num">{_n(counts.fuzzy)}</td><td class="num">{_n(counts.untranslated)}</td>'
            f'<td class="num">{_n(counts.outdated)}</td>'
            f'<td class="num">{_n(counts.translated_words)} of {_n(counts.total_words)} '
            f"({_pct(counts.words_percent)})</td><td>{state}</td></tr>"
        )
    yield "</tbody></table></div>"
