"""The translation dashboard (``build/status.html``): one self-contained HTML5 page (pure).

No script, no external asset, no network: inline CSS only. Every text that comes from the
site (pages, catalogues, findings) is HTML-escaped. The output depends only on its inputs
(no timestamp), so rebuilding an unchanged site leaves the file as it is.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from pipeline import languages
from pipeline.model import Finding
from pipeline.render.coverage import LanguageCoverage, PageRow

_CSS = """
:root { color-scheme: light; --ok: #1a7f37; --fuzzy: #bf8700; --todo: #cf222e; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem;
  padding: 0 1rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.languages { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr));
  gap: 1rem; }
.language { border: 1px solid #d0d7de; border-radius: 6px; padding: .75rem 1rem; }
.language h3 { margin: 0 0 .5rem; font-size: 1.1rem; }
.bar { display: flex; height: .9rem; border-radius: 4px; overflow: hidden;
  background: #eaeef2; }
.bar span { display: block; height: 100%; }
.bar .translated { background: var(--ok); } .bar .fuzzy { background: var(--fuzzy); }
.percent { font-size: 1.4rem; font-weight: 600; }
dl.counts { display: grid; grid-template-columns: auto auto; gap: .1rem 1rem; margin: .5rem 0; }
dl.counts dt { color: #59636e; } dl.counts dd { margin: 0; text-align: right; }
.sev-error { color: var(--todo); font-weight: 600; } .sev-warning { color: var(--fuzzy); }
.sev-info { color: #59636e; }
.state-missing { color: var(--todo); } .state-edited { color: var(--fuzzy); }
td.text { white-space: pre-wrap; max-width: 28rem; overflow-wrap: anywhere; }
code { font-size: .9em; }
.none { color: #59636e; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _language_label(code: str) -> str:
    try:
        return f"{languages.english_name(code)} ({code})"
    except Exception:  # an unknown code: show it as it is
        return code


def finding_language(finding: Finding, path_langs: Mapping[str, str]) -> str | None:
    """The language a finding is about, from the file it is in."""
    return path_langs.get(finding.location.path)


def render_dashboard(
    coverage: Sequence[LanguageCoverage],
    findings: Sequence[Finding],
    pages: Sequence[PageRow],
    *,
    path_langs: Mapping[str, str],
    source_language: str,
    project: str = "",
) -> str:
    """The dashboard page.

    ``coverage``: counts per target language; ``findings``: what ``check`` reported;
    ``pages``: every source page with its state per language; ``path_langs``: the language
    of each file of the site (to count findings per language).
    """
    title = f"Translation status — {project}" if project else "Translation status"
    per_lang: dict[str, Counter[str]] = {}
    for finding in findings:
        lang = finding_language(finding, path_langs)
        if lang is not None:
            per_lang.setdefault(lang, Counter())[finding.rule] += 1
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>Source language: {_e(_language_label(source_language))}. "
        f"{len(coverage)} target language{'s' if len(coverage) != 1 else ''}, "
        f"{len(pages)} source page{'s' if len(pages) != 1 else ''}, "
        f"{len(findings)} finding{'s' if len(findings) != 1 else ''}.</p>",
        '<h2 id="coverage">Coverage</h2>',
        '<div class="languages">',
        *(_language_card(item, per_lang.get(item.lang, Counter())) for item in coverage),
        "</div>",
        *_catalog_table(coverage),
        *_page_table(coverage, pages),
        *_findings_table(findings, path_langs, source_language),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _language_card(item: LanguageCoverage, rules: Counter[str]) -> str:
    counts = item.counts
    total = counts.total or 1
    width_ok = 100 * counts.translated / total
    width_fuzzy = 100 * counts.fuzzy / total
    by_rule = "".join(
        f'<dt>{_e(rule)}</dt><dd class="rule" data-rule="{_e(rule)}">{n}</dd>'
        for rule, n in sorted(rules.items())
    )
    return "\n".join(
        [
            f'<section class="language" id="lang-{_e(item.lang)}" data-lang="{_e(item.lang)}">',
            f'<h3><span lang="{_e(languages.bcp47(item.lang))}">'
            f"{_e(_language_label(item.lang))}</span></h3>",
            f'<p><span class="percent">{counts.percent:.1f}%</span> translated '
            f"({counts.translated_words} of {counts.total_words} words)</p>",
            f'<meter class="visually-hidden" min="0" max="100" value="{counts.percent:.1f}" '
            f'title="{counts.percent:.1f}% translated">{counts.percent:.1f}%</meter>',
            '<div class="bar" aria-hidden="true">'
            f'<span class="translated" style="width:{width_ok:.2f}%"></span>'
            f'<span class="fuzzy" style="width:{width_fuzzy:.2f}%"></span></div>',
            '<dl class="counts">',
            f'<dt>Translated</dt><dd class="translated">{counts.translated}</dd>',
            f'<dt>Fuzzy</dt><dd class="fuzzy">{counts.fuzzy}</dd>',
            f'<dt>Untranslated</dt><dd class="untranslated">{counts.untranslated}</dd>',
            f'<dt>Obsolete</dt><dd class="obsolete">{counts.obsolete}</dd>',
            f'<dt>Total</dt><dd class="total">{counts.total}</dd>',
            f'<dt>Findings</dt><dd class="findings">{sum(rules.values())}</dd>',
            by_rule,
            "</dl>",
            "</section>",
        ]
    )


def _catalog_table(coverage: Sequence[LanguageCoverage]) -> Iterable[str]:
    yield '<h2 id="catalogues">Catalogues</h2>'
    rows = [c for item in coverage for c in item.catalogs]
    if not rows:
        yield '<p class="none">No catalogues yet.</p>'
        return
    yield "<table>"
    yield (
        '<thead><tr><th>Language</th><th>Catalogue</th><th class="num">Translated</th>'
        '<th class="num">Fuzzy</th><th class="num">Untranslated</th>'
        '<th class="num">Obsolete</th><th class="num">%</th></tr></thead><tbody>'
    )
    for row in rows:
        counts = row.counts
        note = f' <span class="sev-error">({_e(row.error)})</span>' if row.error else ""
        if row.outdated:
            note += (
                ' <span class="sev-warning outdated">(outdated: run pipeline extract '
                "&amp;&amp; pipeline update)</span>"
            )
        marker = ' data-outdated="true"' if row.outdated else ""
        yield (
            f'<tr data-lang="{_e(row.lang)}" data-domain="{_e(row.domain)}"{marker}>'
            f"<td>{_e(row.lang)}</td>"
            f'<td><a href="../{_e(row.path)}"><code>{_e(row.path)}</code></a>{note}</td>'
            f'<td class="num">{counts.translated}</td><td class="num">{counts.fuzzy}</td>'
            f'<td class="num">{counts.untranslated}</td><td class="num">{counts.obsolete}</td>'
            f'<td class="num">{counts.percent:.1f}</td></tr>'
        )
    yield "</tbody></table>"


def _page_table(coverage: Sequence[LanguageCoverage], pages: Sequence[PageRow]) -> Iterable[str]:
    yield '<h2 id="pages">Pages</h2>'
    if not pages:
        yield '<p class="none">No source pages.</p>'
        return
    langs = [item.lang for item in coverage]
    head = "".join(f'<th class="num">{_e(lang)}</th>' for lang in langs)
    yield f"<table><thead><tr><th>Page</th>{head}</tr></thead><tbody>"
    for row in pages:
        cells = dict(row.cells)
        tds = []
        for lang in langs:
            cell = cells.get(lang)
            if cell is None:
                tds.append('<td class="num none">—</td>')
                continue
            label = (
                f"{cell.percent:.1f}% ({cell.translated}/{cell.total})"
                if cell.has_catalog
                else "no catalogue"
            )
            fuzzy = f", {cell.fuzzy} fuzzy" if cell.fuzzy else ""
            tds.append(
                f'<td class="num state-{_e(cell.state)}" data-lang="{_e(lang)}">'
                f"{_e(label)}{_e(fuzzy)}<br><small>{_e(cell.state)}</small></td>"
            )
        yield (
            f'<tr data-page="{_e(row.name)}"><td><a href="../{_e(row.path)}">'
            f"<code>{_e(row.name)}</code></a></td>{''.join(tds)}</tr>"
        )
    yield "</tbody></table>"


def _findings_table(
    findings: Sequence[Finding], path_langs: Mapping[str, str], source_language: str
) -> Iterable[str]:
    yield f'<h2 id="findings">Findings ({len(findings)})</h2>'
    if not findings:
        yield '<p class="none">No findings.</p>'
        return
    yield (
        "<table><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Message</th>"
        "<th>Source</th><th>Translation</th></tr></thead><tbody>"
    )
    ordered = sorted(findings, key=lambda f: (f.sort_key, f.severity.rank))
    for finding in ordered:
        where = finding.location
        lang = finding_language(finding, path_langs)
        lang_attr = f' lang="{_e(languages.bcp47(lang))}"' if lang else ""
        yield (
            f'<tr class="finding" data-rule="{_e(finding.rule)}">'
            f'<td class="sev-{_e(finding.severity.value)}">{_e(finding.severity.value)}</td>'
            f"<td><code>{_e(finding.rule)}</code></td>"
            f'<td><a href="../{_e(where.path)}#L{where.line}"><code>{_e(where)}</code></a></td>'
            f"<td>{_e(finding.message)}</td>"
            f'<td class="text" lang="{_e(languages.bcp47(source_language))}">'
            f"{_e(finding.source or '')}</td>"
            f'<td class="text"{lang_attr}>{_e(finding.translation or "")}</td></tr>'
        )
    yield "</tbody></table>"
