"""``generated-page``: hand edits and stale generated pages are found, intact ones are not."""

from __future__ import annotations

from dataclasses import replace

from pipeline.catalog.model import Catalog, Message
from pipeline.checks.generated import generated_page_findings, intact_generated
from pipeline.content.pages import parse_page
from pipeline.content.site import CatalogFile, Site
from pipeline.model import Page
from pipeline.render.markdown_pages import catalog_translations, localize_page

PO = "locale/fr/LC_MESSAGES/board.po"
SOURCE = """---
title: "The board"
---

# The board

The board meets twice a year.

It publishes a report.
"""
MESSAGES = [
    Message("The board", "L'organe"),
    Message("The board meets twice a year.", "L'organe se réunit deux fois par an."),
    Message("It publishes a report.", ""),
]


def source_page(text: str = SOURCE) -> Page:
    return parse_page(text, "content/en/board.md", "en", "board")


def catalog(messages: list[Message] = MESSAGES) -> Catalog:
    return Catalog(header=Message("", "Language: fr\n"), messages=list(messages), path=PO)


def generated(source: Page, cat: Catalog) -> str:
    return localize_page(source, catalog_translations(cat), lang="fr", catalog_path=PO)


def site(source: Page, french_text: str, cat: Catalog | None) -> Site:
    french = parse_page(french_text, "content/fr/board.md", "fr", "board")
    files = (CatalogFile(PO, "fr", "board", cat),) if cat is not None else ()
    return Site("en", ("fr",), {"en": (source,), "fr": (french,)}, files)


def findings(s: Site) -> list[tuple[int, str]]:
    return [(c.finding.location.line, c.finding.message) for c in generated_page_findings(s)]


# --- negatives ---------------------------------------------------------------------------


def test_intact_generated_page_is_fine() -> None:
    source = source_page()
    text = generated(source, catalog())
    assert findings(site(source, text, catalog())) == []
    assert intact_generated(parse_page(text, "content/fr/board.md", "fr", "board"))


def test_hand_written_page_is_not_this_rule_business() -> None:
    source = source_page()
    hand = SOURCE.replace("The board meets", "Le conseil se réunit")
    assert findings(site(source, hand, catalog())) == []
    assert not intact_generated(parse_page(hand, "content/fr/board.md", "fr", "board"))


def test_catalogue_change_that_does_not_touch_the_page_is_fine() -> None:
    source = source_page()
    text = generated(source, catalog())
    # A fuzzy translation is not used, and another page's entry is not this page's.
    changed = catalog(
        [
            *MESSAGES[:2],
            replace(MESSAGES[2], msgstr="Il publie un rapport.", flags=("fuzzy",)),
            Message("Another page's text", "Le texte d'une autre page"),
        ]
    )
    assert findings(site(source, text, changed)) == []


# --- positives ---------------------------------------------------------------------------


def test_hand_edit_is_found_at_the_edited_line() -> None:
    source = source_page()
    text = generated(source, catalog())
    edited = text.replace("deux fois par an", "trois fois par an")
    found = findings(site(source, edited, catalog()))
    assert len(found) == 1
    line, message = found[0]
    assert "edited by hand" in message
    assert edited.split("\n")[line - 1].startswith("L'organe se réunit trois fois")


def test_outdated_source_is_found() -> None:
    source = source_page()
    text = generated(source, catalog())
    newer = source_page(SOURCE.replace("twice a year", "three times a year"))
    found = findings(site(newer, text, catalog()))
    assert len(found) == 1
    assert "its source page content/en/board.md changed" in found[0][1]
    assert found[0][0] == 4  # the marker's line, first of the body


def test_newer_catalogue_is_found() -> None:
    source = source_page()
    text = generated(source, catalog())
    newer = catalog([*MESSAGES[:2], replace(MESSAGES[2], msgstr="Il publie un rapport.")])
    found = findings(site(source, text, newer))
    assert len(found) == 1
    assert f"its catalogue {PO} changed" in found[0][1]


def test_missing_catalogue_and_missing_source_are_found() -> None:
    source = source_page()
    text = generated(source, catalog())
    assert "no longer exists" in findings(site(source, text, None))[0][1]
    french = parse_page(text, "content/fr/board.md", "fr", "board")
    orphan = Site("en", ("fr",), {"en": (), "fr": (french,)}, ())
    assert "source page that is gone" in findings(orphan)[0][1]


def test_findings_carry_the_rule_and_warning_severity() -> None:
    source = source_page()
    edited = generated(source, catalog()) + "\nAjout.\n"
    (candidate,) = generated_page_findings(site(source, edited, catalog()))
    assert candidate.finding.rule == "generated-page"
    assert candidate.finding.severity.value == "warning"
    assert candidate.finding.location.path == "content/fr/board.md"
