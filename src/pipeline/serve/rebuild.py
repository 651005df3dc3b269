"""What ``pipeline serve`` runs after a change: only what the change needs.

- a source page: that page again in every language (fragments, previews), the indexes and
  the manifest; with ``--update``, ``extract`` and ``update`` first;
- a hand-written translated page: that page;
- a PO file: its ``.mo`` file and the pages of its domain;
- a POT file: nothing to build;
- ``pipeline.toml``, the glossary, a page added or removed: everything;

then, always, the check and the dashboard, through the site's cache (only the changed
files are checked again). A run that fails keeps the server up: its one-line error is
shown in the pages, and the dashboard still shows what could be read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import CONFIG_NAME, Config, Environment, load_config
from pipeline.engine import Engine
from pipeline.errors import PipelineError
from pipeline.glossary.load import DEFAULT_GLOSSARY
from pipeline.lock import site_lock
from pipeline.serve.watch import page_of
from pipeline.tasks.build import Builder
from pipeline.tasks.status import StatusMemo, write_dashboard

__all__ = ["Built", "Outcome", "Rebuilder"]

Built = Callable[[tuple[str, ...] | None, str | None], object]
"""Told the URL paths a build rewrote (None: everything) and its error (None: none)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one run did."""

    changed: tuple[str, ...] | None
    """URL paths (``/preview/fr/x.html``) of the build files rewritten; None: everything."""
    error: str | None
    """The run's one-line error, or None."""
    seconds: float
    """How long it took."""
    pages: int
    """Pages rendered again (-1: all)."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a set of changed files needs."""

    full: bool
    pages: frozenset[str] = frozenset()
    catalogues: frozenset[Path] = frozenset()
    sources_changed: bool = False


class Rebuilder:
    """The site as ``serve`` keeps it: its configuration, a partial builder, what the
    counts read last time."""

    def __init__(
        self,
        root: Path,
        environment: Environment,
        engine: Engine,
        *,
        update: bool = False,
        lock_wait: float | None = None,
    ) -> None:
        self.root = root
        self.environment = environment
        self.engine = engine
        self.update = update
        """Run ``extract`` and ``update`` when a source page changes."""
        self.lock_wait = lock_wait
        self.config: Config | None = None
        """The configuration of the last run that could read it."""
        self._builder: Builder | None = None
        self._memo = StatusMemo()
        self._cleaned = False

    def full(self, on_built: Built | None = None) -> Outcome:
        """Build everything."""
        return self._run(None, on_built)

    def apply(self, paths: Iterable[str], on_built: Built | None = None) -> Outcome:
        """Build what the changed site-relative ``paths`` need. ``on_built`` hears of the
        pages rewritten (or the error) as soon as they are, before the check and the
        dashboard: open previews can reload at once."""
        return self._run(set(paths), on_built)

    def _plan(self, config: Config, paths: set[str] | None) -> _Plan:
        builder = self._builder
        if paths is None or builder is None:
            return _Plan(full=True)
        glossary = config.check.glossary or DEFAULT_GLOSSARY
        if CONFIG_NAME in paths or glossary in paths:
            return _Plan(full=True)
        names = builder.names
        pages: set[str] = set()
        catalogues: set[Path] = set()
        sources = False
        locale = f"{config.locale_dir}/"
        for path in paths:
            page = page_of(config, path)
            if page is not None:
                lang, name = page
                if lang == config.source_language:
                    sources = True
                    if name not in names or not (config.root / path).is_file():
                        return _Plan(full=True)  # a page added or removed
                if name in names:
                    pages.add(name)
            elif path.startswith(locale) and path.endswith(".po"):
                catalogues.add(config.root / path)
                domain = path.split("/LC_MESSAGES/", 1)[-1].removesuffix(".po")
                if config.domain is not None:
                    pages.update(names)
                elif domain in names:
                    pages.add(domain)
        return _Plan(False, frozenset(pages), frozenset(catalogues), sources)

    def _run(self, paths: set[str] | None, on_built: Built | None) -> Outcome:
        start = time.perf_counter()
        error: str | None = None
        changed: list[str] | None = []
        pages = 0
        try:
            config = load_config(self.root, self.environment)
            if self.config is None or config != self.config:
                self._builder = None  # another configuration: build everything
            self.config = config
            plan = self._plan(config, paths)
            with self._lock(config):
                if self.update and (plan.full or plan.sources_changed):
                    self._extract_update(config)
                changed, pages = self._build(config, plan)
        except PipelineError as exc:
            error = str(exc)
            changed = None
            self._builder = None  # half done: the next run builds everything again
        if on_built is not None:
            on_built(None if changed is None else tuple(sorted(changed)), error)
        try:
            if self.config is not None:
                with self._lock(self.config):
                    dashboard = write_dashboard(
                        self.config, self.engine, preview=True, memo=self._memo
                    )
                if changed is not None:
                    changed += list(self._urls(self.config, dashboard.written))
        except PipelineError as exc:
            error = error or str(exc)
            changed = None
        shown = None if changed is None else tuple(sorted(set(changed)))
        return Outcome(shown, error, time.perf_counter() - start, pages)

    def _lock(self, config: Config) -> AbstractContextManager[None]:
        clean = not self._cleaned
        self._cleaned = True
        return site_lock(config.root, wait=self.lock_wait, clean_temps=clean)

    def _extract_update(self, config: Config) -> None:
        from pipeline.tasks.extract import run_extract
        from pipeline.tasks.update import run_update

        run_extract(config, engine=self.engine)
        run_update(config, ())

    def _build(self, config: Config, plan: _Plan) -> tuple[list[str] | None, int]:
        if plan.full or self._builder is None:
            self._builder = Builder(config, preview=True)
            self._builder.build()
            return None, -1
        if not plan.pages and not plan.catalogues:
            return [], 0
        result = self._builder.rebuild(plan.pages, plan.catalogues)
        return list(self._urls(config, result.written)), len(plan.pages)

    @staticmethod
    def _urls(config: Config, written: Iterable[str]) -> Iterable[str]:
        """URL paths of site-relative build files (others, like ``.mo`` files, left out)."""
        prefix = f"{config.build.output_dir}/"
        for path in written:
            if path.startswith(prefix):
                yield "/" + path[len(prefix) :]
