"""What a user asks of ``check``: which files and languages to report on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.model import Finding


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """What the user asked of ``check``."""

    paths: tuple[str, ...] = ()
    """Site-relative files or folders to report on (all when empty)."""
    langs: tuple[str, ...] = ()
    """Languages to check (all when empty)."""
    baseline: Path | None = None
    """Baseline file whose findings are accepted."""

    def covers_path(self, path: str) -> bool:
        """True when ``path`` is one of the paths asked for, or below one of them."""
        return not self.paths or any(
            path == p or path.startswith(p.rstrip("/") + "/") for p in self.paths
        )

    def covers(self, path: str, lang: str) -> bool:
        """True when a finding on ``path`` (a file of language ``lang``, or ``""`` for a file
        of no language) is to be reported."""
        return self.covers_path(path) and (not self.langs or lang in (*self.langs, ""))

    def covers_finding(self, finding: Finding, path_lang: str) -> bool:
        """True when ``finding`` (in a file of language ``path_lang``) is to be reported. A
        missing page is about the language that lacks it, not the source page it is on."""
        lang = path_lang
        if finding.rule == "missing-page" and finding.expected:
            lang = finding.expected
        return self.covers(finding.location.path, lang)
