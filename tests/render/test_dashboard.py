"""The dashboard: self-contained, escaped, every number labelled and equal to ``status``'s,
findings per language (the source language's own card), the next pages to translate in
order, source views with line anchors, deterministic."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

from helpers import french_site
from pipeline.cli import main
from pipeline.model import Finding, Location, Severity
from pipeline.render.coverage import CatalogCoverage, Counts, LanguageCoverage, PageCell, PageRow
from pipeline.render.dashboard import NEXT_LIMIT, DashboardInput, render_dashboard
from pipeline.render.source_view import SourceNote, render_source_view
from pipeline.tasks.status import run_status, write_dashboard
from planted import planted_site

NS = {"h": "http://www.w3.org/1999/xhtml"}
HOSTILE = "<script>alert(1)</script>"


def parse(text: str) -> ET.Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(text)  # type: ignore[no-any-return]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def cell(translated: int, fuzzy: int, untranslated: int, outdated: int) -> PageCell:
    counts = Counts(
        translated,
        fuzzy,
        untranslated,
        0,
        10 * translated,
        10 * fuzzy,
        10 * untranslated,
        outdated,
        10 * outdated,
    )
    return PageCell(counts, "generated", "locale/fr/LC_MESSAGES/a.po")


def sample(**changes: object) -> DashboardInput:
    coverage = [
        LanguageCoverage(
            "fr",
            (
                CatalogCoverage(
                    "locale/fr/LC_MESSAGES/a.po", "fr", "a", Counts(7, 2, 1, 3, 70, 20, 10, 1, 5)
                ),
                CatalogCoverage("locale/fr/LC_MESSAGES/b.po", "fr", "b", Counts(3, 0, 7)),
            ),
        ),
        LanguageCoverage("de", ()),
    ]
    findings = [
        Finding(
            "language-mismatch",
            Severity.ERROR,
            Location("content/fr/a.md", 12),
            f"passage is wrong {HOSTILE}",
            detected="en",
            source=f'Source & "quotes" {HOSTILE}',
            translation=HOSTILE,
        ),
        Finding("fuzzy", Severity.WARNING, Location("locale/fr/LC_MESSAGES/a.po", 30), "fuzzy"),
        Finding("fuzzy", Severity.WARNING, Location("locale/fr/LC_MESSAGES/a.po", 40), "fuzzy"),
        Finding(
            "language-mismatch",
            Severity.ERROR,
            Location("content/en/a.md", 3),
            "passage is in 'fr'",
            detected="fr",
            translation="Texte en français.",
        ),
    ]
    pages = [
        PageRow("a", "content/en/a.md", "Page A", 4, 40, (("fr", cell(3, 1, 0, 0)),)),
        PageRow("b", "content/en/b.md", "Page B", 10, 100, (("fr", cell(3, 0, 7, 0)),)),
        PageRow("c", "content/en/c.md", "Page C", 4, 40, (("fr", cell(1, 0, 0, 3)),)),
        PageRow("d", "content/en/d.md", "Page D", 2, 20, (("fr", cell(2, 0, 0, 0)),)),
    ]
    path_langs = {
        "content/fr/a.md": "fr",
        "locale/fr/LC_MESSAGES/a.po": "fr",
        "content/en/a.md": "en",
    }
    values: dict[str, object] = {
        "languages": coverage,
        "findings": findings,
        "pages": pages,
        "path_langs": path_langs,
        "source_language": "en",
        "project": "Demo",
        "path_pages": {"content/fr/a.md": "a", "locale/fr/LC_MESSAGES/a.po": "a"},
    }
    values.update(changes)
    return DashboardInput(**values)  # type: ignore[arg-type]


def test_hostile_text_is_escaped() -> None:
    html = render_dashboard(sample()).html
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tree = parse(html)
    assert len(tree.findall(".//h:script", NS)) == 1  # the page's own, nothing else
    row = next(
        t for t in tree.findall(".//h:tbody[@class='finding']", NS) if t.get("data-line") == "12"
    )
    texts = [text_of(p) for p in row.findall(".//h:div[@class='pair']//h:p", NS)]
    assert texts == [f'Source & "quotes" {HOSTILE}', HOSTILE]


def test_page_is_self_contained_and_its_script_allowed_by_hash() -> None:
    html = render_dashboard(sample()).html
    assert html.startswith("<!DOCTYPE html>\n")
    tree = parse(html)
    assert tree.get("lang") == "en"
    for element in tree.iter():
        for name in ("src", "href", "action"):
            value = element.get(name)
            assert value is None or not value.startswith(("http:", "https:", "//")), value
    assert tree.findall(".//h:link", NS) == [] and tree.findall(".//h:img", NS) == []
    (script,) = tree.findall(".//h:script", NS)
    assert script.get("src") is None
    digest = hashlib.sha256((script.text or "").encode()).digest()
    csp = tree.find(".//h:meta[@http-equiv='Content-Security-Policy']", NS)
    assert csp is not None
    policy = csp.get("content") or ""
    assert f"script-src 'sha256-{base64.b64encode(digest).decode()}'" in policy
    assert "default-src 'none'" in policy


def test_every_number_is_labelled_words_or_units() -> None:
    tree = parse(render_dashboard(sample()).html)
    fr = tree.find(".//h:section[@id='lang-fr']", NS)
    assert fr is not None
    values = {dd.get("class"): dd for dd in fr.findall(".//h:dd", NS)}
    # a.po + b.po: units 10 + 3 translated of 11 + 10 (1 outdated), words 70 of 105.
    assert values["words-translated"].get("data-value") == "70"
    assert values["words-translated"].get("data-total") == "105"
    assert text_of(values["words-translated"]) == "70 of 105"
    assert text_of(values["units-translated"]) == "10 of 21 (47.6%)"
    assert values["units-fuzzy"].get("data-value") == "2"
    assert values["units-untranslated"].get("data-value") == "8"
    assert values["units-outdated"].get("data-value") == "1"
    assert text_of(values["outdated-catalogues"]) == "1 of 2"
    big = fr.find(".//h:span[@data-value]", NS)
    assert big is not None and text_of(big) == "66.6%"
    assert "of words translated" in text_of(fr)
    labels = [text_of(dt) for dt in fr.findall(".//h:dt", NS)]
    assert labels[:6] == [
        "Words translated",
        "Units translated",
        "Fuzzy units",
        "Untranslated units",
        "Outdated units",
        "Outdated catalogues",
    ]


def test_findings_counted_per_language_with_a_source_card() -> None:
    tree = parse(render_dashboard(sample()).html)
    en = tree.find(".//h:section[@id='lang-en']", NS)
    fr = tree.find(".//h:section[@id='lang-fr']", NS)
    assert en is not None and fr is not None
    assert "source language" in text_of(en)

    def severities(card: ET.Element) -> dict[str, str]:
        return {
            a.get("data-severity") or "": a.get("data-value") or ""
            for a in card.findall(".//h:dd[@class='findings']/h:a", NS)
        }

    assert severities(en) == {"error": "1", "warning": "0", "info": "0"}
    assert severities(fr) == {"error": "1", "warning": "2", "info": "0"}
    summary = tree.find(".//h:p[@class='summary']", NS)
    assert summary is not None
    assert "4 findings (1 on English (en) source pages, 3 on French (fr) files)" in text_of(summary)
    # The passage of the English page is labelled as such, in the language detected.
    row = next(
        t for t in tree.findall(".//h:tbody[@class='finding']", NS) if t.get("data-lang") == "en"
    )
    (block,) = row.findall(".//h:div[@class='text passage']", NS)
    assert "Passage of the English page (detected: French)" in text_of(block)
    paragraph = block.find("h:p", NS)
    assert paragraph is not None and paragraph.get("lang") == "fr"
    assert "Translation" not in text_of(row)


def test_next_to_translate_in_order_of_missing_words() -> None:
    tree = parse(render_dashboard(sample()).html)
    items = tree.findall(".//h:ol[@data-lang='fr']/h:li", NS)
    # b: 70 words missing, c: 30, a: 10; d is done.
    assert [(li.get("data-page"), li.get("data-missing-words")) for li in items] == [
        ("b", "70"),
        ("c", "30"),
        ("a", "10"),
    ]
    spans = items[1].findall(".//h:span[@data-state]", NS)
    assert {t.get("data-state"): t.get("data-value") for t in spans} == {"outdated": "3"}
    assert "locale/fr/LC_MESSAGES/a.po" in text_of(items[0])


def test_next_list_is_cut_at_its_limit() -> None:
    rows = [
        PageRow(
            f"p{i:02d}", f"content/en/p{i:02d}.md", f"P {i}", 1, 10, (("fr", cell(0, 0, 1, 0)),)
        )
        for i in range(NEXT_LIMIT + 3)
    ]
    tree = parse(render_dashboard(sample(pages=rows)).html)
    assert len(tree.findall(".//h:ol[@data-lang='fr']/h:li", NS)) == NEXT_LIMIT
    assert "…and 3 more pages" in text_of(tree)


def test_grid_colours_by_words_translated() -> None:
    tree = parse(render_dashboard(sample()).html)
    cells = {
        tr.get("data-page"): tr.find("h:td", NS)
        for tr in tree.findall(".//h:table[@class='grid']//h:tr[@data-page]", NS)
    }
    levels = {
        name: (td.get("class") or "").split()[-1] for name, td in cells.items() if td is not None
    }
    assert levels == {"a": "level-2", "b": "level-1", "c": "level-1", "d": "level-4"}
    a = cells["a"]
    assert a is not None and a.get("data-words-percent") == "75.0"


def test_findings_link_to_source_views_at_their_line() -> None:
    page = render_dashboard(sample())
    tree = parse(page.html)
    hrefs = [a.get("href") for a in tree.findall(".//h:td[@class='where']/h:a", NS)]
    assert "source/content/fr/a.md.html#L12" in hrefs
    assert "source/locale/fr/LC_MESSAGES/a.po.html#L30" in hrefs
    assert not any(h and h.startswith("../content") for h in hrefs)
    assert page.source_views["content/en/a.md"] == (
        SourceNote(3, "error", "language-mismatch", "passage is in 'fr'"),
    )
    assert "locale/fr/LC_MESSAGES/b.po" in page.source_views  # linked from the catalogues


def test_source_view_escapes_and_anchors_every_line() -> None:
    lines = ["# Title", "", HOSTILE, "x & y"]
    notes = [SourceNote(3, "error", "language-mismatch", f"bad {HOSTILE}")]
    html = render_source_view("content/en/a.md", lines, notes)
    assert HOSTILE not in html
    tree = parse(html)
    items = tree.findall(".//h:ol[@class='lines']/h:li", NS)
    assert [li.get("id") for li in items] == ["L1", "L2", "L3", "L4"]
    assert text_of(items[2]).startswith(HOSTILE)
    assert items[2].get("class") == "noted" and f"bad {HOSTILE}" in text_of(items[2])
    back = tree.find(".//h:a", NS)
    assert back is not None and back.get("href") == "../../../status.html"


def test_written_dashboard_agrees_with_status_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = planted_site(tmp_path)
    written = write_dashboard(config)
    assert written.path == "build/status.html"
    assert main(["-C", str(tmp_path), "status", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1
    (fr,) = document["languages"]
    tree = parse((tmp_path / "build" / "status.html").read_text("utf-8"))
    card = tree.find(".//h:section[@id='lang-fr']", NS)
    assert card is not None
    values = {dd.get("class"): dd.get("data-value") for dd in card.findall(".//h:dd", NS)}
    assert values["words-translated"] == str(fr["words"]["translated"])
    assert values["units-translated"] == str(fr["units"]["translated"])
    for state in ("fuzzy", "untranslated", "outdated"):
        assert values[f"units-{state}"] == str(fr["units"][state]) != "0"
    assert values["outdated-catalogues"] == str(fr["outdated_catalogues"]) == "2"
    # The planted catalogue faults: unga and hrc outdated, treaty-bodies with 2 emptied.
    outdated = {c["domain"] for c in fr["catalogues"] if c["outdated"]}
    assert outdated == {"unga", "hrc"}
    rows = {
        tr.get("data-domain"): tr
        for tr in tree.findall(".//h:table[@class='catalogues']//h:tr[@data-domain]", NS)
    }
    for catalogue in fr["catalogues"]:
        row = rows[catalogue["domain"]]
        units = catalogue["units"]
        assert f"{units['translated']} of {units['total']}" in text_of(row)
        assert row.get("data-outdated") == str(catalogue["outdated"]).lower()
    # The grid's cells are the JSON's pages.
    grid = {
        tr.get("data-page"): tr.find("h:td", NS)
        for tr in tree.findall(".//h:table[@class='grid']//h:tr[@data-page]", NS)
    }
    for page in fr["pages"]:
        td = grid[page["page"]]
        assert td is not None
        assert td.get("data-translated") == str(page["units"]["translated"])
        assert td.get("data-units") == str(page["units"]["total"])
        assert td.get("data-words-percent") == f"{page['words']['percent']:.1f}"
    assert (tmp_path / "build" / "source" / "content" / "en" / "incb.md.html").is_file()


def test_written_dashboard_is_deterministic_and_drops_stale_views(tmp_path: Path) -> None:
    config = french_site(tmp_path)
    write_dashboard(config)
    path = tmp_path / "build" / "status.html"
    first = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    again = write_dashboard(config)
    assert path.read_bytes() == first and again.written == ()
    assert path.stat().st_mtime_ns == stamp  # unchanged: not rewritten
    stale = tmp_path / "build" / "source" / "content" / "fr" / "gone.md.html"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("old", "utf-8")
    write_dashboard(config)
    assert not stale.exists()
    (fr,) = run_status(config).languages
    tree = parse(first.decode("utf-8"))
    section = tree.find(".//h:section[@id='lang-fr']", NS)
    assert section is not None
    values = {dd.get("class"): dd.get("data-value") for dd in section.findall(".//h:dd", NS)}
    assert values["units-translated"] == str(fr.counts.translated) != "0"
    # The known finding of the shipped site: French text in the English incb page.
    rows = tree.findall(".//h:tbody[@class='finding']", NS)
    assert [r.get("data-path") for r in rows] == ["content/en/incb.md"]
    assert re.search(r"1 on English \(en\) source pages", text_of(tree))


def test_many_languages_fold_their_next_lists() -> None:
    langs = [LanguageCoverage(code, ()) for code in ("fr", "de", "es", "it")]
    rows = [
        PageRow(
            "a",
            "content/en/a.md",
            "Page A",
            1,
            10,
            tuple((code, cell(0, 0, 1, 0)) for code in ("fr", "de", "es", "it")),
        )
    ]
    tree = parse(render_dashboard(sample(languages=langs, pages=rows)).html)
    folds = tree.findall(".//h:details[@class='next-lang']", NS)
    assert [d.get("id") for d in folds] == ["next-fr", "next-de", "next-es", "next-it"]
    summary = folds[0].find("h:summary", NS)
    assert summary is not None
    assert text_of(summary) == "French: 10 words to translate in 1 page"


def test_tables_are_cut_past_their_limits_and_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.render import dashboard_findings, dashboard_tables

    monkeypatch.setattr(dashboard_tables, "GRID_LIMIT", 2)
    monkeypatch.setattr(dashboard_tables, "CATALOGUE_LIMIT", 1)
    monkeypatch.setattr(dashboard_findings, "FINDINGS_LIMIT", 2)
    tree = parse(render_dashboard(sample()).html)
    # The pages with most words to translate, the outdated catalogue, the errors.
    grid = tree.findall(".//h:table[@class='grid']//h:tr[@data-page]", NS)
    assert [tr.get("data-page") for tr in grid] == ["b", "c"]
    (catalogue,) = tree.findall(".//h:table[@class='catalogues']//h:tr[@data-domain]", NS)
    assert catalogue.get("data-domain") == "a"
    rows = tree.findall(".//h:tbody[@class='finding']", NS)
    assert [r.get("data-severity") for r in rows] == ["error", "error"]
    notes = [text_of(p) for p in tree.findall(".//h:p[@role='note']", NS)]
    assert any("the 2 of 4 pages with the most words to translate" in t for t in notes)
    assert any("1 of 2 catalogues" in t for t in notes)
    assert any("first 2 of 4 findings" in t for t in notes)
    status = tree.find(".//h:p[@id='findings-shown']", NS)
    assert status is not None
    assert text_of(status) == "Showing 2 of 2 findings listed (4 in all: the table is cut)"
    options = {
        o.get("value"): text_of(o) for o in tree.findall(".//h:select[@name='rule']/h:option", NS)
    }
    assert options["fuzzy"] == "fuzzy (0 of 2 listed)"
    assert options["language-mismatch"] == "language-mismatch (2 of 2 listed)"
