"""The dashboard: self-contained, escaped, with the catalogues' numbers, deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib

from helpers import french_site
from pipeline.model import Finding, Location, Severity
from pipeline.render.coverage import CatalogCoverage, Counts, LanguageCoverage, PageCell, PageRow
from pipeline.render.dashboard import render_dashboard
from pipeline.tasks.status import run_status, write_dashboard

NS = {"h": "http://www.w3.org/1999/xhtml"}
HOSTILE = "<script>alert(1)</script>"


def parse(text: str) -> ET.Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(text)  # type: ignore[no-any-return]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def sample() -> str:
    coverage = [
        LanguageCoverage(
            "fr",
            (
                CatalogCoverage(
                    "locale/fr/LC_MESSAGES/a.po", "fr", "a", Counts(7, 2, 1, 3, 70, 20, 10)
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
            source=f'Source & "quotes" {HOSTILE}',
            translation=HOSTILE,
        ),
        Finding("fuzzy", Severity.WARNING, Location("locale/fr/LC_MESSAGES/a.po", 30), "fuzzy"),
        Finding("fuzzy", Severity.WARNING, Location("locale/fr/LC_MESSAGES/a.po", 40), "fuzzy"),
    ]
    pages = [
        PageRow(
            "a",
            "content/en/a.md",
            (
                ("fr", PageCell(3, 1, 4, "generated", True)),
                ("de", PageCell(0, 0, 4, "missing", False)),
            ),
        )
    ]
    path_langs = {"content/fr/a.md": "fr", "locale/fr/LC_MESSAGES/a.po": "fr"}
    return render_dashboard(
        coverage, findings, pages, path_langs=path_langs, source_language="en", project="Demo"
    )


def test_hostile_text_is_escaped() -> None:
    html = sample()
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tree = parse(html)
    assert tree.findall(".//h:script", NS) == []
    rows = tree.findall(".//h:tr[@class='finding']", NS)
    assert len(rows) == 3
    cells = [text_of(td) for td in rows[0].findall("h:td", NS)]
    assert cells[3] == f"passage is wrong {HOSTILE}"
    assert cells[4] == f'Source & "quotes" {HOSTILE}'
    assert cells[5] == HOSTILE


def test_page_is_self_contained_english_html5() -> None:
    html = sample()
    assert html.startswith("<!DOCTYPE html>\n")
    tree = parse(html)
    assert tree.get("lang") == "en"
    for element in tree.iter():
        for name in ("src", "href", "action"):
            value = element.get(name)
            assert value is None or not value.startswith(("http:", "https:", "//")), value
    assert tree.findall(".//h:link", NS) == [] and tree.findall(".//h:img", NS) == []
    assert len(tree.findall(".//h:style", NS)) == 1


def test_numbers_per_language() -> None:
    tree = parse(sample())
    fr = tree.find(".//h:section[@id='lang-fr']", NS)
    assert fr is not None
    values = {dd.get("class"): text_of(dd) for dd in fr.findall(".//h:dd", NS)}
    assert values["translated"] == "10"
    assert values["fuzzy"] == "2"
    assert values["untranslated"] == "8"
    assert values["obsolete"] == "3"
    assert values["findings"] == "3"
    assert {
        dd.get("data-rule"): text_of(dd) for dd in fr.findall(".//h:dd[@class='rule']", NS)
    } == {
        "fuzzy": "2",
        "language-mismatch": "1",
    }
    meter = fr.find(".//h:meter", NS)
    assert meter is not None and meter.get("value") == "50.0"
    assert "50.0%" in text_of(fr)
    de = tree.find(".//h:section[@id='lang-de']", NS)
    assert de is not None and "0.0%" in text_of(de)
    link = tree.find(".//h:tr[@class='finding']//h:a", NS)
    assert link is not None and link.get("href") == "../content/fr/a.md#L12"
    assert text_of(link) == "content/fr/a.md:12"
    page = tree.find(".//h:tr[@data-page='a']", NS)
    assert page is not None and "75.0% (3/4), 1 fuzzy" in text_of(page)


def test_written_dashboard_has_the_site_numbers_and_is_deterministic(tmp_path: Path) -> None:
    config = french_site(tmp_path)
    assert write_dashboard(config) == "build/status.html"
    path = tmp_path / "build" / "status.html"
    first = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    write_dashboard(config)
    assert path.read_bytes() == first
    assert path.stat().st_mtime_ns == stamp  # unchanged: not rewritten
    (fr,) = run_status(config).languages
    tree = parse(first.decode("utf-8"))
    section = tree.find(".//h:section[@id='lang-fr']", NS)
    assert section is not None
    values = {dd.get("class"): text_of(dd) for dd in section.findall(".//h:dd", NS)}
    assert values["translated"] == str(fr.counts.translated) != "0"
    assert values["untranslated"] == str(fr.counts.untranslated)
    # The known finding of the shipped site: French text in the English incb page.
    rows = tree.findall(".//h:tr[@class='finding']", NS)
    assert any("content/en/incb.md:" in text_of(row) for row in rows)
