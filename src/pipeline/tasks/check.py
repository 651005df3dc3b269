"""``pipeline check``: read the site, run the rules, apply the baseline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.catalog import store
from pipeline.checks.baseline import Baseline, parse_baseline, subtract
from pipeline.checks.detector import make_judge
from pipeline.checks.glossary import Glossary, load_glossary
from pipeline.checks.language import Judge
from pipeline.checks.policy import load_policy
from pipeline.checks.run import run_checks
from pipeline.checks.site import CatalogFile, Site
from pipeline.config import Config
from pipeline.content.pages import load_pages
from pipeline.errors import CatalogError, ConfigError
from pipeline.model import Finding

DEFAULT_GLOSSARY = "glossary.csv"


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """What the user asked of ``check``."""

    paths: tuple[str, ...] = ()
    """Site-relative files or folders to report on (all when empty)."""
    langs: tuple[str, ...] = ()
    """Languages to check (all when empty)."""
    baseline: Path | None = None
    """Baseline file whose findings are accepted."""


def load_site(config: Config, langs: Sequence[str]) -> Site:
    """Pages and catalogues of the languages asked for (source pages are always read)."""
    wanted = tuple(langs) or config.all_languages
    pages = {config.source_language: tuple(load_pages(config, config.source_language))}
    catalogs: list[CatalogFile] = []
    for lang in config.languages:
        if lang not in wanted:
            continue
        pages[lang] = tuple(load_pages(config, lang))
        for domain, path in store.language_catalogs(config, lang):
            display = store.display(config, path)
            try:
                catalogs.append(CatalogFile(display, lang, domain, store.load(config, path)))
            except CatalogError as exc:
                catalogs.append(CatalogFile(display, lang, domain, None, exc))
    return Site(
        source_language=config.source_language,
        languages=tuple(lang for lang in config.languages if lang in wanted),
        pages=pages,
        catalogs=tuple(catalogs),
        domain=config.domain,
    )


def site_glossary(config: Config) -> Glossary | None:
    """The configured termbase, or ``glossary.csv`` at the root when present."""
    configured = config.check.get("glossary")
    name = str(configured) if configured else DEFAULT_GLOSSARY
    path = config.root / name
    if not path.is_file():
        if configured:
            raise ConfigError(f"glossary file '{name}' does not exist", config.path)
        return None
    return load_glossary(path, name)


def _options(config: Config) -> dict[str, dict[str, Any]]:
    return {key: dict(value) for key, value in config.check.items() if isinstance(value, dict)}


def _in_scope(finding: Finding, request: CheckRequest, path_langs: dict[str, str]) -> bool:
    path = finding.location.path
    if request.paths and not any(
        path == p or path.startswith(p.rstrip("/") + "/") for p in request.paths
    ):
        return False
    return not request.langs or path_langs.get(path, "") in (*request.langs, "")


def run_check(config: Config, request: CheckRequest, judge: Judge | None = None) -> list[Finding]:
    """Findings of every rule over the site, filtered and with the baseline subtracted."""
    site = load_site(config, request.langs)
    glossary = site_glossary(config)
    options = _options(config)
    if judge is None:
        names = glossary.names() if glossary is not None else ()
        judge = make_judge(
            candidates=config.all_languages,
            ignore_terms=names,
            options=options.get("language-mismatch", {}),
        )
    findings = run_checks(
        site, judge=judge, glossary=glossary, options=options, policy=load_policy(config.check)
    )
    path_langs = {p.path: lang for lang, pages in site.pages.items() for p in pages}
    path_langs |= {f.path: f.lang for f in site.catalogs}
    findings = [f for f in findings if _in_scope(f, request, path_langs)]
    if request.baseline is not None:
        findings = apply_baseline(findings, read_baseline(request.baseline))
    return findings


def read_baseline(path: Path) -> Baseline:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read baseline: {exc}", str(path)) from exc
    return parse_baseline(text, str(path))


def apply_baseline(findings: list[Finding], baseline: Baseline) -> list[Finding]:
    fresh, stale = subtract(findings, baseline)
    return sorted(fresh + stale, key=lambda f: f.sort_key)
