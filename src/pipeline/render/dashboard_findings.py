"""The dashboard's findings table: filters, sortable columns, source and translation side by
side, each finding linked to the source view of its file at its line (pure).

One ``<tbody>`` per finding (a row of facts, a row of texts), carrying what the filters and
the sort read as ``data-`` attributes. Tables past :data:`FINDINGS_LIMIT` rows are cut,
errors first, and the page says so.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence

from pipeline import languages
from pipeline.model import Finding
from pipeline.render.dashboard_input import DashboardInput
from pipeline.render.html import bcp47
from pipeline.render.source_view import SourceNote, source_view_href, viewable

__all__ = ["FINDINGS_LIMIT", "SEVERITIES", "e", "findings_section", "language_label"]

SEVERITIES = ("error", "warning", "info")
"""Severities, most severe first."""

FINDINGS_LIMIT = 2000
"""Findings shown in the table at most (a browser stays quick; the counts are complete)."""


def e(value: object) -> str:
    """HTML-escaped text (quotes too)."""
    return html.escape(str(value), quote=True)


def language_label(code: str) -> str:
    """``French (fr)``, or the code when CLDR does not know it."""
    name = _name(code)
    return f"{name} ({code})" if name != code else code


def _name(code: str) -> str:
    """The English name of a language, or its code when CLDR does not know it."""
    try:
        return languages.english_name(code)
    except Exception:  # a detector's code CLDR does not know: show it as it is
        return code


def _ordered(findings: Sequence[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; each by file and line."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.sort_key))


def findings_section(data: DashboardInput, views: dict[str, list[SourceNote]]) -> Iterable[str]:
    """The findings heading, filters and table; records the views it links to."""
    findings = _ordered(data.findings)
    yield f'<h2 id="findings">Findings ({len(findings):,})</h2>'
    if not findings:
        yield '<p class="none">No findings.</p>'
        return
    shown = findings[:FINDINGS_LIMIT]
    if len(shown) < len(findings):
        yield (
            f'<p class="alert" role="note">The table shows the first {len(shown):,} of '
            f"{len(findings):,} findings (errors first); the counts above are complete. "
            "For the full list: <code>pipeline check --format json</code>.</p>"
        )
    yield from _filters(data, shown, len(findings))
    yield '<div class="table-scroll">'
    yield '<table class="findings" id="findings-table">'
    yield "<caption>Findings of <code>pipeline check</code>, errors first.</caption>"
    yield (
        "<thead><tr>"
        '<th scope="col" data-sort="severity"><button type="button">Severity</button></th>'
        '<th scope="col" data-sort="rule"><button type="button">Rule</button></th>'
        '<th scope="col" data-sort="lang"><button type="button">Language</button></th>'
        '<th scope="col" data-sort="where"><button type="button">File and line</button></th>'
        '<th scope="col">Message</th></tr></thead>'
    )
    for order, finding in enumerate(shown):
        yield _finding(data, finding, order, views)
    yield "</table></div>"


def _filters(data: DashboardInput, shown: Sequence[Finding], total: int) -> Iterable[str]:
    """The filter form; when the table is cut, each option says how many findings of its
    kind the table holds and how many there are in all."""
    cut = len(shown) < total
    lang_of = [data.path_langs.get(f.location.path, "") for f in data.findings]
    langs = Counter(lang_of)
    listed_langs = Counter(data.path_langs.get(f.location.path, "") for f in shown)
    rules = Counter(f.rule for f in data.findings)
    listed_rules = Counter(f.rule for f in shown)
    pages = sorted({p for p in (_page_of(data, f) for f in shown) if p})

    def count(listed: int, every: int) -> str:
        return f" ({listed:,} of {every:,} listed)" if cut else f" ({every:,})"

    lang_options = "".join(
        f'<option value="{e(code)}">{e(language_label(code) if code else "other files")}'
        f"{count(listed_langs[code], langs[code])}</option>"
        for code in sorted(langs)
    )
    rule_options = "".join(
        f'<option value="{e(rule)}">{e(rule)}{count(listed_rules[rule], rules[rule])}</option>'
        for rule in sorted(rules)
    )
    severity_options = "".join(f'<option value="{s}">{s}</option>' for s in SEVERITIES)
    page_options = "".join(f'<option value="{e(page)}"></option>' for page in pages)
    yield (
        '<form class="filters" id="filters" hidden role="search" aria-label="Filter findings">'
        f'<label>Language<select name="lang"><option value="">All</option>{lang_options}'
        "</select></label>"
        f'<label>Rule<select name="rule"><option value="">All</option>{rule_options}'
        "</select></label>"
        f'<label>Severity<select name="severity"><option value="">All</option>'
        f"{severity_options}</select></label>"
        '<label>Page<input name="page" list="finding-pages" autocomplete="off"></label>'
        f'<datalist id="finding-pages">{page_options}</datalist>'
        '<label>Search text<input type="search" name="q" autocomplete="off"></label>'
        '<button type="reset">Clear filters</button>'
        "</form>"
    )
    note = f" listed ({total:,} in all: the table is cut)" if cut else ""
    yield (
        f'<p id="findings-shown" role="status" aria-live="polite" data-note="{e(note)}">'
        f"Showing {len(shown):,} of {len(shown):,} findings{e(note)}</p>"
    )


def _page_of(data: DashboardInput, finding: Finding) -> str:
    pages = data.path_pages or {}
    return pages.get(finding.location.path, "")


def _finding(
    data: DashboardInput, finding: Finding, order: int, views: dict[str, list[SourceNote]]
) -> str:
    where = finding.location
    lang = data.path_langs.get(where.path, "")
    severity = finding.severity.value
    if viewable(where.path):
        views.setdefault(where.path, []).append(
            SourceNote(where.line, severity, finding.rule, finding.message)
        )
        href = source_view_href(where.path, where.line)
        place = f'<a href="{href}"><code>{_breakable(where)}</code></a>'
    else:
        place = f"<code>{_breakable(where)}</code>"
    lang_cell = e(_name(lang)) if lang else "—"
    texts = _texts(data, finding, lang)
    attrs = (
        f'class="finding" data-severity="{severity}" data-rule="{e(finding.rule)}" '
        f'data-lang="{e(lang)}" data-page="{e(_page_of(data, finding))}" '
        f'data-path="{e(where.path)}" data-line="{where.line}" data-order="{order}"'
    )
    meta = (
        f'<tr class="meta"><td class="sev-{severity}">{severity}</td>'
        f"<td><code>{e(finding.rule)}</code></td><td>{lang_cell}</td>"
        f'<td class="where">{place}</td><td>{e(finding.message)}</td></tr>'
    )
    row = f'<tr class="texts"><td colspan="5">{texts}</td></tr>' if texts else ""
    return f"<tbody {attrs}>{meta}{row}</tbody>"


def _breakable(where: object) -> str:
    """A path, escaped, that may break after each ``/``."""
    return "/<wbr>".join(e(part) for part in str(where).split("/"))


def _block(label: str, text: str, lang: str | None, kind: str) -> str:
    attr = f' lang="{e(bcp47(lang))}"' if lang else ""
    return (
        f'<div class="text {kind}"><span class="label">{e(label)}</span>'
        f"<p{attr}>{e(text)}</p></div>"
    )


def _texts(data: DashboardInput, finding: Finding, lang: str) -> str:
    """Source and translation side by side; a passage of a source page alone, labelled as
    what it is (the text of the source page, in the language detected)."""
    source_lang = data.source_language
    blocks: list[str] = []
    detected = finding.detected if finding.rule == "language-mismatch" else None
    if lang == source_lang or not lang:
        for text in (finding.source, finding.translation):
            if text:
                where = _name(lang) if lang else "this file"
                label = f"Passage of the {where} page" if lang else "Text"
                shown_in = f" (detected: {_name(detected)})" if detected else ""
                blocks.append(_block(label + shown_in, text, detected or lang or None, "passage"))
        return f'<div class="pair">{"".join(blocks)}</div>' if blocks else ""
    if finding.source:
        name = _name(source_lang)
        blocks.append(_block(f"Source ({name})", finding.source, source_lang, "source"))
    if finding.translation:
        name = _name(lang)
        label = f"Translation ({name})"
        if detected and detected != lang:
            label += f" — detected: {_name(detected)}"
        blocks.append(_block(label, finding.translation, detected or lang, "translation"))
    return f'<div class="pair">{"".join(blocks)}</div>' if blocks else ""
