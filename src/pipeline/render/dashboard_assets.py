"""The dashboard's style sheet and script, inlined into ``status.html`` (pure data).

The script only filters and sorts what the page already holds: without it every finding
is shown, in the page's order. It is allowed by its hash in the page's
Content-Security-Policy (:func:`script_hash`), nothing else may run or load.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d0d7de;
  --panel: #f6f8fa; --link: #0550ae; --focus: #0969da;
  --translated: #1a7f37; --fuzzy: #9a6700; --untranslated: #cf222e; --outdated: #8250df; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0;
  color: var(--ink); background: #fff; }
.wrap { max-width: 76rem; margin: 0 auto; padding: 0 1.25rem 3rem; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible,
summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: .5rem; background: #fff; padding: .5rem 1rem;
  border: 2px solid var(--focus); z-index: 2; }
.skip:focus { left: .5rem; }
header.top { border-bottom: 1px solid var(--line); background: var(--panel); }
header.top .wrap { padding-top: 1rem; padding-bottom: .75rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .75rem; padding-bottom: .3rem;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 0 0 .5rem; }
.summary { margin: 0 0 .5rem; color: var(--muted); }
nav.toc ul { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; flex-wrap: wrap;
  gap: .25rem 1.25rem; }
.alert { border: 2px solid var(--untranslated); background: #ffebe9; padding: .75rem 1rem;
  border-radius: 6px; margin: 1rem 0; }
.alert code { overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(21rem, 1fr));
  gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.1rem; }
.card.source { background: var(--panel); }
.card h3 code, .muted { color: var(--muted); font-weight: normal; }
.headline { margin: .25rem 0 .5rem; }
.big { font-size: 2rem; font-weight: 700; line-height: 1.1; margin-right: .35rem; }
.bar { display: flex; height: .8rem; border-radius: 4px; overflow: hidden;
  background: #eaeef2; margin: .25rem 0 .75rem; }
.bar span { display: block; height: 100%; }
.bar .translated, .key.translated { background: var(--translated); }
.bar .fuzzy, .key.fuzzy { background: var(--fuzzy); }
.bar .untranslated, .key.untranslated { background: var(--untranslated); }
.bar .outdated, .key.outdated { background: var(--outdated); }
.key { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px;
  vertical-align: -.05rem; margin-right: .3rem; }
.legend { list-style: none; padding: 0; margin: .25rem 0 1rem; display: flex;
  flex-wrap: wrap; gap: .25rem 1.25rem; color: var(--muted); font-size: .9rem; }
dl.counts { display: grid; grid-template-columns: auto 1fr; gap: .15rem 1rem; margin: 0; }
dl.counts dt { color: var(--muted); white-space: nowrap; }
.zero { color: var(--muted); font-weight: normal; }
dl.counts dd.findings { grid-column: 1 / -1; text-align: left; margin-bottom: .25rem; }
dl.counts dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
.sev-error { color: var(--untranslated); font-weight: 600; }
.sev-warning { color: var(--fuzzy); font-weight: 600; }
.sev-info { color: var(--muted); }
.next-lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr));
  gap: 1rem 2rem; }
details.next-lang { border: 1px solid var(--line); border-radius: 8px; padding: .4rem .8rem; }
details.next-lang summary { cursor: pointer; }
ol.next { padding-left: 1.6rem; margin: .25rem 0; }
ol.next li { margin: 0 0 .7rem; }
ol.next .what { display: block; color: var(--muted); font-size: .92rem; }
.tag { display: inline-block; border-radius: 999px; padding: 0 .5rem; font-size: .85rem;
  border: 1px solid var(--line); background: #fff; margin-right: .25rem; }
.tag.fuzzy { border-color: var(--fuzzy); } .tag.untranslated { border-color: var(--untranslated); }
.tag.outdated { border-color: var(--outdated); }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; color: var(--muted); padding: 0 0 .4rem; }
th, td { border: 1px solid var(--line); padding: .35rem .55rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--panel); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.grid { width: auto; min-width: 40rem; }
table.grid th[scope=row] { font-weight: normal; }
table.grid th[scope=row] code { color: var(--muted); margin-left: .4rem; }
table.grid td.cell { min-width: 10rem; }
table.grid td.cell small { display: block; color: #3d444d; font-size: .82rem; }
.level-0 { background: #ffebe9; } .level-1 { background: #fff1e5; }
.level-2 { background: #fff8c5; } .level-3 { background: #dafbe1; }
.level-4 { background: #aceebb; } .level-none { background: var(--panel); }
.swatch { display: inline-block; width: 1.1rem; height: .9rem; border: 1px solid var(--line);
  vertical-align: -.1rem; margin-right: .3rem; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end;
  padding: .75rem 1rem; background: var(--panel); border: 1px solid var(--line);
  border-radius: 8px; margin: .5rem 0; }
form.filters label { display: flex; flex-direction: column; font-size: .9rem;
  color: var(--muted); gap: .15rem; }
form.filters select, form.filters input { font: inherit; color: var(--ink);
  padding: .25rem .4rem; border: 1px solid #8c959f; border-radius: 4px; background: #fff;
  min-width: 9rem; }
form.filters input[type=search] { min-width: 16rem; }
button { font: inherit; cursor: pointer; }
form.filters button { padding: .3rem .9rem; border: 1px solid #8c959f; border-radius: 4px;
  background: #fff; }
th button { border: 0; background: none; padding: 0; font-weight: 700; color: var(--ink); }
th button::after { content: " \\2195"; color: var(--muted); }
th[aria-sort=ascending] button::after { content: " \\2191"; }
th[aria-sort=descending] button::after { content: " \\2193"; }
table.findings tbody.finding tr.meta td { border-bottom: 0; }
table.findings tbody.finding tr.texts td { border-top: 0; padding-top: 0; }
table.findings tbody.finding:nth-of-type(even) td { background: #fafbfc; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
  gap: .5rem 1rem; margin: .2rem 0 .3rem; }
.text { border-left: 3px solid var(--line); padding: .1rem .6rem; }
.text .label { display: block; font-size: .8rem; text-transform: uppercase;
  letter-spacing: .03em; color: var(--muted); }
.text p { margin: .1rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.where code { overflow-wrap: anywhere; }
table.findings td:nth-child(2) code { white-space: nowrap; }
table.findings td.where { min-width: 14rem; }
.none { color: var(--muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  body { font-size: 10.5pt; }
  .wrap { max-width: none; padding: 0; }
  header.top { background: none; }
  .skip, nav.toc, form.filters, #findings-shown, th button::after { display: none; }
  th button { font-weight: 700; }
  .card, tbody.finding, ol.next li, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .table-scroll { overflow: visible; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  function unfold() {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", unfold);
  unfold();
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) {
      d.open = true;
    });
  });
  var form = document.getElementById("filters");
  var table = document.getElementById("findings-table");
  if (!form || !table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies);
  var shown = document.getElementById("findings-shown");
  var rank = { error: 0, warning: 1, info: 2 };
  form.hidden = false;
  function value(name) { return form.elements[name].value.trim().toLowerCase(); }
  function apply() {
    var lang = form.elements.lang.value, rule = form.elements.rule.value;
    var severity = form.elements.severity.value, page = value("page"), q = value("q");
    var count = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!lang || d.lang === lang) && (!rule || d.rule === rule) &&
        (!severity || d.severity === severity) &&
        (!page || (d.page || "").toLowerCase().indexOf(page) >= 0) &&
        (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = "Showing " + count + " of " + rows.length + " findings" +
      (shown.dataset.note || "");
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  function key(row, name) {
    var d = row.dataset;
    if (name === "severity") { return [rank[d.severity], Number(d.order)]; }
    if (name === "where") { return [d.path, Number(d.line)]; }
    return [d[name] || "", Number(d.order)];
  }
  function compare(a, b) {
    for (var i = 0; i < a.length; i += 1) {
      if (a[i] < b[i]) { return -1; }
      if (a[i] > b[i]) { return 1; }
    }
    return 0;
  }
  var headers = table.querySelectorAll("thead th[data-sort]");
  Array.prototype.forEach.call(headers, function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var name = th.dataset.sort;
      var up = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var c = compare(key(a, name), key(b, name));
        return up ? c : -c;
      });
      rows.forEach(function (row) { table.appendChild(row); });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("a[data-filter-lang]"), function (a) {
    a.addEventListener("click", function () {
      form.reset();
      form.elements.lang.value = a.dataset.filterLang;
      form.elements.severity.value = a.dataset.filterSeverity || "";
      apply();
    });
  });
  apply();
}());
"""


def script_hash() -> str:
    """The CSP source that allows :data:`SCRIPT` (``'sha256-...'``)."""
    digest = hashlib.sha256(SCRIPT.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
