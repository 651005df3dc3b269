"""Glossary loading (CSV, TBX) and the glossary check."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import REPO, aligned_pairs
from pipeline.checks.glossary import Glossary, is_acronym, load_glossary, plain_text
from pipeline.errors import ConfigError

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return load_glossary(REPO / "glossary.csv", "glossary.csv")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- loading


def test_shipped_csv_loads(shipped: Glossary) -> None:
    assert shipped.source_lang == "en"
    assert len(shipped.entries) == 50
    by_term = {entry.term: entry for entry in shipped.entries}
    incb = by_term["INCB"]
    assert incb.renderings("fr") == ("OICS",)
    assert incb.renderings("fr_CA") == ("OICS",)
    assert incb.renderings("de") == ()
    assert not incb.dnt
    assert by_term["IDPC"].dnt
    assert by_term["IDPC"].note == "International Drug Policy Consortium"
    assert by_term["IDPC"].renderings("fr") == ("IDPC",)
    assert by_term["2030 Agenda"].line == 2
    assert by_term["member states"].line == 51


def test_names(shipped: Glossary) -> None:
    names = shipped.names("fr")
    assert "International Narcotics Control Board" in names
    assert "Organe international de contrôle des stupéfiants" in names
    assert len(names) == len(set(names))
    assert shipped.names() == shipped.names("fr")
    assert shipped.names("de") == tuple(entry.term for entry in shipped.entries)


def test_tbx_v2(tmp_path: Path) -> None:
    glossary = load_glossary(DATA / "glossary-v2.tbx", "glossary-v2.tbx")
    assert glossary.source_lang == "en_US"
    assert [entry.term for entry in glossary.entries] == [
        "International Narcotics Control Board",
        "harm reduction",
        "IDPC",
    ]
    incb, harm, idpc = glossary.entries
    assert incb.renderings("fr") == ("Organe international de contrôle des stupéfiants",)
    assert incb.note == "The UN body that monitors the drug control treaties."
    assert incb.line == 9
    assert harm.synonyms == ("risk reduction",)
    assert harm.renderings("fr") == ("réduction des risques", "réduction des dommages")
    assert idpc.dnt
    issues = glossary.issues(
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
    assert glossary.source_lang == "en"
    assert [entry.term for entry in glossary.entries] == ["World Health Organization", "WHO"]
    assert glossary.entries[0].renderings("de") == ("Weltgesundheitsorganisation",)
    issues = glossary.issues("The WHO", "Die WHO", "de")
    assert issues == []
    issues = glossary.issues("The World Health Organization (WHO)", "L’OMS", "fr")
    assert [issue.expected for issue in issues] == ["Organisation mondiale de la Santé"]


def test_tbx_without_root_language_uses_the_given_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.tbx",
        '<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>CND'
        '</term></tig></langSet><langSet xml:lang="fr"><tig><term>CND</term></tig></langSet>'
        "</termEntry></body></text></martif>",
    )
    with pytest.raises(ConfigError, match="declares no source language"):
        load_glossary(path, "g.tbx")
    glossary = load_glossary(path, "g.tbx", source_lang="en")
    assert glossary.entries[0].renderings("fr") == ("CND",)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<martif xml:lang="en"><text><body>&lol2;</body></text></martif>
"""


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("g.csv", "", 1, "empty"),
        ("g.csv", "en,fr\nINCB,OICS,extra\n", 2, "row has 3 fields, the header 2"),
        ("g.csv", "en,fr,type\nINCB,OICS,maybe\n", 2, "unknown type 'maybe'"),
        ("g.csv", "en,fr\nINCB,OICS\nCND,CND\nINCB,OICS\n", 4, "already defined at line 2"),
        ("g.csv", "en,french\nINCB,OICS\n", 1, "neither a known language code"),
        ("g.csv", "type,en,fr\nterm,INCB,OICS\n", 1, "first column must be the source language"),
        ("g.csv", "en,fr,fr\nINCB,OICS,OICS\n", 1, "appears twice"),
        ("g.csv", 'en,fr\n"INCB,OICS\n', 2, "malformed CSV"),
        ("g.csv", "en,fr\n,OICS\n", 2, "no source term"),
        ("g.tbx", BILLION_LAUGHS, 2, "not allowed"),
        ("g.tbx", '<martif xml:lang="en">\n<text>\n</martif>\n', 3, "malformed TBX"),
        ("g.tbx", '<?xml version="1.0"?>\n<glossary xml:lang="en"/>', 2, "not a TBX file"),
        (
            "g.tbx",
            '<martif xml:lang="en"><text><body>\n<termEntry><langSet>\n</langSet>'
            "</termEntry></body></text></martif>",
            2,
            "without xml:lang",
        ),
    ],
)
def test_malformed_glossaries(
    tmp_path: Path, name: str, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_glossary(path, name)
    assert caught.value.path == name
    assert caught.value.line == line


def test_glossary_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(b"en,fr\nINCB,\xe9\n")
    with pytest.raises(ConfigError, match="UTF-8") as caught:
        load_glossary(path, "g.csv")
    assert caught.value.line == 2


def test_missing_glossary(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_glossary(tmp_path / "none.csv", "none.csv")


def test_csv_comments_blank_rows_and_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", "\ufeffen,fr,note\n# comment,x,y\n\nINCB,OICS,board\n")
    glossary = load_glossary(path, "g.csv")
    assert [(e.term, e.line, e.note) for e in glossary.entries] == [("INCB", 4, "board")]


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
    issues = shipped.issues(source, translation, "fr")
    assert [issue.expected for issue in issues] == expected


def test_message_wording(shipped: Glossary) -> None:
    issues = shipped.issues("The International Narcotics Control Board", "Le Conseil", "fr")
    assert issues[0].message == (
        'glossary: "International Narcotics Control Board" should be translated as '
        '"Organe international de contrôle des stupéfiants"'
    )
    issues = shipped.issues("IDPC", "CIPD", "fr")
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
    assert shipped.issues(source, translation, lang) == []


def test_each_entry_reported_once_in_source_order(shipped: Glossary) -> None:
    issues = shipped.issues("UNODC, the WHO, UNODC again and the WHO", "ONUDC", "fr")
    assert [issue.expected for issue in issues] == ["OMS"]
    issues = shipped.issues("WHO and UNODC", "rien", "fr")
    assert [issue.expected for issue in issues] == ["OMS", "ONUDC"]


def test_plain_text_and_acronyms() -> None:
    assert plain_text("A **b**\n[c](d) `e` <span>f</span> ’") == "A b c f '"
    assert is_acronym("INCB") and is_acronym("HIV/AIDS") and is_acronym("COVID-19")
    assert is_acronym("SDGs")
    assert not is_acronym("Python") and not is_acronym("A") and not is_acronym("VIH/sida")


# --------------------------------------------------------------------------- shipped site


def test_shipped_site_draws_no_glossary_issue(shipped: Glossary) -> None:
    found = []
    checked = 0
    for name, en, fr in aligned_pairs():
        if en.text == fr.text:
            continue  # incb.md: the English page holds the French paragraph
        checked += 1
        found.extend((name, en.line, i.message) for i in shipped.issues(en.text, fr.text, "fr"))
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
        issues = shipped.issues(en.text, fr.text.replace(rendering, replacement), "fr")
        caught.extend(issue for issue in issues if f'"{term}' in issue.message)
    assert planted > 0
    assert caught, f"planted fault on {page} not caught"
