"""``pipeline build --pages``: catalogues -> localised Markdown pages (``content/<lang>/``).

A page a person wrote (no generated marker, or a generated page edited since) is never
overwritten, unless ``force`` is given AND every unit of it that aligns with a source unit
is already in the catalogue (the page has been imported): nothing a person wrote is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.catalog import store
from pipeline.catalog.align import align
from pipeline.catalog.extract import domain_of
from pipeline.catalog.model import Catalog
from pipeline.config import Config
from pipeline.content.marker import generated_marker, is_intact
from pipeline.content.pages import decode_page, load_pages, page_path, parse_page
from pipeline.errors import SourceError
from pipeline.fsio import write_if_changed
from pipeline.model import Page
from pipeline.render.markdown_pages import catalog_translations, localize_page


@dataclass(frozen=True, slots=True)
class RefusedPage:
    """A localised page left as it is because a person wrote or edited it."""

    path: str
    """Site-relative path of the page."""
    reason: str
    """Why it was not replaced, for a person."""


@dataclass(frozen=True, slots=True)
class PagesResult:
    """What ``build --pages`` did."""

    written: tuple[str, ...]
    """Pages written (created or changed), sorted."""
    unchanged: tuple[str, ...]
    """Generated pages already up to date."""
    replaced: tuple[str, ...]
    """Hand-written (or hand-edited) pages replaced because ``force`` was given and they had
    been imported; also listed in ``written``."""
    refused: tuple[RefusedPage, ...]
    """Pages a person wrote, left untouched."""
    without_catalog: tuple[str, ...]
    """``lang:page`` pairs skipped because the language has no catalogue for the page."""


def translated_page_path(config: Config, source: Page, lang: str) -> Path:
    """Where the ``lang`` version of a source page lives by the site's layout (same name
    and, where the layout does not spell it, the same extension)."""
    suffix = ".markdown" if source.path.endswith(".markdown") else ".md"
    return page_path(config, lang, source.name, suffix)


def run_pages(config: Config, *, force: bool = False) -> PagesResult:
    """Write ``content/<lang>/<page>.md`` for each target language and source page that has
    a catalogue."""
    sources = load_pages(config, config.source_language)
    written: list[str] = []
    unchanged: list[str] = []
    replaced: list[str] = []
    refused: list[RefusedPage] = []
    without: list[str] = []
    for lang in config.languages:
        catalogs: dict[str, Catalog | None] = {}
        for source in sources:
            domain = domain_of(source, config.domain)
            if domain not in catalogs:
                po = store.po_path(config, lang, domain)
                catalogs[domain] = store.load(config, po) if po.is_file() else None
            catalog = catalogs[domain]
            if catalog is None:
                without.append(f"{lang}:{source.name}")
                continue
            catalog_path = config.display(store.po_path(config, lang, domain))
            target = translated_page_path(config, source, lang)
            display = config.display(target)
            page = localize_page(
                source, catalog_translations(catalog), lang=lang, catalog_path=catalog_path
            )
            existing = _read(target, display)
            if existing is not None and not is_intact(existing):
                refusal = _refusal(source, existing, display, lang, catalog, force)
                if refusal is not None:
                    refused.append(RefusedPage(display, refusal))
                    continue
                replaced.append(display)
            if write_if_changed(target, page.encode("utf-8"), display):
                written.append(display)
            else:
                unchanged.append(display)
    return PagesResult(
        written=tuple(sorted(written)),
        unchanged=tuple(sorted(unchanged)),
        replaced=tuple(sorted(replaced)),
        refused=tuple(sorted(refused, key=lambda r: r.path)),
        without_catalog=tuple(without),
    )


def _read(path: Path, display: str) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", display) from None
    return decode_page(data, display)


def _refusal(
    source: Page, existing: str, display: str, lang: str, catalog: Catalog, force: bool
) -> str | None:
    """Why a hand-written page may not be replaced, or None when it may."""
    what = "was edited by hand" if generated_marker(existing) else "was written by hand"
    if not force:
        return f"{what}; import it ('pipeline import {lang}') and use --force to replace it"
    page = parse_page(existing, display, lang, source.name)
    missing = lost_units(source, page, catalog)
    if missing:
        first = missing[0]
        return (
            f"{what} and {len(missing)} of its units are not in the catalogue "
            f"(first at line {first}); run 'pipeline import {lang}' first"
        )
    return None


def lost_units(source: Page, page: Page, catalog: Catalog) -> list[int]:
    """Lines of the units of a hand-written ``page`` that align with a source unit but whose
    text is neither the source text nor a translation in ``catalog`` (pure)."""
    known = {m.msgstr for m in catalog.messages if not m.obsolete and m.msgstr}
    known |= {s for m in catalog.messages if not m.obsolete for s in m.msgstr_plural if s}
    return [
        pair.target.line
        for pair in align(source, page).pairs
        if pair.target.text != pair.source.text and pair.target.text not in known
    ]
