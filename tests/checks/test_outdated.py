"""The catalog-outdated finding's message."""

from __future__ import annotations

import pytest

from pipeline.catalog.freshness import Outdated, UnitChanges, gone_template
from pipeline.checks.outdated import describe, outdated_catalogs

STEP = "pipeline extract && pipeline update"


@pytest.mark.parametrize(
    ("changes", "sources", "message"),
    [
        (
            UnitChanges(3, 1, 2),
            ("content/en/unga.md",),
            "3 new, 1 changed, 2 removed units since content/en/unga.md changed; run " + STEP,
        ),
        (UnitChanges(0, 1, 0), ("a.md",), "1 changed unit since a.md changed; run " + STEP),
        (
            UnitChanges(),
            ("a.md",),
            "references, comments or order differ from the source page since a.md changed "
            "(no unit changed); run " + STEP,
        ),
        (
            UnitChanges(1, 0, 0),
            ("a.md", "b.md", "c.md", "d.md", "e.md"),
            "1 new unit since a.md, b.md, c.md and 2 more changed; run " + STEP,
        ),
    ],
)
def test_messages(changes: UnitChanges, sources: tuple[str, ...], message: str) -> None:
    assert describe(Outdated("x.po", changes, sources, STEP)) == message


def test_a_gone_template() -> None:
    (candidate,) = outdated_catalogs([gone_template("locale/old.pot")])
    assert candidate.finding.rule == "catalog-outdated"
    assert (candidate.finding.location.path, candidate.finding.location.line) == (
        "locale/old.pot",
        1,
    )
    assert (
        candidate.finding.message
        == "its source page is gone: pipeline extract removes this template"
    )
