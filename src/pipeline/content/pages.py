"""Find the site's Markdown pages and load them as segmented :class:`Page` records.

The one way every command finds and reads pages: :func:`page_files` lists a language's
pages (path, site-relative path, page name), :func:`decode_page` and :func:`parse_page`
turn a page's bytes into a :class:`Page`; :func:`load_page` and :func:`load_pages` do both
here, and the engine does the same on its workers and through its cache."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline import languages
from pipeline.config import Config
from pipeline.config.layout import PAGE_SUFFIXES, Pattern
from pipeline.errors import SourceError
from pipeline.fsio import decode_text, read_bytes, read_reason
from pipeline.model import Page
from pipeline.segment.markdown import segment_page


@dataclass(frozen=True, slots=True)
class PageFile:
    """A page file of the site, found (not read yet)."""

    path: Path
    """Where it is."""
    display: str
    """Site-relative path with ``/`` separators (``content/en/incb.md``)."""
    lang: str
    """Language of the page (the site's id: ``pt-br``)."""
    name: str
    """The page's name, common to its versions in every language: its path in the
    language's tree without extension (``incb``, ``docs/intro``)."""
    unreadable: str | None = None
    """Why the page cannot be read, when listing it showed already (a symbolic link that
    leads nowhere, or in a loop); None when it is there to be read."""

    def read(self) -> bytes:
        """The page's bytes; a :class:`SourceError` naming it when they cannot be read."""
        if self.unreadable is not None:
            raise SourceError(self.unreadable, self.display)
        return read_bytes(self.path, self.display, SourceError)


def page_files(config: Config, lang: str) -> list[PageFile]:
    """The pages of one language, where the site's layout says they are, sorted by path
    (unreadable ones included, marked).

    A file that the source language's pattern matches but that is the page of a language
    by the pages' pattern (``docs/fr/intro.md`` beside ``docs/intro.md``) is that
    language's page, not a source page. Two files of one language with one name (``x.md``
    and ``x.markdown``) are an error."""
    layout = config.layout
    patterns: list[tuple[Pattern, str | None]] = [(layout.pages, lang)]
    if lang == config.source_language and layout.source is not None:
        patterns.append((layout.source, None))
    found: dict[str, PageFile] = {}
    for pattern, value in patterns:
        regex = pattern.regex(value)
        for path, display, problem in _walk(config, pattern.prefix(value)):
            match = regex.fullmatch(display)
            if match is None or (value is None and _translation(config, display)):
                continue
            name = match.group("path")
            other = found.get(name)
            if other is not None:
                raise SourceError(
                    f"two '{lang}' pages named '{name}': {other.display} and {display}",
                    display,
                )
            found[name] = PageFile(path, display, lang, name, problem)
    return sorted(found.values(), key=lambda f: f.display)


def _translation(config: Config, display: str) -> bool:
    """True when a file is a translated page by the layout's pages pattern (its ``{lang}``
    part is a language code)."""
    match = config.layout.pages.regex().fullmatch(display)
    return match is not None and languages.is_known(match.group("lang"))


def page_paths(config: Config, lang: str) -> list[Path]:
    """The page files of one language, sorted by path; a link that leads nowhere (or in a
    loop) is an error naming it."""
    found = []
    for file in page_files(config, lang):
        if file.unreadable is not None:
            raise SourceError(file.unreadable, file.display)
        found.append(file.path)
    return found


def find_page(config: Config, lang: str, name: str) -> PageFile | None:
    """The ``lang`` page named ``name``, if the site has it."""
    return next((f for f in page_files(config, lang) if f.name == name), None)


def page_path(config: Config, lang: str, name: str, suffix: str = ".md") -> Path:
    """Where the ``lang`` page named ``name`` is (or would be) by the site's layout;
    ``suffix`` is its extension when the layout does not spell one."""
    return config.root / config.layout.pages.path_of(name, lang, suffix)


def _walk(config: Config, prefix: str) -> list[tuple[Path, str, str | None]]:
    """Every regular file under the site folder ``prefix`` (hidden ones left out), in path
    order, each with its site-relative path and why it cannot be read (a symbolic link that
    cannot be resolved) or None; symlinks leaving the site are refused.

    One ``scandir`` pass: the entries' types come with the listing, so a regular file costs
    no system call here (a symbolic link is resolved, as before). Like :func:`os.walk`, a
    folder that cannot be listed is skipped and a linked folder is not entered. Each
    folder's entries are taken in name order, files and folders together, which is the
    order of the paths' parts (:class:`~pathlib.Path` order)."""
    folder = config.root / prefix if prefix else config.root
    if not folder.is_dir():
        return []
    root = config.root.resolve()
    if not folder.resolve().is_relative_to(root):
        raise SourceError("links to a folder outside the site", config.display(folder))
    base = config.display(folder) + "/" if prefix else ""
    found: list[tuple[Path, str, str | None]] = []
    _scan(config, root, str(folder), base, found)
    return found


def _scan(
    config: Config, root: Path, folder: str, base: str, found: list[tuple[Path, str, str | None]]
) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return  # as os.walk: a folder that cannot be listed is left out
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if not entry.is_symlink():
                _scan(config, root, entry.path, f"{base}{name}/", found)
            continue
        if not name.endswith(PAGE_SUFFIXES):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            try:
                target = path.resolve(strict=True)
            except FileNotFoundError as exc:
                found.append((path, base + name, f"cannot read: {read_reason(path, exc)}"))
                continue
            except (OSError, RuntimeError) as exc:
                reason = getattr(exc, "strerror", None) or "symbolic link loop"
                found.append((path, base + name, f"cannot resolve: {reason}"))
                continue
            if not target.is_relative_to(root):
                raise SourceError("links to a file outside the site", config.display(path))
            if not target.is_file():
                continue
        elif not entry.is_file():
            continue  # a FIFO or device: reading it could block forever
        found.append((path, base + name, None))


def decode_page(data: bytes, display: str) -> str:
    """UTF-8 text of a page (a BOM is dropped, CRLF becomes LF); invalid UTF-8 is an error."""
    text = decode_text(data, display, SourceError)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError("contains a NUL byte", display, line)
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def load_page(file: PageFile) -> Page:
    """Read and segment one page."""
    data = file.read()
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
