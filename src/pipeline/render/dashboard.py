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

from pipeline import languages
from pipeline.render.coverage import STATES, Counts, LanguageCoverage, PageCell, PageRow
from pipeline.render.dashboard_assets import CSS, SCRIPT, script_hash
from pipeline.render.dashboard_findings import SEVERITIES, e, findings_section, language_label
from pipeline.render.dashboard_input import DashboardInput
from pipeline.render.dashboard_tables import (
    catalog_table,
    n,
    page_grid,
    page_href,
    pct,
    plural,
)
from pipeline.render.html import bcp47
from pipeline.render.source_view import SourceNote, source_view_href, viewable

__all__ = [
    "NEXT_LIMIT",
    "DashboardInput",
    "DashboardPage",
    "render_dashboard",
]

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
        *page_grid(data),
        *findings_html,
        *catalog_table(data, views),
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
        f"{plural(targets, 'target language')}, {plural(len(data.pages), 'source page')}, "
        f'<a href="#findings">{plural(found, "finding")}</a>'
    )
    if found:
        langs = [data.source_language, *(i.lang for i in data.languages), ""]
        where = [lang for lang in langs if lang in per_lang]
        shown = where if len(where) <= 3 else [lang for lang in where if lang != ""][:1]
        parts = [
            f"{n(sum(per_lang[lang].values()))} on {e(_short_label(lang, data))}" for lang in shown
        ]
        if len(shown) < len(where):
            parts.append("the others per language below")
        text += f" ({', '.join(parts)})"
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
    return ", ".join(plural(counter.get(s, 0), s) for s in SEVERITIES[:2]) + (
        f", {n(counter.get('info', 0))} info"
    )


def _findings_dd(lang: str, counter: Counter[str]) -> str:
    attrs = f' data-filter-lang="{e(lang)}"'
    cells = [
        f'<a href="#findings"{attrs} data-filter-severity="{s}" '
        f'class="{f"sev-{s}" if counter.get(s, 0) else "zero"}" '
        f'data-severity="{s}" data-value="{counter.get(s, 0)}">{n(counter.get(s, 0))} {s}'
        f"{'' if s == 'info' or counter.get(s, 0) == 1 else 's'}</a>"
        for s in SEVERITIES
    ]
    return (
        f'<dt>Findings (<a href="#findings"{attrs}>{n(sum(counter.values()))}</a>)</dt>'
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
            f"<p>{plural(len(data.pages), 'source page')}: {plural(words, 'word')} in "
            f"{plural(units, 'unit')} (each page's distinct texts).</p>",
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
        f"{n(counts.translated_words)} of {n(counts.total_words)}</dd>",
        f'<dt>Units translated</dt><dd class="units-translated" data-value="{counts.translated}" '
        f'data-total="{counts.total}">{n(counts.translated)} of {n(counts.total)} '
        f"({pct(counts.units_percent)})</dd>",
        *(
            f'<dt>{state.capitalize()} units</dt><dd class="units-{state}" '
            f'data-value="{counts.units(state)}">{n(counts.units(state))}</dd>'
            for state in STATES[1:]
        ),
        f'<dt>Outdated catalogues</dt><dd class="outdated-catalogues" '
        f'data-value="{len(item.outdated)}">{n(len(item.outdated))} of '
        f"{n(len(item.catalogs))}</dd>",
    ]
    if no_catalogue:
        rows.append(
            f'<dt>Pages without a catalogue</dt><dd class="no-catalogue" '
            f'data-value="{no_catalogue}">{n(no_catalogue)}</dd>'
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
            f'data-value="{counts.words_percent:.1f}">{pct(counts.words_percent)}</span>'
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
        missing = sum(t[0] for t in todo)
        # Many languages: each list folds (open with a click or Enter), so the page stays short.
        fold = len(data.languages) > 3
        if fold:
            yield (
                f'<details class="next-lang" id="next-{e(lang)}"><summary><strong>{name}</strong>'
                f": {plural(missing, 'word')} to translate in {plural(len(todo), 'page')}"
                "</summary><section>"
            )
        else:
            yield f'<section aria-labelledby="next-{e(lang)}"><h3 id="next-{e(lang)}">{name}</h3>'
        if not todo:
            yield '<p class="none">Nothing to translate: every page is done.</p></section>'
            if fold:
                yield "</details>"
            continue
        yield f'<ol class="next" data-lang="{e(lang)}">'
        for missing, _, row, cell in todo[:NEXT_LIMIT]:
            yield _next_item(data, lang, row, cell, missing, views)
        yield "</ol>"
        if len(todo) > NEXT_LIMIT:
            rest = len(todo) - NEXT_LIMIT
            yield f'<p class="muted">…and {plural(rest, "more page")}: see the pages table.</p>'
        yield "</section></details>" if fold else "</section>"
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
    href = page_href(data, lang, row)
    title = e(row.title)
    label = f'<a href="{href}">{title}</a>' if href else f"<strong>{title}</strong>"
    tags = "".join(
        f'<span class="tag {state}" data-state="{state}" data-value="{counts.units(state)}">'
        f"{n(counts.units(state))} {state}</span>"
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
        f'<span class="what"><strong>{plural(missing, "word")}</strong> to translate '
        f"({pct(counts.words_percent)} of words done) · units: {tags}</span>"
        f'<span class="what">{po}</span></li>'
    )
