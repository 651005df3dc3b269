"""Soft line breaks between CJK characters: the cases of markdown-it's cjk-breaks plugin,
on raw unit text (msgids) and on markdown-it's tokens (HTML fragments)."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from pipeline.segment.cjk import remove_cjk_breaks, squeeze_cjk_spaces
from pipeline.segment.markdown import join_lines

# (Markdown, the unit's text, the HTML markdown-it-cjk-breaks renders)
CASES = [
    ("あおえ\nいう", "あおえいう", "<p>あおえいう</p>\n"),
    ("あおえ\naoe", "あおえ aoe", "<p>あおえ\naoe</p>\n"),
    ("aoe\nあおえ", "aoe あおえ", "<p>aoe\nあおえ</p>\n"),
    ("*あおえ*\n*いう*", "*あおえ**いう*", "<p><em>あおえ</em><em>いう</em></p>\n"),
    ("foo🈀\n🈀foo", "foo🈀🈀foo", "<p>foo🈀🈀foo</p>\n"),
    ("会員は毎年。\n会員は議論します。", "会員は毎年。会員は議論します。", None),
    ("中文，\n  继续", "中文，继续", None),
    ("한국어\n문장", "한국어 문장", "<p>한국어\n문장</p>\n"),  # Korean keeps its spaces
    ("word\u200b\nword", "word\u200bword", None),
    ("The end.\nNext line", "The end. Next line", None),
]


@pytest.mark.parametrize(("markdown", "unit", "rendered"), CASES, ids=lambda v: repr(v)[:20])
def test_unit_text_and_rendering(markdown: str, unit: str, rendered: str | None) -> None:
    assert join_lines(markdown) == unit
    if rendered is None:
        return
    md = MarkdownIt("commonmark")
    tokens = md.parse(markdown)
    for token in tokens:
        if token.type == "inline" and token.children:
            remove_cjk_breaks(token.children)
    assert md.renderer.render(tokens, md.options, {}) == rendered


def test_hard_breaks_stay() -> None:
    assert join_lines("あおえ  \nいう") == "あおえ  \nいう"


def test_values_a_parser_already_folded() -> None:
    assert squeeze_cjk_spaces("会員の 紹介") == "会員の紹介"
    assert squeeze_cjk_spaces("会員 members") == "会員 members"
