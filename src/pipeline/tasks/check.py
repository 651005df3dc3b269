"""``pipeline check``: the site check on the command's engine, with the baseline applied."""

from __future__ import annotations

from pathlib import Path

from pipeline.catalog import store
from pipeline.checks.baseline import Baseline, parse_baseline, subtract
from pipeline.checks.language import Judge
from pipeline.checks.request import CheckRequest
from pipeline.config import Config
from pipeline.content.pages import page_files
from pipeline.engine import Engine, Session
from pipeline.engine.check_site import run_site_check
from pipeline.errors import ConfigError, PipelineError
from pipeline.fsio import read_text
from pipeline.model import Finding

__all__ = ["CheckRequest", "apply_baseline", "check_paths", "read_baseline", "run_check"]


def run_check(
    config: Config,
    request: CheckRequest,
    judge: Judge | None = None,
    *,
    engine: Engine | None = None,
    session: Session | None = None,
) -> list[Finding]:
    """Findings of every rule over the site, filtered and with the baseline subtracted.

    ``engine`` says how to run (default: here, no cache); a ``session`` already open is
    used as it is (its cache counters then tell what was reused). A custom ``judge`` runs
    here, without the cache (its answers cannot be keyed).
    """
    check_paths(config, request)
    findings = run_site_check(config, request, judge, engine=engine, session=session)
    if request.baseline is not None:
        findings = apply_baseline(findings, read_baseline(request.baseline))
    return findings


def check_paths(config: Config, request: CheckRequest) -> None:
    """Refuse, before anything is read or written, a PATH that is no page, catalogue or
    template of the site in the languages asked for, nor a folder holding one."""
    if not request.paths:
        return
    wanted = request.langs or config.all_languages
    targets = [lang for lang in config.languages if lang in wanted]
    known = {
        f.display for lang in (config.source_language, *targets) for f in page_files(config, lang)
    }
    known |= {
        config.display(path)
        for lang in targets
        for _, path in store.language_catalogs(config, lang)
    }
    known |= {config.display(store.pot_path(config, d)) for d in store.template_domains(config)}
    for path in request.paths:
        prefix = path.rstrip("/") + "/"
        if path not in known and not any(k.startswith(prefix) for k in known):
            checked = f" (languages checked: {', '.join(wanted)})" if request.langs else ""
            raise PipelineError(
                f"is not a page or catalogue of this site, nor a folder holding one{checked}",
                path,
            )


def read_baseline(path: Path) -> Baseline:
    return parse_baseline(read_text(path, str(path), ConfigError), str(path))


def apply_baseline(findings: list[Finding], baseline: Baseline) -> list[Finding]:
    fresh, stale = subtract(findings, baseline)
    return sorted(fresh + stale, key=lambda f: f.sort_key)
