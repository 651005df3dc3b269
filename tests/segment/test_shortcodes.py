"""Hugo shortcodes read as placeholders."""

from __future__ import annotations

import pytest

from pipeline.segment.markdown import segment_page
from pipeline.segment.parser import markdown_parser
from pipeline.segment.shortcodes import find_shortcodes, parse_tag, tag_end


@pytest.mark.parametrize(
    ("raw", "name", "closing", "self_closing", "key"),
    [
        ('{{< ref "x.md" >}}', "ref", False, False, '{{< ref "x.md" >}}'),
        ("{{% notice tip %}}", "notice", False, False, "{{% notice tip %}}"),
        ("{{%/notice%}}", "notice", True, False, "{{% /notice %}}"),
        ("{{< br />}}", "br", False, True, "{{< br / >}}"),
        (
            '{{< figure src="a.png" caption="A diagram" alt="Alt" >}}',
            "figure",
            False,
            False,
            '{{< figure src="a.png" >}}',
        ),
        ('{{% alert "Take care here" warn %}}', "alert", False, False, "{{% alert warn %}}"),
        ("{{</* ref x */>}}", "ref", False, False, "{{< ref x >}}"),
    ],
)
def test_parse(raw: str, name: str, closing: bool, self_closing: bool, key: str) -> None:
    assert tag_end(raw, 0) == len(raw)
    code = parse_tag(raw)
    assert code is not None
    assert (code.name, code.closing, code.self_closing, code.key) == (
        name,
        closing,
        self_closing,
        key,
    )


@pytest.mark.parametrize(
    "text", ["{{ .Site.Title }}", "{{< unclosed", "{{% a {{% b %}}", '{{< x "open >}}']
)
def test_not_shortcodes(text: str) -> None:
    assert tag_end(text, 0) == -1


def test_a_quoted_closer_is_a_parameter() -> None:
    raw = '{{< x title="a >}} b" >}}'
    assert tag_end(raw, 0) == len(raw)
    assert [code.name for _, code in find_shortcodes(f"A {raw} and {{{{< y >}}}}.")] == ["x", "y"]


def test_tokens() -> None:
    page = (
        "Text {{< ref x >}} more\n{{% notice %}}\nInside.\n{{% /notice %}}\n\n"
        "{{< a >}} {{< b >}}\n\n{{< multi\n  p=1 >}}\n"
    )
    tokens = markdown_parser().parse(page)
    kinds = [(t.type, t.map) for t in tokens if t.type in ("shortcode_block", "inline")]
    assert kinds == [
        ("inline", [0, 1]),
        ("shortcode_block", [1, 2]),
        ("inline", [2, 3]),
        ("shortcode_block", [3, 4]),
        ("shortcode_block", [5, 6]),
        ("shortcode_block", [7, 9]),
    ]
    first = tokens[1]
    assert [c.type for c in first.children or []] == ["text", "shortcode", "text"]
    units = segment_page(page, "p.md").segments
    assert [u.text for u in units] == ["Text {{< ref x >}} more", "Inside."]
