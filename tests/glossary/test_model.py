"""The glossary records: renderings by language, names."""

from __future__ import annotations

import pytest

from helpers import REPO
from pipeline.glossary.load import load_glossary
from pipeline.glossary.model import Glossary, GlossaryEntry, normalize_lang


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return load_glossary(REPO / "glossary.csv", "glossary.csv")


def test_names(shipped: Glossary) -> None:
    names = shipped.names("fr")
    assert "International Narcotics Control Board" in names
    assert "Organe international de contrôle des stupéfiants" in names
    assert len(names) == len(set(names))
    assert shipped.names() == shipped.names("fr")
    assert shipped.names("de") == tuple(entry.term for entry in shipped.entries)


def test_renderings_fall_back_between_regional_and_plain_codes() -> None:
    entry = GlossaryEntry(
        "harm reduction",
        (("fr_FR", ("réduction des risques",)), ("pt", ()), ("pt_BR", ("redução de danos",))),
    )
    assert entry.renderings("fr") == ("réduction des risques",)
    assert entry.renderings("fr-ca") == ("réduction des risques",)
    assert entry.renderings("pt") == ("redução de danos",)
    assert entry.renderings("de") == ()
    assert GlossaryEntry("IDPC", dnt=True).renderings("de") == ("IDPC",)


def test_names_keep_synonyms_and_every_language() -> None:
    glossary = Glossary(
        "en",
        (GlossaryEntry("A", (("fr", ("B", "C")), ("de", ("B",))), synonyms=("D",)),),
    )
    assert glossary.names() == ("A", "D", "B", "C")
    assert glossary.names("de") == ("A", "D", "B")


def test_the_path_is_not_compared() -> None:
    assert Glossary("en", (), "a.csv") == Glossary("en", (), "b.tbx")


@pytest.mark.parametrize(
    ("code", "expected"),
    [("fr", "fr"), ("FR-ca", "fr_CA"), (" pt_br ", "pt_BR"), ("zh-Hant-TW", "zh_Hant_TW")],
)
def test_normalize_lang(code: str, expected: str) -> None:
    assert normalize_lang(code) == expected
