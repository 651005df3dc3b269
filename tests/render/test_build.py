"""pipeline build on the shipped site and on small sites: fragments, fallbacks, thresholds."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import html5lib
import pytest
from babel import Locale

from helpers import REPO, copy_site, snapshot
from pipeline.catalog import store
from pipeline.catalog.model import Catalog, Message
from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.tasks.build import run_build


def shipped_site(target: Path) -> Path:
    """A copy of the shipped site with its catalogues (made with import when not shipped)."""
    site = copy_site(target, with_locale=True)
    shutil.copy(REPO / "pipeline.toml", site / "pipeline.toml")
    if not (site / "locale").is_dir():
        from pipeline.tasks.extract import run_extract
        from pipeline.tasks.importing import run_import
        from pipeline.tasks.update import run_update

        config = load_config(site)
        run_extract(config)
        run_update(config)
        for lang in config.languages:
            run_import(config, lang)
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = shipped_site(tmp_path_factory.mktemp("shipped") / "site")
    run_build(load_config(site), preview=True)
    return site


def _root(fragment: str) -> tuple[str, dict[str, str]]:
    """The root element's name and attributes of a fragment, parsed strictly."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parseFragment(fragment)
    elements = [child for child in tree if isinstance(child.tag, str)]
    assert len(elements) == 1, "a fragment has one root element"
    assert not (tree.text or "").strip()
    return elements[0].tag, dict(elements[0].attrib)


def test_every_page_has_a_fragment_per_language(built: Path) -> None:
    pages = sorted(p.stem for p in (built / "content" / "en").glob("*.md"))
    assert len(pages) >= 10
    for lang in ("en", "fr"):
        names = sorted(p.stem for p in (built / "build" / lang).glob("*.html"))
        assert names == pages


def test_fragments_parse_strictly_with_a_valid_bcp47_root(built: Path) -> None:
    files = sorted((built / "build").glob("*/*.html"))
    assert files
    for file in files:
        if file.parent.name == "preview":
            continue
        tag, attrs = _root(file.read_text("utf-8"))
        assert tag in ("article", "nav"), file
        Locale.parse(attrs["lang"], sep="-")
        assert attrs["dir"] == "ltr"
        assert "<html" not in file.read_text("utf-8")


def test_french_incb_fragment_is_french(built: Path) -> None:
    text = (built / "build" / "fr" / "incb.html").read_text("utf-8")
    assert text.startswith('<article lang="fr" dir="ltr">')
    assert "Organe international de contrôle des stupéfiants" in text
    assert "International Narcotics Control Board" not in text
    english = (built / "build" / "en" / "incb.html").read_text("utf-8")
    assert "<h1>International Narcotics Control Board (INCB)</h1>" in english
    # Front matter is not rendered and the title is not repeated.
    assert english.count("International Narcotics Control Board (INCB)") == 1
    assert "weight" not in english


def test_second_build_changes_nothing(built: Path) -> None:
    before = snapshot(built)
    result = run_build(load_config(built), preview=True)
    assert result.written == ()
    assert result.removed == ()
    assert snapshot(built) == before


def test_mo_files_are_compiled(built: Path) -> None:
    pos = sorted((built / "locale").rglob("*.po"))
    assert pos
    assert all(p.with_suffix(".mo").is_file() for p in pos)


def test_manifest(built: Path) -> None:
    manifest = json.loads((built / "build" / "manifest.json").read_text("utf-8"))
    assert manifest["version"] == 2
    assert manifest["source_language"] == "en"
    assert manifest["languages"] == ["en", "fr"]
    names = [p["page"] for p in manifest["pages"]]
    assert names == sorted(names)
    incb = next(p for p in manifest["pages"] if p["page"] == "incb")
    assert incb["alternates"] == {"en": "en/incb.html", "fr": "fr/incb.html"}
    fr = incb["languages"]["fr"]
    assert fr["path"] == "fr/incb.html"
    assert fr["title"] == "Organe international de contrôle des stupéfiants (OICS)"
    assert fr["completeness"] == 1.0
    # Distinct texts: the title and the heading are one unit (one PO entry), as in status.
    assert fr["units"]["total"] == fr["units"]["translated"] == fr["published"] == 3
    assert fr["words"]["total"] == fr["words"]["translated"] == 75
    assert fr["fallback_units"] == 0
    assert incb["languages"]["en"]["status"] == "source"
    for page in manifest["pages"]:
        for path in page["alternates"].values():
            assert (built / "build" / path).is_file()
    raw = (built / "build" / "manifest.json").read_text("utf-8")
    assert raw == json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def test_index_lists_pages_by_weight_with_native_name(built: Path) -> None:
    nav = (built / "build" / "index" / "fr.html").read_text("utf-8")
    tag, attrs = _root(nav)
    assert (tag, attrs["lang"], attrs["dir"]) == ("nav", "fr", "ltr")
    assert "<h1>Français</h1>" in nav  # CLDR: titlecase-firstword in a menu
    hrefs = re.findall(r'href="([^"]+)"', nav)
    weights = {}
    for page in (built / "content" / "en").glob("*.md"):
        match = re.search(r"^weight: (\d+)$", page.read_text("utf-8"), re.MULTILINE)
        weights[page.stem] = int(match.group(1)) if match else 10**9
    expected = sorted(weights, key=lambda name: (weights[name], name))
    assert hrefs == [f"../fr/{name}.html" for name in expected]
    assert "Organe international de contrôle des stupéfiants (OICS)" in nav
    assert "<h1>English</h1>" in (built / "build" / "index" / "en.html").read_text("utf-8")


def test_preview_documents(built: Path) -> None:
    document = (built / "build" / "preview" / "fr" / "incb.html").read_text("utf-8")
    html5lib.HTMLParser(strict=True).parse(document)
    assert document.startswith('<!DOCTYPE html>\n<html lang="fr" dir="ltr">')
    assert '<meta charset="utf-8">' in document
    assert "<title>Organe international de contrôle des stupéfiants (OICS)</title>" in document
    assert '<link rel="alternate" hreflang="en" href="../en/incb.html">' in document
    assert '<link rel="alternate" hreflang="fr" href="incb.html">' in document
    assert '<link rel="alternate" hreflang="x-default" href="../en/incb.html">' in document
    assert '<a href="../en/incb.html" lang="en" hreflang="en">English</a>' in document
    assert (built / "build" / "fr" / "incb.html").read_text("utf-8") in document
    assert not re.search(r"(src|href)=\"(https?:)?//", document), "no external asset"
    assert "<script" not in document
    index = (built / "build" / "preview" / "index" / "fr.html").read_text("utf-8")
    assert 'href="../fr/incb.html"' in index
    assert (built / "build" / "preview" / "index" / "../fr/incb.html").resolve().is_file()


# --------------------------------------------------------------------------- small sites


def small_site(
    root: Path,
    *,
    pages: dict[str, str],
    translations: dict[str, dict[str, str]] | None = None,
    langs: tuple[str, ...] = ("fr",),
    build: str = "",
) -> Path:
    """A site with English ``pages`` and, per page, a French catalogue of ``translations``."""
    (root / "content" / "en").mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (root / "content" / "en" / f"{name}.md").write_text(text, encoding="utf-8")
    listed = ", ".join(f'"{lang}"' for lang in langs)
    (root / "pipeline.toml").write_text(
        f'source_language = "en"\nlanguages = [{listed}]\n{build}', encoding="utf-8"
    )
    config = load_config(root)
    for name, entries in (translations or {}).items():
        messages = [Message(msgid, msgstr) for msgid, msgstr in entries.items()]
        header = Message("", "Language: fr\nContent-Type: text/plain; charset=UTF-8\n")
        store.save(config, store.po_path(config, "fr", name), Catalog(header, messages))
    return root


PAGE = """---
title: "Drug policy"
weight: 2
---

# Drug policy

The first paragraph, with a [link](https://example.org/a).

- One item
- Two items

| Body | Role |
|:-----|-----:|
| CND  | Vienna |
"""

FULL = {
    "Drug policy": "Politique des drogues",
    "The first paragraph, with a [link](https://example.org/a).": (
        "Le premier paragraphe, avec un [lien](https://example.org/a)."
    ),
    "One item": "Un élément",
    "Two items": "Deux éléments",
    "Body": "Organe",
    "Role": "Rôle",
    "CND": "CND",
    "Vienna": "Vienne",
}


def _manifest(site: Path) -> dict[str, object]:
    data = json.loads((site / "build" / "manifest.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _fr_state(site: Path, page: str = "p") -> dict[str, object]:
    pages = _manifest(site)["pages"]
    assert isinstance(pages, list)
    entry = next(p for p in pages if p["page"] == page)
    state = entry["languages"]["fr"]
    assert isinstance(state, dict)
    return state


def test_emptied_entry_falls_back_to_english_with_lang(tmp_path: Path) -> None:
    site = small_site(tmp_path, pages={"p": PAGE}, translations={"p": FULL})
    run_build(load_config(site))
    assert _fr_state(site)["completeness"] == 1.0
    text = (site / "build" / "fr" / "p.html").read_text("utf-8")
    assert "<p>Le premier paragraphe" in text
    assert "<li>Un élément</li>" in text
    assert '<th align="left">Organe</th>' in text

    emptied = dict(FULL, **{"The first paragraph, with a [link](https://example.org/a).": ""})
    emptied["Two items"] = ""
    site2 = small_site(tmp_path / "two", pages={"p": PAGE}, translations={"p": emptied})
    result = run_build(load_config(site2))
    text = (site2 / "build" / "fr" / "p.html").read_text("utf-8")
    assert (
        '<p lang="en">The first paragraph, with a <a href="https://example.org/a">link</a>.</p>'
        in text
    )
    assert '<li><span lang="en">Two items</span></li>' in text
    assert "<li>Un élément</li>" in text
    state = _fr_state(site2)
    units = state["units"]
    assert isinstance(units, dict)
    assert (units["total"], units["translated"], units["untranslated"]) == (8, 6, 2)
    assert state["published"] == 6
    assert state["fallback_units"] == 2
    assert state["completeness"] == round(6 / 8, 4)
    assert result.problems == ()
    _root(text)


def test_fuzzy_entry_is_not_published(tmp_path: Path) -> None:
    site = small_site(tmp_path, pages={"p": PAGE}, translations={"p": FULL})
    config = load_config(site)
    path = store.po_path(config, "fr", "p")
    catalog = store.load(config, path)
    catalog.messages = [
        m.with_flag("fuzzy") if m.msgid == "Vienna" else m for m in catalog.messages
    ]
    store.save(config, path, catalog)
    run_build(config)
    text = (site / "build" / "fr" / "p.html").read_text("utf-8")
    assert '<td align="right" lang="en">Vienna</td>' in text
    units = _fr_state(site)["units"]
    assert isinstance(units, dict)
    assert (units["translated"], units["fuzzy"]) == (7, 1)


def test_untranslated_title_falls_back_in_index(tmp_path: Path) -> None:
    entries = dict(FULL, **{"Drug policy": ""})
    site = small_site(tmp_path, pages={"p": PAGE}, translations={"p": entries})
    run_build(load_config(site))
    nav = (site / "build" / "index" / "fr.html").read_text("utf-8")
    assert '<a href="../fr/p.html" lang="en">Drug policy</a>' in nav
    assert _fr_state(site)["title"] == "Drug policy"


def test_index_orders_by_weight_then_name(tmp_path: Path) -> None:
    def page(title: str, weight: str) -> str:
        return f'---\ntitle: "{title}"\n{weight}---\n\nText of {title}.\n'

    pages = {
        "b": page("Bravo", "weight: 1\n"),
        "a": page("Alpha", "weight: 1\n"),
        "c": page("Charlie", "weight: -5\n"),
        "d": page("Delta", ""),
        "docs/e": page("Echo", "weight: 3\n"),
    }
    (tmp_path / "content" / "en" / "docs").mkdir(parents=True)
    site = small_site(tmp_path, pages=pages, langs=("de",))
    run_build(load_config(site))
    nav = (site / "build" / "index" / "de.html").read_text("utf-8")
    assert "<h1>Deutsch</h1>" in nav
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert hrefs == [
        "../de/c.html",
        "../de/a.html",
        "../de/b.html",
        "../de/docs/e.html",
        "../de/d.html",
    ]
    assert (site / "build" / "de" / "docs" / "e.html").is_file()


def test_rtl_language(tmp_path: Path) -> None:
    site = small_site(tmp_path, pages={"p": PAGE}, langs=("ar",))
    result = run_build(load_config(site), preview=True)
    text = (site / "build" / "ar" / "p.html").read_text("utf-8")
    tag, attrs = _root(text)
    assert (tag, attrs["lang"], attrs["dir"]) == ("article", "ar", "rtl")
    # Nothing is translated: every unit says it is English, left to right.
    assert '<h1 lang="en" dir="ltr">Drug policy</h1>' in text
    nav = (site / "build" / "index" / "ar.html").read_text("utf-8")
    assert nav.startswith('<nav lang="ar" dir="rtl">')
    assert "<h1>العربية</h1>" in nav
    preview = (site / "build" / "preview" / "ar" / "p.html").read_text("utf-8")
    assert '<html lang="ar" dir="rtl">' in preview
    assert _fr_like(result, "ar") == 0.0


def _fr_like(result: object, lang: str) -> float:
    pages = result.pages
    return next(p.completeness for p in pages if p.lang == lang)


def test_bcp47_tags_for_regional_languages(tmp_path: Path) -> None:
    site = small_site(tmp_path, pages={"p": PAGE}, langs=("pt_BR",))
    run_build(load_config(site), preview=True)
    text = (site / "build" / "pt_BR" / "p.html").read_text("utf-8")
    _tag, attrs = _root(text)
    assert attrs["lang"] == "pt-BR"
    assert str(Locale.parse(attrs["lang"], sep="-")) == "pt_BR"
    preview = (site / "build" / "preview" / "en" / "p.html").read_text("utf-8")
    assert 'hreflang="pt-BR" href="../pt_BR/p.html"' in preview
    assert _manifest(site)["language_tags"] == {"en": "en", "pt_BR": "pt-BR"}


HALF = {"Drug policy": "Politique des drogues", "One item": "Un élément"}


def test_threshold_publish_is_the_default(tmp_path: Path) -> None:
    site = small_site(
        tmp_path,
        pages={"p": PAGE},
        translations={"p": HALF},
        build="[build]\nmin_completeness = 0.5\n",
    )
    result = run_build(load_config(site))
    assert result.skipped == ()
    text = (site / "build" / "fr" / "p.html").read_text("utf-8")
    assert "translation-notice" not in text
    assert _fr_state(site)["status"] == "catalogue"


def test_threshold_notice(tmp_path: Path) -> None:
    build = '[build]\nmin_completeness = 0.5\nbelow_threshold = "notice"\n'
    site = small_site(tmp_path, pages={"p": PAGE}, translations={"p": HALF}, build=build)
    run_build(load_config(site))
    text = (site / "build" / "fr" / "p.html").read_text("utf-8")
    assert '<p class="translation-notice" lang="en">' in text
    assert _fr_state(site)["notice"] is True
    _root(text)
    localised = build + '[build.notice]\nfr = "Page partiellement traduite."\n'
    site2 = small_site(tmp_path / "2", pages={"p": PAGE}, translations={"p": HALF}, build=localised)
    run_build(load_config(site2))
    text = (site2 / "build" / "fr" / "p.html").read_text("utf-8")
    assert '<p class="translation-notice">Page partiellement traduite.</p>' in text


def test_threshold_skip_and_stale_fragment_removed(tmp_path: Path) -> None:
    site = small_site(tmp_path, pages={"p": PAGE}, translations={"p": HALF})
    run_build(load_config(site), preview=True)
    assert (site / "build" / "fr" / "p.html").is_file()
    toml = site / "pipeline.toml"
    toml.write_text(
        toml.read_text("utf-8") + '[build]\nmin_completeness = 0.9\nbelow_threshold = "skip"\n',
        encoding="utf-8",
    )
    result = run_build(load_config(site), preview=True)
    assert result.skipped == ("fr/p",)
    assert not (site / "build" / "fr" / "p.html").exists()
    assert "build/fr/p.html" in result.removed
    assert "build/preview/fr/p.html" in result.removed
    state = _fr_state(site)
    assert state["status"] == "skipped"
    assert state["path"] is None
    manifest = _manifest(site)
    pages = manifest["pages"]
    assert isinstance(pages, list)
    assert pages[0]["alternates"] == {"en": "en/p.html"}
    assert "p.html" not in (site / "build" / "index" / "fr.html").read_text("utf-8")
    preview = (site / "build" / "preview" / "en" / "p.html").read_text("utf-8")
    assert 'hreflang="fr"' not in preview


def test_hand_written_page_without_catalogue_is_rendered_as_is(tmp_path: Path) -> None:
    site = small_site(tmp_path, pages={"p": PAGE, "q": PAGE})
    (site / "content" / "fr").mkdir()
    (site / "content" / "fr" / "q.md").write_text(
        '---\ntitle: "Écrite à la main"\n---\n\n# Écrite à la main\n\nTexte.\n', encoding="utf-8"
    )
    run_build(load_config(site))
    text = (site / "build" / "fr" / "q.html").read_text("utf-8")
    assert (
        text
        == '<article lang="fr" dir="ltr">\n<h1>Écrite à la main</h1>\n<p>Texte.</p>\n</article>\n'
    )
    state = _fr_state(site, "q")
    assert state["status"] == "hand-written"
    assert state["title"] == "Écrite à la main"
    untranslated = (site / "build" / "fr" / "p.html").read_text("utf-8")
    assert '<h1 lang="en">Drug policy</h1>' in untranslated


def test_localized_links(tmp_path: Path) -> None:
    page = "# Bodies\n\n- [General Assembly](unga/)\n- [Council](hrc/)\n"
    entries = {
        "Bodies": "Organes",
        "[General Assembly](unga/)": "[Assemblée générale](agnu/)",
        "[Council](hrc/)": "[Conseil](hrc/)",
    }
    build = '[build.localized_links]\nfr = { "unga/" = "agnu/", "hrc/" = "cdh/" }\n'
    site = small_site(tmp_path, pages={"p": page}, translations={"p": entries}, build=build)
    result = run_build(load_config(site))
    assert result.problems == ()
    text = (site / "build" / "fr" / "p.html").read_text("utf-8")
    assert '<a href="agnu/">Assemblée générale</a>' in text
    assert '<a href="cdh/">Conseil</a>' in text
    english = (site / "build" / "en" / "p.html").read_text("utf-8")
    assert '<a href="unga/">General Assembly</a>' in english
    # Without the configuration the localised target is refused.
    site2 = small_site(tmp_path / "2", pages={"p": page}, translations={"p": entries})
    result2 = run_build(load_config(site2))
    po = (site2 / "locale" / "fr" / "LC_MESSAGES" / "p.po").read_text("utf-8").splitlines()
    line = po.index('msgid "[General Assembly](unga/)"') + 1
    assert [str(f.location) for f in result2.problems] == [f"locale/fr/LC_MESSAGES/p.po:{line}"]
    assert "link target 'agnu/' is not in the source" in result2.problems[0].message
    text = (site2 / "build" / "fr" / "p.html").read_text("utf-8")
    assert '<li><span lang="en"><a href="unga/">General Assembly</a></span></li>' in text


def test_footnotes_and_raw_html_in_source_are_sanitized(tmp_path: Path) -> None:
    page = (
        'Text with a note[^1] and <b onclick="x()">bold</b>.\n\n'
        "<script>alert(1)</script>\n\n"
        "[^1]: The note.\n"
    )
    entries = {
        'Text with a note[^1] and <b onclick="x()">bold</b>.': (
            'Texte avec une note[^1] et <b onclick="x()">gras</b>.'
        ),
        "The note.": "La note.",
    }
    site = small_site(tmp_path, pages={"p": page}, translations={"p": entries})
    result = run_build(load_config(site))
    assert result.problems == ()
    for lang in ("en", "fr"):
        text = (site / "build" / lang / "p.html").read_text("utf-8")
        assert "<script" not in text and "onclick" not in text and "alert" not in text
        _root(text)
    text = (site / "build" / "fr" / "p.html").read_text("utf-8")
    assert (
        'Texte avec une note<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>'
        in text
    )
    assert '<a href="#fnref1" class="footnote-backref">' in text
    assert "La note." in text


def test_unknown_build_key_is_a_config_error(tmp_path: Path) -> None:
    site = small_site(tmp_path, pages={"p": PAGE})
    with (site / "pipeline.toml").open("a", encoding="utf-8") as config:
        config.write("[build]\nmin_completenes = 0.5\n")
    with pytest.raises(ConfigError) as caught:  # raised when the configuration is read
        run_build(load_config(site))
    assert str(caught.value) == (
        "pipeline.toml:4: unknown key 'build.min_completenes' (did you mean 'min_completeness'?)"
    )
    assert not (site / "build").exists()
