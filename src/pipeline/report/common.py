"""Helpers the report formats share: ordering findings and making text safe to show."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterable, Iterator

from pipeline.model import Finding, Severity

_NEWLINES = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """Python's cycle collector off for the block (as it was after it).

    Loading, sorting and writing tens of thousands of findings allocates hundreds of
    thousands of objects that all live to the end of the run: the collector, started by
    every few hundred allocations, walked them again and again (a sixth of a re-check's
    time at 10,000 pages). Such a block makes no reference cycles worth collecting at once;
    whatever it leaves is collected after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_RANK = {severity: severity.rank for severity in Severity}
""":attr:`Severity.rank` of each severity, looked up without building its table."""


def order_key(finding: Finding) -> tuple[object, ...]:
    """Where ``finding`` goes in report order (:func:`ordered`)."""
    return (
        finding.sort_key,
        -_RANK[finding.severity],
        finding.expected or "",
        finding.detected or "",
        finding.confidence if finding.confidence is not None else -1.0,
        finding.source or "",
        finding.translation or "",
        sorted(finding.extra.items()) if finding.extra else [],
        [(r.path, r.line, r.column or 0) for r in finding.related] if finding.related else [],
    )


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` in report order: :attr:`Finding.sort_key`, then the remaining fields.

    The tie-breakers make the order total, so that the output never depends on the order
    the checks produced their findings in.
    """
    return sorted(findings, key=order_key)


def one_line(text: str) -> str:
    """``text`` on one line, safe for a terminal or an XML document.

    Line breaks and tabs become spaces; other control characters (an escape sequence that
    could drive a terminal, a NUL that XML cannot hold) are shown as ``\\xNN`` or ``\\uNNNN``.
    """
    text = _NEWLINES.sub(" ", text).replace("\t", " ")
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clip(text: str, limit: int = 100) -> str:
    """``text`` on one line, cut to at most ``limit`` characters with an ellipsis."""
    text = one_line(text).strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def offending_text(finding: Finding) -> str | None:
    """The text a finding is about: the translation where there is one, else the source."""
    if finding.translation:
        return finding.translation
    if finding.source:
        return finding.source
    return None


def rounded(confidence: float) -> float:
    """A confidence as reports show it: three decimals."""
    return round(confidence, 3)


def also_found(finding: Finding) -> str:
    """`` (also at locale/fr/LC_MESSAGES/x.po:12)`` for a finding that stands for the same
    fault in other places, else ``""``: appended to the message where a format has no
    place of its own for them."""
    if not finding.related:
        return ""
    return f" (also at {', '.join(str(place) for place in finding.related)})"
