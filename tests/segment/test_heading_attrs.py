"""Heading attributes ``{#id .class key=value}``: not text, set on the heading."""

from __future__ import annotations

import pytest

from pipeline.segment.heading_attrs import split_heading_attributes
from pipeline.segment.markdown import segment_page
from pipeline.segment.parser import markdown_parser


@pytest.mark.parametrize(
    ("content", "text", "attrs"),
    [
        ("What it is {#what-it-is}", "What it is", {"id": "what-it-is"}),
        ("是什麼 {#what-it-is}", "是什麼", {"id": "what-it-is"}),
        ("Title {.a .b #x}", "Title", {"id": "x", "class": "a b"}),
        ('Title {#x data-n="1 2"}', "Title", {"id": "x", "data-n": "1 2"}),
        ("Set {a, b}", "Set {a, b}", {}),
        ("{#only-attrs}", "{#only-attrs}", {}),
        ("Braces {#x} inside", "Braces {#x} inside", {}),
    ],
)
def test_split(content: str, text: str, attrs: dict[str, str]) -> None:
    assert split_heading_attributes(content) == (text, attrs)


def test_the_heading_unit_and_element() -> None:
    page = "# Glossary {#cloud-native-glossary}\n\nSetext {.lead}\n------\n"
    units = segment_page(page, "p.md").segments
    assert [u.text for u in units] == ["Glossary", "Setext"]
    assert page[units[0].start : units[0].end] == "Glossary"
    html = markdown_parser().render(page)
    assert '<h1 id="cloud-native-glossary">Glossary</h1>' in html
    assert '<h2 class="lead">Setext</h2>' in html
