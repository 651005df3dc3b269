"""What kind of multilingual site a folder holds, found by looking (for ``pipeline init``).

Three layouts are recognised, each by its files:

- **folders**: one folder per language holding Markdown pages (Hugo's ``content/en/``,
  ``content/fr/``; also ``docs/<lang>/``), the layout pipeline reads;
- **suffix**: the language in the file name (Hugo's ``content/about.fr.md``, MkDocs with
  mkdocs-static-i18n's ``docs/index.fr.md``);
- **gettext**: catalogues in ``<dir>/<lang>/LC_MESSAGES/*.po`` (Sphinx's ``locale/``; a
  ``conf.py`` makes it a Sphinx project).

Only names are read, never file contents; hidden folders, ``node_modules`` and the
pipeline's own outputs are skipped.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline import languages

__all__ = ["FoundSite", "discover"]

_CONTENT_DIRS = ("content", "docs", "doc", "src/content", "site/content")
_LOCALE_DIRS = ("locale", "locales", "docs/locale", "doc/locale", "source/locale", "po")
_SPHINX_CONF = ("conf.py", "docs/conf.py", "doc/conf.py", "source/conf.py", "docs/source/conf.py")
_PAGE = re.compile(r"^(?P<stem>.+?)\.(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,4})?)\.md$")
_SKIP = {"node_modules", "build", "public", "_build", "site", "vendor", "themes"}


@dataclass(frozen=True, slots=True)
class FoundSite:
    """What :func:`discover` found."""

    layout: str
    """``folders``, ``suffix``, ``gettext`` or ``none``."""
    generator: str
    """A name for people (``Hugo``, ``MkDocs``, ``Sphinx``), or ``""``."""
    content_dir: str | None
    """The folder holding the pages (``content``), or None."""
    locale_dir: str | None
    """The folder holding existing catalogues (``locale``), or None."""
    languages: tuple[str, ...]
    """Languages found, as the site spells them, sorted."""
    source_language: str
    """The language the pages are written in first (``en`` when present, else the one
    with the most pages)."""
    pages: dict[str, int]
    """Pages found per language (catalogues, for the gettext layout; ``(default)``: pages
    with no language suffix)."""
    other_folders: tuple[str, ...] = ()
    """Folders beside the language folders that are not language codes."""


def _walk_pages(folder: Path) -> list[Path]:
    found: list[Path] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP)
        found.extend(Path(top, f) for f in files if f.endswith((".md", ".markdown")))
    return found


def _language_folders(root: Path, name: str) -> tuple[dict[str, int], tuple[str, ...]]:
    folder = root / name
    counts: dict[str, int] = {}
    others: list[str] = []
    if not folder.is_dir():
        return counts, ()
    for child in sorted(folder.iterdir()):
        if not child.is_dir() or child.name.startswith((".", "_")):
            continue
        pages = len(_walk_pages(child))
        if languages.is_known(child.name) and pages:
            counts[child.name] = pages
        else:
            others.append(child.name)
    return counts, tuple(others)


def _suffix_pages(root: Path, name: str) -> dict[str, int]:
    folder = root / name
    if not folder.is_dir():
        return {}
    counts: Counter[str] = Counter()
    plain = 0
    for path in _walk_pages(folder):
        match = _PAGE.match(path.name)
        if match and languages.is_known(match.group("lang")):
            counts[match.group("lang")] += 1
        else:
            plain += 1
    if counts and plain:
        counts["(default)"] = plain
    return dict(counts)


def _catalogue_languages(root: Path) -> tuple[str | None, dict[str, int]]:
    for name in _LOCALE_DIRS:
        folder = root / name
        if not folder.is_dir():
            continue
        counts = {
            child.name: sum(1 for _ in (child / "LC_MESSAGES").rglob("*.po"))
            for child in sorted(folder.iterdir())
            if child.is_dir() and (child / "LC_MESSAGES").is_dir()
        }
        counts = {lang: n for lang, n in counts.items() if n}
        if counts:
            return name, counts
    return None, {}


def _source(counts: dict[str, int], default: str = "en") -> str:
    if default in counts or not counts:
        return default
    return max(sorted(counts), key=lambda lang: counts[lang])


def discover(root: Path) -> FoundSite:
    """The layout of the site at ``root`` (the first that fits: language folders, language
    suffixes, catalogues)."""
    locale_dir, catalogues = _catalogue_languages(root)
    sphinx = any((root / conf).is_file() for conf in _SPHINX_CONF)
    for name in _CONTENT_DIRS:
        counts, others = _language_folders(root, name)
        if len(counts) >= 2 or (counts and not others):
            generator = "Hugo" if name == "content" else "MkDocs" if name == "docs" else ""
            return FoundSite(
                "folders",
                generator,
                name,
                locale_dir,
                tuple(sorted(counts)),
                _source(counts),
                counts,
                others,
            )
    for name in _CONTENT_DIRS:
        counts = _suffix_pages(root, name)
        if counts:
            found = {lang: n for lang, n in counts.items() if lang != "(default)"}
            source = "en" if "(default)" in counts else _source(found)
            langs = tuple(sorted({*found, source}))
            generator = "Hugo" if name == "content" else "MkDocs" if name == "docs" else ""
            return FoundSite("suffix", generator, name, locale_dir, langs, source, counts)
    if catalogues:
        source = "en"
        return FoundSite(
            "gettext",
            "Sphinx" if sphinx else "",
            None,
            locale_dir,
            tuple(sorted({source, *catalogues})),
            source,
            catalogues,
        )
    return FoundSite("none", "", None, None, (), "en", {})
