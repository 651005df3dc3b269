"""The records the check's planner hands its workers, and what they send back."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.checks.detector import JudgeSpec
from pipeline.checks.language import Judge, LanguageVerdict
from pipeline.checks.run import Rules
from pipeline.errors import PipelineError
from pipeline.model import Finding, Page


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file the main process read: workers read it again and check it is the same."""

    path: str
    """Where it is (absolute, or relative to the current folder)."""
    size: int
    """Its size in bytes when the main process read it."""
    hash: str
    """Digest of its bytes then."""


@dataclass(frozen=True, slots=True)
class SiteFile:
    """A page or catalogue of the site as read from disk."""

    display: str
    """Site-relative path."""
    lang: str
    """Language of the file."""
    name: str
    """Page name, or the catalogue's domain."""
    path: str
    """Where it was read (workers read it again: the bytes are not kept)."""
    size: int
    """Size in bytes."""
    hash: str
    """Digest of its bytes."""
    data: bytes | None = None
    """The bytes, kept only for a generated page (its catalogues are found in it)."""

    @property
    def generated(self) -> bool:
        return self.data is not None

    @property
    def ref(self) -> FileRef:
        return FileRef(self.path, self.size, self.hash)


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page a worker segments (unless the cache has it) and checks (when ``key``)."""

    display: str
    """Site-relative path."""
    lang: str
    """Language of the page."""
    name: str
    """Page name."""
    source: FileRef
    """Where to read the file."""
    page_key: str
    """Cache key of the segmented page."""
    key: str | None
    """Cache key of its findings, or None when it is only the source of another."""


@dataclass(frozen=True, slots=True)
class CatalogJob:
    """One catalogue to parse (and check, when ``key``)."""

    display: str
    """Site-relative path."""
    lang: str
    """Language of the catalogue."""
    domain: str
    """Its gettext domain."""
    source: FileRef
    """Where to read the file."""
    key: str | None
    """Cache key of its findings, or None when it is only read for a generated page."""


@dataclass(frozen=True, slots=True)
class GroupJob:
    """Pages of one name (the source and its translations) and the catalogues a generated
    translation may come from."""

    pages: tuple[PageJob, ...]
    """The source page first (when it is read), then the translations."""
    catalogs: tuple[CatalogJob, ...] = ()
    """Catalogues a generated translation among ``pages`` may come from."""


Job = GroupJob | CatalogJob
"""One unit of a worker's chunk."""


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What every worker needs besides its files."""

    rules: Rules
    """The rules and their settings."""
    spec: JudgeSpec | None
    """The default judge's settings, or None when ``judge`` is given."""
    judge: Judge | None
    """A custom judge (tests, library callers), or None for the default one."""
    cache_folder: str | None
    """Where a worker may look up detections (read-only), or None."""
    models_folder: str | None = None
    """The site's cache folder, where decompressed models are kept (None: no cache)."""


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a worker sends back."""

    pages: tuple[tuple[str, Page], ...]
    """Newly segmented pages, by page key."""
    findings: tuple[tuple[str, tuple[Finding, ...]], ...]
    """Findings of each checked page, by key."""
    catalogs: tuple[tuple[str, tuple[bool, tuple[Finding, ...]]], ...]
    """(has translations, findings) of each checked catalogue, by key."""
    detections: tuple[tuple[str, dict[bytes, LanguageVerdict | None]], ...]
    """Verdicts on each checked file's texts, by the file's detection key."""
    detect_hits: int
    """Questions answered by earlier detections."""
    page_hits: int
    """Pages found segmented in the cache (the others were segmented: :attr:`pages`)."""
    detect_misses: int
    """Questions detected in this chunk."""
    checked: int
    """Files checked (for the progress bar)."""


class FileChanged(PipelineError):
    """A file's bytes are not those the main process hashed (changed meanwhile, or a stale
    size-and-time entry was trusted)."""


def job_bytes(job: Job) -> int:
    """Bytes of input a job reads (to decide whether workers pay)."""
    if isinstance(job, CatalogJob):
        return job.source.size
    pages = sum(p.source.size for p in job.pages)
    return pages + sum(c.source.size for c in job.catalogs)
