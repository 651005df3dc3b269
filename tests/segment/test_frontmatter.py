"""Front matter as Hugo reads it: YAML, TOML, JSON, after blank lines."""

from __future__ import annotations

import pytest

from pipeline.errors import SourceError
from pipeline.segment.frontmatter import front_matter_format, split_front_matter


def test_yaml_after_blank_lines() -> None:
    text = "\n \n---\ntitle: 'Hello'\nweight: 2\n---\n\nBody.\n"
    front = split_front_matter(text, "p.md")
    assert (front.format, front.data, front.end_line) == (
        "yaml",
        {"title": "Hello", "weight": 2},
        6,
    )
    assert front.lines == {"title": 4, "weight": 5}
    start, end = front.spans["title"]
    assert text[start:end] == "'Hello'"


def test_toml() -> None:
    text = (
        '+++\ntitle = "Hello \\"world\\""\ndescription = \'Plain\'\ndate = 2024-05-01\n\n'
        '[params]\ntitle = "no"\n+++\nBody\n'
    )
    front = split_front_matter(text, "p.md")
    assert front.format == "toml" and front.end_line == 8
    assert front.data["title"] == 'Hello "world"' and front.data["params"] == {"title": "no"}
    assert front.lines == {"title": 2, "description": 3, "date": 4}
    assert [text[a:b] for a, b in (front.spans["title"], front.spans["description"])] == [
        '"Hello \\"world\\""',
        "'Plain'",
    ]
    assert "date" not in front.spans


def test_json() -> None:
    text = (
        '\n{\n  "title": "Hello",\n  "tags": ["a", {"b": 1}],\n'
        '  "description": "D\\u00e9j\\u00e0"\n}\n\nBody\n'
    )
    front = split_front_matter(text, "p.md")
    assert front.format == "json" and front.end_line == 6
    assert front.data["description"] == "Déjà"
    assert front.lines == {"title": 3, "tags": 4, "description": 5}
    start, end = front.spans["description"]
    assert text[start:end] == '"D\\u00e9j\\u00e0"'


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('+++\ntitle = "x\n+++\n', 2, "invalid TOML front matter"),
        ("\n\n+++\ntitle = 1\n", 3, "not closed (no '+++' line"),
        ('{\n  "title": "x",\n}\n', 3, "invalid JSON front matter"),
        ("[1]\n", None, None),
        ("{lang=fr}\nText\n", None, None),
        ('{\n  "a": 1\n}x\n', None, None),
    ],
)
def test_faults_and_non_front_matter(text: str, line: int | None, fragment: str | None) -> None:
    if fragment is None:
        if front_matter_format(text) == "json":
            split_front_matter(text, "p.md")  # a valid object followed by text: Hugo's too
        else:
            assert split_front_matter(text, "p.md").format == ""
        return
    with pytest.raises(SourceError) as caught:
        split_front_matter(text, "p.md")
    assert caught.value.line == line and fragment in caught.value.message
