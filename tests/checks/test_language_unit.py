"""One unit judged against its source, as a whole and sentence by sentence."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.checks import language_unit
from pipeline.checks.detector import BatchJudge, JudgeSpec
from pipeline.checks.language_unit import Found, Unit, capitalised, judge_unit, plan
from pipeline.langid.clean import detectable_text
from pipeline.langid.scripts import measure
from pipeline.model import Severity, UnitKind

SITE = ("de", "en", "es", "fr", "ja", "ko", "pt", "ru", "tr", "zh")


def judged(unit: Unit, languages: tuple[str, ...] = SITE) -> list[Found]:
    judge = BatchJudge(JudgeSpec(tuple(sorted(languages)), ()))
    unit_plan = plan(unit)
    judge.prefetch(sorted(unit_plan.queries))
    return list(judge_unit(unit_plan, judge))


def test_an_english_sentence_appended_to_a_translated_paragraph() -> None:
    source = (
        "mTLS is a way of ensuring security. mTLS ensures that no unauthorized party can "
        "listen in on or impersonate legitimate requests."
    )
    text = (
        "Mikroservisler bir ağ üzerinden iletişim kurar ve tıpkı kablosuz ağınız gibi ağ "
        "üzerinden yapılan iletişim de saldırıya uğrayabilir. mTLS, yetkisiz tarafların meşru "
        "istekleri dinleyememesini sağlar. mTLS ensures that no unauthorized party can "
        "listen in on or impersonate legitimate requests."
    )
    (found,) = judged(Unit(text, "tr", source, "en", UnitKind.PARAGRAPH))
    assert found.offset == text.index("mTLS ensures")
    assert found.excerpt.startswith("mTLS ensures") and found.verdict.detected == "en"
    assert found.verdict.severity is Severity.ERROR
    assert "left as in the source" in found.message


def test_names_and_titles_shared_with_the_source_are_no_evidence() -> None:
    for text, source in [
        (
            "(Contribution par Raymond Hettinger; :issue:`1696199`.)",
            "(Contributed by Raymond Hettinger; :issue:`1696199`.)",
        ),
        ("Andrew Dalke et Raymond Hettinger", "Andrew Dalke and Raymond Hettinger"),
        ("Plateforme Windows", "Windows Platform"),
        (
            "Guido van Rossum, « *Interactively Testing Remote Servers Using the Python "
            "Programming Language* », CWI Quarterly",
            'Guido van Rossum, "*Interactively Testing Remote Servers Using the Python '
            'Programming Language*", CWI Quarterly',
        ),
    ]:
        assert judged(Unit(text, "fr", source, "en")) == [], text


def test_a_term_kept_as_in_the_source_is_not_a_finding_prose_is() -> None:
    assert (
        judged(
            Unit(
                "Blue Green Deployment",
                "de",
                "Blue Green Deployment",
                "en",
                UnitKind.TITLE,
                named=True,
            )
        )
        == []
    )
    assert judged(Unit("Completed", "fr", "Completed", "en", UnitKind.LIST_ITEM)) == []
    prose = "An LZMAFile can wrap an already-open file object, or operate directly on a file."
    (found,) = judged(Unit(prose, "fr", prose, "en", UnitKind.PARAGRAPH))
    assert found.offset is None and found.verdict.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("text", "kind", "what"),
    [
        ("Search Results", UnitKind.TITLE, "title"),
        ("Problem it addresses", UnitKind.HEADING, "heading"),
        ("create new file", UnitKind.IMAGE_ALT, "image description"),
    ],
)
def test_kept_headings_and_descriptions_are_warnings(text: str, kind: UnitKind, what: str) -> None:
    (found,) = judged(Unit(text, "ja", text, "en", kind))
    assert found.verdict.severity is Severity.WARNING
    assert found.message.startswith(f"{what} is left as in the source ('en')")


def test_names_kept_as_headings_or_descriptions_are_not() -> None:
    assert judged(Unit("prs", "ja", "prs", "en", UnitKind.IMAGE_ALT)) == []
    assert judged(Unit("_TEMPLATE.md", "ko", "_TEMPLATE.md", "en", UnitKind.IMAGE_ALT)) == []
    assert judged(Unit("Status", "fr", "Status", "en", UnitKind.HEADING)) == []
    assert (
        judged(Unit("Service Mesh", "de", "Service Mesh", "en", UnitKind.TITLE, named=True)) == []
    )


def test_han_only_japanese_is_not_chinese() -> None:
    for text in ("抽象化", "貢献", "1. 貢献者", "冪等性"):
        assert judged(Unit(text, "ja")) == [], text


def test_chinese_inside_japanese_is_found() -> None:
    text = (
        "これはテストの文です。新しい用語を提案するだけなら、これで完了です。定義に取り組みたい場合は、"
        "このまま読み進めてください。請輸入以下設定值，如果括號中有給定預設值，請直接按下回車鍵以接受它。"
        "次に進みます。"
    )
    (found,) = judged(Unit(text, "ja"))
    assert found.verdict.detected == "zh" and found.offset == text.index("請輸入")


def test_a_passage_mostly_in_the_wrong_language_is_one_finding() -> None:
    text = (
        "This function returns the value of the object. It never raises an exception. "
        "It is safe to call from any thread at any time. Voir aussi."
    )
    (found,) = judged(Unit(text, "fr"))
    assert found.offset is None and found.excerpt == text


def test_declared_language_is_judged_against_itself() -> None:
    text = 'Voir <span lang="en">the network works with its partners everywhere</span> ici.'
    assert judged(Unit(text, "fr")) == []
    unit_plan = plan(Unit(text, "fr"))
    assert ("the network works with its partners everywhere", "en") in unit_plan.queries


def test_plans_are_deterministic_and_queries_cover_every_question() -> None:
    unit = Unit("Un texte. Another sentence in English that is long enough.", "fr")
    assert plan(unit).queries == plan(unit).queries
    asked: list[tuple[str, str]] = []

    def judge(text: str, expected: str) -> None:
        asked.append((text, expected))

    list(judge_unit(plan(unit), judge))
    assert set(asked) <= plan(unit).queries


def test_a_passage_mostly_in_english_takes_its_most_severe_sentence() -> None:
    # A paragraph the source page does not have (judged against the whole source page):
    # the first sentence shares most of its words with that page, the others do not.
    source = (
        "# Materials must during policies\n\n"
        "Commission health during during have are commission are while would network "
        "policies. To public with through during would that have about regional.\n\n"
        "Partners regional under council communities which public this over. Civil when will "
        "commission services with their organised harm research council through national "
        "advocacy.\n\n- Without without members civil.\n- Will are works strategies.\n"
        "- This advocacy to to should reduction their.\n"
    )
    text = (
        "This to communities because against been public without society council over "
        "regional national regional share. People when meetings access share around "
        "reduction during share society which treatment rights without about while. Drug "
        "network members been the under reduction support harm policies health report "
        "agency meetings."
    )
    unit = Unit(text, "fr", source, "en", UnitKind.PARAGRAPH, page_wide=True)
    (found,) = judged(unit, ("en", "fr"))
    assert found.offset is None and found.verdict.detected == "en"
    assert found.verdict.severity is Severity.ERROR


def test_a_translation_left_as_its_source_is_not_matched_word_by_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A translation identical to its source is one kept run: the runs it shares with
    its source are not looked for, nor, when nothing of it is left to judge, its
    sentences."""

    def unused(*_args: object) -> None:
        raise AssertionError("not needed")

    monkeypatch.setattr(language_unit, "kept_runs", unused)
    monkeypatch.setattr(language_unit, "pieces", unused)
    text = "Raymond Hettinger. Guido van Rossum. Tim Peters."
    unit_plan = plan(Unit(text, "fr", text, "en"))
    assert [(r.start, r.end, r.prose) for r in unit_plan.runs] == [(0, len(text), False)]
    assert unit_plan.reduced == "" and unit_plan.named.isspace() and unit_plan.parts == []
    assert unit_plan.queries == {("", "fr")}


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="aBcDéÉçÇßǅΣσж Ж漢かĲĳ_1-'. ", max_size=30))
def test_capitalised_words_are_found_without_reading_every_word(text: str) -> None:
    """Only words that do not start with an ASCII lower-case letter are looked at: the
    same words as reading every run of letters and keeping those with a capital first."""
    every = [m for m in re.finditer(r"[^\W\d_]+", text) if m.group(0)[0].isupper()]
    assert [(m.span(), m.group(0)) for m in capitalised(text)] == [
        (m.span(), m.group(0)) for m in every
    ]


def _old_same(text: str, source: str) -> bool:
    """``_same`` before it compared the numbers of words first (main b20cd31)."""
    return " ".join(text.split()).casefold() == " ".join(source.split()).casefold()


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet="aAßsSﬁfiİı \t\n\u00a0\u2003Ǆǅǆ", max_size=12),
    st.text(alphabet="aAßsSﬁfiİı \t\n\u00a0\u2003Ǆǅǆ", max_size=12),
)
def test_same_text_as_the_source_matches_joining_and_folding_them(text: str, source: str) -> None:
    """Texts of different numbers of words are not compared further: case folding never
    makes or takes white space (``ß`` folds to ``ss``, ``ﬁ`` to ``fi``, in one word)."""
    assert language_unit._same(text, source) == _old_same(text, source)
    assert language_unit._same(text, text.upper()) == _old_same(text, text.upper())


def test_case_folding_never_makes_or_takes_white_space() -> None:
    """What :func:`language_unit._same` relies on, over every character."""
    for code in range(0x110000):
        char = chr(code)
        folded = char.casefold()
        assert folded == char if char.isspace() else not any(c.isspace() for c in folded)


@pytest.mark.parametrize("text", ["", " ", "   \n\t ", "\u00a0\u2003", "a", " x "])
def test_white_space_has_no_word(text: str) -> None:
    assert language_unit._units(text) == measure(detectable_text(text)).units


@settings(max_examples=3000, deadline=None)
@given(st.text(st.characters(max_codepoint=0x17F), max_size=30))
def test_names_are_looked_for_only_where_two_words_start_with_a_capital(text: str) -> None:
    """A Latin-1 text with fewer than two capitalised words (counted as bytes of its
    characters' classes) has no name run to blank: the same as finding its words."""
    if language_unit._capitals_fewer_than_two(text):
        assert len(capitalised(text)) < 2
    elif all(ord(c) < 256 for c in text):
        assert len(capitalised(text)) >= 2
