"""Locale punctuation: French no-break spaces, CLDR quotation marks."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import REPO
from pipeline.checks.typography import masked, quotation_marks, typography_issues
from pipeline.segment.markdown import segment_page

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("Attention : danger", 11, "a no-break space is needed before ':' (found a plain space)"),
        ("Attention: danger", 10, "a no-break space is needed before ':' (found no space)"),
        ("Pourquoi ?", 10, "a no-break space is needed before '?' (found a plain space)"),
        ("Vraiment !", 10, "a no-break space is needed before '!' (found a plain space)"),
        ("un ; deux", 4, "a no-break space is needed before ';' (found a plain space)"),
        (f"«{NBSP}oui »", 7, "a no-break space is needed before '»' (found a plain space)"),
        (f"« oui{NBSP}»", 1, "a no-break space is needed after '«' (found a plain space)"),
        (f"«oui{NBSP}»", 1, "a no-break space is needed after '«' (found no space)"),
        ("**Note :** lire", 8, "a no-break space is needed before ':' (found a plain space)"),
        ("Voir [ici](https://x.org) !", 27, "before '!' (found a plain space)"),
        ("Quoi\u2009?", 6, "before '?' (found a breaking space U+2009)"),
        ("Quoi\n?", 6, "before '?' (found a line break)"),
    ],
)
def test_french_spacing_faults(text: str, column: int, message: str) -> None:
    issues = typography_issues(text, "fr")
    assert len(issues) == 1, issues
    assert message in issues[0].message
    assert issues[0].column == column
    assert issues[0].expected == "no-break space"


@pytest.mark.parametrize(
    "text",
    [
        f"Attention{NBSP}: danger",
        f"Attention{NNBSP}: danger{NNBSP}; fin{NNBSP}!",
        f"Pourquoi{NBSP}?!",
        f"«{NNBSP}oui{NNBSP}»",
        f"**Note**{NBSP}: lire",
        "Il est 10:30 à Genève.",
        "Voir https://example.org/a?b=1&c=2 ou http://x.org:8080/.",
        "Écrire à contact@example.org",
        "Utiliser `a ; b : c` et ``x ? y``",
        '[ici](https://x.org "Titre ?") et <https://y.org/?q>',
        "[^1]: une note",
        "Génial :) et ;-)",
        "a&nbsp;: b &amp; c",
        '<span title="Attention : x">mot</span>',
        '{{< ref "page.md" >}} texte',
        "Le titre [mot]{lang=en} suit",
        "C:\\chemin et std::vector",
        "(?) et [!]",
        "",
        ": au début",
    ],
)
def test_french_clean_texts(text: str) -> None:
    assert typography_issues(text, "fr") == []


def test_regional_french_and_hyphenated_codes() -> None:
    assert len(typography_issues("Quoi ?", "fr_CA")) == 1
    assert len(typography_issues("Quoi ?", "fr-CH")) == 1


@pytest.mark.parametrize(
    ("text", "lang", "marks"),
    [
        ('Il a dit "bonjour" hier', "fr", "«…»"),
        ('Er sagte "Hallo" gestern', "de", "„…“"),
        ('Disse "ciao" ieri', "it", "«…»"),
        ('Он сказал "привет"', "ru", "«…»"),
    ],
)
def test_straight_quotes_are_flagged(text: str, lang: str, marks: str) -> None:
    issues = typography_issues(text, lang)
    assert len(issues) == 1, issues
    assert issues[0].expected == marks
    assert f"CLDR quotation marks for {lang} are {marks}" in issues[0].message
    assert issues[0].column == text.index('"') + 1


@pytest.mark.parametrize(
    ("text", "lang", "options"),
    [
        ('He said "hello"', "en", None),
        ('He said "hello"', "en_GB", None),
        ('Il a dit "bonjour"', "fr", {"quotes": False}),
        ('Il a dit "bonjour"', "fr", {"fr": {"quotes": False}}),
        ('Un écran de 27" et un <a href="x">lien</a>', "fr", None),
        ('Ein `"code"` und [x](y "Titel")', "de", None),
        ("Er sagte „Hallo“ gestern", "de", None),
    ],
)
def test_quotes_not_flagged(text: str, lang: str, options: dict[str, Any] | None) -> None:
    assert typography_issues(text, lang, options) == []


def test_one_issue_per_quotation_pair() -> None:
    issues = typography_issues('"un" et "deux"', "fr")
    assert [issue.column for issue in issues] == [1, 9]


def test_english_quotes_on_request() -> None:
    issues = typography_issues('He said "hello"', "en", {"en": {"quotes": True}})
    assert len(issues) == 1
    assert "“…”" in issues[0].message


def test_english_has_no_spacing_rules() -> None:
    assert typography_issues("Note: what? Yes!", "en") == []


def test_options_add_and_remove_spacing_rules() -> None:
    assert typography_issues("Quoi ?", "fr", {"fr": {"nbsp_before": ""}}) == []
    issues = typography_issues("Wie bitte ?", "de", {"de": {"nbsp_before": "?"}})
    assert [issue.column for issue in issues] == [11]
    issues = typography_issues("a % b", "fr", {"fr": {"nbsp_before": "%"}})
    assert [issue.column for issue in issues] == [3]


def test_issues_are_in_text_order() -> None:
    issues = typography_issues('« a » "b" : c ?', "fr")
    columns = [issue.column or 0 for issue in issues]
    assert columns == sorted(columns)
    assert len(issues) == 5


def test_masking_keeps_positions() -> None:
    text = "a `b` [c](d) <e> f"
    view = masked(text)
    assert len(view) == len(text)
    assert view.startswith("a ")
    assert view.endswith(" f")
    assert "b" not in view and "d" not in view


def _masked_every_step(text: str) -> str:
    """masked() as first written: every masking step tried in turn."""
    from pipeline.checks import typography

    current = text
    if "`" in text:
        current = typography._filled(current, typography.code_spans(text), typography._MASK)
    if "&" in text:
        spans = [m.span() for m in typography._NBSP_ENTITY.finditer(text)]
        current = typography._filled(current, spans, typography.NBSP)
    for pattern, needles in typography._MASKED:
        if any(map(current.__contains__, needles)):
            spans = [m.span() for m in pattern.finditer(current)]
            current = typography._filled(current, spans, typography._MASK)
    return current


_TYPO_PIECES = [
    "<!-- c -->", "<b>", "</b>", "<https://x.org>", "<a@b.org>", "{{< x >}}", "](u)", "[t]",
    "![i]", "{#id}", "{.c}", "{a=b}", "[^1]", "[^1]:", "https://x.org/a", "mailto:a@b",
    "www.x.org", "a@b.org", ":-)", ";)", "&amp;", "&nbsp;", "`c`", "``c``", " : ", " ; ",
    "!", "?", "«", "»", "\u00a0", "word", " ", "\n", "<", "{", "@", "&", ":", "/",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TYPO_PIECES), max_size=10).map("".join))
def test_masking_tries_only_the_steps_a_text_can_match(text: str) -> None:
    """A text with none of the rarer steps' needles is searched for emoticons only: the
    same view as trying every step."""
    assert masked(text) == _masked_every_step(text)


@pytest.mark.parametrize(
    ("lang", "marks"),
    [("fr", ("«", "»")), ("de", ("„", "“")), ("de_CH", ("«", "»")), ("en_US", ("“", "”"))],
)
def test_quotation_marks(lang: str, marks: tuple[str, str]) -> None:
    assert quotation_marks(lang) == marks


def test_quotation_marks_unknown_language() -> None:
    assert quotation_marks("xx") is None
    assert typography_issues('a "b"', "xx") == []


def test_shipped_french_pages_have_no_issue() -> None:
    found = []
    pages = sorted((REPO / "content" / "fr").glob("*.md"))
    assert pages
    for page in pages:
        for unit in segment_page(page.read_text(encoding="utf-8"), str(page)).segments:
            found.extend(
                (page.name, unit.line, i.message) for i in typography_issues(unit.text, "fr")
            )
    assert found == []


def test_shipped_french_page_with_planted_fault() -> None:
    page = REPO / "content" / "fr" / "index.md"
    units = segment_page(page.read_text(encoding="utf-8"), str(page)).segments
    alt = next(unit.text for unit in units if "«" in unit.text)
    broken = alt.replace(f"2016{NBSP}:", "2016 :").replace(f"«{NBSP}", "« ")
    messages = [issue.message for issue in typography_issues(broken, "fr")]
    assert len(messages) == 2, messages


FUZZ_ALPHABET = 'ab :;!?«»"`[]()<>{}^&*_\n\u00a0\u202f10/'


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list('ab :;!?«»"`[]()<>{}^&*_\n\u00a0\u202f10/')), max_size=40)
)
def test_any_text_gives_issues_with_columns_in_range(text: str) -> None:
    for lang in ("fr", "de"):
        for issue in typography_issues(text, lang):
            assert issue.column is not None
            assert 1 <= issue.column <= len(text)
            assert text[issue.column - 1] in ';:!?«»"'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<>!-{}%#.=[]()^:/@&;aw3 `\"'\nx", max_size=50))
def test_masking_skips_only_patterns_that_cannot_match(text: str) -> None:
    """Each masking pattern runs only when the text holds a string every match holds: the
    mask is the one every pattern, run on every text, gives."""
    from pipeline.checks import typography

    expected = typography._filled(text, typography.code_spans(text), typography._MASK)
    entities = [m.span() for m in typography._NBSP_ENTITY.finditer(text)]
    expected = typography._filled(expected, entities, NBSP)
    for pattern, _ in typography._MASKED:
        spans = [m.span() for m in pattern.finditer(expected)]
        expected = typography._filled(expected, spans, typography._MASK)
    assert masked(text) == expected


def test_a_checker_for_one_language_finds_what_the_function_finds() -> None:
    from pipeline.checks.typography import typography_checker

    options = {"fr": {"nbsp_before": ":"}, "quotes": True}
    check = typography_checker("fr", options)
    for text in ("Attention : danger", 'Il dit "oui" ; puis : « non »', "rien"):
        assert check(text) == typography_issues(text, "fr", options)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["mailto", "tel", "urn", "data", "Data", ":", " ", "x", "@", "b.c", "é"]),
        max_size=12,
    ).map("".join)
)
def test_masking_runs_the_scheme_pattern_only_on_a_scheme(text: str) -> None:
    """``mailto:``, ``tel:``, ``urn:`` and ``data:`` links are masked when the text holds
    one of these schemes (not on every colon): the mask every pattern would give."""
    from pipeline.checks import typography

    expected = text
    for pattern, _ in typography._MASKED:
        spans = [m.span() for m in pattern.finditer(expected)]
        expected = typography._filled(expected, spans, typography._MASK)
    assert masked(text) == expected
    assert masked("écrire à mailto:a@b.fr : merci").startswith("écrire à \x00")
