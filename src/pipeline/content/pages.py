"""Find the site's Markdown pages and load them as segmented :class:`Page` records.

The one way every command finds and reads pages: :func:`page_files` lists a language's
pages (path, site-relative path, page name), :func:`decode_page` and :func:`parse_page`
turn a page's bytes into a :class:`Page`; :func:`load_page` and :func:`load_pages` do both
here, and the engine does the same on its workers and through its cache."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.fsio import decode_text, display_path, read_bytes
from pipeline.model import Page
from pipeline.segment.markdown import segment_page

PAGE_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class PageFile:
    """A page file of the site, found (not read yet)."""

    path: Path
    """Where it is."""
    display: str
    """Site-relative path with ``/`` separators (``content/en/incb.md``)."""
    lang: str
    """Language of the folder it is in."""
    name: str
    """Path inside the language folder without extension (``incb``, ``docs/intro``)."""


def page_files(config: Config, lang: str) -> list[PageFile]:
    """The pages of one language, sorted by path."""
    folder = config.content_path / lang
    return [
        PageFile(path, config.display(path), lang, _name(display_path(folder, path)))
        for path in page_paths(config, lang)
    ]


def _name(inside: str) -> str:
    return os.path.splitext(inside)[0]


def page_paths(config: Config, lang: str) -> list[Path]:
    """The pages of one language, sorted by path; symlinks leaving the site are refused."""
    folder = config.content_path / lang
    if not folder.is_dir():
        return []
    root = config.root.resolve()
    if not folder.resolve().is_relative_to(root):
        raise SourceError("links to a folder outside the site", config.display(folder))
    found = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or not name.endswith(PAGE_SUFFIXES):
                continue
            path = Path(top, name)
            if os.path.islink(path):
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError) as exc:
                    reason = getattr(exc, "strerror", None) or "symbolic link loop"
                    raise SourceError(f"cannot resolve: {reason}", config.display(path)) from exc
                if not target.is_relative_to(root):
                    raise SourceError("links to a file outside the site", config.display(path))
                if not target.is_file():
                    continue
            elif not path.is_file():
                continue  # a FIFO or device: reading it could block forever
            found.append(path)
    return sorted(found)


def page_file(config: Config, lang: str, path: Path) -> PageFile:
    """The record of one page file of language ``lang``."""
    folder = config.content_path / lang
    return PageFile(path, config.display(path), lang, _name(display_path(folder, path)))


def decode_page(data: bytes, display: str) -> str:
    """UTF-8 text of a page (a BOM is dropped, CRLF becomes LF); invalid UTF-8 is an error."""
    text = decode_text(data, display, SourceError)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError("contains a NUL byte", display, line)
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def load_page(file: PageFile) -> Page:
    """Read and segment one page."""
    data = read_bytes(file.path, file.display, SourceError)
    return parse_page(decode_page(data, file.display), file.display, file.lang, file.name)


def parse_page(text: str, display: str, lang: str, name: str) -> Page:
    """Segment a page's text (pure)."""
    try:
        result = segment_page(text, display)
    except RecursionError as exc:
        raise SourceError("nesting too deep to parse", display) from exc
    return Page(
        path=display,
        lang=lang,
        name=name,
        text=text,
        front_matter=result.front_matter.data,
        segments=result.segments,
        body_line=result.front_matter.end_line + 1,
        blocks=result.blocks,
    )


def load_pages(config: Config, lang: str) -> list[Page]:
    """Every page of one language, sorted by path."""
    return [load_page(file) for file in page_files(config, lang)]
