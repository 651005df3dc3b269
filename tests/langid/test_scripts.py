"""Writing systems: sizes per script, foreign scripts, close relatives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.langid.scripts import (
    exclusive_letters,
    foreign_share,
    measure,
    related,
    script_counts,
    script_of,
    writable,
)


def test_words_are_counted_in_spaced_scripts_and_characters_in_dense_ones() -> None:
    assert measure("mTLS ensures that no party listens").words == 5  # no vowel: mTLS
    japanese = measure("新しい用語を提案するだけなら完了です")
    assert japanese.words == 0 and japanese.dense == 18 and japanese.units == 9.0
    mixed = measure("Kubernetes 클러스터")
    assert mixed.words == 1 and mixed.dense == 4


def test_ascii_tokens_without_a_vowel_are_not_words() -> None:
    assert measure("prs md").words == 0
    assert measure("PRs and docs").words == 2
    # The same with a letter outside ASCII in the text (another way of counting):
    assert measure("prs md - été").words == 1
    assert measure("Ça marche avec PRs, md, l'été et x-y-z’s").words == 6
    assert measure("crwth-hmm d'rs ÿ").words == 1


def test_scripts_are_counted_letter_by_letter() -> None:
    assert script_counts("Ça va, 42 ! ɐ") == {"latin": 5}  # U+0250: by its name
    assert script_counts("Ça va, 42 !") == {"latin": 4}
    assert script_counts("42 !") == {}
    assert script_counts("") == {}
    assert script_counts("Привет, Kubernetes 用語") == {"cyrillic": 6, "latin": 10, "han": 6}


@pytest.mark.parametrize(
    ("char", "script"),
    [
        ("a", "latin"),
        ("é", "latin"),
        ("ж", "cyrillic"),
        ("漢", "han"),
        ("か", "kana"),
        ("カ", "kana"),
        ("한", "hangul"),
        ("ก", "thai"),
        ("α", "greek"),
        ("1", "other"),
    ],
)
def test_script_of(char: str, script: str) -> None:
    assert script_of(char) == script


def test_foreign_script_is_measured_against_the_expected_language() -> None:
    assert foreign_share("New issue", "ko") == 1.0
    assert foreign_share("새 이슈", "ko") == 0.0
    assert writable("이 스타일 가이드 (Glossary approvers)", "ko")
    assert not writable("Search Results", "ja")
    assert writable("```", "ja")  # nothing to say: any language


def test_close_relatives() -> None:
    assert related("ja", "zh") and related("ru", "bg") and related("es", "pt")
    assert related("pt_BR", "es")
    assert not related("en", "fr") and not related("ja", "ko") and not related("ru", "ru")


def test_exclusive_letters_veto_a_relative() -> None:
    assert exclusive_letters("Вы можете быть уверены", "ru")  # ы
    assert not exclusive_letters("Начинайте с документа", "ru")
    assert exclusive_letters("抽象化のために", "ja")  # kana
    assert not exclusive_letters("抽象化", "ja")


def _dense_size(text: str) -> tuple[int, int]:
    """Words and dense letters of a text holding a dense letter, each letter's script
    looked up one by one (what :func:`measure` counts)."""
    words = dense = 0
    for word in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text):
        inside = sum(1 for ch in word if script_of(ch) in ("han", "kana", "hangul", "thai"))
        dense += inside
        if inside < len(word) and (not word.isascii() or re.search("[aeiouyAEIOUY]", word)):
            words += 1
    return words, dense


def test_dense_letters_are_counted_as_their_scripts_say_for_every_character() -> None:
    """Dense letters are counted by their blocks, in C: the same count as each letter's
    script gives, for every character (those outside the blocks too)."""
    for low in range(0, 0x110000, 128):
        chunk = "".join(chr(c) for c in range(low, low + 128) if not 0xD800 <= c <= 0xDFFF)
        for text in ("漢" + chunk, f"a{chunk}字 été", "한국 " + chunk[::-1]):
            size = measure(text)
            assert (size.words, size.dense) == _dense_size(text), hex(low)


def _spaced_words(text: str) -> int:
    """Words of a text without a dense letter, counted one by one: every word but the
    ASCII ones without a vowel."""
    found = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)
    return sum(1 for w in found if not re.fullmatch(r"[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ'-]+", w))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="bcdfmnprstxzBCDXaeiyAUéÉçßł'’-_ 1.,", max_size=40))
def test_words_are_counted_in_one_pass_as_one_by_one(text: str) -> None:
    """Words are found in one pass, each word of ASCII letters without a vowel told
    apart by its group: the same count as finding the words and then the bare ones."""
    assert measure("é " + text).words == _spaced_words("é " + text)


def test_related_and_scripts_of_language_keep_their_answers() -> None:
    """The judge asks them for every text about the same few languages: each pair is
    worked out once per process."""
    from pipeline.langid.scripts import related, scripts_of_language

    related("pt_BR", "es")
    scripts_of_language("ja")
    hits = related.cache_info().hits, scripts_of_language.cache_info().hits
    assert related("pt_BR", "es") and scripts_of_language("ja") == {"han", "kana"}
    assert related.cache_info().hits == hits[0] + 1
    assert scripts_of_language.cache_info().hits == hits[1] + 1
