"""Find the site's Markdown pages and load them as segmented :class:`Page` records."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import SourceError
from pipeline.model import Page
from pipeline.segment.markdown import segment_page

PAGE_SUFFIXES = (".md", ".markdown")


def page_paths(config: Config, lang: str) -> list[Path]:
    """The pages of one language, sorted by path; symlinks leaving the site are refused."""
    folder = config.content_path / lang
    if not folder.is_dir():
        return []
    root = config.root.resolve()
    if not folder.resolve().is_relative_to(root):
        raise SourceError("links to a folder outside the site", display_path(config, folder))
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
                    raise SourceError(
                        f"cannot resolve: {reason}", display_path(config, path)
                    ) from exc
                if not target.is_relative_to(root):
                    raise SourceError(
                        "links to a file outside the site", display_path(config, path)
                    )
                if not target.is_file():
                    continue
            elif not path.is_file():
                continue  # a FIFO or device: reading it could block forever
            found.append(path)
    return sorted(found)


def display_path(config: Config, path: Path) -> str:
    """Site-relative path with ``/`` separators."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def page_name(config: Config, lang: str, path: Path) -> str:
    """Path inside the language folder without extension (``incb``, ``docs/intro``)."""
    return path.relative_to(config.content_path / lang).with_suffix("").as_posix()


def decode_page(data: bytes, display: str) -> str:
    """UTF-8 text of a page (a BOM is dropped, CRLF becomes LF); invalid UTF-8 is an error."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", display, line) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError("contains a NUL byte", display, line)
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def load_page(config: Config, lang: str, path: Path) -> Page:
    """Read and segment one page."""
    display = display_path(config, path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", display) from exc
    return parse_page(decode_page(data, display), display, lang, page_name(config, lang, path))


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
    return [load_page(config, lang, path) for path in page_paths(config, lang)]
