from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from pipeline.model import Finding, Location, Severity
from pipeline.report.text import TEXT_LIMIT, render_text


def test_golden_sample(sample: list[Finding], golden: Callable[[str, str], None]) -> None:
    golden("sample.text", render_text(sample, tool_version="1.2.3"))


def test_golden_sample_in_colour(sample: list[Finding], golden: Callable[[str, str], None]) -> None:
    golden("sample-color.text", render_text(sample, tool_version="1.2.3", color=True))


def test_golden_empty(golden: Callable[[str, str], None]) -> None:
    golden("empty.text", render_text([], tool_version="1.2.3"))


def test_empty_says_no_findings() -> None:
    assert render_text([], tool_version="1") == "no findings\n"


def test_lines_have_location_severity_rule_and_message(sample: list[Finding]) -> None:
    lines = render_text(sample, tool_version="1").splitlines()
    head = "content/fr/guide.md:4: warning unused-suppression: "
    assert head + "Suppression of 'glossary' matches nothing" in lines
    assert any(line.startswith("content/fr/guide.md:4:17: warning typography: ") for line in lines)
    assert any(line.startswith("content/de/straße.md:1: info untranslated: ") for line in lines)


def test_files_are_grouped_and_separated_by_a_blank_line(sample: list[Finding]) -> None:
    out = render_text(sample, tool_version="1")
    blocks = out.rstrip("\n").split("\n\n")
    assert [block.splitlines()[0].split(":")[0] for block in blocks[:-1]] == [
        "content/de/straße.md",
        "content/fr/guide.md",
        "locale/fr/LC_MESSAGES/site.po",
    ]
    assert (
        blocks[-1] == "2 errors, 2 warnings, 1 info (language-mismatch: 1, markup-mismatch: 1, "
        "typography: 1, untranslated: 1, unused-suppression: 1)"
    )


def test_within_a_file_findings_are_sorted_by_line_then_column(sample: list[Finding]) -> None:
    out = render_text(sample, tool_version="1")
    heads = [line for line in out.splitlines() if line.startswith("content/fr/guide.md:")]
    assert [head.split(": ")[0] for head in heads] == [
        "content/fr/guide.md:4",
        "content/fr/guide.md:4:17",
        "content/fr/guide.md:12:1",
    ]


def test_input_order_does_not_matter(sample: list[Finding]) -> None:
    shuffled = sample[:]
    random.Random(4).shuffle(shuffled)
    assert render_text(shuffled, tool_version="1") == render_text(sample, tool_version="1")


def test_offending_text_prefers_translation_and_is_indented(sample: list[Finding]) -> None:
    lines = render_text(sample, tool_version="1").splitlines()
    index = next(i for i, line in enumerate(lines) if "typography" in line)
    assert lines[index + 1] == "    Attention: le fichier n’existe pas, vérifiez le chemin."


def test_long_offending_text_is_clipped(sample: list[Finding]) -> None:
    lines = render_text(sample, tool_version="1").splitlines()
    index = next(i for i, line in enumerate(lines) if "untranslated" in line)
    quoted = lines[index + 1].removeprefix("    ")
    assert len(quoted) <= TEXT_LIMIT
    assert quoted.endswith("…")
    assert quoted.startswith("Pipeline extracts every translatable unit")


def test_finding_without_text_has_no_quote_line(sample: list[Finding]) -> None:
    out = render_text([sample[4]], tool_version="1")
    assert out.splitlines()[1] == ""


def test_message_newline_and_control_characters_stay_on_one_line() -> None:
    finding = Finding(
        "glossary",
        Severity.WARNING,
        Location("a.md", 2),
        "first\nsecond\r\nthird \x1b[31m",
        translation="x\ny",
    )
    lines = render_text([finding], tool_version="1").splitlines()
    assert lines[0] == "a.md:2: warning glossary: first second third \\x1b[31m"
    assert lines[1] == "    x y"
    assert "\x1b" not in render_text([finding], tool_version="1")


@pytest.mark.parametrize("color", [False, True])
def test_colour_only_when_asked(sample: list[Finding], color: bool) -> None:
    out = render_text(sample, tool_version="1", color=color)
    assert ("\x1b[" in out) is color


def test_colour_does_not_change_the_words(sample: list[Finding]) -> None:
    import re

    coloured = render_text(sample, tool_version="1", color=True)
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render_text(sample, tool_version="1")
