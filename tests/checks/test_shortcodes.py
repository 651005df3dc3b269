"""Shortcodes a translation must keep, for markup-mismatch: placeables of the Markdown
dialect in catalogue entries, compared page-wide on hand-written pages."""

from __future__ import annotations

import pytest

from pipeline.checks.markup import markup_issues
from pipeline.checks.shortcodes import placed_shortcode_issues
from pipeline.segment.shortcodes import page_shortcodes


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ('See {{< ref "a.md" >}} now.', 'Voir {{< ref "a.md" >}} maintenant.'),
        ("{{< a >}} then {{< b >}}", "{{< b >}} puis {{< a >}}"),  # order-free
        (
            '{{< figure src="x.png" caption="A cat" >}}',
            '{{< figure caption="Un chat" src="x.png" >}}',  # translatable parameter
        ),
        ('{{% alert "Take care" %}}x{{% /alert %}}', '{{% alert "Attention" %}}x{{% /alert %}}'),
        ("No shortcode.", "Pas de shortcode."),
    ],
)
def test_kept(source: str, translation: str) -> None:
    assert markup_issues(source, translation) == []


@pytest.mark.parametrize(
    ("source", "translation", "messages"),
    [
        (
            'See {{< ref "a.md" >}}.',
            'Voir {{< relref "a.md" >}}.',
            [
                'shortcode `{{< ref "a.md" >}}` of the source is missing in the translation',
                'shortcode `{{< relref "a.md" >}}` is not in the source',
            ],
        ),
        (
            'See {{< ref "a.md" >}}.',
            'Voir {{< ref "b.md" >}}.',
            [
                'shortcode `{{< ref "a.md" >}}` of the source is missing in the translation',
                'shortcode `{{< ref "b.md" >}}` is not in the source',
            ],
        ),
        (
            "{{% notice tip %}}Text.{{% /notice %}}",
            "{{% notice tip %}}Texte.",
            ["shortcode `{{% /notice %}}` of the source is missing in the translation"],
        ),
        (
            "{{< a >}} and {{< a >}}",
            "{{< a >}} et",
            ["shortcode `{{< a >}}` of the source is missing in the translation (1 of 2)"],
        ),
        ("Text.", "Texte {{< x >}}.", ["shortcode `{{< x >}}` is not in the source"]),
    ],
)
def test_broken(source: str, translation: str, messages: list[str]) -> None:
    assert [i.message for i in markup_issues(source, translation)] == messages


def test_pages_name_the_unclosed_tag_and_its_line() -> None:
    source = "A\n\n{{% notice %}}\nB\n{{% /notice %}}\n"
    translation = "A\n\n\n{{% notice %}}\nB\n"
    found = placed_shortcode_issues(page_shortcodes(source), page_shortcodes(translation))
    assert [(line, issue.expected) for line, issue in found] == [(4, "{{% /notice %}}")]
    assert found[0][1].message.startswith("shortcode {{% notice %}} is not closed")
