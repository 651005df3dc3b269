"""A real browser (Debian's Chromium, driven by Playwright) opens the dashboard and preview
pages of the shipped site and of a site with planted faults: the numbers agree with
``status --format json`` and the manifest, the filters and the sort work, the next pages
to translate come in order, axe-core finds no violation, and a screenshot of each page is
kept in ``tests/output/screenshots/``. Skipped when Chromium or Playwright is missing."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest

from helpers import REPO, french_site, launched_chromium
from pipeline.cli import main
from pipeline.config import Config
from pipeline.tasks.build import run_build
from pipeline.tasks.status import write_dashboard
from planted import NEW_PARAGRAPH, REWORDED, planted_site

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
SCREENSHOTS = REPO / "tests" / "output" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_chromium(ARGS)


def built(root: Path, config: Config) -> Config:
    run_build(config, preview=True)
    write_dashboard(config, preview=True)
    return config


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Config:
    root = tmp_path_factory.mktemp("shipped")
    return built(root, french_site(root))


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Config:
    root = tmp_path_factory.mktemp("planted")
    return built(root, planted_site(root))


def open_page(browser: Any, path: Path, *, axe: bool = False, media: str = "screen") -> Any:
    """A page at ``path``; with ``axe`` the page's CSP is bypassed so axe can be injected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=axe)
    page = context.new_page()
    page.emulate_media(media=media)
    page.goto(path.resolve().as_uri())
    return page


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def axe_violations(page: Any) -> list[str]:
    source = AXE.read_text("utf-8")
    assert hashlib.sha256(source.encode()).hexdigest() == AXE_SHA256  # the pinned copy
    page.add_script_tag(content=source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]


def status_json(config: Config) -> dict[str, Any]:
    out = io.StringIO()
    assert main(["-C", str(config.root), "status", "--format", "json"], stdout=out) == 0
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def check_json(config: Config) -> list[dict[str, Any]]:
    out = io.StringIO()
    main(["-C", str(config.root), "check", "--format", "json"], stdout=out)
    findings: list[dict[str, Any]] = json.loads(out.getvalue())["findings"]
    return findings


@pytest.mark.parametrize("site", ["shipped", "planted"])
def test_numbers_agree_with_status_json_and_manifest(
    browser: Any, site: str, request: pytest.FixtureRequest
) -> None:
    config: Config = request.getfixturevalue(site)
    (fr,) = status_json(config)["languages"]
    manifest = json.loads((config.root / "build" / "manifest.json").read_text("utf-8"))
    page = open_page(browser, config.root / "build" / "status.html")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.reload()
    try:
        card = page.locator("section#lang-fr")
        words, units = fr["words"], fr["units"]
        assert card.locator(".words-percent").inner_text() == f"{words['percent']:.1f}%"
        assert card.locator("dd.words-translated").inner_text() == (
            f"{words['translated']:,} of {words['total']:,}"
        )
        assert card.locator("dd.units-translated").inner_text() == (
            f"{units['translated']:,} of {units['total']:,} ({units['percent']:.1f}%)"
        )
        for state in ("fuzzy", "untranslated", "outdated"):
            assert card.locator(f"dd.units-{state}").inner_text() == str(units[state])
        assert card.locator("dd.outdated-catalogues").inner_text() == (
            f"{fr['outdated_catalogues']} of {len(fr['catalogues'])}"
        )
        by_page = {p["page"]: p for p in manifest["pages"]}
        for row in fr["pages"]:
            cell = page.locator(f"table.grid tr[data-page='{row['page']}'] td[data-lang='fr']")
            shown = cell.inner_text().split("\n")
            assert shown[0] == f"{row['words']['percent']:.1f}%"
            assert (
                shown[1]
                == f"{row['units']['translated']} of {row['units']['total']} units translated"
            )
            fr_manifest = by_page[row["page"]]["languages"]["fr"]
            assert fr_manifest["units"] == row["units"]
            assert fr_manifest["words"] == row["words"]
        findings = check_json(config)
        assert page.locator("tbody.finding").count() == len(findings)
        screenshot(page, f"status-{site}.png")
    finally:
        page.close()
    assert requests == [(config.root / "build" / "status.html").resolve().as_uri()]


def test_filters_and_sort_reduce_and_order_the_findings(browser: Any, planted: Config) -> None:
    findings = check_json(planted)
    page = open_page(browser, planted.root / "build" / "status.html")
    rows = page.locator("tbody.finding:visible")

    def shown() -> list[str]:
        return [
            f"{r.get_attribute('data-path')}:{r.get_attribute('data-line')}:{r.get_attribute('data-rule')}"
            for r in rows.all()
        ]

    def expect(keep: Any) -> list[str]:
        return sorted(f"{f['path']}:{f['line']}:{f['rule']}" for f in findings if keep(f))

    try:
        assert (
            page.locator("#findings-shown").inner_text()
            == f"Showing {len(findings)} of {len(findings)} findings"
        )
        page.select_option("select[name=lang]", "fr")
        assert sorted(shown()) == expect(lambda f: "/fr/" in f["path"])
        page.select_option("select[name=rule]", "glossary")
        assert sorted(shown()) == expect(lambda f: f["rule"] == "glossary")
        assert len(shown()) == 3
        page.click("button[type=reset]")
        page.select_option("select[name=severity]", "error")
        assert sorted(shown()) == expect(lambda f: f["severity"] == "error")
        page.select_option("select[name=severity]", "")
        page.fill("input[name=page]", "treaty")
        assert sorted(shown()) == expect(lambda f: "treaty-bodies" in f["path"])
        page.fill("input[name=page]", "")
        page.fill("input[name=q]", "OICS")
        assert shown() == ["content/en/incb.md:10:language-mismatch"]
        assert (
            page.locator("#findings-shown").inner_text() == f"Showing 1 of {len(findings)} findings"
        )
        page.fill("input[name=q]", "")
        # Sort by file and line with the keyboard, then the other way.
        button = page.locator("th[data-sort=where] button")
        button.focus()
        page.keyboard.press("Enter")
        paths = [s.rsplit(":", 2)[0] for s in shown()]
        assert paths == sorted(paths)
        assert page.locator("th[data-sort=where]").get_attribute("aria-sort") == "ascending"
        page.keyboard.press("Enter")
        paths = [s.rsplit(":", 2)[0] for s in shown()]
        assert paths == sorted(paths, reverse=True)
        # A language card's count filters the table.
        page.click("section#lang-en dd.findings a[data-severity=error]")
        assert shown() == ["content/en/incb.md:10:language-mismatch"]
        screenshot(page, "status-planted-filtered.png")
    finally:
        page.close()


def test_next_to_translate_in_expected_order(browser: Any, planted: Config) -> None:
    # Words missing per page, counted from the planted faults with polib (not our reader).
    fr = planted.root / "locale" / "fr" / "LC_MESSAGES"
    treaty = sum(
        len(e.msgid.split()) for e in polib.pofile(str(fr / "treaty-bodies.po")) if not e.msgstr
    )
    cnd = sum(len(e.msgid.split()) for e in polib.pofile(str(fr / "cnd.po")) if "fuzzy" in e.flags)
    hrc = len(f"The main UN body {REWORDED}".split())
    expected = sorted(
        [
            ("treaty-bodies", treaty),
            ("unga", len(NEW_PARAGRAPH.split())),
            ("hrc", hrc),
            ("cnd", cnd),
        ],
        key=lambda item: -item[1],
    )
    page = open_page(browser, planted.root / "build" / "status.html")
    try:
        items = page.locator("ol.next[data-lang=fr] > li")
        got = [
            (li.get_attribute("data-page"), int(li.get_attribute("data-missing-words") or 0))
            for li in items.all()
        ]
        assert got == expected
        first = items.first.inner_text()
        assert f"{treaty} words to translate" in first
        assert "locale/fr/LC_MESSAGES/treaty-bodies.po" in first
        # The PO link opens the source view, whose line anchors work.
        items.first.locator("a[href^='source/']").click()
        assert page.url.endswith("source/locale/fr/LC_MESSAGES/treaty-bodies.po.html")
        assert page.locator("ol.lines > li#L1").count() == 1
    finally:
        page.close()


@pytest.mark.parametrize("site", ["shipped", "planted"])
def test_axe_finds_no_violation(browser: Any, site: str, request: pytest.FixtureRequest) -> None:
    config: Config = request.getfixturevalue(site)
    build = config.root / "build"
    targets = {
        "status": build / "status.html",
        "preview-fr-treaty-bodies": build / "preview" / "fr" / "treaty-bodies.html",
        "preview-fr-index": build / "preview" / "fr" / "index.html",
        "source-incb": build / "source" / "content" / "en" / "incb.md.html",
    }
    for name, path in targets.items():
        page = open_page(browser, path, axe=True)
        try:
            assert axe_violations(page) == [], name
        finally:
            page.close()


def test_preview_marks_fallbacks_and_links_pages(browser: Any, planted: Config) -> None:
    build = planted.root / "build" / "preview"
    page = open_page(browser, build / "fr" / "treaty-bodies.html")
    try:
        notice = page.locator("aside.preview-notice")
        assert notice.inner_text().startswith(
            "1 of 2 passages is not yet translated and is shown in English."
        )
        fallback = page.locator("main article p[lang=en]")
        translated = page.locator("main article h1")
        switcher = page.locator("nav.languages a[lang=en]")

        def background(locator: Any) -> str:
            return str(locator.evaluate("e => getComputedStyle(e).backgroundColor"))

        assert background(fallback) != background(translated)
        assert background(switcher) == background(translated)  # the switcher is not marked
        assert page.locator("nav.languages a[aria-current=page]").inner_text() == "Français"
        screenshot(page, "preview-fr-treaty-bodies.png")
    finally:
        page.close()
    page = open_page(browser, build / "fr" / "index.html")
    try:
        page.click("main a:has-text('Assemblée générale')")
        assert page.url.endswith("/build/preview/fr/unga.html")
        assert page.locator("html").get_attribute("lang") == "fr"
    finally:
        page.close()
    page = open_page(browser, build / "index" / "fr.html")
    try:
        assert page.locator("main h1").inner_text() == "Français"
        page.click("main a >> nth=1")
        assert "/build/preview/fr/" in page.url
    finally:
        page.close()


def test_dashboard_prints_without_its_controls(browser: Any, planted: Config) -> None:
    page = open_page(browser, planted.root / "build" / "status.html", media="print")
    try:
        assert not page.locator("form.filters").is_visible()
        assert not page.locator("nav.toc").is_visible()
        assert page.locator("tbody.finding").first.is_visible()
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    finally:
        page.close()


def test_dashboard_is_keyboard_usable(browser: Any, planted: Config) -> None:
    page = open_page(browser, planted.root / "build" / "status.html")
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        reached = set()
        for _ in range(80):
            page.keyboard.press("Tab")
            reached.add(
                page.evaluate("document.activeElement.name || document.activeElement.tagName")
            )
        assert {"lang", "rule", "severity", "page", "q"} <= reached
    finally:
        page.close()
