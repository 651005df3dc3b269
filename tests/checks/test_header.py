"""PO header checks."""

from __future__ import annotations

import pytest

from helpers import SHARED_DATA
from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_read import parse_po, read_po
from pipeline.checks.header import header_issues

SAMPLES = SHARED_DATA / "po-samples"
GOOD = [
    "Language: fr",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Plural-Forms: nplurals=2; plural=(n > 1);",
]
PLURAL_ENTRY = 'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "un fichier"\n'


def po(
    fields: list[str], entries: str = "", path: str = "locale/fr/LC_MESSAGES/site.po"
) -> Catalog:
    header = "".join(f'"{field}\\n"\n' for field in fields)
    text = f'# comment\nmsgid ""\nmsgstr ""\n{header}\n{entries}'
    return parse_po(text, path)


def messages(catalog: Catalog, lang: str | None = "fr") -> list[tuple[int, str]]:
    return [(line, issue.message) for line, issue in header_issues(catalog, lang)]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared po-samples absent")
def test_real_catalogues_have_no_header_issue() -> None:
    paths = sorted(SAMPLES.glob("*.po"))
    assert len(paths) >= 10
    found = []
    for path in paths:
        catalog = read_po(path, path.name)
        found.extend(
            (path.name, line, issue.message) for line, issue in header_issues(catalog, "fr")
        )
    assert found == []


TWO_FORMS = PLURAL_ENTRY + 'msgstr[1] "%d fichiers"\n'
THREE_FORMS = TWO_FORMS + 'msgstr[2] "%d de fichiers"\n'


@pytest.mark.parametrize(
    ("fields", "entries", "expected_lang"),
    [
        (GOOD, TWO_FORMS, "fr"),
        ([*GOOD[:3], "Plural-Forms: nplurals=2; plural=n>1;"], TWO_FORMS, "fr"),
        (
            [
                *GOOD[:3],
                "Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && "
                "n % 1000000 == 0 ? 1 : 2;",
            ],
            THREE_FORMS,
            "fr",
        ),
        (["Language: fr_FR", "Content-Type: text/plain; charset=utf-8"], "", "fr_FR"),
        (["Language: pt-BR", "Content-Type: text/plain; charset=UTF-8"], "", "pt_BR"),
        (GOOD[:3], 'msgid "a"\nmsgstr "b"\n', "fr"),
    ],
)
def test_clean_headers(fields: list[str], entries: str, expected_lang: str) -> None:
    assert messages(po(fields, entries), expected_lang) == []


@pytest.mark.parametrize(
    ("lang", "plural_forms"),
    [
        ("en", "nplurals=2; plural=(n != 1);"),
        ("de", "nplurals=2; plural=n != 1;"),
        ("ja", "nplurals=1; plural=0;"),
        (
            "ru",
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
            "(n%100<10 || n%100>=20) ? 1 : 2);",
        ),
        (
            "pl",
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
            "? 1 : 2);",
        ),
        ("cs", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"),
        (
            "ar",
            "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
            ": n%100>=11 ? 4 : 5;",
        ),
        ("pt_BR", "nplurals=2; plural=(n > 1);"),
        ("es", "nplurals=2; plural=(n != 1);"),
    ],
)
def test_classic_plural_forms_are_consistent(lang: str, plural_forms: str) -> None:
    catalog = po(
        [
            f"Language: {lang}",
            "Content-Type: text/plain; charset=UTF-8",
            f"Plural-Forms: {plural_forms}",
        ]
    )
    assert messages(catalog, lang) == []


@pytest.mark.parametrize(
    ("fields", "expected_lang", "message"),
    [
        (GOOD[1:], "fr", "the header has no Language field"),
        (["Language: ", *GOOD[1:]], "fr", "the header has no Language field"),
        (
            ["Language: de", *GOOD[1:3]],
            "fr",
            "the header's Language 'de' differs from the catalogue's language 'fr'",
        ),
        (
            ["Language: xx", *GOOD[1:]],
            "fr",
            "the header's Language 'xx' is not a known language code",
        ),
        (["Language: fr"], "fr", "the header has no Content-Type field"),
        (
            ["Language: fr", "Content-Type: text/plain"],
            "fr",
            "the header's charset is missing; it must be UTF-8",
        ),
        (
            [*GOOD[:3], "Plural-Forms: nplurals=2; plural=(n != 1);"],
            "fr",
            "Plural-Forms puts n=0 (one) and n=2 (other) in the same form 1, unlike CLDR's "
            "plural rules for fr",
        ),
        (
            ["Language: ru", GOOD[2], "Plural-Forms: nplurals=2; plural=(n != 1);"],
            "ru",
            "Plural-Forms puts n=0 (many) and n=2 (few) in the same form 1",
        ),
        (
            [*GOOD[:3], "Plural-Forms: nplurals=3; plural=(n > 1);"],
            "fr",
            "Plural-Forms says nplurals=3 but its expression yields 2 distinct forms",
        ),
        (
            [*GOOD[:3], "Plural-Forms: nplurals=2; plural=n;"],
            "fr",
            "Plural-Forms gives form 2 for n=2, but nplurals=2",
        ),
        (
            [*GOOD[:3], "Plural-Forms: nplurals=2; plural=(n > 1"],
            "fr",
            "malformed Plural-Forms: unexpected end",
        ),
        ([*GOOD[:3], "Plural-Forms: plural=(n > 1);"], "fr", "malformed Plural-Forms: expected"),
        ([*GOOD[:3], "Plural-Forms: nplurals=2; plural=n/(n-n);"], "fr", "division by zero"),
        ([*GOOD, "Language: fr"], "fr", "the header field Language appears more than once"),
    ],
)
def test_planted_header_faults(fields: list[str], expected_lang: str, message: str) -> None:
    found = messages(po(fields), expected_lang)
    assert any(message in text for _, text in found), found
    assert all(line == 2 for line, _ in found)


def test_non_utf8_charset() -> None:
    header = Message("", "Language: fr\nContent-Type: text/plain; charset=ISO-8859-1\n", line=7)
    found = header_issues(Catalog(header, [], "x.po"), "fr")
    assert len(found) == 1
    line, issue = found[0]
    assert line == 7
    assert issue.message == "the header's charset is 'ISO-8859-1'; it must be UTF-8"
    assert issue.expected == "UTF-8"
    assert issue.detected == "ISO-8859-1"


def test_plural_entries_need_plural_forms() -> None:
    entries = PLURAL_ENTRY + 'msgstr[1] "%d fichiers"\n'
    found = header_issues(po(GOOD[:3], entries), "fr")
    assert [issue.message for _, issue in found] == [
        "the catalogue has plural entries but the header has no Plural-Forms"
    ]
    assert found[0][1].expected == "nplurals=2; plural=(n > 1);"


def test_plural_entry_with_wrong_number_of_forms() -> None:
    entries = (
        PLURAL_ENTRY
        + 'msgstr[1] "%d fichiers"\nmsgstr[2] "%d fichiers"\n\n'
        + 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    )
    found = header_issues(po(GOOD, entries), "fr")
    assert [(line, issue.detected) for line, issue in found] == [(9, "3")]
    assert "nplurals=2" in found[0][1].message


def test_no_header_and_templates() -> None:
    assert messages(Catalog(None, [], "x.po")) == [(1, "the catalogue has no header entry")]
    assert header_issues(Catalog(None, [], "locale/site.pot"), None) == []


def test_expected_language_unknown_is_not_required() -> None:
    assert messages(po(GOOD), None) == []
