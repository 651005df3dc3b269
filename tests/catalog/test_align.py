"""Aligning a hand-written translation with its source page."""

from __future__ import annotations

from pipeline.catalog.align import align
from pipeline.content.pages import parse_page

SOURCE = """---
title: "Title"
---

# Heading

First paragraph.

Second paragraph with a [link](x/).

## Section

- one
- two
"""

SAME = """---
title: "Titre"
---

# Titre principal

Premier paragraphe.

Deuxième paragraphe avec un [lien](x/).

## Partie

- un
- deux
"""


def test_same_structure_aligns_every_unit_with_certainty() -> None:
    source = parse_page(SOURCE, "content/en/p.md", "en", "p")
    target = parse_page(SAME, "content/fr/p.md", "fr", "p")
    result = align(source, target)
    assert [(p.source.text, p.target.text, p.certain) for p in result.pairs] == [
        ("Title", "Titre", True),
        ("Heading", "Titre principal", True),
        ("First paragraph.", "Premier paragraphe.", True),
        ("Second paragraph with a [link](x/).", "Deuxième paragraphe avec un [lien](x/).", True),
        ("Section", "Partie", True),
        ("one", "un", True),
        ("two", "deux", True),
    ]
    assert result.unaligned_source == result.unaligned_target == ()


def test_missing_paragraph_is_reported_and_rest_aligned() -> None:
    source = parse_page(SOURCE, "content/en/p.md", "en", "p")
    target = parse_page(SAME.replace("Premier paragraphe.\n\n", ""), "content/fr/p.md", "fr", "p")
    result = align(source, target)
    assert [s.text for s in result.unaligned_source] == ["First paragraph."]
    texts = {p.source.text: p.target.text for p in result.pairs}
    assert texts["one"] == "un"
    assert texts["Second paragraph with a [link](x/)."].startswith("Deuxième")


def test_changed_link_target_makes_the_pair_uncertain() -> None:
    source = parse_page(SOURCE, "content/en/p.md", "en", "p")
    target = parse_page(SAME.replace("(x/)", "(y/)"), "content/fr/p.md", "fr", "p")
    certain = {p.source.text: p.certain for p in align(source, target).pairs}
    assert certain["Second paragraph with a [link](x/)."] is False
    assert certain["First paragraph."] is True


def test_extra_section_is_unaligned() -> None:
    source = parse_page(SOURCE, "content/en/p.md", "en", "p")
    target = parse_page(SAME + "\n## En plus\n\nTexte ajouté.\n", "content/fr/p.md", "fr", "p")
    result = align(source, target)
    assert [t.text for t in result.unaligned_target] == ["En plus", "Texte ajouté."]
    assert len(result.pairs) == 7
