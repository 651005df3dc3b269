"""Sentences and clauses of a passage, with offsets into it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.langid import sentences as sentences_module
from pipeline.langid.sentences import clauses, pieces, sentences

TURKISH = (
    "Mikroservisler bir ağ üzerinden iletişim kurar. mTLS, yetkisiz tarafların meşru "
    "istekleri dinleyememesini sağlar. mTLS ensures that no unauthorized party can listen "
    "in on or impersonate legitimate requests."
)


def test_a_sentence_starting_in_lower_case_is_cut_off() -> None:
    found = sentences(TURKISH, "tr")
    assert [p.text for p in found][-1].startswith("mTLS ensures")
    for piece in found:
        assert TURKISH[piece.start : piece.end] == piece.text


def test_code_and_urls_never_end_a_sentence() -> None:
    text = "Call `os.path.join()` or see https://example.org/a.b. Then go on."
    assert [p.text for p in sentences(text, "en")] == [
        "Call `os.path.join()` or see https://example.org/a.b.",
        "Then go on.",
    ]


def test_japanese_and_chinese_full_stops() -> None:
    text = "これはテストの文です。1）擁有強大技術背景的審核者。次に進みます。"
    assert [p.text for p in sentences(text, "ja")] == [
        "これはテストの文です。",
        "1）擁有強大技術背景的審核者。",
        "次に進みます。",
    ]


def test_a_sentence_of_another_script_after_a_full_stop() -> None:
    text = "Nach jeder Iteration kann angepasst werden. makeinfo를 통해 작업하려면 실행하십시오."
    assert len(sentences(text, "de")) == 2
    text = "Specifies a text to be shown. {name} wurde erfolgreich geändert."
    assert [p.text for p in sentences(text, "de")][1].startswith("{name}")


def test_long_sentences_are_cut_into_clauses() -> None:
    text = (
        "La fonction renvoie la valeur de l'objet demandé par l'appelant après avoir "
        "vérifié ses arguments un par un avec soin; it then writes the result to the "
        "standard output stream of the current process."
    )
    (sentence,) = sentences(text, "fr")
    parts = clauses(text, sentence)
    assert len(parts) == 2 and parts[1].text.startswith("it then writes")
    assert all(p.clause for p in parts)
    assert pieces(text, "fr") == parts  # one sentence: its clauses only


def test_short_sentences_have_no_clauses() -> None:
    text = "Voir: ici; là."
    (sentence,) = sentences(text, "fr")
    assert clauses(text, sentence) == []
    assert sentences("   ", "fr") == []


def test_masks_hold_every_kind_of_full_stop_that_ends_nothing() -> None:
    """Each kind of masked text, alone in a passage or among others: its full stops never
    end a sentence (a passage is masked with only the kinds it can hold)."""
    for inside in (
        "write to a.b@example.org now",
        "see https://example.org/a.b now",
        "see www.example.org now",
        "call os.path.join() now",
        "use version 3.11.2 now",
        "see [the page](a.b.html) now",
        "the <b>a.b</b> tag now",
        "a heading {#a.b} now",
        "the `a. b` code now",
    ):
        text = f"First we {inside}. Then it works."
        assert [p.text for p in sentences(text, "en")] == [f"First we {inside}.", "Then it works."]


def test_a_sentence_too_short_for_clauses_has_none() -> None:
    """A sentence of fewer than 59 characters cannot measure 30 word-equivalents."""
    text = "a; b; c; d; e; f; g; h; i; j; k; l; m; n; o; p; q; r; s; t"
    assert len(text) < 59
    assert clauses(text, sentences(text, "en")[0]) == []


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet="abcé. !?'(\n\u00a0Zж", max_size=30), st.integers(0, 30), st.integers(0, 30)
)
def test_missed_ends_are_looked_for_only_after_a_full_stop(text: str, start: int, end: int) -> None:
    """A range without a full stop, spaces and more text (from the character before it:
    the pattern looks behind) has no missed sentence end: the same cuts as reading it."""
    start, end = min(start, len(text)), min(end, len(text))
    everywhere = [
        m.end()
        for m in sentences_module._MISSED_SPACED.finditer(text, start, end)
        if m.end() < end
        and (
            text[m.end()] in sentences_module._OPENING
            or sentences_module._script_near(text, m.end(), 1)
            != sentences_module._script_near(text, m.start() - 1, -1)
        )
    ]
    assert sentences_module._more_cuts(text, start, end, spaced=True) == everywhere
