"""``pipeline build``: localised HTML fragments, an index per language, a manifest, previews.

Layout of the build folder (``[build] output_dir``, ``build`` by default):

- ``<lang>/<page>.html``: one ``<article lang dir>`` fragment per page and language;
- ``index/<lang>.html``: one ``<nav lang dir>`` fragment per language listing its pages
  (not ``<lang>/index.html``, which is the fragment of a page named ``index``);
- ``manifest.json``: pages, alternates, titles and completeness;
- with ``preview``: ``preview/<lang>/<page>.html`` and ``preview/index/<lang>.html``,
  complete HTML5 documents.

The ``.mo`` files of the catalogues are compiled too. Everything is read and rendered in
memory first; files are written atomically and only when their bytes change, and HTML
files of an earlier build that this one no longer produces are removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import languages
from pipeline.catalog import store
from pipeline.catalog.extract import domain_of
from pipeline.catalog.model import Catalog, Message
from pipeline.checks.page_rules import page_shortcode_problems
from pipeline.checks.publish import refusal_reasons
from pipeline.config import BelowThreshold, BuildSettings, Config
from pipeline.content.pages import PageFile, load_page, page_files
from pipeline.fsio import remove_file, write_if_changed
from pipeline.model import Finding, Location, Page, Segment, Severity, UnitKind
from pipeline.render.coverage import count_units, entry_map
from pipeline.render.html import render_page
from pipeline.render.index import IndexEntry, render_index
from pipeline.render.manifest import ManifestWriter, PageLanguage
from pipeline.render.preview import preview_links, relative_href, render_preview
from pipeline.tasks.compile import run_compile

__all__ = ["BuildResult", "Builder", "fragment_path", "index_path", "preview_path", "run_build"]

RULE = "markup-mismatch"
"""Rule id of the problems a build reports (a translation it refused to publish)."""


def fragment_path(lang: str, page: str) -> str:
    """Build-relative path of a page's fragment."""
    return f"{lang}/{page}.html"


def index_path(lang: str) -> str:
    """Build-relative path of a language's index fragment."""
    return f"index/{lang}.html"


def preview_path(build_path: str) -> str:
    """Build-relative path of the preview document of a fragment."""
    return f"preview/{build_path}"


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What ``build`` did."""

    written: tuple[str, ...]
    """Files written (site-relative, sorted): fragments, indexes, manifest, previews, .mo."""
    unchanged: int
    """Files already up to date."""
    removed: tuple[str, ...]
    """Stale HTML files of an earlier build removed (site-relative, sorted)."""
    fragments: int
    """Page fragments produced (written or unchanged)."""
    skipped: tuple[str, ...]
    """Pages not published in a language, as ``lang/page``, sorted."""
    problems: tuple[Finding, ...]
    """Translations refused (path and line of the PO entry), sorted."""
    pages: tuple[PageLanguage, ...]
    """Every page in every language, as in the manifest."""
    manifest: str
    """Site-relative path of the manifest."""
    compiled: tuple[str, ...] = ()
    """``.mo`` files written or removed (also in ``written`` when written)."""


@dataclass(frozen=True, slots=True)
class _Version:
    """A page rendered in one language, kept for its preview document."""

    lang: str
    path: str
    title: str
    description: str | None
    fragment: str
    units: int
    """Passages (body units) of the page."""


@dataclass(slots=True)
class _Build:
    """Everything a build produces, in memory."""

    config: Config
    settings: BuildSettings
    out: Path
    """The build folder."""
    files: set[str] = field(default_factory=set)
    """Build-relative paths of the files this build produced."""
    written: list[str] = field(default_factory=list)
    """Site-relative paths of the files that changed on disk."""
    unchanged: int = 0
    problems: dict[str, dict[tuple[str, int, str], Finding]] = field(default_factory=dict)
    """Translations refused, per page name."""
    records: dict[tuple[str, str], PageLanguage] = field(default_factory=dict)
    """Every page in every language, by (page, language), in build order."""
    index: dict[str, dict[str, IndexEntry]] = field(default_factory=dict)
    """Each language's index entries, by page name."""
    catalogs: dict[Path, dict[str, Message] | None] = field(default_factory=dict)
    vetted: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    written_pages: dict[str, dict[str, PageFile]] = field(default_factory=dict)
    """Hand-written pages of each target language, by name (listed once)."""

    def emit(self, relative: str, data: bytes) -> None:
        """Write one output file now (atomically, when it changed): a large site's
        fragments are never all held in memory."""
        self.files.add(relative)
        display = self.config.display(self.out / relative)
        if write_if_changed(self.out / relative, data, display):
            self.written.append(display)
        else:
            self.unchanged += 1


def run_build(config: Config, *, preview: bool = False, output: Path | None = None) -> BuildResult:
    """Render every source page in every language and write the build folder: ``output``
    when given (the ``.mo`` files then go below it too, in ``locale/``, so that nothing is
    written inside the site), else ``[build] output_dir`` in the site."""
    return Builder(config, preview=preview, output=output).build()


class Builder:
    """A build that can be redone in part: :meth:`build` renders everything, then
    :meth:`rebuild` renders only some pages again (``serve`` after a change), keeping the
    other pages' records for the index and the manifest."""

    def __init__(
        self, config: Config, *, preview: bool = False, output: Path | None = None
    ) -> None:
        self.config = config
        """The site."""
        self.preview = preview
        """Preview documents are written too."""
        self.output = output
        """The folder written instead of the site's build folder (and its ``.mo`` files)."""
        self.out = config.root / config.build.output_dir if output is None else output
        """The folder the build writes."""
        self._build = _Build(config, config.build, self.out)
        self._names: dict[str, dict[str, str]] = {}
        self._manifest = ManifestWriter()

    @property
    def names(self) -> frozenset[str]:
        """The source pages of the last full build."""
        return frozenset(self._names.get(self.config.source_language, {}))

    def build(self) -> BuildResult:
        """Render every source page in every language and write the build folder."""
        config = self.config
        # Catalogues first: a PO file that cannot be compiled stops the build before any
        # page is written.
        compiled = run_compile(config, into=self.output)
        self._build = build = _Build(config, config.build, self.out)
        files = page_files(config, config.source_language)
        # Every page's preview file per language, for the links between previews.
        self._names = {
            lang: {f.name: preview_path(fragment_path(lang, f.name)) for f in files}
            for lang in config.all_languages
        }
        # One source page in memory at a time (a 10,000-page site's pages, segmented,
        # would take hundreds of MB).
        self._render(load_page(file) for file in files)
        removed = _remove_stale(build, build.out, self.preview)
        return self._result(compiled, removed)

    def rebuild(self, names: Iterable[str], catalogues: Iterable[Path] = ()) -> BuildResult:
        """Compile ``catalogues`` and render the source pages ``names`` again (each must be
        a page of the last full build), then the indexes and the manifest."""
        config = self.config
        compiled = run_compile(config, list(catalogues), into=self.output)
        build = self._build
        build.written, build.unchanged = [], 0
        build.catalogs.clear()
        build.vetted.clear()
        build.written_pages.clear()  # a hand-written page may have come or gone
        wanted = set(names)
        files = [f for f in page_files(config, config.source_language) if f.name in wanted]
        self._render(load_page(file) for file in files)
        return self._result(compiled, [])

    def _render(self, pages: Iterable[Page]) -> None:
        build, config = self._build, self.config
        for page in pages:
            build.problems.pop(page.name, None)
            versions = [_page(build, page, lang) for lang in config.all_languages]
            if self.preview:
                _previews(build, page.name, [v for v in versions if v is not None], self._names)
            if config.domain is None:
                # Each page has catalogues of its own: they are not needed again.
                build.catalogs.clear()
                build.vetted.clear()
        for lang in config.all_languages:
            nav = render_index(lang, build.index.get(lang, {}).values())
            build.emit(index_path(lang), nav.encode("utf-8"))
            if self.preview:
                _index_preview(build, lang, nav)
        indexes = {lang: index_path(lang) for lang in config.all_languages}
        records = list(build.records.values())
        build.emit(
            "manifest.json",
            self._manifest.format(config.source_language, config.all_languages, indexes, records),
        )

    def _result(self, compiled: list[str], removed: list[str]) -> BuildResult:
        build, config = self._build, self.config
        records = list(build.records.values())
        problems: dict[tuple[str, int, str], Finding] = {}
        for found in build.problems.values():
            problems.update(found)
        written = [c for c in compiled if (config.root / c).is_file()] + build.written
        return BuildResult(
            written=tuple(sorted(written)),
            unchanged=build.unchanged,
            removed=tuple(removed),
            fragments=sum(1 for r in records if r.path is not None),
            skipped=tuple(sorted(f"{r.lang}/{r.page}" for r in records if r.path is None)),
            problems=tuple(sorted(problems.values(), key=lambda f: f.sort_key)),
            pages=tuple(records),
            manifest=config.display(build.out / "manifest.json"),
            compiled=tuple(compiled),
        )


def _page(build: _Build, page: Page, lang: str) -> _Version | None:
    """Render one page in one language; None when it is skipped."""
    config = build.config
    source = config.source_language
    title, title_lang = _front(page, "title", page.name), source
    description = _front_opt(page, "description", None)
    texts = [unit.text for unit in page.segments]
    counts = count_units(texts, None, no_entry="translated")
    published = counts.total
    notice: tuple[str, str] | None = None
    if lang == source:
        rendered = render_page(page, lang, source_language=source)
        status, title_lang = "source", lang
    else:
        po = store.po_path(config, lang, domain_of(page, config.domain))
        written_page = None if po.is_file() else _hand_written(build, lang, page.name)
        if written_page is not None and _refused(build, page, written_page, lang):
            written_page = None
        if written_page is not None:
            rendered = render_page(written_page, lang, source_language=source)
            status = "hand-written"
            title, title_lang = _front(written_page, "title", title), lang
            description = _front_opt(written_page, "description", description)
        else:
            entries = _catalog(build, po)
            accepted = _accepted(build, page, lang, po, entries)
            missing = "outdated" if entries is not None else "untranslated"
            counts = count_units(texts, entries, no_entry=missing)
            published = len({unit.text for unit in accepted})
            status = "catalogue" if entries is not None else "untranslated"
            title_unit = _unit(page, UnitKind.TITLE)
            if title_unit is not None and title_unit in accepted:
                title, title_lang = accepted[title_unit], lang
            desc_unit = _unit(page, UnitKind.DESCRIPTION)
            if desc_unit is not None and desc_unit in accepted:
                description = accepted[desc_unit]
            complete = 1.0 if not counts.total else published / counts.total
            if complete < build.settings.min_completeness:
                mode = build.settings.below_threshold
                if mode is BelowThreshold.SKIP:
                    build.records[(page.name, lang)] = PageLanguage(
                        page.name, lang, None, title, "skipped", counts, published
                    )
                    build.index.get(lang, {}).pop(page.name, None)
                    return None
                if mode is BelowThreshold.NOTICE:
                    text, localised = build.settings.notice_for(lang)
                    notice = (text, lang if localised else source)
            rendered = render_page(
                page,
                lang,
                source_language=source,
                translations=accepted,
                links=build.settings.links_for(lang),
                notice=notice,
            )
    path = fragment_path(lang, page.name)
    build.emit(path, rendered.html.encode("utf-8"))
    build.records[(page.name, lang)] = PageLanguage(
        page.name, lang, path, title, status, counts, published, notice=notice is not None
    )
    href = relative_href(index_path(lang), path)
    build.index.setdefault(lang, {})[page.name] = IndexEntry(
        page.name, title, title_lang, href, page.front_matter.get("weight")
    )
    return _Version(lang, path, title, description, rendered.html, rendered.units)


def _previews(
    build: _Build, name: str, versions: list[_Version], names: dict[str, dict[str, str]]
) -> None:
    """The preview documents of a page's versions, each linking to the others; links to
    other pages of the site lead to their previews."""
    alternates = {v.lang: preview_path(v.path) for v in versions}
    for version in versions:
        file = preview_path(version.path)
        fragment = preview_links(
            version.fragment,
            file=file,
            page=name,
            names=names[version.lang],
            localized=build.settings.links_for(version.lang),
        )
        document = render_preview(
            file=file,
            lang=version.lang,
            title=version.title,
            fragment=fragment,
            alternates=alternates,
            source_language=build.config.source_language,
            description=version.description,
            units=version.units,
        )
        build.emit(file, document.encode("utf-8"))


def _index_preview(build: _Build, lang: str, nav: str) -> None:
    alternates = {code: preview_path(index_path(code)) for code in build.config.all_languages}
    file = preview_path(index_path(lang))
    # The nav's relative links lead, from preview/index/, to the preview pages.
    document = render_preview(
        file=file,
        lang=lang,
        title=languages.native_name_in(lang, "uiListOrMenu"),
        fragment=nav,
        alternates=alternates,
        source_language=build.config.source_language,
    )
    build.emit(file, document.encode("utf-8"))


def _front(page: Page, key: str, default: str) -> str:
    value = page.front_matter.get(key)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return default


def _front_opt(page: Page, key: str, default: str | None) -> str | None:
    value = page.front_matter.get(key)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return default


def _unit(page: Page, kind: UnitKind) -> Segment | None:
    return next((s for s in page.segments if s.kind is kind and s.block == -1), None)


def _hand_written(build: _Build, lang: str, name: str) -> Page | None:
    if lang not in build.written_pages:
        build.written_pages[lang] = {f.name: f for f in page_files(build.config, lang)}
    file = build.written_pages[lang].get(name)
    return load_page(file) if file is not None else None


def _refused(build: _Build, source: Page, page: Page, lang: str) -> bool:
    """True when a hand-written page may not be published (a shortcode of its source page
    renamed, dropped or left unclosed): the problems are recorded, the source is shown."""
    problems = page_shortcode_problems(source, page)
    for line, issue in problems:
        where = (page.path, line, issue.message)
        build.problems.setdefault(source.name, {})[where] = Finding(
            rule=RULE,
            severity=Severity.ERROR,
            location=Location(page.path, line),
            message=f"page not published, the source page is shown instead: {issue.message}",
            extra={"language": lang, "page": page.name},
        )
    return bool(problems)


def _catalog(build: _Build, po: Path) -> dict[str, Message] | None:
    if po not in build.catalogs:
        entries: dict[str, Message] | None = None
        if po.is_file():
            catalog: Catalog = store.load(build.config, po)
            entries = entry_map(catalog)
        build.catalogs[po] = entries
    return build.catalogs[po]


def _accepted(
    build: _Build, page: Page, lang: str, po: Path, entries: dict[str, Message] | None
) -> dict[Segment, str]:
    """The units of ``page`` whose translation may be published, with that translation."""
    accepted: dict[Segment, str] = {}
    if entries is None:
        return accepted
    display = build.config.display(po)
    links = build.settings.links_for(lang)
    for unit in page.segments:
        message = entries.get(unit.text)
        if message is None or not message.translated or message.msgid_plural is not None:
            continue
        key = (display, unit.text, message.msgstr)
        if key not in build.vetted:
            build.vetted[key] = refusal_reasons(unit.text, message.msgstr, links)
        reasons = build.vetted[key]
        if not reasons:
            accepted[unit] = message.msgstr
            continue
        where = (display, message.line, unit.text)
        found = build.problems.setdefault(page.name, {})
        if where not in found:
            found[where] = Finding(
                rule=RULE,
                severity=Severity.ERROR,
                location=Location(display, message.line),
                message="translation not published, the source text is shown instead: "
                + "; ".join(reasons),
                source=unit.text,
                translation=message.msgstr,
                extra={"language": lang, "page": page.name},
            )
    return accepted


def _remove_stale(build: _Build, out: Path, preview: bool) -> list[str]:
    folders = [out / lang for lang in build.config.all_languages] + [out / "index"]
    if preview:
        folders.append(out / "preview")
    removed: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.html")):
            relative = path.relative_to(out).as_posix()
            if relative in build.files or not path.is_file():
                continue
            display = build.config.display(path)
            remove_file(path, display)
            removed.append(display)
    return sorted(removed)
