"""``pipeline check``: the site check on the command's engine, with the baseline applied."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.catalog import store
from pipeline.checks.baseline import Baseline, parse_baseline, subtract
from pipeline.checks.language import Judge
from pipeline.checks.request import CheckRequest
from pipeline.config import Config
from pipeline.content.pages import page_files
from pipeline.engine import Engine, Session
from pipeline.engine.check_site import CheckOutcome, run_site_check_outcome
from pipeline.errors import ConfigError, PipelineError
from pipeline.fsio import read_text
from pipeline.model import Finding

__all__ = [
    "CheckOutcome",
    "CheckRequest",
    "apply_baseline",
    "check_paths",
    "read_baseline",
    "run_check",
    "run_check_outcome",
]


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
    return run_check_outcome(config, request, judge, engine=engine, session=session).findings


def run_check_outcome(
    config: Config,
    request: CheckRequest,
    judge: Judge | None = None,
    *,
    engine: Engine | None = None,
    session: Session | None = None,
) -> CheckOutcome:
    """Like :func:`run_check`, with the files that could not be read (the run is then
    incomplete; each is a finding too)."""
    check_paths(config, request)
    outcome = run_site_check_outcome(config, request, judge, engine=engine, session=session)
    if request.baseline is not None:
        baseline = read_baseline(request.baseline)
        outcome = replace(outcome, findings=apply_baseline(outcome.findings, baseline))
    return outcome


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
