"""Finding glossary terms in inline Markdown."""

from __future__ import annotations

from pipeline.glossary.match import is_acronym, missing_renderings, plain_text
from pipeline.glossary.model import Glossary, GlossaryEntry


def test_plain_text_and_acronyms() -> None:
    assert plain_text("A **b**\n[c](d) `e` <span>f</span> ’") == "A b c f '"
    assert is_acronym("INCB") and is_acronym("HIV/AIDS") and is_acronym("COVID-19")
    assert is_acronym("SDGs")
    assert not is_acronym("Python") and not is_acronym("A") and not is_acronym("VIH/sida")


GLOSSARY = Glossary(
    "en",
    (
        GlossaryEntry("Agenda", (("fr", ("Programme",)),)),
        GlossaryEntry("2030 Agenda", (("fr", ("Programme 2030",)),)),
        GlossaryEntry("WHO", (("fr", ("OMS",)),)),
        GlossaryEntry("harm reduction", (("fr", ("réduction des risques",)),), synonyms=("HR",)),
    ),
)


def test_missing_renderings_are_entries_in_source_order() -> None:
    missing = missing_renderings(GLOSSARY, "HR and the WHO, the WHO again", "rien", "fr")
    assert [entry.term for entry in missing] == ["harm reduction", "WHO"]


def test_a_term_inside_a_longer_one_does_not_count() -> None:
    missing = missing_renderings(GLOSSARY, "The 2030 Agenda.", "Le Programme 2030.", "fr")
    assert missing == []
    missing = missing_renderings(GLOSSARY, "The 2030 Agenda.", "Le programme.", "fr")
    assert [entry.term for entry in missing] == ["2030 Agenda"]


def test_no_rendering_in_the_language_is_never_missing() -> None:
    assert missing_renderings(GLOSSARY, "The WHO", "Die", "de") == []
