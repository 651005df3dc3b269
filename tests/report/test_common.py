from __future__ import annotations

import pytest

from pipeline.model import Finding, Location, Severity
from pipeline.report.common import clip, offending_text, one_line, ordered, paused_collector


def test_ordered_uses_sort_key_then_breaks_ties() -> None:
    a = Finding("r", Severity.WARNING, Location("a.md", 2), "m", translation="b")
    b = Finding("r", Severity.WARNING, Location("a.md", 2), "m", translation="a")
    c = Finding("r", Severity.ERROR, Location("a.md", 2), "m")
    d = Finding("r", Severity.ERROR, Location("a.md", 1, 4), "m")
    assert ordered([a, b, c, d]) == [d, c, b, a]
    assert ordered([d, c, b, a]) == [d, c, b, a]


def test_one_line() -> None:
    assert one_line("a\nb\r\nc\rd\te") == "a b c d e"
    assert one_line("bell\x07 esc\x1b nul\x00") == "bell\\x07 esc\\x1b nul\\x00"
    assert one_line("été « ok »") == "été « ok »"


def test_clip() -> None:
    assert clip("short") == "short"
    clipped = clip("word " * 40, 20)
    assert len(clipped) <= 20 and clipped.endswith("…")
    assert clip("x" * 100, 100) == "x" * 100


def test_offending_text() -> None:
    base = Finding("r", Severity.INFO, Location("a.md", 1), "m")
    assert offending_text(base) is None
    with_source = Finding("r", Severity.INFO, Location("a.md", 1), "m", source="s")
    assert offending_text(with_source) == "s"
    both = Finding("r", Severity.INFO, Location("a.md", 1), "m", source="s", translation="t")
    assert offending_text(both) == "t"


def test_paused_collector_restores_the_collector() -> None:
    import gc

    assert gc.isenabled()
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_collector():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left off when it was off
    finally:
        gc.enable()
    with pytest.raises(KeyError), paused_collector():
        raise KeyError("x")
    assert gc.isenabled()


def test_render_pauses_the_collector_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import pipeline.report as report

    seen: list[bool] = []

    def spy(findings: object, *, tool_version: str, **options: object) -> str:
        seen.append(gc.isenabled())
        return "{}"

    monkeypatch.setattr(report, "render_json", spy)
    assert report.render("json", [], tool_version="0") == "{}"
    assert seen == [False]
    assert gc.isenabled()
