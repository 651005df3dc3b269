"""Segmented pages through the cache and the workers (``extract``'s input)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import __version__
from pipeline.config import Config
from pipeline.content.pages import decode_page, page_files, parse_page
from pipeline.engine import Session
from pipeline.engine.cache import digest
from pipeline.model import Page

PAGE_KIND = "page"
"""Cache kind of segmented pages (shared with ``check``)."""

SEGMENTATION = "segment-2"
"""Bumped when segmenting gives other units for the same page (cached pages are then
segmented again): 2 = front matter after blank lines, TOML and JSON front matter, heading
attributes, shortcodes, raw HTML ``alt``/``title``."""


@dataclass(frozen=True, slots=True)
class RawPage:
    """A page file's bytes, not segmented yet."""

    display: str
    """Site-relative path."""
    lang: str
    """Language folder."""
    name: str
    """Page name."""
    data: bytes
    """The file's bytes."""

    @property
    def key(self) -> str:
        """Cache key of its segmentation."""
        return page_key(self.display, self.lang, self.name, digest(self.data))


SEGMENT_WORTH = 3_000_000
"""Bytes of pages below which segmenting them in worker processes does not pay."""


def page_key(display: str, lang: str, name: str, content_hash: str) -> str:
    """Cache key of a segmented page: its place and content, and the tool version."""
    return digest(PAGE_KIND, __version__, SEGMENTATION, display, lang, name, content_hash)


def segment_all(raw: tuple[RawPage, ...]) -> list[Page]:
    """Segment pages (the worker's side)."""
    return [parse_page(decode_page(r.data, r.display), r.display, r.lang, r.name) for r in raw]


def read_raw(config: Config, lang: str) -> list[RawPage]:
    """The bytes of every page of one language, sorted by path."""
    found = []
    for file in page_files(config, lang):
        data = file.read()
        found.append(RawPage(file.display, lang, file.name, data))
    return found


def load_pages(config: Config, lang: str, session: Session) -> list[Page]:
    """Every page of one language, sorted by path, like
    :func:`pipeline.content.pages.load_pages`, but unchanged pages come from the cache and
    the others are segmented on the session's workers."""
    raw = read_raw(config, lang)
    keys = [r.key for r in raw]
    known = session.cache.get_many(PAGE_KIND, keys)
    todo = [r for r, key in zip(raw, keys, strict=True) if key not in known]
    fresh: dict[str, Page] = {}
    # Segmenting runs at about 2 MB/s: below a few MB, workers would not start in time.
    size = sum(len(r.data) for r in todo)
    chunks = [tuple(chunk) for chunk in session.split(todo, size=size, worth=SEGMENT_WORTH)]
    with session.progress("reading", len(todo)) as progress:
        for chunk, pages in zip(chunks, session.map(segment_all, chunks), strict=True):
            items = [(r.key, page) for r, page in zip(chunk, pages, strict=True)]
            session.cache.put_many(PAGE_KIND, items)
            fresh.update(items)
            progress.advance(len(chunk))
    return [known[key] if key in known else fresh[key] for key in keys]
