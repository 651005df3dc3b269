"""Folding by group (``dedup.fold_group``) and the kept, refoldable result
(``engine/refold.py``): the same findings as folding and sorting everything at once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.checks.dedup import FileRoles, fold_group, fold_repeats
from pipeline.checks.run import sort_findings
from pipeline.engine.refold import Refold
from pipeline.model import Finding, Location, Severity

ROLES = FileRoles(
    pages={"content/fr/a.md": ("fr", "a"), "content/fr/b.md": ("fr", "b")},
    catalogs={
        "locale/fr/LC_MESSAGES/a.po": ("fr", "a"),
        "locale/fr/LC_MESSAGES/b.po": ("fr", "b"),
    },
    sources={"content/en/a.md": "a", "content/en/b.md": "b"},
)
PATHS = sorted({*ROLES.pages, *ROLES.catalogs, *ROLES.sources, "glossary.csv"})

findings = st.builds(
    lambda rule, path, line, text, severity, expected: Finding(
        rule,
        severity,
        Location(path, line),
        f"{rule} here",
        expected=expected,
        translation=text,
    ),
    st.sampled_from(
        ["language-mismatch", "unchanged-translation", "untranslated", "missing-page", "glossary"]
    ),
    st.sampled_from(PATHS),
    st.integers(1, 3),
    st.sampled_from([None, "Hello", "Bonjour"]),
    st.sampled_from([Severity.ERROR, Severity.WARNING, Severity.INFO]),
    st.sampled_from([None, "fr"]),
)
segments = st.lists(st.lists(findings, max_size=6), min_size=1, max_size=5)


def _everything(parts: list[list[Finding]]) -> list[Finding]:
    return sort_findings(fold_repeats([f for part in parts for f in part], ROLES))


@settings(max_examples=300, deadline=None)
@given(segments)
def test_folding_each_group_alone_folds_the_same(parts: list[list[Finding]]) -> None:
    everything = [f for part in parts for f in part]
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for finding in everything:
        groups.setdefault(fold_group(finding, ROLES), []).append(finding)
    by_group = [f for group in groups.values() for f in fold_repeats(group, ROLES)]
    assert sort_findings(by_group) == _everything(parts)


@settings(max_examples=300, deadline=None)
@given(segments, st.data())
def test_replacing_segments_gives_what_folding_everything_again_gives(
    parts: list[list[Finding]], data: st.DataObject
) -> None:
    names = [f"s{index}" for index in range(len(parts))]
    kept = Refold(list(zip(names, parts, strict=True)), ROLES)
    assert kept.findings() == _everything(parts)
    for _ in range(3):
        index = data.draw(st.integers(0, len(parts) - 1))
        parts[index] = data.draw(st.lists(findings, max_size=6))
        kept.replace({names[index]: parts[index]})
        assert kept.findings() == _everything(parts)
