"""The TBX glossary format (v2 and v3) and its XML reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.glossary.tbx_format import parse_tbx

DATA = Path(__file__).resolve().parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_tbx_v2() -> None:
    glossary = parse_tbx(read("glossary-v2.tbx"), "glossary-v2.tbx")
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


def test_tbx_v3() -> None:
    glossary = parse_tbx(read("glossary-v3.tbx"), "glossary-v3.tbx")
    assert glossary.source_lang == "en"
    assert [entry.term for entry in glossary.entries] == ["World Health Organization", "WHO"]
    assert glossary.entries[0].renderings("de") == ("Weltgesundheitsorganisation",)


def test_tbx_without_root_language_uses_the_given_one() -> None:
    text = (
        '<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>CND'
        '</term></tig></langSet><langSet xml:lang="fr"><tig><term>CND</term></tig></langSet>'
        "</termEntry></body></text></martif>"
    )
    with pytest.raises(ConfigError, match="declares no source language"):
        parse_tbx(text, "g.tbx")
    glossary = parse_tbx(text, "g.tbx", source_lang="en")
    assert glossary.entries[0].renderings("fr") == ("CND",)


def test_markup_cdata_comments_and_references_in_terms() -> None:
    glossary = parse_tbx(
        '<martif xml:lang="en"><text><body><termEntry>\n'
        '<descrip type="context">ctx <b>bold</b> tail</descrip>\n'
        '<langSet xml:lang="en"><tig><term><![CDATA[A&B]]> <!-- c -->C</term></tig></langSet>\n'
        '<langSet xml:lang="fr"><tig><term>x&amp;y &#233;</term></tig></langSet>\n'
        "</termEntry></body></text></martif>",
        "g.tbx",
    )
    (entry,) = glossary.entries
    assert entry.term == "A&B C"
    assert entry.renderings("fr") == ("x&y é",)
    # an element's own text first, then its children's (the reader's order since TBX came)
    assert entry.note == "ctx tailbold"


def test_namespaces_are_dropped() -> None:
    glossary = parse_tbx(
        '<x:martif xmlns:x="urn:x" xml:lang="en"><x:text><x:body><x:termEntry>'
        '<x:langSet xml:lang="en"><x:term>T</x:term></x:langSet>'
        '<x:langSet xml:lang="fr"><x:term>U</x:term></x:langSet>'
        "</x:termEntry></x:body></x:text></x:martif>",
        "g.tbx",
    )
    assert [(entry.term, entry.renderings("fr")) for entry in glossary.entries] == [("T", ("U",))]


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
        (
            "g.tbx",
            '<!DOCTYPE martif [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
            '<martif xml:lang="en">&e;</martif>',
            1,
            "not allowed",
        ),
        (
            "g.tbx",
            '<martif xml:lang="en">\n<term>&undefined;</term></martif>',
            2,
            "undefined entity",
        ),
    ],
)
def test_malformed_glossaries(name: str, text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        parse_tbx(text, name)
    assert caught.value.path == name
    assert caught.value.line == line


def test_external_dtd_is_not_read() -> None:
    glossary = parse_tbx(
        '<!DOCTYPE martif SYSTEM "http://example.invalid/x.dtd">\n'
        '<martif xml:lang="en"><termEntry><langSet xml:lang="en"><term>T&ext;</term>'
        "</langSet></termEntry></martif>",
        "g.tbx",
    )
    assert [(entry.term, entry.line) for entry in glossary.entries] == [("T", 2)]
