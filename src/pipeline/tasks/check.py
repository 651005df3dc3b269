"""``pipeline check``: the site check on the command's engine, with the baseline applied."""

from __future__ import annotations

from pathlib import Path

from pipeline.checks.baseline import Baseline, parse_baseline, subtract
from pipeline.checks.language import Judge
from pipeline.checks.request import CheckRequest
from pipeline.config import Config
from pipeline.engine import Engine, Session
from pipeline.engine.check_site import run_site_check
from pipeline.errors import ConfigError
from pipeline.fsio import read_text
from pipeline.model import Finding

__all__ = ["CheckRequest", "apply_baseline", "read_baseline", "run_check"]


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
    findings = run_site_check(config, request, judge, engine=engine, session=session)
    if request.baseline is not None:
        findings = apply_baseline(findings, read_baseline(request.baseline))
    return findings


def read_baseline(path: Path) -> Baseline:
    return parse_baseline(read_text(path, str(path), ConfigError), str(path))


def apply_baseline(findings: list[Finding], baseline: Baseline) -> list[Finding]:
    fresh, stale = subtract(findings, baseline)
    return sorted(fresh + stale, key=lambda f: f.sort_key)
