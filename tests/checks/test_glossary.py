"""The glossary rule: missing renderings become issues."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import REPO, aligned_pairs
from pipeline.checks.glossary import glossary_issues
from pipeline.glossary.load import load_glossary
from pipeline.glossary.model import Glossary

DATA = Path(__file__).resolve().parent.parent / "glossary" / "data"


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return load_glossary(REPO / "glossary.csv", "glossary.csv")


def test_tbx_v2() -> None:
    glossary = load_glossary(DATA / "glossary-v2.tbx", "glossary-v2.tbx")
    issues = glossary_issues(
        glossary,
        "The International Narcotics Control Board, risk reduction and IDPC",
        "L’Office international des stupéfiants, la réduction des dommages et le CIPD",
        "fr",
    )
    assert [issue.expected for issue in issues] == [
        "Organe international de contrôle des stupéfiants",
        "IDPC",
    ]


def test_tbx_v3() -> None:
    glossary = load_glossary(DATA / "glossary-v3.tbx", "glossary-v3.tbx")
    issues = glossary_issues(glossary, "The WHO", "Die WHO", "de")
    assert issues == []
    issues = glossary_issues(glossary, "The World Health Organization (WHO)", "L’OMS", "fr")
    assert [issue.expected for issue in issues] == ["Organisation mondiale de la Santé"]


# --------------------------------------------------------------------------- the check


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        (
            "The International Narcotics Control Board (INCB) met.",
            "L’Organe international de contrôle des stupéfiants (INCB) s’est réuni.",
            ["OICS"],
        ),
        (
            "The International Narcotics Control Board met.",
            "Le Conseil international de contrôle des stupéfiants s’est réuni.",
            ["Organe international de contrôle des stupéfiants"],
        ),
        ("IDPC works with civil society.", "Le CIPD travaille avec la société civile.", ["IDPC"]),
        ("The WHO met.", "L’oms s’est réunie.", ["OMS"]),
        (
            "Harm reduction works.",
            "La réduction des dommages fonctionne.",
            ["réduction des risques"],
        ),
        (
            "The 2030 Agenda for Sustainable Development and the SDGs.",
            "Le Programme 2030 et les ODD.",
            ["Programme de développement durable à l’horizon 2030"],
        ),
        ("Human rights and the HRC.", "Les droits humains et le CDH.", ["droits de l’homme"]),
        ("**COVID-19** response", "la réponse à la covid", ["COVID-19"]),
    ],
)
def test_missing_renderings_are_flagged(
    shipped: Glossary, source: str, translation: str, expected: list[str]
) -> None:
    issues = glossary_issues(shipped, source, translation, "fr")
    assert [issue.expected for issue in issues] == expected


def test_message_wording(shipped: Glossary) -> None:
    issues = glossary_issues(
        shipped, "The International Narcotics Control Board", "Le Conseil", "fr"
    )
    assert issues[0].message == (
        'glossary: "International Narcotics Control Board" should be translated as '
        '"Organe international de contrôle des stupéfiants"'
    )
    issues = glossary_issues(shipped, "IDPC", "CIPD", "fr")
    assert issues[0].message == 'glossary: "IDPC" should be kept untranslated'


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        # acronyms match case-sensitively: "who" is not the WHO
        ("People who use drugs.", "Les personnes qui consomment des drogues."),
        # the nested "2030 Agenda" is part of the longer term at the same place
        (
            "The 2030 Agenda for Sustainable Development.",
            "Le Programme de développement durable à l’horizon 2030.",
        ),
        # a rendering split over a line break, with a no-break space, still matches
        ("The Commission on Narcotic Drugs met.", "La Commission\ndes\u00a0stupéfiants"),
        # markup in the source and the translation is ignored
        (
            "The **International** Narcotics [Control Board](incb/) met.",
            "L’_Organe international_ de contrôle des [stupéfiants](incb/) s’est réuni.",
        ),
        # straight and curly apostrophes are the same
        ("human rights", "les droits de l'homme"),
        # case-insensitive for ordinary terms
        ("UN Member States", "les États Membres"),
        # whole words only: "HIVE" is not "HIV", "whom" is not "WHO"
        ("The HIVE team, for whom", "L’équipe HIVE, pour qui"),
        # a term inside a code span is not prose
        ("Run `INCB --help`", "Lancez `INCB --help`"),
        # no rendering in the language: nothing to check
        ("The INCB", "Die INCB"),
    ],
)
def test_clean_translations(shipped: Glossary, source: str, translation: str) -> None:
    lang = "de" if translation.startswith("Die") else "fr"
    assert glossary_issues(shipped, source, translation, lang) == []


def test_each_entry_reported_once_in_source_order(shipped: Glossary) -> None:
    issues = glossary_issues(shipped, "UNODC, the WHO, UNODC again and the WHO", "ONUDC", "fr")
    assert [issue.expected for issue in issues] == ["OMS"]
    issues = glossary_issues(shipped, "WHO and UNODC", "rien", "fr")
    assert [issue.expected for issue in issues] == ["OMS", "ONUDC"]


# --------------------------------------------------------------------------- shipped site


def test_shipped_site_draws_no_glossary_issue(shipped: Glossary) -> None:
    found = []
    checked = 0
    for name, en, fr in aligned_pairs():
        if en.text == fr.text:
            continue  # incb.md: the English page holds the French paragraph
        checked += 1
        found.extend(
            (name, en.line, i.message) for i in glossary_issues(shipped, en.text, fr.text, "fr")
        )
    assert checked > 50
    assert found == []


@pytest.mark.parametrize(
    ("page", "rendering", "replacement", "term"),
    [
        ("incb.md", "Organe international de contrôle des stupéfiants", "Organe", "International"),
        ("unga.md", "Troisième Commission", "3e Commission", "Third Committee"),
        ("treaty-bodies.md", "PIDCP", "ICCPR", "ICCPR"),
        ("unodc.md", "(SAG)", "(GCS)", "SAG"),
        ("sdgs.md", "Programme 2030", "Agenda 2030", "2030 Agenda"),
        ("index.md", "société civile", "communauté", "civil society"),
        ("hrc.md", "Conseil des droits de l’homme", "Conseil des droits humains", "Human Rights"),
    ],
)
def test_shipped_site_planted_faults_are_caught(
    shipped: Glossary, page: str, rendering: str, replacement: str, term: str
) -> None:
    caught = []
    planted = 0
    for name, en, fr in aligned_pairs():
        if name != page or en.text == fr.text or rendering not in fr.text:
            continue
        planted += 1
        issues = glossary_issues(shipped, en.text, fr.text.replace(rendering, replacement), "fr")
        caught.extend(issue for issue in issues if f'"{term}' in issue.message)
    assert planted > 0
    assert caught, f"planted fault on {page} not caught"
